// Worklog writes over a caller's JiraWriter, on both flavours: log work,
// read one worklog fresh, edit and delete it, each with Jira's adjustment of
// the issue's remaining estimate (adjustEstimate and its companions are
// query parameters). Bodies are Jira's own shapes, built by the GraphQL
// layer; nothing here knows GraphQL.
import type { JiraQueryValue } from './client.ts';
import { type JiraJson, obj } from './json.ts';
import type { JiraWriter, WriteRequest } from './writer.ts';

/**
 * How Jira moves the remaining estimate: auto (by the time logged, the
 * default), leave it, set a new one, or (adding and deleting only) change it
 * by an amount. Durations are Jira's notation ("2d 4h").
 */
export type EstimateAdjustment =
  | { mode: 'auto' }
  | { mode: 'leave' }
  | { mode: 'new'; newEstimate: string }
  | { mode: 'manual'; by: string };

/** The worklog fields a write sets; a field left out is unchanged on an edit. */
export interface WorklogWrite {
  /** A Jira duration ("1h 30m"): Jira reads days and weeks by its own settings. */
  timeSpent?: string;
  timeSpentSeconds?: number;
  /** Jira's write format, 2026-01-31T10:00:00.000+0000. */
  started?: string;
  /** A wiki string or an ADF document. */
  comment?: unknown;
}

type Prefix = WriteRequest['apiPrefix'];

const worklogsPath = (issueKey: string): string => `/issue/${encodeURIComponent(issueKey)}/worklog`;
const worklogPath = (issueKey: string, id: string): string =>
  `${worklogsPath(issueKey)}/${encodeURIComponent(id)}`;

/** adjustEstimate and its value; `manual` names its amount reduceBy (adding) or increaseBy (deleting). */
function adjustmentQuery(
  adjustment: EstimateAdjustment | undefined,
  manualParam: 'reduceBy' | 'increaseBy' | null,
): Record<string, JiraQueryValue> {
  if (!adjustment) return {};
  switch (adjustment.mode) {
    case 'auto':
    case 'leave':
      return { adjustEstimate: adjustment.mode };
    case 'new':
      return { adjustEstimate: 'new', newEstimate: adjustment.newEstimate };
    case 'manual':
      // The GraphQL layer offers manual only where Jira takes it; this is the last guard.
      if (manualParam === null) throw new Error('Jira takes no manual estimate adjustment here');
      return { adjustEstimate: 'manual', [manualParam]: adjustment.by };
  }
}

function request(query: Record<string, JiraQueryValue>, body: unknown, apiPrefix: Prefix): WriteRequest {
  return {
    ...(Object.keys(query).length > 0 ? { query } : {}),
    ...(body !== undefined ? { body } : {}),
    ...(apiPrefix ? { apiPrefix } : {}),
  };
}

/** POST .../worklog: the worklog Jira made. */
export async function addWorklog(
  jira: JiraWriter,
  issueKey: string,
  write: WorklogWrite,
  adjustment?: EstimateAdjustment,
  apiPrefix?: Prefix,
): Promise<JiraJson> {
  const query = adjustmentQuery(adjustment, 'reduceBy');
  return obj(await jira.write<unknown>('POST', worklogsPath(issueKey), request(query, write, apiPrefix)));
}

/** GET .../worklog/{id} past the cache, in the flavour's own dialect. */
export async function readWorklog(jira: JiraWriter, issueKey: string, id: string): Promise<JiraJson> {
  return obj(await jira.readFresh<unknown>(worklogPath(issueKey, id)));
}

/** PUT .../worklog/{id}: changes what `write` names; answers the worklog. Jira has no manual mode here. */
export async function updateWorklog(
  jira: JiraWriter,
  issueKey: string,
  id: string,
  write: WorklogWrite,
  adjustment?: EstimateAdjustment,
  apiPrefix?: Prefix,
): Promise<JiraJson> {
  const query = adjustmentQuery(adjustment, null);
  return obj(await jira.write<unknown>('PUT', worklogPath(issueKey, id), request(query, write, apiPrefix)));
}

/** DELETE .../worklog/{id} (204). */
export async function deleteWorklog(
  jira: JiraWriter,
  issueKey: string,
  id: string,
  adjustment?: EstimateAdjustment,
): Promise<void> {
  const query = adjustmentQuery(adjustment, 'increaseBy');
  await jira.write<unknown>('DELETE', worklogPath(issueKey, id), request(query, undefined, undefined));
}
