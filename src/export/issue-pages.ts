// Every issue a JQL search matches, page after page, in Jira's order: Data
// Center pages by offset (startAt), asking for more than its admin cap on
// maxResults (1,000 by default) and following what it sent; Cloud by
// nextPageToken. At most two pages are held (the one being written and the
// one read ahead); no further page is asked for until the consumer (the
// socket, through the response stream) takes the one ahead. Each page is
// checked against the token's projects by searchPage, which withholds a page
// holding any issue outside them.
import { type IssueFieldPlan, type SearchPage, searchPage } from '../jira/issue-reads.ts';
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

/**
 * The pages of matching issues, in Jira's order. The next page is asked for
 * as soon as the one before has arrived, while the consumer is still turning
 * it into rows and writing them: Jira's time and the gateway's overlap, and
 * at most one page waits ahead of a slow client.
 */
export async function* issuePages(call: ExportCall, request: IssuePagesRequest): AsyncGenerator<JiraJson[]> {
  const { jql, projects, plan } = request;
  const maxResults = request.pageSize ?? EXPORT_PAGE_SIZE;
  const read = (startAt: number, token: string | null): Promise<SearchPage> =>
    call((jira) =>
      searchPage(jira, {
        jql,
        projects,
        plan,
        maxResults,
        ...(jira.flavor === 'datacenter' ? { startAt } : { nextPageToken: token }),
      }),
    );
  let ahead: Promise<SearchPage> | null = read(0, null);
  try {
    while (ahead !== null) {
      const page: SearchPage = await ahead;
      // Data Center may cap the page below maxResults: the next offset follows what it sent.
      ahead = page.hasMore ? read(page.startAt + page.issues.length, page.nextPageToken) : null;
      // Its failure is reported when it is awaited; until then it must not count as unhandled.
      ahead?.catch(() => {});
      if (page.issues.length > 0) yield page.issues;
    }
  } finally {
    // A consumer that stopped (the client went away) leaves the page ahead unread.
    ahead?.catch(() => {});
  }
}
