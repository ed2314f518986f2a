// What each field costs in Jira calls: ONE table, keyed by schema coordinate
// (Type.field), read by jira-call-estimate.ts before a query runs. A field
// missing here costs no call of its own; test/gateway/jira-call-budget.test.ts
// runs a query selecting every field of the schema on both flavours and fails
// when Jira was called more often than this table says, so a new field that
// calls Jira cannot silently cost nothing. The estimator refuses to start when
// the table names a field the schema lacks.
//
// Why a table and not `extensions` on each field (as requires() does): the
// schema files are edited by several people at once; the table holds the same
// facts in the shape of the IBM cost spec (a field's own cost, and list sizes
// from a slicing argument for the `sizedFields` below it); cost-directives.ts
// publishes them in schema.graphql as @cost / @listSize directives, and
// scripts/cost-table.ts as the README's cost table.
//
// The rule the figures follow: the most Jira calls a field can make with the
// answer cache off, given what Jira embeds in an issue (every comment on Data
// Center, the first 20 comments and worklogs at worst, every change on Data
// Center, the latest 100 on Cloud) and that Jira answers full pages (50 a page
// on the agile API). Loads a DataLoader shares between equal keys (a project's
// details, a board) are counted once per object that asks, not per key.
import { type GraphQLField, getNamedType } from 'graphql';
import { MAX_BATCH } from '../jira/issue-reads.ts';
import type { JiraFlavor } from '../jira/types.ts';
import { MAX_PAGE } from '../schema/connections.ts';
import type { JiraFieldNeeds, NeedsSpec } from '../schema/issue/selection-plan.ts';

/** `first` when absent (connections.ts pageRequest). */
export const DEFAULT_PAGE = 20;
/** The agile API's largest page: a longer page is read in several calls (agile-reads.ts). */
export const AGILE_PAGE = 50;
/** Comments and worklogs Jira embeds in an issue at least (Data Center embeds 20 worklogs). */
export const EMBEDDED_ACTIVITY = 20;
/** Issues per batched load by key (issue.ts loadIssue). */
export const BATCH = MAX_BATCH;
/** Items assumed in a list that has no slicing argument (subtasks, issue links, sprints of a field). */
export const ASSUMED_LIST_SIZE = 20;
/** Custom fields assumed in Issue.customFields without ids or names. */
export const ASSUMED_CUSTOM_FIELDS = 50;

/** What the cost of one field may depend on. */
export interface CostSite {
  /** One of the field's arguments, variables applied (read lazily: the estimate is remembered per variables it read). */
  arg(name: string): unknown;
  readonly flavor: JiraFlavor;
  /** The field that reached this field's object, connection types skipped (e.g. Query.projects). */
  readonly via: string | null;
  /** How many projects the token is restricted to; null when it is not. */
  readonly restrictedProjects: number | null;
  /** The fields selected directly below this one. */
  selected(): readonly SelectedField[];
  /** Whether the selection below this field reaches `path` (field names, any alias). */
  selects(path: readonly string[]): boolean;
}

export interface SelectedField {
  readonly field: GraphQLField<unknown, unknown>;
  /** Its arguments, variables applied. */
  args(): Readonly<Record<string, unknown>>;
  selects(path: readonly string[]): boolean;
}

/** The calls one resolution of a field makes. */
export interface JiraWork {
  /** Calls of its own, every time it resolves. */
  each?: number;
  /** Loads batched with the same field's other loads under the same parent list: BATCH per call. */
  batched?: number;
  /** One call per object, shared by the object's fields that name the same load. */
  perObject?: string;
  /** One call per request, shared by every field that names the same read. */
  perRequest?: string;
}

export interface FieldCost {
  work?(site: CostSite): JiraWork;
  /** How many items the field's list (or the `sizedFields` of its connection) holds at most. */
  size?(site: CostSite): number;
  /** A connection's fields that hold the `size` items (IBM @listSize sizedFields). */
  sizedFields?: readonly string[];
}

/** `first` as the resolvers read it: 20 when absent, never more than the largest page. */
export function pageSize(first: unknown): number {
  if (first === undefined || first === null) return DEFAULT_PAGE;
  if (typeof first !== 'number' || !Number.isFinite(first)) return MAX_PAGE;
  return Math.min(MAX_PAGE, Math.max(1, Math.ceil(first)));
}

const agileCalls = (site: CostSite): number => Math.ceil(pageSize(site.arg('first')) / AGILE_PAGE);

const connection = (work?: FieldCost['work']): FieldCost => ({
  ...(work ? { work } : {}),
  size: (site) => pageSize(site.arg('first')),
  sizedFields: ['edges', 'nodes'],
});

const hasAfter = (site: CostSite): boolean =>
  typeof site.arg('after') === 'string' && site.arg('after') !== '';

/** What Jira embeds of an issue inside another (issue.ts EMBEDDED_FIELDS): more needs a load. */
const EMBEDDED_ISSUE_FIELDS = new Set(['summary', 'status', 'priority', 'issuetype']);

/** Whether an issue embedded in another must be loaded for this selection (issue.ts embeddedIssue). */
function needsIssueLoad(site: CostSite): boolean {
  return site.selected().some(({ field, args, selects }) => {
    const spec = field.extensions.jira as NeedsSpec | undefined;
    const needs: JiraFieldNeeds | undefined = typeof spec === 'function' ? spec(args()) : spec;
    if ((needs?.expand?.length ?? 0) > 0) return true;
    if (needs?.fields?.some((f) => !EMBEDDED_ISSUE_FIELDS.has(f))) return true;
    // renderedFields, for a rich-text field's html.
    return getNamedType(field.type).name === 'RichText' && selects(['html']);
  });
}

const issueLoad: FieldCost['work'] = (site) => ({ batched: needsIssueLoad(site) ? 1 : 0 });

/**
 * Comments and worklogs: the embedded page, the issue loaded again for the
 * rendered HTML (batched), and the sub-resource page when the window may
 * reach past what Jira embeds (schema/issue/activity-source.ts).
 */
const activity =
  (htmlPath: readonly string[]): FieldCost['work'] =>
  (site) => ({
    batched: site.selects(htmlPath) ? 1 : 0,
    each: hasAfter(site) || pageSize(site.arg('first')) > EMBEDDED_ACTIVITY ? 1 : 0,
  });

/** The project fields each way of reaching a project has at hand (project.ts detail()); others load it. */
const PROJECT_AT_HAND: Readonly<Record<string, ReadonlySet<string>>> = {
  'Query.project': new Set([
    'description',
    'lead',
    'projectTypeKey',
    'avatarUrl',
    'url',
    'components',
    'versions',
    'issueTypes',
  ]),
  // The list asks Jira to expand description and lead.
  'Query.projects': new Set(['description', 'lead', 'projectTypeKey', 'avatarUrl', 'url']),
  // The same page as Query.projects, but counted without the expand: its readers (the token
  // page) want keys and names, and a detail that Jira (or the sandbox) leaves out loads per project.
  'TokenPolicy.projects': new Set(['projectTypeKey', 'avatarUrl', 'url']),
  'Issue.project': new Set(['projectTypeKey', 'avatarUrl', 'url']),
};

const projectDetail =
  (name: string): FieldCost['work'] =>
  (site) =>
    site.via !== null && PROJECT_AT_HAND[site.via]?.has(name) ? {} : { perObject: 'project:full' };

const restricted = (site: CostSite): boolean => site.restrictedProjects !== null;

export const JIRA_CALL_COSTS: Readonly<Record<string, FieldCost>> = {
  // Issues: a search page is one call; Cloud counts with another.
  'Query.issues': connection(() => ({ each: 1 })),
  'IssueConnection.totalCount': { work: (site) => ({ each: site.flavor === 'cloud' ? 1 : 0 }) },
  'Query.issue': { work: () => ({ batched: 1 }) },
  'Issue.parent': { work: issueLoad },
  'Issue.subtasks': { work: (site) => ({ batched: needsIssueLoad(site) ? ASSUMED_LIST_SIZE : 0 }) },
  'Issue.issueLinks': { size: () => ASSUMED_LIST_SIZE },
  'IssueLink.issue': { work: issueLoad },
  'Issue.comments': { ...connection(activity(['edges', 'node', 'body', 'html'])) },
  'Issue.worklogs': { ...connection(activity(['edges', 'node', 'comment', 'html'])) },
  // Data Center embeds the whole changelog; Cloud the latest 100 changes, and pages the rest.
  'Issue.changelog': connection((site) => ({ each: site.flavor === 'cloud' ? 1 : 0 })),
  // The whole changelog: Data Center embeds it; Cloud pages what it did not embed (one 100-change
  // page in practice), and the two fields read the same pages (one request's page loader).
  'Issue.statusHistory': {
    work: (site) => (site.flavor === 'cloud' ? { perObject: 'changelog:whole' } : {}),
  },
  'Issue.timeInStatus': { work: (site) => (site.flavor === 'cloud' ? { perObject: 'changelog:whole' } : {}) },
  // The catalogue once per request, and the values Jira did not send in one batched load.
  'Issue.customFields': {
    work: () => ({ perRequest: 'field-catalog', batched: 1 }),
    size: (site) => {
      const ids = site.arg('ids');
      const names = site.arg('names');
      if (!Array.isArray(ids) && !Array.isArray(names)) return ASSUMED_CUSTOM_FIELDS;
      return (Array.isArray(ids) ? ids.length : 0) + (Array.isArray(names) ? names.length : 0);
    },
  },
  'Query.fields': { work: () => ({ perRequest: 'field-catalog' }) },

  // Projects: details the form at hand lacks load the project once per object.
  'Query.project': { work: () => ({ each: 1 }) },
  'Query.projects': connection(() => ({ each: 1 })),
  'Project.description': { work: projectDetail('description') },
  'Project.lead': { work: projectDetail('lead') },
  'Project.projectTypeKey': { work: projectDetail('projectTypeKey') },
  'Project.avatarUrl': { work: projectDetail('avatarUrl') },
  'Project.url': { work: projectDetail('url') },
  'Project.components': { work: projectDetail('components') },
  'Project.versions': { work: projectDetail('versions') },
  'Project.issueTypes': { work: projectDetail('issueTypes') },
  'Project.statuses': { work: () => ({ perObject: 'project:statuses' }) },

  // Boards and sprints: the agile API pages by 50.
  'Query.boards': connection((site) => {
    if (!restricted(site)) return { each: agileCalls(site) };
    // A restricted token reads all boards of each of its projects (or of the one asked for).
    const projectKey = site.arg('projectKey');
    return {
      each: typeof projectKey === 'string' && projectKey.trim() !== '' ? 1 : (site.restrictedProjects ?? 0),
    };
  }),
  'Query.board': { work: () => ({ each: 1 }) },
  'Board.sprints': connection((site) => ({ each: agileCalls(site) })),
  // A restricted token reads the board first, to know its project.
  'Query.sprints': connection((site) => ({ each: agileCalls(site) + (restricted(site) ? 1 : 0) })),
  'Query.sprint': { work: (site) => ({ each: restricted(site) ? 2 : 1 }) },
  'Sprint.board': { work: () => ({ perObject: 'board' }) },
  'Sprint.issues': connection((site) => ({ each: agileCalls(site) })),

  'Query.user': { work: () => ({ each: 1 }) },
  // The Jira credential is checked against /myself.
  'Mutation.signIn': { work: () => ({ each: 1 }) },
  // The token policies ask Jira for the caller's groups (at most once a
  // request; none when no group policy is set or the groups are remembered).
  'Mutation.createAccessToken': { work: () => ({ perRequest: 'myself:groups' }) },
  'Mutation.rotateAccessToken': { work: () => ({ perRequest: 'myself:groups' }) },
  'TokenPolicy.mayCreateTokens': { work: () => ({ perRequest: 'myself:groups' }) },
  'TokenPolicy.refusal': { work: () => ({ perRequest: 'myself:groups' }) },
  'TokenPolicy.allowedScopes': { work: () => ({ perRequest: 'myself:groups' }) },
  // The same page of projects as Query.projects (schema/project.ts projectPage).
  'TokenPolicy.projects': connection(() => ({ each: 1 })),

  // Writes: the write itself, the fresh read of the issue it addresses, and
  // for a restricted token one fresh read per issue it links to (parent, epic).
  'Mutation.createIssue': { work: (site) => issueWrite(site, 1, 'input') },
  'Mutation.updateIssue': { work: (site) => issueWrite(site, 2, 'input', 'set') },
  // The transitions offered are read fresh too.
  'Mutation.transitionIssue': { work: (site) => issueWrite(site, 3, 'input', 'fields') },
  'Mutation.assignIssue': { work: () => ({ each: 2 }) },
  'CreateIssuePayload.issue': { work: () => ({ batched: 1 }) },
  'UpdateIssuePayload.issue': { work: () => ({ batched: 1 }) },
  'TransitionIssuePayload.issue': { work: () => ({ batched: 1 }) },
  'AssignIssuePayload.issue': { work: () => ({ batched: 1 }) },

  // Comment and worklog writes: the fresh read of the issue and the write
  // itself; an edit or delete reads the item first (it must be on that
  // issue); on Cloud a wiki body goes through /rest/api/2 and the item is
  // read again through /rest/api/3. A replayed addComment or addWorklog
  // makes no call.
  'Mutation.addComment': { work: (site) => ({ each: 2 + wikiOnCloud(site, 'body') }) },
  'Mutation.updateComment': { work: (site) => ({ each: 3 + wikiOnCloud(site, 'body') }) },
  'Mutation.deleteComment': { work: () => ({ each: 3 }) },
  'Mutation.addWorklog': { work: (site) => ({ each: 2 + wikiOnCloud(site, 'comment') }) },
  'Mutation.updateWorklog': { work: (site) => ({ each: 3 + wikiOnCloud(site, 'comment') }) },
  'Mutation.deleteWorklog': { work: () => ({ each: 3 }) },
  'AddCommentPayload.issue': { work: () => ({ batched: 1 }) },
  'UpdateCommentPayload.issue': { work: () => ({ batched: 1 }) },
  'DeleteCommentPayload.issue': { work: () => ({ batched: 1 }) },
  'AddWorklogPayload.issue': { work: () => ({ batched: 1 }) },
  'UpdateWorklogPayload.issue': { work: () => ({ batched: 1 }) },
  'DeleteWorklogPayload.issue': { work: () => ({ batched: 1 }) },
};

/** A mutation's `input` argument as an object ({} when absent). */
function inputOf(site: CostSite): Record<string, unknown> {
  const input = site.arg('input');
  return input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
}

/** 1 when a Cloud write's rich text (`field` of the input) is wiki markup: the item is read again through v3. */
function wikiOnCloud(site: CostSite, field: string): number {
  if (site.flavor !== 'cloud') return 0;
  const text = inputOf(site)[field];
  return text !== null && typeof text === 'object' && typeof (text as { wiki?: unknown }).wiki === 'string'
    ? 1
    : 0;
}

/** An issue write's calls: `base`, plus the field catalogue for custom fields and the linked issues' reads. */
function issueWrite(site: CostSite, base: number, arg: string, fieldsKey?: string): JiraWork {
  const input = site.arg(arg);
  const top = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const inner = fieldsKey === undefined ? top : top[fieldsKey];
  const fields = inner !== null && typeof inner === 'object' ? (inner as Record<string, unknown>) : {};
  const custom = Array.isArray(fields.customFields) ? fields.customFields.length : 0;
  const linked = site.restrictedProjects === null ? 0 : (typeof fields.parent === 'string' ? 1 : 0) + custom;
  return { each: base + linked, ...(custom > 0 ? { perRequest: 'field-catalog' } : {}) };
}
