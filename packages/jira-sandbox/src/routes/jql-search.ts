// Running a JQL search as the caller, shared by /search, /search/jql and the
// agile issue pages: only issues the caller may see, Jira's 400 for bad JQL.
import { jiraError, type RouteContext, type RouteResult } from '../http.ts';
import { compileJql, JqlError } from '../jql/index.ts';
import type { SandboxIssue } from '../model.ts';
import type { FieldSelection } from '../representation/field-selection.ts';
import { namesJson, schemaJson } from '../representation/issue-fields.ts';

export interface JqlSearchOptions {
  validateQuery: boolean;
  /** Cloud's /search/jql refuses a query without a restriction. */
  bounded?: boolean;
  /** The issues to search; all of them by default. */
  scope?: SandboxIssue[];
  /** Keep the scope's order unless the JQL has an ORDER BY (the agile API's rank order). */
  scopeOrder?: boolean;
}

export interface JqlSearchResult {
  issues: SandboxIssue[];
  warnings: string[];
}

export function searchAsCaller(
  ctx: RouteContext,
  jql: string,
  options: JqlSearchOptions,
): JqlSearchResult | RouteResult {
  const { store, user } = ctx;
  try {
    const compiled = compileJql(jql, { store, user, flavor: ctx.flavor, now: store.data.now }, options);
    if (options.bounded && compiled.unbounded) {
      return jiraError(400, [
        'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
      ]);
    }
    const issues = (options.scope ?? store.data.issues).filter(
      (i) => store.canSeeIssue(user, i) && compiled.matches(i),
    );
    if (!options.scopeOrder || compiled.ordered) issues.sort((a, b) => compiled.compare(a, b));
    return { issues, warnings: compiled.warnings };
  } catch (error) {
    if (error instanceof JqlError) return jiraError(400, error.messages);
    throw error;
  }
}

/** The names/schema expands of a search go on the result, not on each issue. */
export function namesAndSchema(
  expand: ReadonlySet<string>,
  fields: FieldSelection,
  ctx: RouteContext,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (expand.has('names')) out.names = namesJson(fields, ctx);
  if (expand.has('schema')) out.schema = schemaJson(fields, ctx);
  return out;
}
