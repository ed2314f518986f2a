// The reads behind boards and sprints: Jira Software's agile REST API
// (/rest/agile/1.0), the same on Data Center and Cloud. Its lists page with
// startAt/maxResults and answer at most 50 values a page, so a page asked
// for here is read on until it is full or the list ends.

import { type JiraJson, list, obj } from './json.ts';
import { assertWithinProjects, withProjectField } from './project-guard.ts';
import type { JiraReader } from './reader.ts';

export const AGILE = '/rest/agile/1.0';

export interface AgilePage {
  values: JiraJson[];
  /** Whether values run to the end of the list. */
  isLast: boolean;
  /** Jira counts boards, not sprints. */
  total: number | null;
}

/** Reads `path` from startAt until `maxResults` values came or Jira says the list ended. */
async function readFilled(
  jira: JiraReader,
  path: string,
  query: Record<string, string | number | undefined>,
  startAt: number,
  maxResults: number,
): Promise<AgilePage> {
  const values: JiraJson[] = [];
  let total: number | null = null;
  let isLast = false;
  for (let at = startAt; values.length < maxResults; ) {
    const answer = obj(
      await jira.read<unknown>(path, {
        query: { ...query, startAt: at, maxResults: maxResults - values.length },
      }),
    );
    const got = list(answer.values).map(obj);
    values.push(...got);
    at += got.length;
    if (typeof answer.total === 'number') total = answer.total;
    isLast = answer.isLast === true || got.length === 0 || (total !== null && at >= total);
    if (isLast) break;
  }
  return { values, isLast, total };
}

export interface BoardListRequest {
  startAt: number;
  maxResults: number;
  projectKeyOrId?: string | undefined;
  type?: string | undefined;
}

/** GET /board: the boards the caller may see. */
export function readBoardPage(jira: JiraReader, request: BoardListRequest): Promise<AgilePage> {
  return readFilled(
    jira,
    `${AGILE}/board`,
    { projectKeyOrId: request.projectKeyOrId, type: request.type },
    request.startAt,
    request.maxResults,
  );
}

/** Every board of one project (all pages). */
export async function readAllBoards(
  jira: JiraReader,
  projectKeyOrId: string,
  type: string | undefined,
): Promise<JiraJson[]> {
  const out: JiraJson[] = [];
  for (let startAt = 0; ; ) {
    const page = await readBoardPage(jira, { startAt, maxResults: 50, projectKeyOrId, type });
    out.push(...page.values);
    startAt += page.values.length;
    if (page.isLast || page.values.length === 0) return out;
  }
}

export function readBoard(jira: JiraReader, boardId: string): Promise<JiraJson> {
  return jira.read<JiraJson>(`${AGILE}/board/${encodeURIComponent(boardId)}`);
}

/** GET /board/{id}/sprint: closed, then active, then future sprints; `states` narrows. */
export function readSprintPage(
  jira: JiraReader,
  boardId: string,
  request: { startAt: number; maxResults: number; states: readonly string[] | null },
): Promise<AgilePage> {
  return readFilled(
    jira,
    `${AGILE}/board/${encodeURIComponent(boardId)}/sprint`,
    { state: request.states === null ? undefined : request.states.join(',') },
    request.startAt,
    request.maxResults,
  ).then((page) => ({ ...page, total: null }));
}

export function readSprint(jira: JiraReader, sprintId: string): Promise<JiraJson> {
  return jira.read<JiraJson>(`${AGILE}/sprint/${encodeURIComponent(sprintId)}`);
}

export interface SprintIssuesRequest {
  startAt: number;
  maxResults: number;
  jql: string;
  /**
   * A project-restricted token's projects (null: none). The JQL must already
   * be narrowed to them; every answered issue is checked again here, and one
   * outside them withholds the page (RestrictionBreachError).
   */
  projects: readonly string[] | null;
  fields: readonly string[];
  expand: readonly string[];
}

export interface IssuePage {
  issues: JiraJson[];
  startAt: number;
  total: number;
}

/** GET /sprint/{id}/issue: the sprint's issues the caller may see, in rank order unless the JQL orders. */
export async function readSprintIssues(
  jira: JiraReader,
  sprintId: string,
  request: SprintIssuesRequest,
): Promise<IssuePage> {
  const issues: JiraJson[] = [];
  let total = 0;
  const fields = withProjectField(request.fields.length > 0 ? request.fields : ['id'], request.projects);
  for (let at = request.startAt; issues.length < request.maxResults; ) {
    const answer = obj(
      await jira.read<unknown>(`${AGILE}/sprint/${encodeURIComponent(sprintId)}/issue`, {
        query: {
          jql: request.jql === '' ? undefined : request.jql,
          startAt: at,
          maxResults: request.maxResults - issues.length,
          fields: fields.join(','),
          expand: request.expand.length > 0 ? request.expand.join(',') : undefined,
        },
      }),
    );
    const got = list(answer.issues).map(obj);
    assertWithinProjects(got, request.projects);
    issues.push(...got);
    at += got.length;
    total = typeof answer.total === 'number' ? answer.total : at;
    if (got.length === 0 || at >= total) break;
  }
  return { issues, startAt: request.startAt, total: Math.max(total, request.startAt + issues.length) };
}
