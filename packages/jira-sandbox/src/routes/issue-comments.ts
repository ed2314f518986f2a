// An issue's comments: GET .../comment (paged, ordered; restricted comments
// only for their role or group) and POST .../comment (optionally restricted
// by `visibility`), and the comment record that an edit's
// `update: {comment: [{add}]}` adds too. Add Comments has Browse's holders.
import { visibleComments } from '../comment-visibility.ts';
import {
  asObject,
  fieldErrors,
  isRouteResult,
  ok,
  pageParams,
  type RouteContext,
  type RouteResult,
} from '../http.ts';
import type { CommentVisibility, SandboxComment, SandboxIssue, SandboxUser } from '../model.ts';
import { parseExpand } from '../representation/field-selection.ts';
import { commentJson } from '../representation/issue-sub-resources.ts';
import type { SandboxStore } from '../store.ts';
import { visibleIssue, writableIssue } from './issue-access.ts';
import { writeClock } from './issue-history.ts';
import { commentBodyInput } from './rich-text-input.ts';
import { VISIBILITY_ERROR_FIELD, visibilityInput } from './visibility-input.ts';

export function getComments(ctx: RouteContext): RouteResult {
  const issue = visibleIssue(ctx);
  if (isRouteResult(issue)) return issue;
  // The documented page sizes: 50 on Data Center, 100 on Cloud.
  const page = pageParams(ctx.query, ctx.flavor === 'cloud' ? 100 : 50);
  if (isRouteResult(page)) return page;
  const order = ctx.query.get('orderBy') ?? 'created';
  const sorted = [...visibleComments(ctx.store, ctx.user, issue)].sort(
    (a, b) => a.created - b.created || Number(a.id) - Number(b.id),
  );
  if (order.startsWith('-')) sorted.reverse();
  const rendered = parseExpand(ctx.query.getAll('expand')).has('renderedBody');
  return ok({
    startAt: page.startAt,
    maxResults: page.maxResults,
    total: sorted.length,
    comments: sorted.slice(page.startAt, page.startAt + page.maxResults).map((c) => {
      const json = commentJson(c, issue, ctx);
      return rendered ? { ...json, renderedBody: commentJson(c, issue, ctx, true).body } : json;
    }),
  });
}

export function addCommentRecord(
  store: SandboxStore,
  issue: SandboxIssue,
  user: SandboxUser,
  body: string,
  visibility: CommentVisibility | null,
  at: number,
): SandboxComment {
  const comment: SandboxComment = {
    id: String(store.data.counters.comment++),
    authorKey: user.key,
    updateAuthorKey: user.key,
    body,
    created: at,
    updated: at,
  };
  if (visibility) comment.visibility = visibility;
  issue.comments.push(comment);
  issue.updated = at;
  return comment;
}

export function addComment(ctx: RouteContext): RouteResult {
  const target = writableIssue(ctx);
  if (isRouteResult(target)) return target;
  const input = asObject(ctx.body) ?? {};
  const body = commentBodyInput(ctx, input.body);
  if (isRouteResult(body)) return body;
  const visibility = visibilityInput(ctx, target.issue, input.visibility);
  if (visibility && 'error' in visibility) return fieldErrors({ [VISIBILITY_ERROR_FIELD]: visibility.error });
  const now = writeClock(ctx.store);
  const comment = addCommentRecord(ctx.store, target.issue, target.user, body, visibility, now);
  return ok(commentJson(comment, target.issue, ctx), 201);
}
