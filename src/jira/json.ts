// Jira's loosely typed JSON, read without `any`: one name for a JSON object
// as Jira sent it, and small, total accessors that never throw.

/** A JSON object as Jira sent it: an issue, a project, a page of a list... */
export type JiraJson = Record<string, unknown>;

export function obj(v: unknown): JiraJson {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JiraJson) : {};
}

export function objOrNull(v: unknown): JiraJson | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JiraJson) : null;
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

export function strOrNull(v: unknown): string | null {
  return v === undefined || v === null ? null : typeof v === 'string' ? v : String(v);
}

export function numOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
