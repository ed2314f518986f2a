// The reads behind projects: one project in full (GET /project/{key}), its
// statuses per issue type, and the caller's project list, which Data Center
// answers whole (GET /project) and Cloud pages (GET /project/search).
import { type JiraJson, list, obj } from './json.ts';
import type { JiraReader } from './reader.ts';

/** What Cloud's /project/search pages at most; Data Center answers every project at once. */
export const PROJECT_PAGE_MAX = 100;

/** GET /project/{key}: the project with description, lead, components, issue types and versions. */
export function readProject(jira: JiraReader, keyOrId: string): Promise<JiraJson> {
  return jira.read<JiraJson>(`${jira.apiPrefix}/project/${encodeURIComponent(keyOrId)}`);
}

/** GET /project/{key}/statuses: per issue type, the statuses of its workflow. */
export async function readProjectStatuses(jira: JiraReader, keyOrId: string): Promise<JiraJson[]> {
  const answer = await jira.read<unknown>(
    `${jira.apiPrefix}/project/${encodeURIComponent(keyOrId)}/statuses`,
  );
  return list(answer).map(obj);
}

export interface ProjectListRequest {
  startAt: number;
  maxResults: number;
  /** Only these project keys (a project-restricted token); null for every project. */
  keys: readonly string[] | null;
  /** Jira `expand`s for the list items (description, lead, url): saves a request per project where Jira honours them. */
  expand: readonly string[];
}

export interface ProjectListPage {
  values: JiraJson[];
  startAt: number;
  total: number;
}

/**
 * One page of the projects the caller may browse, ordered by key. Data Center
 * has no paged list, so its whole answer is paged here; Cloud pages itself
 * (and may answer fewer than asked, which callers treat as "more may follow"
 * only while startAt + values < total).
 */
export async function readProjectPage(
  jira: JiraReader,
  request: ProjectListRequest,
): Promise<ProjectListPage> {
  const expand = request.expand.length > 0 ? request.expand.join(',') : undefined;
  const wanted = request.keys === null ? null : new Set(request.keys.map((k) => k.toUpperCase()));
  if (jira.flavor === 'datacenter') {
    const answer = await jira.read<unknown>(`${jira.apiPrefix}/project`, { query: { expand } });
    const all = list(answer)
      .map(obj)
      .filter((p) => wanted === null || wanted.has(String(p.key).toUpperCase()))
      .sort((a, b) => String(a.key).localeCompare(String(b.key)));
    return {
      values: all.slice(request.startAt, request.startAt + request.maxResults),
      startAt: request.startAt,
      total: all.length,
    };
  }
  if (wanted !== null && wanted.size === 0) return { values: [], startAt: request.startAt, total: 0 };
  // Jira may answer fewer than asked for: read on until the page is full or the list ends.
  const values: JiraJson[] = [];
  let total = 0;
  for (let at = request.startAt; values.length < request.maxResults; ) {
    const answer = obj(
      await jira.read<unknown>(`${jira.apiPrefix}/project/search`, {
        query: {
          startAt: at,
          maxResults: Math.min(request.maxResults - values.length, PROJECT_PAGE_MAX),
          orderBy: 'key',
          keys: wanted === null ? undefined : [...wanted].sort(),
          expand,
        },
      }),
    );
    const got = list(answer.values).map(obj);
    values.push(...got);
    at += got.length;
    total = typeof answer.total === 'number' ? answer.total : at;
    if (got.length === 0 || answer.isLast === true || at >= total) break;
  }
  return { values, startAt: request.startAt, total: Math.max(total, request.startAt + values.length) };
}
