// Reading issues over a caller's JiraReader, on both flavours: one page of a
// JQL search (Data Center /search by startAt with a total; Cloud /search/jql
// by nextPageToken without one), Cloud's approximate count, and fetching a
// batch of issues by key or id (Data Center: one search `key in (...)` with
// validateQuery=false, so missing keys are warnings; Cloud: /issue/bulkfetch).
// Every read names the Jira fields and expands the caller's selection needs;
// nothing here knows GraphQL.

import { jqlString, restrictJql } from './jql-restriction.ts';
import { type JiraJson, list, numOrNull, obj, objOrNull } from './json.ts';
import { assertWithinProjects, keepWithinProjects, withProjectField } from './project-guard.ts';
import type { JiraReader, ReadRequest } from './reader.ts';

export interface IssueFieldPlan {
  /** Jira field ids; an empty list asks for none (identifiers only). */
  fields: readonly string[];
  expand: readonly string[];
}

/**
 * The `fields` to send. Jira reads an empty list as "the default", which is
 * every navigable field on Data Center's /search and bulkfetch and only `id`
 * on Cloud's /search/jql (an answer without the key); `key` is not a field,
 * so asking for it alone brings the identifiers (id, key) and no fields.
 */
export function fieldsParam(plan: IssueFieldPlan): string[] {
  return plan.fields.length > 0 ? [...plan.fields] : ['key'];
}

/** Beyond this a JQL goes in a POST body rather than the URL (proxies cut long URLs). */
const LONG_JQL = 2000;

type SearchParams = { jql: string } & Record<
  string,
  string | number | boolean | readonly string[] | undefined
>;

/**
 * A search's parameters as Jira takes them: in the URL (lists comma-joined),
 * or, for a JQL too long for a URL, as the JSON body of a read-only POST.
 * Parameters left undefined are not sent either way.
 */
function searchRequest(params: SearchParams): ReadRequest {
  const sent = Object.entries(params).filter(([, v]) => v !== undefined);
  if (params.jql.length > LONG_JQL) return { body: Object.fromEntries(sent) };
  return {
    query: Object.fromEntries(
      sent.map(([name, v]) => [name, Array.isArray(v) ? v.join(',') : (v as string | number | boolean)]),
    ),
  };
}

export interface SearchPageRequest {
  jql: string;
  /**
   * A project-restricted token's projects (null: none). The JQL must already
   * be narrowed to them; every answered issue is checked again here, and one
   * outside them withholds the page (RestrictionBreachError).
   */
  projects: readonly string[] | null;
  plan: IssueFieldPlan;
  maxResults: number;
  /** Data Center: the offset of the first issue. */
  startAt?: number;
  /** Cloud: the token of the page to read; null for the first. */
  nextPageToken?: string | null;
  /** Data Center: false turns unknown values (missing keys) into warnings. */
  validateQuery?: boolean;
}

export interface SearchPage {
  issues: JiraJson[];
  /** Data Center: the offset Jira answered from. */
  startAt: number;
  /** Data Center: the number of matching issues; null on Cloud. */
  total: number | null;
  /** Cloud: the token of the next page; null on the last page (and on Data Center). */
  nextPageToken: string | null;
  /** Whether Jira has issues after this page. */
  hasMore: boolean;
  /** Data Center's warningMessages (validateQuery=false). */
  warnings: string[];
}

/** The issue objects of a list Jira sent (anything else in it is dropped). */
function issuesOf(v: unknown): JiraJson[] {
  return list(v)
    .map(objOrNull)
    .filter((i): i is JiraJson => i !== null);
}

/** One page of a JQL search, in Jira's order. */
export async function searchPage(jira: JiraReader, request: SearchPageRequest): Promise<SearchPage> {
  const { jql, plan, maxResults } = request;
  const fields = withProjectField(fieldsParam(plan), request.projects);
  const expand = plan.expand.length > 0 ? plan.expand : undefined;
  if (jira.flavor === 'datacenter') {
    const startAt = request.startAt ?? 0;
    const answer = obj(
      await jira.read<unknown>(
        `${jira.apiPrefix}/search`,
        // validateQuery is sent only to turn it off: Jira validates by default.
        searchRequest({
          jql,
          startAt,
          maxResults,
          fields,
          expand,
          validateQuery: request.validateQuery === false ? false : undefined,
        }),
      ),
    );
    const issues = issuesOf(answer.issues);
    assertWithinProjects(issues, request.projects);
    const from = numOrNull(answer.startAt) ?? startAt;
    const total = numOrNull(answer.total) ?? from + issues.length;
    return {
      issues,
      startAt: from,
      total,
      nextPageToken: null,
      // An empty page ends the paging even if total says otherwise (issues
      // deleted meanwhile), so a caller never loops on the same offset.
      hasMore: issues.length > 0 && from + issues.length < total,
      warnings: list(answer.warningMessages).filter((w): w is string => typeof w === 'string'),
    };
  }
  const answer = obj(
    await jira.read<unknown>(
      `${jira.apiPrefix}/search/jql`,
      // Cloud takes expand as one comma-separated string, in the URL and in a body alike.
      searchRequest({
        jql,
        maxResults,
        fields,
        expand: expand?.join(','),
        nextPageToken: request.nextPageToken || undefined,
      }),
    ),
  );
  const next =
    typeof answer.nextPageToken === 'string' && answer.nextPageToken !== '' ? answer.nextPageToken : null;
  const issues = issuesOf(answer.issues);
  assertWithinProjects(issues, request.projects);
  return {
    issues,
    startAt: 0,
    total: null,
    nextPageToken: next,
    hasMore: next !== null && answer.isLast !== true,
    warnings: [],
  };
}

/** Cloud's count of the issues a JQL matches (Jira calls it approximate: recent changes may lag). */
export async function approximateCount(jira: JiraReader, jql: string): Promise<number> {
  const answer = await jira.read<unknown>(`${jira.apiPrefix}/search/approximate-count`, { body: { jql } });
  return numOrNull(obj(answer).count) ?? 0;
}

/** Jira's bulkfetch takes at most this many keys; Data Center searches are batched the same. */
export const MAX_BATCH = 100;

/** The project key of an issue key (PROJ-12 -> PROJ); null for an issue id. */
export function projectOfKey(ref: string): string | null {
  const at = ref.lastIndexOf('-');
  return at > 0 ? ref.slice(0, at).toUpperCase() : null;
}

export interface FetchIssuesOptions {
  /** A project-restricted token's projects; null for none. Issues elsewhere are left out. */
  projects: readonly string[] | null;
}

/**
 * Fetches up to MAX_BATCH issues by key or id with one Jira request (more
 * only when Data Center's admin cap on maxResults is below the batch size).
 * Answers a map from each reference (keys upper-cased) to its issue; an issue
 * that does not exist or that the caller may not see is simply absent.
 */
export async function fetchIssues(
  jira: JiraReader,
  refs: readonly string[],
  plan: IssueFieldPlan,
  options: FetchIssuesOptions = { projects: null },
): Promise<Map<string, JiraJson>> {
  const unique = [...new Set(refs.map((r) => r.trim().toUpperCase()))];
  if (unique.length > MAX_BATCH) throw new RangeError(`at most ${MAX_BATCH} issues per batch`);
  const found = new Map<string, JiraJson>();
  if (unique.length === 0) return found;
  // A restricted token's answers are checked against its projects, which
  // needs the project field (an issue id, or a key that moved, says nothing).
  const effective: IssueFieldPlan = {
    fields: withProjectField(plan.fields, options.projects).sort(),
    expand: plan.expand,
  };
  let issues: JiraJson[] = [];
  if (jira.flavor === 'datacenter') {
    const jql = restrictJql(`key in (${unique.map(jqlString).join(', ')})`, options.projects);
    let startAt = 0;
    for (;;) {
      const page = await searchPage(jira, {
        jql,
        // Not checked there but filtered below: Cloud's bulkfetch is not narrowed by JQL at all.
        projects: null,
        plan: effective,
        maxResults: unique.length,
        startAt,
        validateQuery: false,
      });
      issues.push(...page.issues);
      if (!page.hasMore) break;
      startAt = page.startAt + page.issues.length;
    }
  } else {
    const answer = await jira.read<unknown>(`${jira.apiPrefix}/issue/bulkfetch`, {
      body: {
        issueIdsOrKeys: unique,
        fields: fieldsParam(effective),
        ...(effective.expand.length > 0 ? { expand: [...effective.expand] } : {}),
      },
    });
    issues = issuesOf(obj(answer).issues);
  }
  // Each key is its own answer and no total is told, so strays are left out rather than withheld.
  for (const issue of keepWithinProjects(issues, options.projects)) {
    if (typeof issue.key === 'string') found.set(issue.key.toUpperCase(), issue);
    if (typeof issue.id === 'string' || typeof issue.id === 'number') found.set(String(issue.id), issue);
  }
  return found;
}
