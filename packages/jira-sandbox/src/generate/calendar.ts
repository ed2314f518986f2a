// The generator's clock: a fixed "now" and the units it counts in, so that no
// generated date depends on the wall clock.

/** "Now" of every generated dataset (2026-11-01T00:00Z), independent of the wall clock. */
export const SANDBOX_NOW = Date.UTC(2026, 10, 1);

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** Issues are created over this many days before now. */
export const HISTORY_DAYS = 730;

/** yyyy-mm-dd in UTC. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
