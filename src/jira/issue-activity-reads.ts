// The reads behind an issue's comments, worklogs and changelog when the page
// a caller asks for lies beyond what Jira embedded in the issue: /comment,
// /worklog, and on Cloud /changelog (Data Center embeds the whole changelog).
// Several issues' embedded pages at once are issue-reads.ts's fetchIssues.
import { type JiraJson, list, numOrNull, obj } from './json.ts';
import type { JiraReader } from './reader.ts';

/** The paged lists of an issue, by the sub-resource that pages them. */
export type ActivityKind = 'comment' | 'worklog' | 'changelog';

/** One page of an issue's sub-resource, as Jira pages it. */
export interface JiraPage {
  startAt: number;
  total: number;
  items: JiraJson[];
}

/** A paged list as Jira sends it: {startAt, total, <itemsKey>: [...]}. */
function pageOf(container: unknown, itemsKey: string): JiraPage {
  const o = obj(container);
  const items = list(o[itemsKey]).map(obj);
  const startAt = numOrNull(o.startAt) ?? 0;
  return { startAt, total: numOrNull(o.total) ?? startAt + items.length, items };
}

/** A paged list Jira embeds in an issue (fields.comment, changelog...); null when the issue holds none. */
export function embeddedPage(container: unknown, itemsKey: string): JiraPage | null {
  return Array.isArray(obj(container)[itemsKey]) ? pageOf(container, itemsKey) : null;
}

/** Where each list's items stand in Jira's answer. */
const ITEMS_KEY: Record<ActivityKind, string> = {
  comment: 'comments',
  worklog: 'worklogs',
  changelog: 'values',
};

export interface ActivityPageRequest {
  kind: ActivityKind;
  /** The issue's key or id. */
  issue: string;
  startAt: number;
  maxResults: number;
  /** Comments only: each comment carries renderedBody (expand=renderedBody). */
  rendered: boolean;
}

/**
 * One page of an issue's comments (GET /issue/{key}/comment, oldest first),
 * worklogs (GET /issue/{key}/worklog: Cloud pages it; Data Center ignores the
 * paging parameters and answers every worklog from startAt 0, which the
 * caller's window logic handles the same way), or Cloud's changelog
 * (GET /issue/{key}/changelog, oldest first; Data Center has no such resource).
 */
export async function readActivityPage(jira: JiraReader, request: ActivityPageRequest): Promise<JiraPage> {
  const { kind, startAt, maxResults } = request;
  const query =
    kind === 'comment'
      ? { startAt, maxResults, orderBy: 'created', expand: request.rendered ? 'renderedBody' : undefined }
      : { startAt, maxResults };
  const answer = await jira.read<unknown>(
    `${jira.apiPrefix}/issue/${encodeURIComponent(request.issue)}/${kind}`,
    { query },
  );
  return pageOf(answer, ITEMS_KEY[kind]);
}
