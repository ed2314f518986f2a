// An issue's comments: GET .../comment (paged, ordered) and POST
// .../comment, and the comment record that an edit's
// `update: {comment: [{add}]}` adds too.
import { asObject, isRouteResult, ok, pageParams, type RouteContext, type RouteResult } from '../http.ts';
import type { SandboxIssue, SandboxUser } from '../model.ts';
import { parseExpand } from '../representation/field-selection.ts';
import { commentJson } from '../representation/issue-sub-resources.ts';
import type { SandboxStore } from '../store.ts';
import { visibleIssue, writableIssue } from './issue-access.ts';
import { writeClock } from './issue-history.ts';
import { commentBodyInput } from './rich-text-input.ts';

export function getComments(ctx: RouteContext): RouteResult {
  const issue = visibleIssue(ctx);
  if (isRouteResult(issue)) return issue;
  // The documented page sizes: 50 on Data Center, 100 on Cloud.
  const page = pageParams(ctx.query, ctx.flavor === 'cloud' ? 100 : 50);
  if (isRouteResult(page)) return page;
  const order = ctx.query.get('orderBy') ?? 'created';
  const sorted = [...issue.comments].sort((a, b) => a.created - b.created || Number(a.id) - Number(b.id));
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
  at: number,
) {
  const comment = {
    id: String(store.data.counters.comment++),
    authorKey: user.key,
    updateAuthorKey: user.key,
    body,
    created: at,
    updated: at,
  };
  issue.comments.push(comment);
  issue.updated = at;
  return comment;
}

export function addComment(ctx: RouteContext): RouteResult {
  const target = writableIssue(ctx);
  if (isRouteResult(target)) return target;
  const body = commentBodyInput(ctx, asObject(ctx.body)?.body);
  if (isRouteResult(body)) return body;
  const comment = addCommentRecord(ctx.store, target.issue, target.user, body, writeClock(ctx.store));
  return ok(commentJson(comment, target.issue, ctx), 201);
}
