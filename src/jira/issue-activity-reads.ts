// The reads behind an issue's comments, worklogs and changelog when the page
// a caller asks for lies beyond what Jira embedded in the issue: /comment,
// /worklog, and on Cloud /changelog (Data Center embeds the whole changelog).
// Several issues' embedded pages at once are issue-reads.ts's fetchIssues.
import type { JiraReader } from './reader.ts';

type Json = Record<string, unknown>;

const asJson = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};

/** One page of an issue's sub-resource, as Jira pages it. */
export interface JiraPage {
  startAt: number;
  total: number;
  items: Json[];
}

function pageOf(answer: Json, itemsKey: string): JiraPage {
  const items = (Array.isArray(answer[itemsKey]) ? answer[itemsKey] : []).map(asJson);
  const startAt = typeof answer.startAt === 'number' ? answer.startAt : 0;
  const total = typeof answer.total === 'number' ? answer.total : startAt + items.length;
  return { startAt, total, items };
}

const issuePath = (jira: JiraReader, issue: string, tail: string): string =>
  `${jira.apiPrefix}/issue/${encodeURIComponent(issue)}/${tail}`;

/** GET /issue/{key}/comment, oldest first; with `rendered`, each comment carries renderedBody. */
export async function readCommentPage(
  jira: JiraReader,
  issue: string,
  startAt: number,
  maxResults: number,
  rendered: boolean,
): Promise<JiraPage> {
  const answer = await jira.read<Json>(issuePath(jira, issue, 'comment'), {
    query: { startAt, maxResults, orderBy: 'created', expand: rendered ? 'renderedBody' : undefined },
  });
  return pageOf(answer, 'comments');
}

/**
 * GET /issue/{key}/worklog. Cloud pages it; Data Center ignores the paging
 * parameters and answers every worklog from startAt 0, which the caller's
 * window logic handles the same way.
 */
export async function readWorklogPage(
  jira: JiraReader,
  issue: string,
  startAt: number,
  maxResults: number,
): Promise<JiraPage> {
  const answer = await jira.read<Json>(issuePath(jira, issue, 'worklog'), {
    query: { startAt, maxResults },
  });
  return pageOf(answer, 'worklogs');
}

/** Cloud's GET /issue/{key}/changelog, oldest first (Data Center has no such resource). */
export async function readChangelogPage(
  jira: JiraReader,
  issue: string,
  startAt: number,
  maxResults: number,
): Promise<JiraPage> {
  const answer = await jira.read<Json>(issuePath(jira, issue, 'changelog'), {
    query: { startAt, maxResults },
  });
  return pageOf(answer, 'values');
}
