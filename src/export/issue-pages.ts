// Every issue a JQL search matches, page after page, in Jira's order: Data
// Center pages by offset (startAt), asking for more than its admin cap on
// maxResults (1,000 by default) and following what it sent; Cloud by
// nextPageToken. One page is in memory at a time, and the next is asked for
// only when the consumer (the socket, through the response stream) wants
// more. Each page is checked against the token's projects by searchPage,
// which withholds a page holding any issue outside them.
import { type IssueFieldPlan, searchPage } from '../jira/issue-reads.ts';
import type { JiraJson } from '../jira/json.ts';
import type { JiraReader } from '../jira/reader.ts';

/** Asked of Jira per page: Data Center caps it (maxResults), Cloud serves at most 100 full issues. */
export const EXPORT_PAGE_SIZE = 1000;

/** Runs one Jira call for the export (charging it, mapping its failures). */
export type ExportCall = <T>(work: (jira: JiraReader) => Promise<T>) => Promise<T>;

export interface IssuePagesRequest {
  /** The JQL as Jira must run it: already narrowed to the token's projects. */
  jql: string;
  /** The token's projects (null: none); every page is checked against them. */
  projects: readonly string[] | null;
  plan: IssueFieldPlan;
  pageSize?: number;
}

/** The pages of matching issues, in Jira's order, each asked for when the previous is consumed. */
export async function* issuePages(call: ExportCall, request: IssuePagesRequest): AsyncGenerator<JiraJson[]> {
  const { jql, projects, plan } = request;
  const maxResults = request.pageSize ?? EXPORT_PAGE_SIZE;
  let startAt = 0;
  let token: string | null = null;
  for (;;) {
    const page = await call((jira) =>
      searchPage(jira, {
        jql,
        projects,
        plan,
        maxResults,
        ...(jira.flavor === 'datacenter' ? { startAt } : { nextPageToken: token }),
      }),
    );
    if (page.issues.length > 0) yield page.issues;
    if (!page.hasMore) return;
    // Data Center may cap the page below maxResults: the next offset follows what it sent.
    startAt = page.startAt + page.issues.length;
    token = page.nextPageToken;
  }
}
