// An issue's worklogs: GET .../worklog (Cloud pages them and filters by start
// time) and POST .../worklog, which adjusts the remaining estimate and leaves
// Jira's history items (time spent, estimate, worklog id).
import {
  asObject,
  intParam,
  isRouteResult,
  jiraError,
  ok,
  pageParams,
  type RouteContext,
  type RouteResult,
} from '../http.ts';
import type { SandboxIssue } from '../model.ts';
import { parseDuration } from '../representation/durations.ts';
import { worklogJson } from '../representation/issue-sub-resources.ts';
import { visibleIssue, writableIssue } from './issue-access.ts';
import { changeItem, recordHistory, writeClock } from './issue-history.ts';
import { richTextInput } from './rich-text-input.ts';

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

/** Jira answers worklog validation failures with this message next to the field error. */
function worklogError(errors: Record<string, string>): RouteResult {
  return jiraError(400, ['Worklog must not be null.'], errors);
}

interface WorklogInput {
  seconds: number;
  started: number | null;
  comment: string;
}

function worklogInput(ctx: RouteContext, body: Record<string, unknown>): WorklogInput | RouteResult {
  let seconds: number | null = null;
  if (typeof body.timeSpentSeconds === 'number') seconds = Math.round(body.timeSpentSeconds);
  else if (typeof body.timeSpent === 'string') seconds = parseDuration(body.timeSpent);
  else if (body.timeSpent === undefined && body.timeSpentSeconds === undefined) {
    return worklogError({ timeLogged: 'You must indicate the time spent working.' });
  }
  if (seconds === null || seconds <= 0) return worklogError({ timeLogged: 'Invalid time duration entered.' });
  let started: number | null = null;
  if (body.started !== undefined && body.started !== null) {
    started = typeof body.started === 'string' ? parseJiraDateTime(body.started) : null;
    if (started === null) return worklogError({ started: 'Invalid start date entered.' });
  }
  let comment = '';
  if (body.comment !== undefined && body.comment !== null) {
    const text = richTextInput(ctx, body.comment);
    if (text === null) return worklogError({ comment: 'Comment body is not valid!' });
    comment = text;
  }
  return { seconds, started, comment };
}

/** Jira's "2026-01-31T10:00:00.000+0000" (also accepts ISO offsets with a colon). */
function parseJiraDateTime(text: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)([+-]\d{2}):?(\d{2})$/.exec(text);
  const iso = m ? `${m[1]}${m[2]}:${m[3]}` : text;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(text) ? null : ms;
}

/** The remaining estimate after logging `seconds`, per adjustEstimate. */
function adjustedEstimate(
  ctx: RouteContext,
  issue: SandboxIssue,
  seconds: number,
): number | null | RouteResult {
  const mode = ctx.query.get('adjustEstimate') ?? 'auto';
  const current = issue.timeEstimate;
  if (mode === 'leave') return current;
  if (mode === 'new' || mode === 'manual') {
    const param = mode === 'new' ? 'newEstimate' : 'reduceBy';
    const value = parseDuration(ctx.query.get(param) ?? '');
    if (value === null) {
      return jiraError(400, [
        mode === 'new'
          ? 'You must supply a valid new estimate.'
          : 'You must supply a valid amount of time to adjust the estimate by.',
      ]);
    }
    return mode === 'new' ? value : Math.max(0, (current ?? 0) - value);
  }
  if (mode !== 'auto') return jiraError(400, [`Invalid value for adjustEstimate: '${mode}'.`]);
  return current === null ? null : Math.max(0, current - seconds);
}

export function addWorklog(ctx: RouteContext): RouteResult {
  const target = writableIssue(ctx);
  if (isRouteResult(target)) return target;
  const { issue, user } = target;
  const input = worklogInput(ctx, asObject(ctx.body) ?? {});
  if (isRouteResult(input)) return input;
  const estimate = adjustedEstimate(ctx, issue, input.seconds);
  if (isRouteResult(estimate)) return estimate;

  const store = ctx.store;
  const now = writeClock(store);
  const worklog = {
    id: String(store.data.counters.worklog++),
    authorKey: user.key,
    updateAuthorKey: user.key,
    comment: input.comment,
    started: input.started ?? now,
    timeSpentSeconds: input.seconds,
    created: now,
    updated: now,
  };
  const spent = (issue.timeSpent ?? 0) + input.seconds;
  const seconds = (v: number | null): string | null => (v === null ? null : String(v));
  // Jira's history of a worklog: the time spent, the estimate, and the worklog id.
  const items = [
    changeItem(
      'timespent',
      'timespent',
      seconds(issue.timeSpent),
      seconds(issue.timeSpent),
      String(spent),
      String(spent),
    ),
  ];
  if (estimate !== issue.timeEstimate) {
    items.push(
      changeItem(
        'timeestimate',
        'timeestimate',
        seconds(issue.timeEstimate),
        seconds(issue.timeEstimate),
        seconds(estimate),
        seconds(estimate),
      ),
    );
  }
  items.push(changeItem('WorklogId', 'worklogId', null, null, worklog.id, worklog.id));
  issue.worklogs.push(worklog);
  issue.timeSpent = spent;
  issue.timeEstimate = estimate;
  recordHistory(store, issue, user, items, now);
  return ok(worklogJson(worklog, issue, ctx), 201);
}
