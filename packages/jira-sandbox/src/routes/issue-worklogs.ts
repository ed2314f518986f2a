// An issue's worklogs: GET .../worklog (Cloud pages them and filters by start
// time) and POST .../worklog, which needs Work On Issues, adjusts the
// remaining estimate and leaves Jira's history items (worklog-time.ts).
import {
  asObject,
  intParam,
  isRouteResult,
  ok,
  pageParams,
  type RouteContext,
  type RouteResult,
} from '../http.ts';
import { worklogJson } from '../representation/issue-sub-resources.ts';
import { visibleIssue, writableIssue } from './issue-access.ts';
import { writeClock } from './issue-history.ts';
import { estimateAfter, recordWorklogTime, worklogFields } from './worklog-time.ts';
import { mayOnIssue, worklogRefused } from './write-permissions.ts';

export function getWorklogs(ctx: RouteContext): RouteResult {
  const issue = visibleIssue(ctx);
  if (isRouteResult(issue)) return issue;
  // Data Center returns every worklog; Cloud pages them (5000 by default) and
  // can filter by start time (epoch milliseconds).
  const after = intParam(ctx.query, 'startedAfter', Number.NEGATIVE_INFINITY);
  if (isRouteResult(after)) return after;
  const before = intParam(ctx.query, 'startedBefore', Number.POSITIVE_INFINITY);
  if (isRouteResult(before)) return before;
  const worklogs = issue.worklogs.filter(
    (w) => ctx.flavor !== 'cloud' || (w.started >= after && w.started < before),
  );
  const page = pageParams(ctx.query, ctx.flavor === 'cloud' ? 5000 : worklogs.length);
  if (isRouteResult(page)) return page;
  return ok({
    startAt: page.startAt,
    maxResults: page.maxResults,
    total: worklogs.length,
    worklogs: worklogs
      .slice(page.startAt, page.startAt + page.maxResults)
      .map((w) => worklogJson(w, issue, ctx)),
  });
}

export function addWorklog(ctx: RouteContext): RouteResult {
  const target = writableIssue(ctx);
  if (isRouteResult(target)) return target;
  const { issue, user } = target;
  if (!mayOnIssue(ctx, issue, 'WORK_ON_ISSUES')) return worklogRefused(ctx, user, 'create');
  const input = worklogFields(ctx, asObject(ctx.body) ?? {}, true);
  if (isRouteResult(input)) return input;
  const seconds = input.seconds ?? 0;
  const estimate = estimateAfter(ctx, issue, seconds, 'reduceBy');
  if (isRouteResult(estimate)) return estimate;

  const store = ctx.store;
  const now = writeClock(store);
  const worklog = {
    id: String(store.data.counters.worklog++),
    authorKey: user.key,
    updateAuthorKey: user.key,
    comment: input.comment ?? '',
    started: input.started ?? now,
    timeSpentSeconds: seconds,
    created: now,
    updated: now,
  };
  issue.worklogs.push(worklog);
  const spent = (issue.timeSpent ?? 0) + seconds;
  recordWorklogTime(store, issue, user, { spent, estimate, worklogFrom: null, worklogTo: worklog.id }, now);
  return ok(worklogJson(worklog, issue, ctx), 201);
}
