// Jira Software's agile REST API (/rest/agile/1.0): boards, their sprints and
// the issues in them. Data Center and Cloud answer the same shapes here, so
// one set of handlers serves both flavours. A board is visible to whoever may
// browse its filter's project; a sprint to whoever sees its board or at least
// one of its issues (as the API documentation says).
import {
  isRouteResult,
  jiraError,
  listParam,
  ok,
  type Page,
  pageParams,
  type RouteContext,
  type RouteDefinition,
  type RouteResult,
} from '../http.ts';
import type {
  Flavor,
  SandboxBoard,
  SandboxIssue,
  SandboxProject,
  SandboxSprint,
  SprintState,
} from '../model.ts';
import { parseExpand, parseFieldSelection } from '../representation/field-selection.ts';
import {
  type IssueJsonOptions,
  issueJson,
  SEARCH_ISSUE_EXPANDABLE,
  singleIssueOptions,
} from '../representation/issue.ts';
import { namesAndSchema, searchAsCaller } from './jql-search.ts';

const AGILE = '/rest/agile/1.0';

/** An agile list's maxResults when the request names none. */
const AGILE_DEFAULT_MAX_RESULTS = 50;

/** Board and sprint pages never hold more than 50 values, whatever maxResults asks for. */
const AGILE_PAGE_CAP = 50;

const NO_BOARD = 'Board does not exist or you do not have permission to see it.';
const NO_ISSUE = 'Issue does not exist or you do not have permission to see it.';
const NO_SPRINT =
  'The requested sprint cannot be viewed because it either does not exist or you do not have permission to view it.';

/** Sprint lists come closed first, then active, then future (then backlog position). */
const STATE_ORDER: Record<SprintState, number> = { closed: 0, active: 1, future: 2 };

export function agileRoutes(_flavor: Flavor): RouteDefinition[] {
  return [
    { method: 'GET', path: `${AGILE}/board`, handler: listBoards },
    { method: 'GET', path: `${AGILE}/board/:boardId`, handler: getBoard },
    { method: 'GET', path: `${AGILE}/board/:boardId/issue`, handler: boardIssues },
    { method: 'GET', path: `${AGILE}/board/:boardId/sprint`, handler: listSprints },
    { method: 'GET', path: `${AGILE}/sprint/:sprintId`, handler: getSprint },
    { method: 'GET', path: `${AGILE}/sprint/:sprintId/issue`, handler: sprintIssues },
    { method: 'GET', path: `${AGILE}/issue/:issueIdOrKey`, handler: getIssue },
  ];
}

function slice<T>(all: T[], page: Page): { values: T[]; isLast: boolean } {
  const values = all.slice(page.startAt, page.startAt + page.maxResults);
  return { values, isLast: page.startAt + values.length >= all.length };
}

function boardProject(ctx: RouteContext, board: SandboxBoard): SandboxProject | undefined {
  return ctx.store.projectsById.get(board.projectId);
}

function canSeeBoard(ctx: RouteContext, board: SandboxBoard): boolean {
  const project = boardProject(ctx, board);
  return project !== undefined && ctx.store.canBrowseProject(ctx.user, project);
}

/** The board named by the :boardId path parameter, or Jira's 404 (missing and hidden look alike). */
function visibleBoard(ctx: RouteContext): SandboxBoard | RouteResult {
  const board = ctx.store.boardsById.get(Number(ctx.params.boardId));
  if (!board || !canSeeBoard(ctx, board)) return jiraError(404, [NO_BOARD]);
  return board;
}

function boardJson(ctx: RouteContext, board: SandboxBoard): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: board.id,
    self: `${ctx.baseUrl}${AGILE}/board/${board.id}`,
    name: board.name,
    type: board.type,
  };
  const project = boardProject(ctx, board);
  if (project) {
    const displayName = `${project.name} (${project.key})`;
    out.location = {
      projectId: Number(project.id),
      displayName,
      projectName: project.name,
      projectKey: project.key,
      projectTypeKey: project.projectTypeKey,
      // Jira gives a site-relative avatar URI here, unlike avatarUrls elsewhere.
      avatarURI: `/secure/projectavatar?size=small&s=small&pid=${project.id}&avatarId=10122`,
      name: displayName,
    };
  }
  return out;
}

function listBoards(ctx: RouteContext): RouteResult {
  const page = pageParams(ctx.query, AGILE_DEFAULT_MAX_RESULTS, AGILE_PAGE_CAP);
  if (isRouteResult(page)) return page;
  const types = listParam(ctx.query, 'type')?.map((t) => t.toLowerCase()) ?? null;
  const name = ctx.query.get('name')?.toLowerCase() ?? '';
  const projectRef = ctx.query.get('projectKeyOrId');
  // An unknown project and one the caller may not browse both just match no board.
  const project = projectRef ? ctx.store.findProject(projectRef) : undefined;
  const boards = ctx.store.data.boards.filter(
    (b) =>
      canSeeBoard(ctx, b) &&
      (types === null || types.includes(b.type)) &&
      b.name.toLowerCase().includes(name) &&
      (!projectRef || b.projectId === project?.id),
  );
  const { values, isLast } = slice(boards, page);
  return ok({
    maxResults: page.maxResults,
    startAt: page.startAt,
    total: boards.length,
    isLast,
    values: values.map((b) => boardJson(ctx, b)),
  });
}

function getBoard(ctx: RouteContext): RouteResult {
  const board = visibleBoard(ctx);
  if (isRouteResult(board)) return board;
  return ok(boardJson(ctx, board));
}

/** Sprint ids an issue is in (the Sprint custom field holds a list of ids). */
function issueSprintIds(ctx: RouteContext, issue: SandboxIssue): number[] {
  const field = ctx.store.data.customFields.find((f) => f.kind === 'sprint');
  const raw = field ? issue.customFields[field.id] : null;
  return Array.isArray(raw) ? raw.map(Number) : [];
}

function issuesInSprint(ctx: RouteContext, sprint: SandboxSprint): SandboxIssue[] {
  return ctx.store.data.issues.filter((i) => issueSprintIds(ctx, i).includes(sprint.id));
}

function canSeeSprint(ctx: RouteContext, sprint: SandboxSprint): boolean {
  const board = ctx.store.boardsById.get(sprint.originBoardId);
  if (board && canSeeBoard(ctx, board)) return true;
  return issuesInSprint(ctx, sprint).some((i) => ctx.store.canSeeIssue(ctx.user, i));
}

function visibleSprint(ctx: RouteContext): SandboxSprint | RouteResult {
  const sprint = ctx.store.sprintsById.get(Number(ctx.params.sprintId));
  if (!sprint || !canSeeSprint(ctx, sprint)) return jiraError(404, [NO_SPRINT]);
  return sprint;
}

/** Agile dates are ISO-8601 in the server's zone; the sandbox runs in UTC, which Jira writes as Z. */
function agileDate(ms: number | null): string | undefined {
  return ms === null ? undefined : new Date(ms).toISOString();
}

function sprintJson(ctx: RouteContext, sprint: SandboxSprint): Record<string, unknown> {
  const started = sprint.state !== 'future';
  const out: Record<string, unknown> = {
    id: sprint.id,
    self: `${ctx.baseUrl}${AGILE}/sprint/${sprint.id}`,
    state: sprint.state,
    name: sprint.name,
    // Jira leaves unset values out rather than writing null.
    startDate: agileDate(sprint.startDate),
    endDate: agileDate(sprint.endDate),
    // Data Center 9+ also says when the sprint was actually started.
    activatedDate: ctx.flavor === 'datacenter' && started ? agileDate(sprint.startDate) : undefined,
    completeDate: agileDate(sprint.completeDate),
    originBoardId: sprint.originBoardId,
    goal: sprint.goal === '' ? undefined : sprint.goal,
  };
  if (ctx.flavor === 'datacenter') {
    out.synced = false;
    out.autoStartStop = false;
  }
  return out;
}

function listSprints(ctx: RouteContext): RouteResult {
  const board = visibleBoard(ctx);
  if (isRouteResult(board)) return board;
  if (board.type !== 'scrum') return jiraError(400, ['The board does not support sprints']);
  const page = pageParams(ctx.query, AGILE_DEFAULT_MAX_RESULTS, AGILE_PAGE_CAP);
  if (isRouteResult(page)) return page;
  const states = listParam(ctx.query, 'state')?.map((s) => s.toLowerCase()) ?? null;
  const unknown = states?.find((s) => !(s in STATE_ORDER));
  if (unknown !== undefined) {
    return jiraError(400, [
      `The value '${unknown}' is not a valid sprint state. Valid states are: future, active, closed.`,
    ]);
  }
  const sprints = ctx.store.data.sprints
    .filter((s) => s.originBoardId === board.id && (states === null || states.includes(s.state)))
    .sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.id - b.id);
  const { values, isLast } = slice(sprints, page);
  // Unlike the board list, Jira does not count sprints: there is no total.
  return ok({
    maxResults: page.maxResults,
    startAt: page.startAt,
    isLast,
    values: values.map((s) => sprintJson(ctx, s)),
  });
}

function getSprint(ctx: RouteContext): RouteResult {
  const sprint = visibleSprint(ctx);
  if (isRouteResult(sprint)) return sprint;
  return ok(sprintJson(ctx, sprint));
}

// ---------------------------------------------------------------- issues

/** The issue as the agile API shows it: IssueBean with a self under /rest/agile/1.0 and,
 *  when the field selection takes them, the agile fields sprint, closedSprints, flagged and epic. */
function agileIssueJson(
  ctx: RouteContext,
  issue: SandboxIssue,
  options: IssueJsonOptions,
): Record<string, unknown> {
  const out = issueJson(issue, ctx, options);
  const { fields } = options;
  out.self = `${ctx.baseUrl}${AGILE}/issue/${issue.id}`;
  const agileFields: Record<string, unknown> = {};
  const wanted = (id: string) => fields.has({ id, navigable: true });
  const sprints = issueSprintIds(ctx, issue).flatMap((id) => {
    const sprint = ctx.store.sprintsById.get(id);
    return sprint ? [sprint] : [];
  });
  if (wanted('sprint')) {
    // The sprint the issue is in now; closed sprints it went through are listed apart.
    const current = sprints.find((s) => s.state !== 'closed');
    agileFields.sprint = current ? sprintJson(ctx, current) : null;
  }
  const closed = sprints.filter((s) => s.state === 'closed');
  if (wanted('closedSprints') && closed.length > 0) {
    agileFields.closedSprints = closed.map((s) => sprintJson(ctx, s));
  }
  // The sandbox does not model flags; nothing is flagged.
  if (wanted('flagged')) agileFields.flagged = false;
  if (wanted('epic')) agileFields.epic = epicJson(ctx, issue);
  out.fields = { ...(out.fields as Record<string, unknown>), ...agileFields };
  return out;
}

function epicJson(ctx: RouteContext, issue: SandboxIssue): Record<string, unknown> | null {
  const link = ctx.store.data.customFields.find((f) => f.kind === 'epicLink');
  const key = link ? issue.customFields[link.id] : null;
  const epic = typeof key === 'string' ? ctx.store.findIssue(key) : undefined;
  if (!epic || !ctx.store.canSeeIssue(ctx.user, epic)) return null;
  const status = ctx.store.statusesById.get(epic.statusId);
  return {
    id: Number(epic.id),
    key: epic.key,
    self: `${ctx.baseUrl}${AGILE}/epic/${epic.id}`,
    name: epic.summary,
    summary: epic.summary,
    color: { key: `color_${(Number(epic.id) % 14) + 1}` },
    done: status?.categoryKey === 'done',
  };
}

/** A SearchResultsBean over `scope` narrowed by the optional jql, ordered by rank unless the jql orders. */
function issuePage(ctx: RouteContext, scope: SandboxIssue[]): RouteResult {
  const page = pageParams(ctx.query, AGILE_DEFAULT_MAX_RESULTS, ctx.settings.maxResultsCap);
  if (isRouteResult(page)) return page;
  const found = searchAsCaller(ctx, ctx.query.get('jql')?.trim() ?? '', {
    validateQuery: ctx.query.get('validateQuery') !== 'false',
    scope,
    // Without an ORDER BY the agile API orders by rank, for which creation order stands in.
    scopeOrder: true,
  });
  if (isRouteResult(found)) return found;
  const { issues: matches, warnings } = found;
  const fields = parseFieldSelection(listParam(ctx.query, 'fields'), '*navigable');
  const expand = parseExpand(ctx.query.getAll('expand'));
  const out: Record<string, unknown> = {
    expand: 'schema,names',
    startAt: page.startAt,
    maxResults: page.maxResults,
    total: matches.length,
    issues: slice(matches, page).values.map((i) =>
      agileIssueJson(ctx, i, { fields, expand, expandable: SEARCH_ISSUE_EXPANDABLE, namesOnIssue: false }),
    ),
  };
  if (warnings.length > 0) out.warningMessages = warnings;
  return ok({ ...out, ...namesAndSchema(expand, fields, ctx) });
}

function sprintIssues(ctx: RouteContext): RouteResult {
  const sprint = visibleSprint(ctx);
  if (isRouteResult(sprint)) return sprint;
  return issuePage(ctx, issuesInSprint(ctx, sprint));
}

function boardIssues(ctx: RouteContext): RouteResult {
  const board = visibleBoard(ctx);
  if (isRouteResult(board)) return board;
  return issuePage(
    ctx,
    ctx.store.data.issues.filter((i) => i.projectId === board.projectId),
  );
}

/** GET /issue/{key} of the agile API, where the self links of agile issues point. */
function getIssue(ctx: RouteContext): RouteResult {
  const issue = ctx.store.findIssue(ctx.params.issueIdOrKey ?? '');
  if (!issue || !ctx.store.canSeeIssue(ctx.user, issue)) return jiraError(404, [NO_ISSUE]);
  return ok(
    agileIssueJson(
      ctx,
      issue,
      singleIssueOptions(listParam(ctx.query, 'fields'), ctx.query.getAll('expand')),
    ),
  );
}
