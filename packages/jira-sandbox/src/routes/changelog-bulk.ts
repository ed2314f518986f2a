// Cloud's POST /changelog/bulkfetch: the change histories of up to 1000
// issues at once, optionally only those touching some fields, oldest first
// (then by issue id), paged by an opaque token. Issues the caller may not see
// (or that do not exist) are left out, as bulkfetch of issues does.
import { createHash } from 'node:crypto';
import {
  asObject,
  jiraError,
  ok,
  platformRoutes,
  type RouteContext,
  type RouteDefinition,
  type RouteResult,
} from '../http.ts';
import type { Flavor, SandboxHistory, SandboxIssue } from '../model.ts';
import { historyJson } from '../representation/issue-sub-resources.ts';

const MAX_ISSUES = 1000;
const MAX_FIELD_IDS = 10;
const DEFAULT_MAX_RESULTS = 1000;
const MAX_RESULTS = 10000;

export function changelogBulkRoutes(flavor: Flavor): RouteDefinition[] {
  return flavor === 'cloud' ? platformRoutes(flavor, 'POST', '/changelog/bulkfetch', bulkChangelog) : [];
}

/** Binds a page token to the request it pages, so a token of another request is refused. */
function fingerprint(refs: readonly string[], fieldIds: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([refs, fieldIds]))
    .digest('base64url')
    .slice(0, 16);
}

function decodeToken(token: string, q: string): number | null {
  try {
    const parsed = asObject(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    const offset = parsed?.o;
    if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) return null;
    return parsed?.q === q ? offset : null;
  } catch {
    return null;
  }
}

function bulkChangelog(ctx: RouteContext): RouteResult {
  const body = asObject(ctx.body) ?? {};
  const refs = Array.isArray(body.issueIdsOrKeys) ? body.issueIdsOrKeys.map(String) : [];
  if (refs.length === 0) return jiraError(400, ['At least one issue ID or key must be provided.']);
  if (refs.length > MAX_ISSUES) {
    return jiraError(400, [
      `A maximum of ${MAX_ISSUES} issue IDs or keys can be requested; got ${refs.length}.`,
    ]);
  }
  const fieldIds = Array.isArray(body.fieldIds) ? body.fieldIds.map(String) : [];
  if (fieldIds.length > MAX_FIELD_IDS) {
    return jiraError(400, [
      `A maximum of ${MAX_FIELD_IDS} field IDs can be requested; got ${fieldIds.length}.`,
    ]);
  }
  const maxResults = typeof body.maxResults === 'number' ? body.maxResults : DEFAULT_MAX_RESULTS;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS) {
    return jiraError(400, [`maxResults must be between 1 and ${MAX_RESULTS}.`]);
  }
  const q = fingerprint(refs, fieldIds);
  let offset = 0;
  if (typeof body.nextPageToken === 'string' && body.nextPageToken !== '') {
    const decoded = decodeToken(body.nextPageToken, q);
    if (decoded === null) return jiraError(400, ['The provided next page token is invalid or expired.']);
    offset = decoded;
  }
  const issues = new Map<string, SandboxIssue>();
  for (const ref of refs) {
    const issue = ctx.store.findIssue(ref);
    if (issue && ctx.store.canSeeIssue(ctx.user, issue)) issues.set(issue.id, issue);
  }
  const wanted = new Set(fieldIds);
  const entries: { issue: SandboxIssue; history: SandboxHistory }[] = [];
  for (const issue of issues.values()) {
    for (const history of issue.changelog) {
      const items =
        wanted.size === 0 ? history.items : history.items.filter((i) => wanted.has(i.fieldId ?? i.field));
      if (items.length > 0) entries.push({ issue, history: { ...history, items } });
    }
  }
  entries.sort((a, b) => a.history.created - b.history.created || Number(a.issue.id) - Number(b.issue.id));
  const page = entries.slice(offset, offset + maxResults);
  // Consecutive histories of one issue share an entry, as Jira groups them.
  const issueChangeLogs: { issueId: string; changeHistories: unknown[] }[] = [];
  for (const { issue, history } of page) {
    const last = issueChangeLogs.at(-1);
    const json = historyJson(history, ctx);
    if (last && last.issueId === issue.id) last.changeHistories.push(json);
    else issueChangeLogs.push({ issueId: issue.id, changeHistories: [json] });
  }
  const next = offset + page.length;
  const out: Record<string, unknown> = { issueChangeLogs };
  if (next < entries.length) {
    out.nextPageToken = Buffer.from(JSON.stringify({ o: next, q })).toString('base64url');
  }
  return ok(out);
}
