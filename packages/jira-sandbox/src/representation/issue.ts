// Issues as Jira serialises them (IssueBean): the selected fields of the
// catalogue (issue-fields.ts) and the expands (renderedFields, names, schema,
// transitions, changelog).
import type { SandboxIssue } from '../model.ts';
import { type FieldSelection, parseExpand, parseFieldSelection } from './field-selection.ts';
import { issueFields, namesJson, schemaJson } from './issue-fields.ts';
import { changelogJson, offeredTransitions, transitionJson } from './issue-sub-resources.ts';
import { apiUrl, type IssueView, type Json } from './issue-view.ts';

// ---------------------------------------------------------------- the issue bean

/** The `expand` attribute of an issue from GET issue, and from a search. */
export const ISSUE_EXPANDABLE =
  'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations';
export const SEARCH_ISSUE_EXPANDABLE =
  'operations,versionedRepresentations,editmeta,changelog,renderedFields';

export interface IssueJsonOptions {
  fields: FieldSelection;
  expand: ReadonlySet<string>;
  /** The issue's own `expand` attribute (what could still be expanded). */
  expandable: string;
  /** Whether names/schema expands go on the issue (GET issue, bulkfetch) or on
   *  the enclosing search result. */
  namesOnIssue: boolean;
}

/** GET issue, in the platform and the agile API: every field unless `fields`
 *  narrows them, the expands asked for, names and schema on the issue. */
export function singleIssueOptions(
  fields: readonly string[] | null,
  expand: readonly string[],
): IssueJsonOptions {
  return {
    fields: parseFieldSelection(fields, '*all'),
    expand: parseExpand(expand),
    expandable: ISSUE_EXPANDABLE,
    namesOnIssue: true,
  };
}

export function issueJson(issue: SandboxIssue, view: IssueView, options: IssueJsonOptions): Json {
  const selected = issueFields(view).filter((f) => options.fields.has(f) && (!f.present || f.present(issue)));
  const fields: Json = {};
  for (const f of selected) fields[f.id] = f.value(issue, view);
  const out: Json = {
    expand: options.expandable,
    id: issue.id,
    self: `${apiUrl(view)}/issue/${issue.id}`,
    key: issue.key,
    fields,
  };
  const { expand } = options;
  if (expand.has('renderedFields')) {
    const rendered: Json = {};
    for (const f of selected) rendered[f.id] = f.rendered ? f.rendered(issue, view) : null;
    out.renderedFields = rendered;
  }
  if (options.namesOnIssue && expand.has('names')) out.names = namesJson(options.fields, view);
  if (options.namesOnIssue && expand.has('schema')) out.schema = schemaJson(options.fields, view);
  if (expand.has('transitions')) {
    out.transitions = offeredTransitions(issue, view).map((t) => transitionJson(t, view));
  }
  if (expand.has('changelog')) out.changelog = changelogJson(issue, view);
  return out;
}
