// Durations in Jira's notation ("1w 2d 3h 30m"): seconds as Jira prints them,
// and what a user may type.

const MINUTE = 60;
const HOUR = 60 * MINUTE;
/** Jira's default time tracking: 8-hour days, 5-day weeks. */
const DAY = 8 * HOUR;
const WEEK = 5 * DAY;
const DURATION_UNITS: ReadonlyArray<[string, number]> = [
  ['w', WEEK],
  ['d', DAY],
  ['h', HOUR],
  ['m', MINUTE],
];

/** Seconds as Jira prints durations: "1w 2d 3h 30m", "0m" for zero. */
export function formatDuration(seconds: number): string {
  let left = Math.max(0, Math.round(seconds / MINUTE) * MINUTE);
  const parts: string[] = [];
  for (const [unit, size] of DURATION_UNITS) {
    const n = Math.floor(left / size);
    if (n > 0) parts.push(`${n}${unit}`);
    left -= n * size;
  }
  return parts.length > 0 ? parts.join(' ') : '0m';
}

/** "1h 30m", "2d", "1.5h" or a bare number of minutes; null when invalid. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * MINUTE);
  if (!/^(\d+(\.\d+)?\s*[wdhm]\s*)+$/.test(trimmed)) return null;
  let seconds = 0;
  for (const m of trimmed.matchAll(/(\d+(?:\.\d+)?)\s*([wdhm])/g)) {
    const size = DURATION_UNITS.find(([unit]) => unit === m[2])?.[1] ?? 0;
    seconds += Number(m[1]) * size;
  }
  return Math.round(seconds);
}
