// An issue's activity: comments, worklogs, the changelog and the transitions
// its workflow offers now. Each field declares what it needs from Jira
// (jira-needs.ts), so the resolver that fetched the issue already asked for
// it and the answer is usually in the parent's JSON: `fields.comment`,
// `fields.worklog`, `changelog`, `transitions`.
//
// Comments and worklogs are paged by Jira, so the embedded page may not hold
// the window a caller asks for. In that order, a field is served from
//  1. the issue JSON at hand, when its embedded page covers the window (and
//     renderedFields holds the HTML, when `html` is selected);
//  2. the issue loaded again with that field (and renderedFields) through
//     the request's issue batch (issue.ts loadIssue): one Jira request for
//     every issue that lacks it (field not fetched, or HTML wanted and not sent);
//  3. the sub-resource page itself (/comment, /worklog, Cloud's /changelog),
//     one request per issue and window, shared by everything that asks.
import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import { authenticated, requires } from '../auth/field-scopes.ts';
import type { GatewayContext } from '../context.ts';
import {
  type JiraPage,
  readChangelogPage,
  readCommentPage,
  readWorklogPage,
} from '../jira/issue-activity-reads.ts';
import type { IssueFieldPlan } from '../jira/issue-reads.ts';
import { type JiraJson, list, numOrNull, obj, objOrNull, str, strOrNull } from '../jira/json.ts';
import { builder } from './builder.ts';
import { loadIssue } from './issue.ts';
import { callJira } from './jira-call.ts';
import { jiraNeeds } from './jira-needs.ts';
import { loaderFor } from './loaders.ts';
import {
  type OffsetConnection,
  type OffsetWindow,
  offsetConnection,
  offsetCursor,
  offsetWindow,
} from './offset-paging.ts';
import { IssueRef, StatusRef } from './refs.ts';
import { RichTextRef, type RichTextShape } from './rich-text.ts';
import { fromSelection } from './selection-memo.ts';
import { jiraDate } from './timestamps.ts';
import { jiraUser, UserRef } from './user.ts';

// ---------------------------------------------------------------- windows and cursors

type Kind = 'comment' | 'worklog' | 'changelog';

/** The slice a connection field asks for: absolute offsets into Jira's list. */
type Window = OffsetWindow;

/** A cursor of one of an issue's lists (exported for tests). */
export function encodeCursor(kind: Kind, offset: number): string {
  return offsetCursor(offset, kind);
}

type PageArgs = { first?: number | null; after?: string | null };

function windowOf(kind: Kind, args: PageArgs): Window {
  return offsetWindow(args, kind);
}

/** Whether a page of Jira's list holds every item of the window that exists. */
function covers(page: JiraPage, w: Window): boolean {
  const end = Math.min(w.offset + w.first, page.total);
  return page.startAt <= w.offset && page.startAt + page.items.length >= end;
}

function connectionOf<T>(kind: Kind, page: JiraPage, w: Window, node: (item: JiraJson) => T) {
  const from = Math.max(0, w.offset - page.startAt);
  const items = page.startAt > w.offset ? [] : page.items.slice(from, from + w.first);
  return offsetConnection(items.map(node), w.offset, w.offset + items.length < page.total, page.total, kind);
}

/** A paged list Jira embeds in an issue: {startAt, total, <itemsKey>: [...]}. */
function embeddedPage(container: unknown, itemsKey: string): JiraPage | null {
  const o = objOrNull(container);
  if (!o || !Array.isArray(o[itemsKey])) return null;
  const items = list(o[itemsKey]).map(obj);
  const startAt = numOrNull(o.startAt) ?? 0;
  return { startAt, total: numOrNull(o.total) ?? startAt + items.length, items };
}

// ---------------------------------------------------------------- what the query selects

/** Whether the selection below the current field reaches `path` (any alias, fragments included). */
function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  return fromSelection(info, `selects:${path.join('.')}`, () => {
    let trees = [parseResolveInfo(info) as ResolveTree | null | undefined].filter(
      (t): t is ResolveTree => !!t,
    );
    for (const step of path) {
      trees = trees.flatMap((tree) =>
        Object.values(tree.fieldsByTypeName).flatMap((fields) =>
          Object.values(fields).filter((child) => child.name === step),
        ),
      );
    }
    return trees.length > 0;
  });
}

// ---------------------------------------------------------------- loaders

/** The issue's reference for sub-resource paths: its key, else its id. */
function issueRef(issue: JiraJson): string {
  return str(issue.key) || str(issue.id);
}

/**
 * Step 2: the issue again with these parts, through the request's issue batch
 * (issue.ts): every issue of the request that needs it shares one Jira request.
 */
function loadIssueParts(
  ctx: GatewayContext,
  issue: JiraJson,
  plan: IssueFieldPlan,
): Promise<JiraJson | null> {
  return loadIssue(ctx, issueRef(issue), plan);
}

interface PageKey {
  kind: Kind;
  issue: string;
  startAt: number;
  maxResults: number;
  rendered: boolean;
}

/** Step 3: one page of one issue's sub-resource; the same page is read once per request. */
function loadPage(ctx: GatewayContext, key: PageKey): Promise<JiraPage> {
  const loader = loaderFor<PageKey, JiraPage, string>(
    ctx,
    'issue-activity:pages',
    (keys) =>
      // Jira has no endpoint for several issues' comment pages: the batch reads them side by side.
      Promise.all(
        keys.map((k) =>
          callJira(ctx, (jira) => {
            if (k.kind === 'comment')
              return readCommentPage(jira, k.issue, k.startAt, k.maxResults, k.rendered);
            if (k.kind === 'worklog') return readWorklogPage(jira, k.issue, k.startAt, k.maxResults);
            return readChangelogPage(jira, k.issue, k.startAt, k.maxResults);
          }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
        ),
      ),
    { cacheKeyFn: (k) => JSON.stringify([k.kind, k.issue, k.startAt, k.maxResults, k.rendered]) },
  );
  return loader.load(key);
}

// ---------------------------------------------------------------- comments and worklogs

/** A comment or worklog as Jira sent it, with its rendered HTML when asked for. */
interface ActivityItem {
  raw: JiraJson;
  html: string | null;
}

interface PagedField {
  kind: 'comment' | 'worklog';
  /** The Jira issue field that embeds the first page. */
  field: string;
  itemsKey: string;
  /** Where the HTML is selected, below the connection field. */
  htmlPath: readonly string[];
  /** The item's rich-text property (body of a comment, comment of a worklog). */
  textKey: string;
}

const COMMENTS: PagedField = {
  kind: 'comment',
  field: 'comment',
  itemsKey: 'comments',
  htmlPath: ['edges', 'node', 'body', 'html'],
  textKey: 'body',
};

const WORKLOGS: PagedField = {
  kind: 'worklog',
  field: 'worklog',
  itemsKey: 'worklogs',
  htmlPath: ['edges', 'node', 'comment', 'html'],
  textKey: 'comment',
};

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
  spec: PagedField,
  issue: JiraJson,
  args: PageArgs,
  ctx: GatewayContext,
  wantHtml: boolean,
): Promise<OffsetConnection<ActivityItem>> {
  const w = windowOf(spec.kind, args);
  let holder = issue;
  let page = embeddedPage(obj(holder.fields)[spec.field], spec.itemsKey);
  let rendered = wantHtml ? renderedById(holder, spec) : null;
  // Step 2 helps only when the field is missing, or its page would do but lacks the HTML.
  if (page === null || (wantHtml && rendered === null && covers(page, w))) {
    const parts: IssueFieldPlan = { fields: [spec.field], expand: wantHtml ? ['renderedFields'] : [] };
    const again = await loadIssueParts(ctx, issue, parts);
    if (again) {
      holder = again;
      page = embeddedPage(obj(holder.fields)[spec.field], spec.itemsKey);
      rendered = wantHtml ? renderedById(holder, spec) : null;
    }
  }
  if (page && covers(page, w)) {
    return connectionOf(spec.kind, page, w, (raw) => ({ raw, html: rendered?.get(str(raw.id)) ?? null }));
  }
  const fetched = await loadPage(ctx, {
    kind: spec.kind,
    issue: issueRef(issue),
    startAt: w.offset,
    maxResults: w.first,
    rendered: wantHtml && spec.kind === 'comment',
  });
  // /comment renders with expand=renderedBody; /worklog cannot render, so worklogs past the embedded page have no HTML.
  return connectionOf(spec.kind, fetched, w, (raw) => ({ raw, html: strOrNull(raw.renderedBody) }));
}

/** Issue.comments for one issue JSON; `wantHtml` when body.html is selected. */
export function commentsConnection(issue: JiraJson, args: PageArgs, ctx: GatewayContext, wantHtml: boolean) {
  return pagedField(COMMENTS, issue, args, ctx, wantHtml);
}

/** Issue.worklogs for one issue JSON; `wantHtml` when comment.html is selected. */
export function worklogsConnection(issue: JiraJson, args: PageArgs, ctx: GatewayContext, wantHtml: boolean) {
  return pagedField(WORKLOGS, issue, args, ctx, wantHtml);
}

// ---------------------------------------------------------------- changelog

/** Oldest first, as Jira's paged resources order it; Cloud's expand may not. */
function chronological(items: JiraJson[]): JiraJson[] {
  const at = (h: JiraJson) => jiraDate(h.created)?.getTime() ?? 0;
  return [...items].sort((a, b) => at(a) - at(b) || Number(a.id) - Number(b.id));
}

async function changelogField(
  issue: JiraJson,
  args: PageArgs,
  ctx: GatewayContext,
): Promise<OffsetConnection<JiraJson>> {
  const w = windowOf('changelog', args);
  let page = embeddedPage(issue.changelog, 'histories');
  if (page === null) {
    const again = await loadIssueParts(ctx, issue, { fields: [], expand: ['changelog'] });
    page = embeddedPage(again?.changelog, 'histories');
  }
  const complete = page !== null && page.startAt === 0 && page.items.length >= page.total;
  if (page && complete)
    return connectionOf('changelog', { ...page, items: chronological(page.items) }, w, (h) => h);
  // Data Center always embeds the whole changelog; Cloud embeds only the latest
  // histories and pages the rest through /changelog.
  if (ctx.jira?.flavor === 'cloud') {
    const fetched = await loadPage(ctx, {
      kind: 'changelog',
      issue: issueRef(issue),
      startAt: w.offset,
      maxResults: w.first,
      rendered: false,
    });
    return connectionOf('changelog', fetched, w, (h) => h);
  }
  return connectionOf('changelog', page ?? { startAt: 0, total: 0, items: [] }, w, (h) => h);
}

// ---------------------------------------------------------------- types

function date(v: unknown, what: string): Date {
  const d = jiraDate(v);
  if (!d) throw new Error(`Jira sent no valid ${what}`);
  return d;
}

/** A rich text value, or null when Jira sent none or an empty one (v3 omits empty worklog comments). */
function richText(raw: unknown, html: string | null): RichTextShape | null {
  if (raw === undefined || raw === null || raw === '') return null;
  return { raw, html };
}

const commentsRead = requires('comments:read');
const worklogsRead = requires('worklogs:read');
const issuesRead = requires('issues:read');

export const CommentRef = builder.objectRef<ActivityItem>('Comment').implement({
  description: 'A comment on an issue, oldest first.',
  fields: (t) => ({
    id: t.id({ extensions: commentsRead, resolve: (c) => str(c.raw.id) }),
    author: t.field({
      type: UserRef,
      nullable: true,
      extensions: commentsRead,
      resolve: (c) => jiraUser(c.raw.author),
    }),
    updateAuthor: t.field({
      type: UserRef,
      nullable: true,
      extensions: commentsRead,
      resolve: (c) => jiraUser(c.raw.updateAuthor),
    }),
    body: t.field({
      type: RichTextRef,
      description: 'Wiki markup on Data Center, Atlassian Document Format on Cloud; text on both.',
      extensions: commentsRead,
      resolve: (c) => richText(c.raw.body, c.html) ?? { raw: '', html: c.html },
    }),
    created: t.field({
      type: 'DateTime',
      extensions: commentsRead,
      resolve: (c) => date(c.raw.created, 'created'),
    }),
    updated: t.field({
      type: 'DateTime',
      extensions: commentsRead,
      resolve: (c) => date(c.raw.updated, 'updated'),
    }),
  }),
});

export const WorklogRef = builder.objectRef<ActivityItem>('Worklog').implement({
  description: 'Time logged on an issue.',
  fields: (t) => ({
    id: t.id({ extensions: worklogsRead, resolve: (w) => str(w.raw.id) }),
    author: t.field({
      type: UserRef,
      nullable: true,
      extensions: worklogsRead,
      resolve: (w) => jiraUser(w.raw.author),
    }),
    updateAuthor: t.field({
      type: UserRef,
      nullable: true,
      extensions: worklogsRead,
      resolve: (w) => jiraUser(w.raw.updateAuthor),
    }),
    timeSpentSeconds: t.int({
      extensions: worklogsRead,
      resolve: (w) => numOrNull(w.raw.timeSpentSeconds) ?? 0,
    }),
    timeSpent: t.string({
      description: "Jira's own rendering of the time spent, e.g. '3h 20m'.",
      extensions: worklogsRead,
      resolve: (w) => str(w.raw.timeSpent),
    }),
    started: t.field({
      type: 'DateTime',
      extensions: worklogsRead,
      resolve: (w) => date(w.raw.started, 'started'),
    }),
    created: t.field({
      type: 'DateTime',
      extensions: worklogsRead,
      resolve: (w) => date(w.raw.created, 'created'),
    }),
    updated: t.field({
      type: 'DateTime',
      extensions: worklogsRead,
      resolve: (w) => date(w.raw.updated, 'updated'),
    }),
    comment: t.field({
      type: RichTextRef,
      nullable: true,
      description: 'The work description; null when there is none.',
      extensions: worklogsRead,
      resolve: (w) => richText(w.raw.comment, w.html),
    }),
  }),
});

const ChangeItemRef = builder.objectRef<JiraJson>('ChangeItem').implement({
  description:
    "One field's change in a changelog entry. from/to are ids (users: accountId or key), the strings are what Jira shows.",
  fields: (t) => ({
    field: t.string({ extensions: issuesRead, resolve: (i) => str(i.field) }),
    fieldId: t.string({
      nullable: true,
      description: 'The field id (Cloud only; null on Data Center).',
      extensions: issuesRead,
      resolve: (i) => strOrNull(i.fieldId),
    }),
    fieldType: t.string({
      description: 'jira or custom.',
      extensions: issuesRead,
      resolve: (i) => str(i.fieldtype),
    }),
    from: t.string({ nullable: true, extensions: issuesRead, resolve: (i) => strOrNull(i.from) }),
    fromString: t.string({ nullable: true, extensions: issuesRead, resolve: (i) => strOrNull(i.fromString) }),
    to: t.string({ nullable: true, extensions: issuesRead, resolve: (i) => strOrNull(i.to) }),
    toString: t.string({ nullable: true, extensions: issuesRead, resolve: (i) => strOrNull(i.toString) }),
  }),
});

const ChangelogEntryRef = builder.objectRef<JiraJson>('ChangelogEntry').implement({
  description: 'One change of an issue: who changed which fields, when.',
  fields: (t) => ({
    id: t.id({ extensions: issuesRead, resolve: (h) => str(h.id) }),
    author: t.field({
      type: UserRef,
      nullable: true,
      description: 'null for changes made anonymously or by Jira itself.',
      extensions: issuesRead,
      resolve: (h) => jiraUser(h.author),
    }),
    created: t.field({
      type: 'DateTime',
      extensions: issuesRead,
      resolve: (h) => date(h.created, 'created'),
    }),
    items: t.field({ type: [ChangeItemRef], extensions: issuesRead, resolve: (h) => list(h.items).map(obj) }),
  }),
});

const TransitionRef = builder.objectRef<JiraJson>('Transition').implement({
  description: "A workflow transition the caller may make from the issue's current status.",
  fields: (t) => ({
    id: t.id({ extensions: issuesRead, resolve: (tr) => str(tr.id) }),
    name: t.string({ extensions: issuesRead, resolve: (tr) => str(tr.name) }),
    to: t.field({
      type: StatusRef,
      nullable: true,
      description: 'The status the transition leads to.',
      extensions: issuesRead,
      resolve: (tr) => objOrNull(tr.to),
    }),
    hasScreen: t.boolean({ extensions: issuesRead, resolve: (tr) => tr.hasScreen === true }),
    isGlobal: t.boolean({
      description: 'Available from every status.',
      extensions: issuesRead,
      resolve: (tr) => tr.isGlobal === true,
    }),
  }),
});

export const CommentConnection = builder.connectionObject(
  {
    type: CommentRef,
    name: 'CommentConnection',
    fields: (t) => ({
      totalCount: t.int({
        extensions: authenticated(),
        resolve: (c) => (c as unknown as OffsetConnection<ActivityItem>).totalCount ?? 0,
      }),
    }),
  },
  { name: 'CommentEdge' },
);

export const WorklogConnection = builder.connectionObject(
  {
    type: WorklogRef,
    name: 'WorklogConnection',
    fields: (t) => ({
      totalCount: t.int({
        extensions: authenticated(),
        resolve: (c) => (c as unknown as OffsetConnection<ActivityItem>).totalCount ?? 0,
      }),
    }),
  },
  { name: 'WorklogEdge' },
);

export const ChangelogConnection = builder.connectionObject(
  {
    type: ChangelogEntryRef,
    name: 'ChangelogConnection',
    fields: (t) => ({
      totalCount: t.int({
        extensions: authenticated(),
        resolve: (c) => (c as unknown as OffsetConnection<JiraJson>).totalCount ?? 0,
      }),
    }),
  },
  { name: 'ChangelogEdge' },
);

// ---------------------------------------------------------------- Issue fields

const pageArgs = {
  first: { description: 'How many, 1 to 100 (default 20).' },
  after: { description: 'The endCursor of the previous page.' },
} as const;

builder.objectFields(IssueRef, (t) => ({
  comments: t.field({
    type: CommentConnection,
    // Nullable so that a token without comments:read gets null and INSUFFICIENT_SCOPE here while
    // the rest of the issue answers (the README's scope rule); non-null would null the issue.
    nullable: true,
    description: 'Comments, oldest first. null (with INSUFFICIENT_SCOPE) without comments:read.',
    extensions: { ...commentsRead, ...jiraNeeds({ fields: ['comment'] }) },
    args: {
      first: t.arg.int({ required: false, ...pageArgs.first }),
      after: t.arg.string({ required: false, ...pageArgs.after }),
    },
    resolve: (issue, args, ctx, info) =>
      commentsConnection(issue, args, ctx, selects(info, COMMENTS.htmlPath)),
  }),
  worklogs: t.field({
    type: WorklogConnection,
    nullable: true,
    description:
      'Worklogs, in the order Jira keeps them. null (with INSUFFICIENT_SCOPE) without worklogs:read.',
    extensions: { ...worklogsRead, ...jiraNeeds({ fields: ['worklog'] }) },
    args: {
      first: t.arg.int({ required: false, ...pageArgs.first }),
      after: t.arg.string({ required: false, ...pageArgs.after }),
    },
    resolve: (issue, args, ctx, info) =>
      worklogsConnection(issue, args, ctx, selects(info, WORKLOGS.htmlPath)),
  }),
  changelog: t.field({
    type: ChangelogConnection,
    description: 'The change history, oldest first.',
    extensions: { ...issuesRead, ...jiraNeeds({ expand: ['changelog'] }) },
    args: {
      first: t.arg.int({ required: false, ...pageArgs.first }),
      after: t.arg.string({ required: false, ...pageArgs.after }),
    },
    resolve: (issue, args, ctx) => changelogField(issue, args, ctx),
  }),
  transitions: t.field({
    type: [TransitionRef],
    description: "The transitions the caller may make now, as Jira's workflow offers them.",
    extensions: { ...issuesRead, ...jiraNeeds({ expand: ['transitions'] }) },
    resolve: async (issue, _args, ctx) => {
      if (Array.isArray(issue.transitions)) return list(issue.transitions).map(obj);
      const again = await loadIssueParts(ctx, issue, { fields: [], expand: ['transitions'] });
      return list(again?.transitions).map(obj);
    },
  }),
}));
