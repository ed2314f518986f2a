// Reading issues over a caller's JiraReader, on both flavours: one page of a
// JQL search (Data Center /search by startAt with a total; Cloud /search/jql
// by nextPageToken without one), Cloud's approximate count, and fetching a
// batch of issues by key or id (Data Center: one search `key in (...)` with
// validateQuery=false, so missing keys are warnings; Cloud: /issue/bulkfetch).
// Every read names the Jira fields and expands the caller's selection needs;
// nothing here knows GraphQL.
import { jqlString, restrictJql } from './jql-restriction.ts';
import { assertWithinProjects, issueProjectKey, withProjectField } from './project-guard.ts';
import type { JiraReader } from './reader.ts';

export type IssueJson = Record<string, unknown>;

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
  issues: IssueJson[];
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

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function issuesOf(v: unknown): IssueJson[] {
  return list(v).filter((i): i is IssueJson => typeof i === 'object' && i !== null && !Array.isArray(i));
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** One page of a JQL search, in Jira's order. */
export async function searchPage(jira: JiraReader, request: SearchPageRequest): Promise<SearchPage> {
  const fields = withProjectField(fieldsParam(request.plan), request.projects);
  const expand = request.plan.expand.length > 0 ? request.plan.expand.join(',') : undefined;
  const long = request.jql.length > LONG_JQL;
  if (jira.flavor === 'datacenter') {
    const path = `${jira.apiPrefix}/search`;
    const startAt = request.startAt ?? 0;
    const validate = request.validateQuery ?? true;
    const answer = await jira.read<Record<string, unknown>>(
      path,
      long
        ? {
            body: {
              jql: request.jql,
              startAt,
              maxResults: request.maxResults,
              fields,
              ...(expand ? { expand: request.plan.expand } : {}),
              validateQuery: validate,
            },
          }
        : {
            query: {
              jql: request.jql,
              startAt,
              maxResults: request.maxResults,
              fields: fields.join(','),
              expand,
              validateQuery: validate ? undefined : 'false',
            },
          },
    );
    const issues = issuesOf(answer.issues);
    assertWithinProjects(issues, request.projects);
    const from = num(answer.startAt, startAt);
    const total = num(answer.total, from + issues.length);
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
  const path = `${jira.apiPrefix}/search/jql`;
  const token = request.nextPageToken ?? undefined;
  const answer = await jira.read<Record<string, unknown>>(
    path,
    long
      ? {
          body: {
            jql: request.jql,
            maxResults: request.maxResults,
            fields,
            ...(expand ? { expand } : {}),
            ...(token ? { nextPageToken: token } : {}),
          },
        }
      : {
          query: {
            jql: request.jql,
            maxResults: request.maxResults,
            fields: fields.join(','),
            expand,
            nextPageToken: token,
          },
        },
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
  const answer = await jira.read<Record<string, unknown>>(`${jira.apiPrefix}/search/approximate-count`, {
    body: { jql },
  });
  return num(answer.count, 0);
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
): Promise<Map<string, IssueJson>> {
  const unique = [...new Set(refs.map((r) => r.trim().toUpperCase()))];
  if (unique.length > MAX_BATCH) throw new RangeError(`at most ${MAX_BATCH} issues per batch`);
  const found = new Map<string, IssueJson>();
  if (unique.length === 0) return found;
  // A restricted token's answers are checked against its projects, which
  // needs the project field (an issue id, or a key that moved, says nothing).
  const restricted = options.projects !== null;
  const effective: IssueFieldPlan =
    restricted && !plan.fields.includes('project')
      ? { fields: [...plan.fields, 'project'].sort(), expand: plan.expand }
      : plan;
  let issues: IssueJson[] = [];
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
    const answer = await jira.read<Record<string, unknown>>(`${jira.apiPrefix}/issue/bulkfetch`, {
      body: {
        issueIdsOrKeys: unique,
        fields: fieldsParam(effective),
        ...(effective.expand.length > 0 ? { expand: [...effective.expand] } : {}),
      },
    });
    issues = issuesOf(answer.issues);
  }
  const allowed = options.projects === null ? null : new Set(options.projects.map((p) => p.toUpperCase()));
  for (const issue of issues) {
    if (allowed !== null) {
      const project = issueProjectKey(issue);
      if (project === null || !allowed.has(project)) continue;
    }
    if (typeof issue.key === 'string') found.set(issue.key.toUpperCase(), issue);
    if (typeof issue.id === 'string' || typeof issue.id === 'number') found.set(String(issue.id), issue);
  }
  return found;
}
