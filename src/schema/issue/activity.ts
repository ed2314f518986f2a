// An issue's activity as GraphQL fields: comments, worklogs, the changelog
// and the transitions its workflow offers now. Where each comes from (the
// issue at hand, the issue read again, the sub-resource page) is
// activity-source.ts's concern; here the request's batches are handed to it
// and its windows become Relay connections.
import { requires } from '../../auth/field-scopes.ts';
import {
  type ActivityKind,
  type ActivityPageRequest,
  type JiraPage,
  readActivityPage,
} from '../../jira/issue-activity-reads.ts';
import { type JiraJson, list, numOrNull, obj, objOrNull, str, strOrNull } from '../../jira/json.ts';
import type { GatewayContext } from '../../request-context.ts';
import { type BuilderTypes, builder } from '../builder.ts';
import { callJira } from '../jira-call.ts';
import { loaderFor } from '../loaders.ts';
import {
  countedConnection,
  type OffsetConnection,
  offsetConnection,
  offsetCursor,
  offsetWindow,
} from '../offset-paging.ts';
import { IssueRef, StatusRef } from '../refs.ts';
import { RichTextRef, type RichTextShape } from '../rich-text.ts';
import { jiraDate } from '../timestamps.ts';
import { jiraUser, UserRef } from '../user.ts';
import {
  type ActivityItem,
  type ActivitySlice,
  type ActivitySteps,
  issueChangelog,
  issueComments,
  issueTransitions,
  issueWorklogs,
} from './activity-source.ts';
import { loadIssue } from './loader.ts';
import { jiraNeeds, selects } from './selection-plan.ts';

// ---------------------------------------------------------------- the request's batches

/** One page of one issue's sub-resource; the same page is read once per request. */
function loadPage(ctx: GatewayContext, request: ActivityPageRequest): Promise<JiraPage> {
  const loader = loaderFor<ActivityPageRequest, JiraPage, string>(
    ctx,
    'issue-activity:pages',
    (requests) =>
      // Jira has no endpoint for several issues' comment pages: the batch reads them side by side.
      Promise.all(
        requests.map((r) =>
          callJira(ctx, (jira) => readActivityPage(jira, r)).catch((error: unknown) =>
            error instanceof Error ? error : new Error(String(error)),
          ),
        ),
      ),
    { cacheKeyFn: (r) => JSON.stringify([r.kind, r.issue, r.startAt, r.maxResults, r.rendered]) },
  );
  return loader.load(request);
}

/** The activity source's steps 2 and 3 as this request's batches. */
export function stepsOf(ctx: GatewayContext): ActivitySteps {
  return {
    flavor: ctx.services.jira.flavor,
    loadIssue: (ref, plan) => loadIssue(ctx, ref, plan),
    readPage: (request) => loadPage(ctx, request),
  };
}

// ---------------------------------------------------------------- windows and cursors

type PageArgs = { first?: number | null; after?: string | null };

/** A cursor of one of an issue's lists (exported for tests). */
export function encodeCursor(kind: ActivityKind, offset: number): string {
  return offsetCursor(offset, kind);
}

function connectionOf<T>(kind: ActivityKind, slice: ActivitySlice<T>): OffsetConnection<T> {
  const { items, offset, total } = slice;
  return offsetConnection(items, offset, offset + items.length < total, total, kind);
}

/** Issue.comments for one issue JSON; `wantHtml` when body.html is selected. */
export async function commentsConnection(
  issue: JiraJson,
  args: PageArgs,
  ctx: GatewayContext,
  wantHtml: boolean,
): Promise<OffsetConnection<ActivityItem>> {
  const slice = await issueComments(stepsOf(ctx), issue, offsetWindow(args, 'comment'), wantHtml);
  return connectionOf('comment', slice);
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

/** What comments and worklogs share: id, who wrote and last changed it, when; under the scope that reads them. */
function authored(
  t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, ActivityItem>,
  extensions: typeof commentsRead,
) {
  return {
    id: t.id({ extensions, resolve: (item) => str(item.raw.id) }),
    author: t.field({
      type: UserRef,
      nullable: true,
      extensions,
      resolve: (item) => jiraUser(item.raw.author),
    }),
    updateAuthor: t.field({
      type: UserRef,
      nullable: true,
      extensions,
      resolve: (item) => jiraUser(item.raw.updateAuthor),
    }),
    created: t.field({ type: 'DateTime', extensions, resolve: (item) => date(item.raw.created, 'created') }),
    updated: t.field({ type: 'DateTime', extensions, resolve: (item) => date(item.raw.updated, 'updated') }),
  };
}

export const CommentVisibilityType = builder.enumType('CommentVisibilityType', {
  description: 'What a comment is restricted to: a project role of the issue, or a group.',
  values: { ROLE: { value: 'role' }, GROUP: { value: 'group' } } as const,
});

interface CommentVisibilityShape {
  type: 'role' | 'group';
  value: string;
}

/** Jira's `visibility` of a comment; Cloud may name a group by its id (`identifier`) alone. */
function commentVisibility(raw: unknown): CommentVisibilityShape | null {
  const v = objOrNull(raw);
  if (!v || (v.type !== 'role' && v.type !== 'group')) return null;
  const value = strOrNull(v.value) ?? strOrNull(v.identifier);
  return value === null ? null : { type: v.type, value };
}

const CommentVisibilityRef = builder.objectRef<CommentVisibilityShape>('CommentVisibility').implement({
  description: 'Who may see a restricted comment: members of a project role or of a group.',
  fields: (t) => ({
    type: t.field({ type: CommentVisibilityType, extensions: commentsRead, resolve: (v) => v.type }),
    value: t.string({
      description: "The role's or the group's name (on Cloud, a group's id when Jira gives no name).",
      extensions: commentsRead,
      resolve: (v) => v.value,
    }),
  }),
});

export const CommentRef = builder.objectRef<ActivityItem>('Comment').implement({
  description: 'A comment on an issue, oldest first.',
  fields: (t) => ({
    ...authored(t, commentsRead),
    body: t.field({
      type: RichTextRef,
      description: 'Wiki markup on Data Center, Atlassian Document Format on Cloud; text on both.',
      extensions: commentsRead,
      resolve: (c) => richText(c.raw.body, c.html) ?? { raw: '', html: c.html },
    }),
    visibility: t.field({
      type: CommentVisibilityRef,
      nullable: true,
      description: 'The role or group the comment is restricted to; null when all who see the issue see it.',
      extensions: commentsRead,
      resolve: (c) => commentVisibility(c.raw.visibility),
    }),
  }),
});

export const WorklogRef = builder.objectRef<ActivityItem>('Worklog').implement({
  description: 'Time logged on an issue.',
  fields: (t) => ({
    ...authored(t, worklogsRead),
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

export const CommentConnection = countedConnection(CommentRef, 'Comment');
export const WorklogConnection = countedConnection(WorklogRef, 'Worklog');
export const ChangelogConnection = countedConnection(ChangelogEntryRef, 'Changelog');

// ---------------------------------------------------------------- Issue fields

builder.objectFields(IssueRef, (t) => {
  /** The paging arguments of the three lists. */
  const pageArgs = () => ({
    first: t.arg.int({ required: false, description: 'How many, 1 to 100 (default 20).' }),
    after: t.arg.string({ required: false, description: 'The endCursor of the previous page.' }),
  });
  return {
    comments: t.field({
      type: CommentConnection,
      // Nullable so that a token without comments:read gets null and INSUFFICIENT_SCOPE here while
      // the rest of the issue answers (the README's scope rule); non-null would null the issue.
      nullable: true,
      description: 'Comments, oldest first. null (with INSUFFICIENT_SCOPE) without comments:read.',
      extensions: { ...commentsRead, ...jiraNeeds({ fields: ['comment'] }) },
      args: pageArgs(),
      resolve: (issue, args, ctx, info) =>
        commentsConnection(issue, args, ctx, selects(info, ['edges', 'node', 'body', 'html'])),
    }),
    worklogs: t.field({
      type: WorklogConnection,
      nullable: true,
      description:
        'Worklogs, in the order Jira keeps them. null (with INSUFFICIENT_SCOPE) without worklogs:read.',
      extensions: { ...worklogsRead, ...jiraNeeds({ fields: ['worklog'] }) },
      args: pageArgs(),
      resolve: async (issue, args, ctx, info) => {
        const wantHtml = selects(info, ['edges', 'node', 'comment', 'html']);
        const slice = await issueWorklogs(stepsOf(ctx), issue, offsetWindow(args, 'worklog'), wantHtml);
        return connectionOf('worklog', slice);
      },
    }),
    changelog: t.field({
      type: ChangelogConnection,
      description: 'The change history, oldest first.',
      extensions: { ...issuesRead, ...jiraNeeds({ expand: ['changelog'] }) },
      args: pageArgs(),
      resolve: async (issue, args, ctx) =>
        connectionOf('changelog', await issueChangelog(stepsOf(ctx), issue, offsetWindow(args, 'changelog'))),
    }),
    transitions: t.field({
      type: [TransitionRef],
      description: "The transitions the caller may make now, as Jira's workflow offers them.",
      extensions: { ...issuesRead, ...jiraNeeds({ expand: ['transitions'] }) },
      resolve: (issue, _args, ctx) => issueTransitions(stepsOf(ctx), issue),
    }),
  };
});
