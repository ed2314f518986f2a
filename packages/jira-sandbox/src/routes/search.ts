// Issue search. Data Center: /rest/api/2/search, offset paging with a total and
// an admin cap on maxResults. Cloud: the old /search answers 410; the enhanced
// /search/jql pages by opaque token without a total, needs a bounded query and
// returns only ids unless asked; plus approximate-count and bulkfetch.
// Visibility is always decided by store.canSeeIssue before the JQL matches.
import { createHash } from 'node:crypto';
import {
  asObject,
  intParam,
  isRouteResult,
  jiraError,
  listParam,
  ok,
  platformRoutes,
  type RouteContext,
  type RouteDefinition,
  type RouteResult,
} from '../http.ts';
import type { Flavor, SandboxIssue } from '../model.ts';
import {
  type FieldSelection,
  fieldTokens,
  parseExpand,
  parseFieldSelection,
} from '../representation/field-selection.ts';
import { ISSUE_EXPANDABLE, issueJson, SEARCH_ISSUE_EXPANDABLE } from '../representation/issue.ts';
import { namesAndSchema, searchAsCaller } from './jql-search.ts';

export function searchRoutes(flavor: Flavor): RouteDefinition[] {
  if (flavor === 'datacenter') {
    return [
      { method: 'GET', path: '/rest/api/2/search', handler: (ctx) => dcSearch(ctx, dcQueryInput(ctx)) },
      { method: 'POST', path: '/rest/api/2/search', handler: (ctx) => dcSearch(ctx, dcBodyInput(ctx)) },
    ];
  }
  return [
    ...platformRoutes(flavor, 'GET', '/search', removedSearch),
    ...platformRoutes(flavor, 'POST', '/search', removedSearch),
    ...platformRoutes(flavor, 'GET', '/search/jql', (ctx) => cloudSearch(ctx, cloudQueryInput(ctx))),
    ...platformRoutes(flavor, 'POST', '/search/jql', (ctx) => cloudSearch(ctx, cloudBodyInput(ctx))),
    ...platformRoutes(flavor, 'POST', '/search/approximate-count', approximateCount),
    ...platformRoutes(flavor, 'POST', '/issue/bulkfetch', bulkFetch),
  ];
}

// ---------------------------------------------------------------- shared

function integerOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) ? value : fallback;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function searchIssueJson(
  issue: SandboxIssue,
  ctx: RouteContext,
  fields: FieldSelection,
  expand: ReadonlySet<string>,
) {
  return issueJson(issue, ctx, { fields, expand, expandable: SEARCH_ISSUE_EXPANDABLE, namesOnIssue: false });
}

// ---------------------------------------------------------------- Data Center /search

interface DcSearchInput {
  jql: string;
  startAt: number | RouteResult;
  maxResults: number | RouteResult;
  fields: string[] | null;
  expand: Set<string>;
  validateQuery: boolean;
}

const DEFAULT_MAX_RESULTS = 50;

function dcQueryInput(ctx: RouteContext): DcSearchInput {
  const { query } = ctx;
  return {
    jql: query.get('jql') ?? '',
    startAt: intParam(query, 'startAt', 0),
    maxResults: intParam(query, 'maxResults', DEFAULT_MAX_RESULTS),
    fields: listParam(query, 'fields'),
    expand: parseExpand(query.getAll('expand')),
    validateQuery: !['false', 'warn', 'none'].includes(query.get('validateQuery') ?? ''),
  };
}

function dcBodyInput(ctx: RouteContext): DcSearchInput {
  const body = asObject(ctx.body) ?? {};
  return {
    jql: stringOr(body.jql, ''),
    startAt: integerOr(body.startAt, 0),
    maxResults: integerOr(body.maxResults, DEFAULT_MAX_RESULTS),
    fields: fieldTokens(body.fields),
    expand: parseExpand(body.expand),
    validateQuery: body.validateQuery !== false,
  };
}

function dcSearch(ctx: RouteContext, input: DcSearchInput): RouteResult {
  if (isRouteResult(input.startAt)) return input.startAt;
  if (isRouteResult(input.maxResults)) return input.maxResults;
  const result = searchAsCaller(ctx, input.jql, { validateQuery: input.validateQuery, bounded: false });
  if (isRouteResult(result)) return result;
  // Jira caps maxResults silently and reports the cap it applied.
  const maxResults = Math.min(Math.max(input.maxResults, 0), ctx.settings.maxResultsCap);
  const startAt = Math.max(input.startAt, 0);
  const fields = parseFieldSelection(input.fields, '*navigable');
  const body: Record<string, unknown> = {
    expand: 'schema,names',
    startAt,
    maxResults,
    total: result.issues.length,
    issues: result.issues
      .slice(startAt, startAt + maxResults)
      .map((issue) => searchIssueJson(issue, ctx, fields, input.expand)),
  };
  if (result.warnings.length > 0) body.warningMessages = result.warnings;
  return ok({ ...body, ...namesAndSchema(input.expand, fields, ctx) });
}

// ---------------------------------------------------------------- Cloud

function removedSearch(): RouteResult {
  return jiraError(410, [
    'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. ' +
      'A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
  ]);
}

interface CloudSearchInput {
  jql: string;
  nextPageToken: string | null;
  maxResults: number | RouteResult;
  fields: string[] | null;
  expand: Set<string>;
}

function cloudQueryInput(ctx: RouteContext): CloudSearchInput {
  const { query } = ctx;
  return {
    jql: query.get('jql') ?? '',
    nextPageToken: query.get('nextPageToken'),
    maxResults: intParam(query, 'maxResults', DEFAULT_MAX_RESULTS),
    fields: listParam(query, 'fields'),
    expand: parseExpand(query.getAll('expand')),
  };
}

function cloudBodyInput(ctx: RouteContext): CloudSearchInput {
  const body = asObject(ctx.body) ?? {};
  return {
    jql: stringOr(body.jql, ''),
    nextPageToken: typeof body.nextPageToken === 'string' ? body.nextPageToken : null,
    maxResults: integerOr(body.maxResults, DEFAULT_MAX_RESULTS),
    fields: fieldTokens(body.fields),
    expand: parseExpand(body.expand),
  };
}

/** Cloud serves up to 5000 ids/keys per page but far fewer full issues. */
const MAX_IDS_PER_PAGE = 5000;
const MAX_ISSUES_PER_PAGE = 100;

/** Binds a page token to its query, so a token from another query is refused. */
function queryFingerprint(jql: string): string {
  return createHash('sha256').update(jql).digest('base64url').slice(0, 16);
}

function encodePageToken(offset: number, jql: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: queryFingerprint(jql) })).toString('base64url');
}

function decodePageToken(token: string, jql: string): number | null {
  try {
    const parsed = asObject(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    const offset = parsed?.o;
    if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) return null;
    return parsed?.q === queryFingerprint(jql) ? offset : null;
  } catch {
    return null;
  }
}

function cloudSearch(ctx: RouteContext, input: CloudSearchInput): RouteResult {
  if (isRouteResult(input.maxResults)) return input.maxResults;
  let offset = 0;
  if (input.nextPageToken !== null && input.nextPageToken !== '') {
    const decoded = decodePageToken(input.nextPageToken, input.jql);
    if (decoded === null) return jiraError(400, ['The provided next page token is invalid or expired.']);
    offset = decoded;
  }
  const result = searchAsCaller(ctx, input.jql, { validateQuery: true, bounded: true });
  if (isRouteResult(result)) return result;
  const fields = parseFieldSelection(input.fields, 'id');
  const cap = fields.identifiersOnly ? MAX_IDS_PER_PAGE : MAX_ISSUES_PER_PAGE;
  const pageSize = Math.min(Math.max(input.maxResults, 1), cap);
  const page = result.issues.slice(offset, offset + pageSize);
  const next = offset + page.length;
  const body: Record<string, unknown> = {
    issues: page.map((issue) =>
      fields.idOnly ? { id: issue.id } : searchIssueJson(issue, ctx, fields, input.expand),
    ),
  };
  // The last page carries no token at all.
  if (next < result.issues.length) body.nextPageToken = encodePageToken(next, input.jql);
  body.isLast = next >= result.issues.length;
  return ok({ ...body, ...namesAndSchema(input.expand, fields, ctx) });
}

function approximateCount(ctx: RouteContext): RouteResult {
  const jql = stringOr(asObject(ctx.body)?.jql, '');
  const result = searchAsCaller(ctx, jql, { validateQuery: true, bounded: true });
  if (isRouteResult(result)) return result;
  return ok({ count: result.issues.length });
}

const MAX_BULK_FETCH = 100;

function bulkFetch(ctx: RouteContext): RouteResult {
  const body = asObject(ctx.body) ?? {};
  const refs = Array.isArray(body.issueIdsOrKeys) ? body.issueIdsOrKeys : [];
  if (refs.length === 0) return jiraError(400, ['At least one issue ID or key must be provided.']);
  if (refs.length > MAX_BULK_FETCH) {
    return jiraError(400, [
      `A maximum of ${MAX_BULK_FETCH} issue IDs or keys can be requested; got ${refs.length}.`,
    ]);
  }
  const { store, user } = ctx;
  // Missing and hidden issues are left out silently, not reported as errors.
  const found = new Map<string, SandboxIssue>();
  for (const ref of refs) {
    const issue =
      typeof ref === 'string' || typeof ref === 'number' ? store.findIssue(String(ref)) : undefined;
    if (issue && store.canSeeIssue(user, issue)) found.set(issue.id, issue);
  }
  const fields = parseFieldSelection(fieldTokens(body.fields), '*navigable');
  const expand = parseExpand(body.expand);
  const issues = [...found.values()]
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((issue) =>
      issueJson(issue, ctx, { fields, expand, expandable: ISSUE_EXPANDABLE, namesOnIssue: true }),
    );
  return ok({ issues, issueErrors: [] });
}
