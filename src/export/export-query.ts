// What an export request asks for, read from its query string: the JQL (with
// updatedSince folded in), the fields and the CSV options. Bad input is
// refused with BAD_USER_INPUT before anything is sent; the JQL then passes
// the same gate as GraphQL's (schema/project-restriction.ts callerJql).
import { gatewayError } from '../errors.ts';
import { andClause, jqlString } from '../jira/jql-restriction.ts';
import { splitCallerJql } from '../schema/project-restriction.ts';

/** `name=true|false|1|0|yes|no`, or `fallback` when absent. */
export function flag(params: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  const v = raw.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  throw gatewayError('BAD_USER_INPUT', `${name} must be true or false, not '${raw}'.`);
}

/** An ISO-8601 date or timestamp parameter, or null when absent. */
export function instant(params: URLSearchParams, name: string): Date | null {
  const raw = params.get(name);
  if (raw === null || raw === '') return null;
  // A date alone is midnight UTC; a timestamp needs its offset (or Z), or it would be the server's local time.
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;
  const date = iso.test(raw) ? new Date(raw) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    throw gatewayError(
      'BAD_USER_INPUT',
      `${name} must be an ISO-8601 date or timestamp with its offset, e.g. 2026-12-01 or 2026-12-01T08:00:00Z; got '${raw}'.`,
    );
  }
  return date;
}

/** The names in `fields=` (comma lists, repeatable), in order, without repeats; null when absent. */
export function fieldNames(params: URLSearchParams): string[] | null {
  const all = params.getAll('fields');
  if (all.length === 0) return null;
  const names = all
    .flatMap((v) => v.split(','))
    .map((n) => n.trim())
    .filter((n) => n !== '');
  return names.length === 0 ? null : [...new Set(names)];
}

/**
 * The JQL with a clause ANDed to it, ahead of its ORDER BY: `<clause> AND
 * (<where>) ORDER BY ...`. The caller's clauses are bracketed, as the project
 * restriction does; the result goes through that gate afterwards.
 */
export function andJql(jql: string, clause: string): string {
  return andClause(jql, splitCallerJql(jql), clause);
}

/**
 * The JQL clause that narrows a search to issues updated since `since`. JQL
 * dates have minute precision and are read in the Jira user's own time zone,
 * so the clause is a day early (no zone is more than 14 h off UTC) and the
 * rows are filtered exactly by their `updated` afterwards.
 */
export function updatedSinceClause(since: Date): string {
  const dayBefore = new Date(since.getTime() - 86_400_000).toISOString().slice(0, 10);
  return `updated >= ${jqlString(dayBefore)}`;
}
