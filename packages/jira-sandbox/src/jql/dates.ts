// JQL date values and date functions, evaluated in UTC against the context's
// "now" so results are reproducible (real Jira uses the user's time zone).

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

const PERIOD_UNITS: Record<string, number> = { w: WEEK, d: DAY, h: HOUR, m: MINUTE };

/**
 * Parses a date operand: yyyy-MM-dd or yyyy/MM/dd with optional HH:mm, a
 * period relative to now ("-5d", "4w 2d", "1h", "-30m"), or epoch
 * milliseconds. Returns null when the value is not a valid date.
 */
export function parseDateValue(value: string, now: number): number | null {
  const text = value.trim();
  const absolute = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(text);
  if (absolute) {
    const [, y, , mo, d, h, mi] = absolute;
    return utc(
      Number(y),
      Number(mo),
      Number(d),
      h === undefined ? 0 : Number(h),
      mi === undefined ? 0 : Number(mi),
    );
  }
  const period = /^([-+])?\s*((?:\d+\s*[wdhmWDHM]\s*)+)$/.exec(text);
  if (period) {
    let total = 0;
    for (const part of period[2]!.matchAll(/(\d+)\s*([a-zA-Z])/g)) {
      total += Number(part[1]) * PERIOD_UNITS[part[2]!.toLowerCase()]!;
    }
    return now + (period[1] === '-' ? -total : total);
  }
  // Jira also accepts a bare number as epoch milliseconds.
  if (/^-?\d+$/.test(text)) return Number(text);
  return null;
}

/** A yyyy-mm-dd due date as UTC midnight, or null. */
export function dueDateMillis(date: string | null): number | null {
  if (date === null) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? utc(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0) : null;
}

function utc(y: number, mo: number, d: number, h: number, mi: number): number | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi);
  // Reject 2026-02-30 rather than rolling it over, as a strict parser would.
  if (new Date(ms).getUTCDate() !== d) return null;
  return ms;
}

type Unit = 'y' | 'M' | 'w' | 'd' | 'h' | 'm';

interface DateFunctionSpec {
  /** Canonical name (functions match case-insensitively). */
  name: string;
  /** The period the function snaps to; null for now(). */
  period: 'd' | 'w' | 'M' | 'y' | null;
  edge: 'start' | 'end' | null;
}

export const DATE_FUNCTIONS: readonly DateFunctionSpec[] = [
  { name: 'now', period: null, edge: null },
  { name: 'startOfDay', period: 'd', edge: 'start' },
  { name: 'endOfDay', period: 'd', edge: 'end' },
  { name: 'startOfWeek', period: 'w', edge: 'start' },
  { name: 'endOfWeek', period: 'w', edge: 'end' },
  { name: 'startOfMonth', period: 'M', edge: 'start' },
  { name: 'endOfMonth', period: 'M', edge: 'end' },
  { name: 'startOfYear', period: 'y', edge: 'start' },
  { name: 'endOfYear', period: 'y', edge: 'end' },
];

export interface Increment {
  amount: number;
  unit: Unit;
}

/** Parses a date function's "(+/-)n(yMwdhm)" argument; unitless means the function's own period. */
export function parseIncrement(arg: string, defaultUnit: Unit): Increment | null {
  const m = /^\s*([-+])?\s*(\d+)\s*([yMwdhm])?\s*$/.exec(arg);
  if (!m) return null;
  const amount = Number(m[2]) * (m[1] === '-' ? -1 : 1);
  return { amount, unit: (m[3] as Unit | undefined) ?? defaultUnit };
}

function add(ms: number, { amount, unit }: Increment): number {
  if (unit === 'm') return ms + amount * MINUTE;
  if (unit === 'h') return ms + amount * HOUR;
  if (unit === 'd') return ms + amount * DAY;
  if (unit === 'w') return ms + amount * WEEK;
  // Months and years are calendar arithmetic, clamping the day (Jan 31 + 1M = Feb 28).
  const date = new Date(ms);
  const months = unit === 'M' ? amount : amount * 12;
  const targetMonth = date.getUTCMonth() + months;
  const y = date.getUTCFullYear() + Math.floor(targetMonth / 12);
  const mo = ((targetMonth % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
  return Date.UTC(
    y,
    mo,
    Math.min(date.getUTCDate(), lastDay),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    date.getUTCMilliseconds(),
  );
}

function startOf(ms: number, period: 'd' | 'w' | 'M' | 'y'): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth();
  const day = d.getUTCDate();
  if (period === 'd') return Date.UTC(y, mo, day);
  // Weeks start on Sunday, Jira's default for an English locale.
  if (period === 'w') return Date.UTC(y, mo, day - d.getUTCDay());
  if (period === 'M') return Date.UTC(y, mo, 1);
  return Date.UTC(y, 0, 1);
}

const UNIT_SIZE: Record<Unit, number> = { m: 0, h: 1, d: 2, w: 3, M: 4, y: 5 };

/** Evaluates a date function; `increment` is already validated. */
export function evaluateDateFunction(
  spec: DateFunctionSpec,
  increment: Increment | null,
  now: number,
): number {
  if (spec.period === null) return now;
  const start = startOf(now, spec.period);
  if (spec.edge === 'start') return increment ? add(start, increment) : start;
  // End of period: shift by whole periods first so endOfMonth("+1M") is the
  // last moment of next month, then add finer increments to the end itself.
  const coarse = increment !== null && UNIT_SIZE[increment.unit] >= UNIT_SIZE[spec.period];
  const base = coarse ? add(start, increment) : start;
  const end = add(startOf(base, spec.period), { amount: 1, unit: spec.period }) - 1;
  return increment !== null && !coarse ? add(end, increment) : end;
}
