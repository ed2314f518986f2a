// An issue's status history, read from its changelog: one change per
// history item whose field is the status, oldest first, each with how long
// the issue had been in the status it left; and from those, the time spent
// in each status. GraphQL-free: Issue.statusHistory / Issue.timeInStatus and
// the status-history export both read it.
import { type JiraJson, list, obj, objOrNull, str, strOrNull } from './json.ts';

export interface StatusChange {
  /** The status left (its name); null only if Jira's change item named none. */
  from: string | null;
  to: string;
  at: Date;
  /** The user who made the change, as Jira embeds users; null when made anonymously or by Jira itself. */
  by: JiraJson | null;
  /** Seconds spent in `from`: since the previous status change, or since the issue was created. */
  secondsInFrom: number;
}

export interface StatusTime {
  status: string;
  /** Whole seconds spent in the status, up to `now` for the status the issue is in. */
  seconds: number;
  /** How many times the issue entered the status (its first status counts creation as an entry). */
  entries: number;
  current: boolean;
}

/** A Jira timestamp (2026-01-31T10:00:00.000+0000: no colon in the offset, which Date wants); null if not one. */
function jiraTime(v: unknown): Date | null {
  if (typeof v !== 'string' || v === '') return null;
  const date = new Date(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Whether a change item is the status (Cloud names it by fieldId, Data Center by field). */
function isStatusItem(item: JiraJson): boolean {
  return item.fieldId === 'status' || (item.fieldId === undefined && item.field === 'status');
}

/** The status changes of these change histories (any order), oldest first. */
export function statusChanges(created: Date, histories: readonly JiraJson[]): StatusChange[] {
  const found: { at: Date; id: number; from: string | null; to: string; by: JiraJson | null }[] = [];
  for (const history of histories) {
    const at = jiraTime(history.created);
    if (at === null) continue;
    for (const item of list(history.items).map(obj)) {
      if (!isStatusItem(item)) continue;
      found.push({
        at,
        id: Number(str(history.id)) || 0,
        from: strOrNull(item.fromString),
        to: strOrNull(item.toString) ?? '',
        by: objOrNull(history.author),
      });
    }
  }
  found.sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
  let since = created.getTime();
  return found.map(({ at, from, to, by }) => {
    const secondsInFrom = Math.max(0, Math.round((at.getTime() - since) / 1000));
    since = at.getTime();
    return { from, to, at, by, secondsInFrom };
  });
}

/**
 * Time in each status, in the order the issue first entered them: the first
 * status (the first change's `from`, or the current status when it never
 * changed) from creation, each later one from its change, and the current one
 * until `now`.
 */
export function timeInStatus(
  created: Date,
  changes: readonly StatusChange[],
  currentStatus: string,
  now: Date,
): StatusTime[] {
  const times = new Map<string, StatusTime>();
  const add = (status: string, seconds: number, entered: boolean): void => {
    let t = times.get(status);
    if (!t) {
      t = { status, seconds: 0, entries: 0, current: false };
      times.set(status, t);
    }
    t.seconds += seconds;
    if (entered) t.entries++;
  };
  const first = changes[0]?.from ?? currentStatus;
  add(first, 0, true);
  for (const change of changes) {
    add(change.from ?? first, change.secondsInFrom, false);
    add(change.to, 0, true);
  }
  const last = changes.at(-1);
  const since = last ? last.at.getTime() : created.getTime();
  const status = last ? last.to : first;
  add(status, Math.max(0, Math.round((now.getTime() - since) / 1000)), false);
  const current = times.get(status);
  if (current) current.current = true;
  return [...times.values()];
}
