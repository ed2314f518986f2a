// Jira's timestamps in, ISO-8601 UTC out. A 100-issue page carries a few
// hundred of them, and the general paths (a regex rewrite before
// `new Date(string)`, then `toISOString`) were a measurable share of a page's
// CPU (BENCHMARKS.md), so the common shapes are read and written by hand.

const digits2 = (s: string, at: number): number => (s.charCodeAt(at) - 48) * 10 + s.charCodeAt(at + 1) - 48;

function isDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** 2026-01-31T10:00:00.000+0000, exactly: what Jira sends on both flavours. */
function parseJiraShape(v: string): Date | null {
  if (v.length !== 28) return null;
  if (v[4] !== '-' || v[7] !== '-' || v[10] !== 'T' || v[13] !== ':' || v[16] !== ':' || v[19] !== '.')
    return null;
  const sign = v[23] === '+' ? 1 : v[23] === '-' ? -1 : 0;
  if (sign === 0) return null;
  if (!isDigits(v, 0, 4) || !isDigits(v, 5, 7) || !isDigits(v, 8, 10) || !isDigits(v, 11, 13)) return null;
  if (!isDigits(v, 14, 16) || !isDigits(v, 17, 19) || !isDigits(v, 20, 23) || !isDigits(v, 24, 28))
    return null;
  const month = digits2(v, 5);
  const day = digits2(v, 8);
  const hour = digits2(v, 11);
  const minute = digits2(v, 14);
  const second = digits2(v, 17);
  // Out of range: leave it to the general parser's verdict (Date.UTC would roll it over).
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const offsetMinutes = sign * (digits2(v, 24) * 60 + digits2(v, 26));
  const utc = Date.UTC(
    digits2(v, 0) * 100 + digits2(v, 2),
    month - 1,
    day,
    hour,
    minute,
    second,
    (v.charCodeAt(20) - 48) * 100 + digits2(v, 21),
  );
  const date = new Date(utc - offsetMinutes * 60_000);
  // 31 February and the like: Date.UTC rolls over, the general parser says invalid.
  return new Date(utc).getUTCDate() === day ? date : null;
}

/** Jira's timestamps: 2026-01-31T10:00:00.000+0000 (no colon in the offset); null if not one. */
export function jiraDate(v: unknown): Date | null {
  if (typeof v !== 'string' || v === '') return null;
  const fast = parseJiraShape(v);
  if (fast !== null) return fast;
  const date = new Date(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(date.getTime()) ? null : date;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** The same text as `date.toISOString()`, e.g. 2026-11-23T15:09:46.000Z. */
export function isoTimestamp(date: Date): string {
  const year = date.getUTCFullYear();
  // Four-digit years only; toISOString handles the rest (and throws on an invalid date).
  if (!(year >= 1000 && year <= 9999)) return date.toISOString();
  return (
    `${year}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}` +
    `T${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}` +
    `.${pad3(date.getUTCMilliseconds())}Z`
  );
}
