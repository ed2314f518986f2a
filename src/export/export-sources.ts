// The three exports as header plus row batches: issues (one row per issue,
// the asked fields flattened into columns), status history (one row per
// status change) and worklogs (one row per worklog). Each reads Jira a page
// at a time through `call` (which charges the token's budget and maps Jira's
// failures), so only one page is held in memory.
import type { Scope } from '../auth/scopes.ts';
import { gatewayError } from '../errors.ts';
import { readActivityPage } from '../jira/issue-activity-reads.ts';
import { type JiraJson, list, numOrNull, obj, str, strOrNull } from '../jira/json.ts';
import { statusChanges } from '../jira/status-history.ts';
import { plainText } from '../schema/rich-text.ts';
import { isoTimestamp, jiraDate } from '../schema/timestamps.ts';
import {
  type Cell,
  customField,
  DEFAULT_FIELDS,
  type ExportColumn,
  type ExportField,
  SYSTEM_FIELDS,
} from './issue-columns.ts';
import { type ExportCall, issuePages } from './issue-pages.ts';

export interface ExportSource {
  columns: string[];
  /** Row batches, one per Jira page, in Jira's order. */
  rows: AsyncGenerator<Cell[][]>;
}

export interface SearchInput {
  call: ExportCall;
  /** The JQL as Jira must run it (narrowed to the token's projects). */
  jql: string;
  projects: readonly string[] | null;
  /** The token's scopes, implications applied. */
  held: ReadonlySet<Scope>;
}

// ---------------------------------------------------------------- fields

/** Other names the system fields go by (GraphQL's, Jira's display names), lower-cased. */
const ALIASES: Record<string, string> = {
  type: 'issuetype',
  'issue type': 'issuetype',
  resolutiondate: 'resolutiondate',
  resolved: 'resolutiondate',
  'due date': 'duedate',
  fixversion: 'fixVersions',
  'fix versions': 'fixVersions',
  'affects versions': 'versions',
  originalestimate: 'timeoriginalestimate',
  remainingestimate: 'timeestimate',
};

const SYSTEM_BY_NAME = new Map(SYSTEM_FIELDS.map((f) => [f.name.toLowerCase(), f]));

function systemField(name: string): ExportField | undefined {
  const lower = name.toLowerCase();
  return SYSTEM_BY_NAME.get(lower) ?? SYSTEM_BY_NAME.get((ALIASES[lower] ?? '').toLowerCase());
}

/** Jira's custom fields (GET /field), one Jira call. */
export async function customFields(call: ExportCall): Promise<JiraJson[]> {
  const raw = await call((jira) => jira.read<unknown>(`${jira.apiPrefix}/field`));
  return list(raw)
    .map(obj)
    .filter((f) => f.custom === true);
}

/** The fields named in `fields=` (system ids or aliases, custom names or ids); refuses unknown and ambiguous ones. */
export async function resolveFields(names: readonly string[], call: ExportCall): Promise<ExportField[]> {
  let catalog: JiraJson[] | null = null;
  const out: ExportField[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const known = systemField(name);
    if (known) {
      out.push(known);
      continue;
    }
    catalog ??= await customFields(call);
    const lower = name.toLowerCase();
    const matches = catalog.filter((f) => str(f.id) === name || str(f.name).toLowerCase() === lower);
    if (matches.length > 1) {
      throw gatewayError(
        'BAD_USER_INPUT',
        `Several custom fields are named '${name}' (${matches.map((f) => str(f.id)).join(', ')}): name one by its id.`,
      );
    }
    const match = matches[0];
    if (match) out.push(customField(match));
    else unknown.push(name);
  }

  if (unknown.length > 0) {
    throw gatewayError(
      'BAD_USER_INPUT',
      `Unknown fields: ${unknown.join(', ')}. GET /export lists the fields this token can export.`,
      { unknownFields: unknown },
    );
  }
  return deduplicated(out);
}

/** The same field named twice (by name and by id, or in two cases) gives its columns once. */
function deduplicated(fields: readonly ExportField[]): ExportField[] {
  const seen = new Set<string>();
  return fields.filter((f) => {
    const key = `${f.custom}:${f.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Refuses fields the token's scopes do not cover (INSUFFICIENT_SCOPE, naming the scopes). */
export function assertCovered(fields: readonly ExportField[], held: ReadonlySet<Scope>): void {
  const missing = [...new Set(fields.flatMap((f) => f.scopes.filter((s) => !held.has(s))))];
  if (missing.length === 0) return;
  const names = fields.filter((f) => f.scopes.some((s) => !held.has(s))).map((f) => f.name);
  throw gatewayError(
    'INSUFFICIENT_SCOPE',
    `This token may not export ${names.join(', ')}: that needs ${missing.join(' and ')}.`,
    { requiredScopes: missing },
  );
}

// ---------------------------------------------------------------- issues

/**
 * Columns with distinct headers: a custom field named like another column
 * (a custom "Status", or "assignee.id") gets its id added, so no header is
 * given twice (a JSON Lines key would overwrite the other).
 */
export function uniqueNames(columns: readonly (ExportColumn & { field: ExportField })[]): ExportColumn[] {
  const taken = new Set<string>();
  return columns.map(({ field, ...column }) => {
    let name = column.name;
    if (taken.has(name.toLowerCase())) name = `${name} (${field.id})`;
    taken.add(name.toLowerCase());
    return { ...column, name };
  });
}

export interface IssuesInput extends SearchInput {
  /** The asked field names; null for DEFAULT_FIELDS. */
  names: readonly string[] | null;
  /** Only issues updated at or after this. */
  updatedSince: Date | null;
}

export async function issuesSource(input: IssuesInput): Promise<ExportSource> {
  const names =
    input.names ?? DEFAULT_FIELDS.filter((n) => systemField(n)?.scopes.every((s) => input.held.has(s)));
  const fields = await resolveFields(names, input.call);
  assertCovered(fields, input.held);
  const columns = uniqueNames(fields.flatMap((f) => f.columns(input.held).map((c) => ({ ...c, field: f }))));
  const jiraFields = new Set(fields.flatMap((f) => f.jiraFields));
  const since = input.updatedSince?.getTime() ?? null;
  if (since !== null) jiraFields.add('updated');
  const pages = issuePages(input.call, {
    jql: input.jql,
    projects: input.projects,
    plan: { fields: [...jiraFields], expand: [] },
  });
  async function* rows(): AsyncGenerator<Cell[][]> {
    for await (const issues of pages) {
      const kept =
        since === null
          ? issues
          : issues.filter((i) => (jiraDate(obj(i.fields).updated)?.getTime() ?? 0) >= since);
      yield kept.map((issue) => columns.map((c) => c.value(issue)));
    }
  }
  return { columns: columns.map((c) => c.name), rows: rows() };
}

// ---------------------------------------------------------------- status history

export const STATUS_HISTORY_COLUMNS = [
  'key',
  'from',
  'to',
  'at',
  'by',
  'by.id',
  'secondsInFrom',
  'hoursInFrom',
] as const;

const hours = (seconds: number): number => Math.round((seconds / 3600) * 1e4) / 1e4;

/** Issues per Data Center page when each carries its changelog. */
const CHANGELOG_ISSUES_PAGE = 250;

/** Cloud's bulk changelog takes up to 1,000 issues and answers up to 10,000 histories a page. */
const BULK_CHANGELOG_PAGE = 1000;

/** Cloud: the status histories of a page of issues, by issue id, through POST /changelog/bulkfetch. */
async function bulkStatusHistories(
  call: ExportCall,
  ids: readonly string[],
): Promise<Map<string, JiraJson[]>> {
  const byIssue = new Map<string, JiraJson[]>();
  let token: string | null = null;
  do {
    const answer: JiraJson = obj(
      await call((jira) =>
        jira.read<unknown>(`${jira.apiPrefix}/changelog/bulkfetch`, {
          body: {
            issueIdsOrKeys: ids,
            fieldIds: ['status'],
            maxResults: BULK_CHANGELOG_PAGE,
            ...(token ? { nextPageToken: token } : {}),
          },
        }),
      ),
    );
    for (const log of list(answer.issueChangeLogs).map(obj)) {
      const id = str(log.issueId);
      const histories = byIssue.get(id) ?? [];
      histories.push(...list(log.changeHistories).map(obj));
      byIssue.set(id, histories);
    }
    token =
      typeof answer.nextPageToken === 'string' && answer.nextPageToken !== '' ? answer.nextPageToken : null;
  } while (token !== null);
  return byIssue;
}

export function statusHistorySource(input: SearchInput & { flavor: 'datacenter' | 'cloud' }): ExportSource {
  // Data Center embeds every history in a search's changelog expand; Cloud only the latest, so it asks the bulk endpoint.
  const pages = issuePages(input.call, {
    jql: input.jql,
    projects: input.projects,
    plan: { fields: ['created'], expand: input.flavor === 'datacenter' ? ['changelog'] : [] },
    // Each issue brings its whole changelog on Data Center: smaller pages keep Jira's answers (and ours) small.
    ...(input.flavor === 'datacenter' ? { pageSize: CHANGELOG_ISSUES_PAGE } : {}),
  });
  async function* rows(): AsyncGenerator<Cell[][]> {
    for await (const issues of pages) {
      const histories =
        input.flavor === 'cloud'
          ? await bulkStatusHistories(
              input.call,
              issues.map((i) => str(i.id)),
            )
          : null;
      const out: Cell[][] = [];
      for (const issue of issues) {
        const created = jiraDate(obj(issue.fields).created) ?? new Date(0);
        const raw = histories
          ? (histories.get(str(issue.id)) ?? [])
          : list(obj(issue.changelog).histories).map(obj);
        for (const change of statusChanges(created, raw)) {
          out.push([
            str(issue.key),
            change.from,
            change.to,
            isoTimestamp(change.at),
            change.by ? (strOrNull(change.by.displayName) ?? null) : null,
            change.by ? (strOrNull(change.by.accountId) ?? strOrNull(change.by.key)) : null,
            change.secondsInFrom,
            hours(change.secondsInFrom),
          ]);
        }
      }
      yield out;
    }
  }
  return { columns: [...STATUS_HISTORY_COLUMNS], rows: rows() };
}

// ---------------------------------------------------------------- worklogs

export interface WorklogsInput extends SearchInput {
  /** Worklogs started at or after this. */
  startedAfter: Date | null;
  /** Worklogs started before this. */
  startedBefore: Date | null;
}

/** Worklogs per issue beyond what Jira embeds are read this many at a time. */
const WORKLOG_PAGE = 1000;

/** Every worklog of an issue: the embedded page, and the rest from /issue/{key}/worklog when Jira embedded fewer. */
async function worklogsOf(call: ExportCall, issue: JiraJson): Promise<JiraJson[]> {
  const embedded = obj(obj(issue.fields).worklog);
  const items = list(embedded.worklogs).map(obj);
  const total = numOrNull(embedded.total) ?? items.length;
  if (items.length >= total) return items;
  const all: JiraJson[] = [];
  for (;;) {
    const page = await call((jira) =>
      readActivityPage(jira, {
        kind: 'worklog',
        issue: str(issue.key) || str(issue.id),
        startAt: all.length,
        maxResults: WORKLOG_PAGE,
        rendered: false,
      }),
    );
    // Data Center answers every worklog at once whatever startAt says.
    if (page.startAt === 0 && all.length > 0) return page.items;
    all.push(...page.items);
    if (page.items.length === 0 || all.length >= page.total) return all;
  }
}

export function worklogsSource(input: WorklogsInput): ExportSource {
  const columns = ['key', 'id', 'author', 'author.id'];
  const withEmail = input.held.has('users:email');
  if (withEmail) columns.push('author.email');
  columns.push('started', 'seconds', 'hours', 'comment');
  const after = input.startedAfter?.getTime() ?? Number.NEGATIVE_INFINITY;
  const before = input.startedBefore?.getTime() ?? Number.POSITIVE_INFINITY;
  const pages = issuePages(input.call, {
    jql: input.jql,
    projects: input.projects,
    plan: { fields: ['worklog'], expand: [] },
  });
  async function* rows(): AsyncGenerator<Cell[][]> {
    for await (const issues of pages) {
      const out: Cell[][] = [];
      for (const issue of issues) {
        for (const w of await worklogsOf(input.call, issue)) {
          const started = jiraDate(w.started);
          const at = started?.getTime() ?? Number.NaN;
          if (!(at >= after && at < before)) continue;
          const author = obj(w.author);
          const seconds = numOrNull(w.timeSpentSeconds) ?? 0;
          const row: Cell[] = [
            str(issue.key),
            str(w.id),
            strOrNull(author.displayName),
            strOrNull(author.accountId) ?? strOrNull(author.key),
          ];
          if (withEmail) row.push(strOrNull(author.emailAddress));
          row.push(
            started ? isoTimestamp(started) : null,
            seconds,
            hours(seconds),
            w.comment === undefined || w.comment === null ? null : plainText(w.comment),
          );
          out.push(row);
        }
      }
      yield out;
    }
  }
  return { columns, rows: rows() };
}

// ---------------------------------------------------------------- GET /export

export interface ExportableField {
  name: string;
  id: string;
  custom: boolean;
  type: string;
  columns: string[];
  requiredScopes: Scope[];
  /** Whether this token may export it. */
  available: boolean;
}

/** Every field an issue export can name, with the columns it gives this token and whether the token may. */
export function exportableFields(custom: readonly JiraJson[], held: ReadonlySet<Scope>): ExportableField[] {
  return [...SYSTEM_FIELDS, ...custom.map(customField)].map((f) => ({
    name: f.name,
    id: f.id,
    custom: f.custom,
    type: f.type,
    columns: f.columns(held).map((c) => c.name),
    requiredScopes: [...f.scopes],
    available: f.scopes.every((s) => held.has(s)),
  }));
}
