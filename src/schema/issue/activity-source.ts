// Where an issue's comments, worklogs, changelog and transitions come from.
// Each Issue field declares what it needs from Jira, so the read that fetched
// the issue usually asked for it and the answer is in the issue's JSON:
// `fields.comment`, `fields.worklog`, `changelog`, `transitions`.
//
// Comments and worklogs are paged by Jira, so the embedded page may not hold
// the window a caller asks for. In that order, a window is served from
//  1. the issue JSON at hand, when its embedded page covers the window (and
//     renderedFields holds the HTML, when it is wanted);
//  2. the issue loaded again with that field (and renderedFields): one Jira
//     request for every issue of the GraphQL request that lacks it (field
//     not fetched, or HTML wanted and not sent);
//  3. the sub-resource page itself (/comment, /worklog, Cloud's /changelog).
// Nothing here knows GraphQL: steps 2 and 3 are handed in (ActivitySteps), as
// the request's batches in the resolvers (activity.ts), or a plain Jira
// reader in a test.
import { type ActivityPageRequest, embeddedPage, type JiraPage } from '../../jira/issue-activity-reads.ts';
import type { IssueFieldPlan } from '../../jira/issue-reads.ts';
import { type JiraJson, list, obj, str, strOrNull } from '../../jira/json.ts';
import type { JiraFlavor } from '../../jira/types.ts';
import type { OffsetWindow } from '../offset-paging.ts';
import { jiraDate } from '../timestamps.ts';

export interface ActivitySteps {
  flavor: JiraFlavor;
  /** Step 2: the issue again (by key or id) with these parts; null when it is gone or hidden. */
  loadIssue(ref: string, plan: IssueFieldPlan): Promise<JiraJson | null>;
  /** Step 3: one page of the issue's sub-resource. */
  readPage(request: ActivityPageRequest): Promise<JiraPage>;
}

/** The items of a window, the offset of the first, and how many Jira's list holds. */
export interface ActivitySlice<T> {
  items: T[];
  offset: number;
  total: number;
}

/** A comment or worklog as Jira sent it, with its rendered HTML when asked for. */
export interface ActivityItem {
  raw: JiraJson;
  html: string | null;
}

/** Whether a page of Jira's list holds every item of the window that exists. */
function covers(page: JiraPage, w: OffsetWindow): boolean {
  const end = Math.min(w.offset + w.first, page.total);
  return page.startAt <= w.offset && page.startAt + page.items.length >= end;
}

function sliceOf<T>(page: JiraPage, w: OffsetWindow, node: (item: JiraJson) => T): ActivitySlice<T> {
  const from = Math.max(0, w.offset - page.startAt);
  const items = page.startAt > w.offset ? [] : page.items.slice(from, from + w.first);
  return { items: items.map(node), offset: w.offset, total: page.total };
}

/** The issue's reference for sub-resource paths: its key, else its id. */
function issueRef(issue: JiraJson): string {
  return str(issue.key) || str(issue.id);
}

// ---------------------------------------------------------------- comments and worklogs

interface PagedField {
  kind: 'comment' | 'worklog';
  /** The Jira issue field that embeds the first page (and its sub-resource). */
  field: string;
  itemsKey: string;
  /** The item's rich-text property (body of a comment, comment of a worklog). */
  textKey: string;
}

const COMMENTS: PagedField = { kind: 'comment', field: 'comment', itemsKey: 'comments', textKey: 'body' };
const WORKLOGS: PagedField = { kind: 'worklog', field: 'worklog', itemsKey: 'worklogs', textKey: 'comment' };

/** The rendered HTML by item id, from renderedFields; null when Jira did not render the field. */
function renderedById(issue: JiraJson, spec: PagedField): Map<string, string> | null {
  const page = embeddedPage(obj(issue.renderedFields)[spec.field], spec.itemsKey);
  if (!page) return null;
  const out = new Map<string, string>();
  for (const item of page.items) {
    const html = item[spec.textKey];
    if (typeof html === 'string') out.set(str(item.id), html);
  }
  return out;
}

async function pagedField(
  steps: ActivitySteps,
  spec: PagedField,
  issue: JiraJson,
  w: OffsetWindow,
  wantHtml: boolean,
): Promise<ActivitySlice<ActivityItem>> {
  let holder = issue;
  let page = embeddedPage(obj(holder.fields)[spec.field], spec.itemsKey);
  let rendered = wantHtml ? renderedById(holder, spec) : null;
  // Step 2 helps only when the field is missing, or its page would do but lacks the HTML.
  if (page === null || (wantHtml && rendered === null && covers(page, w))) {
    const parts: IssueFieldPlan = { fields: [spec.field], expand: wantHtml ? ['renderedFields'] : [] };
    const again = await steps.loadIssue(issueRef(issue), parts);
    if (again) {
      holder = again;
      page = embeddedPage(obj(holder.fields)[spec.field], spec.itemsKey);
      rendered = wantHtml ? renderedById(holder, spec) : null;
    }
  }
  if (page && covers(page, w)) {
    return sliceOf(page, w, (raw) => ({ raw, html: rendered?.get(str(raw.id)) ?? null }));
  }
  const fetched = await steps.readPage({
    kind: spec.kind,
    issue: issueRef(issue),
    startAt: w.offset,
    maxResults: w.first,
    rendered: wantHtml && spec.kind === 'comment',
  });
  // /comment renders with expand=renderedBody; /worklog cannot render, so worklogs past the embedded page have no HTML.
  return sliceOf(fetched, w, (raw) => ({ raw, html: strOrNull(raw.renderedBody) }));
}

/** A window of the issue's comments, oldest first; with `wantHtml`, each body's HTML. */
export function issueComments(steps: ActivitySteps, issue: JiraJson, w: OffsetWindow, wantHtml: boolean) {
  return pagedField(steps, COMMENTS, issue, w, wantHtml);
}

/** A window of the issue's worklogs; with `wantHtml`, each comment's HTML where Jira renders it. */
export function issueWorklogs(steps: ActivitySteps, issue: JiraJson, w: OffsetWindow, wantHtml: boolean) {
  return pagedField(steps, WORKLOGS, issue, w, wantHtml);
}

// ---------------------------------------------------------------- changelog and transitions

/** Oldest first, as Jira's paged resources order it; Cloud's expand may not. */
function chronological(items: JiraJson[]): JiraJson[] {
  const at = (h: JiraJson) => jiraDate(h.created)?.getTime() ?? 0;
  return [...items].sort((a, b) => at(a) - at(b) || Number(a.id) - Number(b.id));
}

/** A window of the issue's change history, oldest first. */
export async function issueChangelog(
  steps: ActivitySteps,
  issue: JiraJson,
  w: OffsetWindow,
): Promise<ActivitySlice<JiraJson>> {
  let page = embeddedPage(issue.changelog, 'histories');
  if (page === null) {
    const again = await steps.loadIssue(issueRef(issue), { fields: [], expand: ['changelog'] });
    page = embeddedPage(again?.changelog, 'histories');
  }
  const complete = page !== null && page.startAt === 0 && page.items.length >= page.total;
  if (page && complete) return sliceOf({ ...page, items: chronological(page.items) }, w, (h) => h);
  // Data Center always embeds the whole changelog; Cloud embeds only the latest
  // histories and pages the rest through /changelog.
  if (steps.flavor === 'cloud') {
    const fetched = await steps.readPage({
      kind: 'changelog',
      issue: issueRef(issue),
      startAt: w.offset,
      maxResults: w.first,
      rendered: false,
    });
    return sliceOf(fetched, w, (h) => h);
  }
  return sliceOf(page ?? { startAt: 0, total: 0, items: [] }, w, (h) => h);
}

/** The transitions Jira's workflow offers the caller now. */
export async function issueTransitions(steps: ActivitySteps, issue: JiraJson): Promise<JiraJson[]> {
  if (Array.isArray(issue.transitions)) return list(issue.transitions).map(obj);
  const again = await steps.loadIssue(issueRef(issue), { fields: [], expand: ['transitions'] });
  return list(again?.transitions).map(obj);
}
