// What adding, editing and deleting a worklog share: reading its fields from
// a request body, the remaining estimate after it (adjustEstimate), and the
// history Jira leaves (time spent, remaining estimate, worklog id), written
// together with the issue's totals.
import { jiraError, type RouteContext, type RouteResult } from '../http.ts';
import type { SandboxChangeItem, SandboxIssue, SandboxUser } from '../model.ts';
import { parseDuration } from '../representation/durations.ts';
import { changeItem, recordHistory } from './issue-history.ts';
import { richTextInput } from './rich-text-input.ts';

/** Jira answers worklog validation failures with this message next to the field error. */
function worklogError(errors: Record<string, string>): RouteResult {
  return jiraError(400, ['Worklog must not be null.'], errors);
}

/** The fields a body sets; null where it leaves a field alone. */
export interface WorklogFields {
  seconds: number | null;
  started: number | null;
  comment: string | null;
}

/** Reads timeSpent / timeSpentSeconds, started and comment; a new worklog
 *  must say how long (`requireTime`), an edit may leave it. */
export function worklogFields(
  ctx: RouteContext,
  body: Record<string, unknown>,
  requireTime: boolean,
): WorklogFields | RouteResult {
  let seconds: number | null = null;
  if (body.timeSpent === undefined && body.timeSpentSeconds === undefined) {
    if (requireTime) return worklogError({ timeLogged: 'You must indicate the time spent working.' });
  } else {
    if (typeof body.timeSpentSeconds === 'number') seconds = Math.round(body.timeSpentSeconds);
    else if (typeof body.timeSpent === 'string') seconds = parseDuration(body.timeSpent);
    if (seconds === null || seconds <= 0)
      return worklogError({ timeLogged: 'Invalid time duration entered.' });
  }
  let started: number | null = null;
  if (body.started !== undefined && body.started !== null) {
    started = typeof body.started === 'string' ? parseJiraDateTime(body.started) : null;
    if (started === null) return worklogError({ started: 'Invalid start date entered.' });
  }
  let comment: string | null = null;
  if (body.comment === null) comment = '';
  else if (body.comment !== undefined) {
    comment = richTextInput(ctx, body.comment);
    if (comment === null) return worklogError({ comment: 'Comment body is not valid!' });
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

/** Which adjustEstimate modes an operation takes, and what `manual` reads:
 *  adding reduces by `reduceBy`, deleting increases by `increaseBy`, editing has no manual mode. */
export type ManualAdjustment = 'reduceBy' | 'increaseBy' | null;

/** The remaining estimate after time spent changes by `spentDelta` seconds
 *  (negative when a worklog shrinks or goes), per adjustEstimate. */
export function estimateAfter(
  ctx: RouteContext,
  issue: SandboxIssue,
  spentDelta: number,
  manual: ManualAdjustment,
): number | null | RouteResult {
  const mode = ctx.query.get('adjustEstimate') ?? 'auto';
  const current = issue.timeEstimate;
  if (mode === 'leave') return current;
  if (mode === 'auto') return current === null ? null : Math.max(0, current - spentDelta);
  if (mode === 'new') {
    const value = parseDuration(ctx.query.get('newEstimate') ?? '');
    return value === null ? jiraError(400, ['You must supply a valid new estimate.']) : value;
  }
  if (mode === 'manual' && manual !== null) {
    const value = parseDuration(ctx.query.get(manual) ?? '');
    if (value === null) {
      return jiraError(400, ['You must supply a valid amount of time to adjust the estimate by.']);
    }
    return manual === 'reduceBy' ? Math.max(0, (current ?? 0) - value) : (current ?? 0) + value;
  }
  return jiraError(400, [`Invalid value for adjustEstimate: '${mode}'.`]);
}

/** Sets the issue's time spent and remaining estimate and records Jira's
 *  history of it: time spent and estimate as they changed, and the worklog id
 *  (from null when added, to null when deleted). Nothing changed, no history. */
export function recordWorklogTime(
  store: RouteContext['store'],
  issue: SandboxIssue,
  user: SandboxUser,
  change: {
    spent: number | null;
    estimate: number | null;
    worklogFrom: string | null;
    worklogTo: string | null;
  },
  at: number,
): void {
  const seconds = (v: number | null): string | null => (v === null ? null : String(v));
  const items: SandboxChangeItem[] = [];
  const spentBefore = seconds(issue.timeSpent);
  const estimateBefore = seconds(issue.timeEstimate);
  if (change.spent !== issue.timeSpent) {
    items.push(
      changeItem(
        'timespent',
        'timespent',
        spentBefore,
        spentBefore,
        seconds(change.spent),
        seconds(change.spent),
      ),
    );
  }
  if (change.estimate !== issue.timeEstimate) {
    items.push(
      changeItem(
        'timeestimate',
        'timeestimate',
        estimateBefore,
        estimateBefore,
        seconds(change.estimate),
        seconds(change.estimate),
      ),
    );
  }
  if (items.length > 0 || change.worklogFrom === null) {
    items.push(
      changeItem(
        'WorklogId',
        'worklogId',
        change.worklogFrom,
        change.worklogFrom,
        change.worklogTo,
        change.worklogTo,
      ),
    );
  }
  issue.timeSpent = change.spent;
  issue.timeEstimate = change.estimate;
  recordHistory(store, issue, user, items, at);
}
