// Boards and sprints (agile:read), from Jira Software's agile REST API, the
// same on both flavours. A Board's and a Sprint's parent is the raw agile
// JSON. A board's project comes from its location (key and name at no cost;
// more loads the project). A project-restricted token sees only the boards
// located in its projects, and only their sprints; a sprint's issues are
// narrowed by the same restriction in the JQL Jira runs.
import { authenticated, requires } from '../auth/field-scopes.ts';
import { gatewayError } from '../errors.ts';
import {
  readAllBoards,
  readBoard,
  readBoardPage,
  readSprint,
  readSprintIssues,
  readSprintPage,
} from '../jira/agile-reads.ts';
import { fieldsParam } from '../jira/issue-reads.ts';
import { type JiraJson, obj, objOrNull, str, strOrNull } from '../jira/json.ts';
import { sprintBoardId } from '../jira/sprint-values.ts';
import type { GatewayContext } from '../request-context.ts';
import { builder } from './builder.ts';
import { issuePlan } from './issue/selection-plan.ts';
import { callJira } from './jira-call.ts';
import { loaderFor } from './loaders.ts';
import { countedConnection, type OffsetConnection, offsetConnection, offsetWindow } from './offset-paging.ts';
import { settle } from './project.ts';
import {
  callerJql,
  outsideRestriction,
  projectRestriction,
  restrictedSearch,
} from './project-restriction.ts';
import { IssueRef, ProjectRef, SprintRef } from './refs.ts';
import { jiraDate } from './timestamps.ts';

const agile = requires('agile:read');
const anyToken = authenticated();

// ---------------------------------------------------------------- loading

function boardLoader(ctx: GatewayContext) {
  return loaderFor<string, JiraJson>(ctx, 'agile:board', (ids) =>
    Promise.all(ids.map((id) => settle(callJira(ctx, (jira) => readBoard(jira, id))))),
  );
}

/** The project key a board is located in; null for a board without a location (a filter over several projects). */
function boardProjectKey(board: JiraJson): string | null {
  return strOrNull(obj(board.location).projectKey);
}

/** Whether a restricted token may see the board: located in one of its projects. */
function boardAllowed(ctx: GatewayContext, board: JiraJson): boolean {
  if (projectRestriction(ctx) === null) return true;
  const key = boardProjectKey(board);
  return key !== null && !outsideRestriction(ctx, key);
}

function noBoard(id: string) {
  return gatewayError('NOT_FOUND', `Board ${id} does not exist, or you may not see it.`);
}

function noSprint(id: string) {
  return gatewayError('NOT_FOUND', `Sprint ${id} does not exist, or you may not see it.`);
}

/** The board, checked against the token's restriction. */
async function visibleBoard(ctx: GatewayContext, id: string): Promise<JiraJson> {
  const board = await boardLoader(ctx).load(id);
  if (!boardAllowed(ctx, board)) throw noBoard(id);
  return board;
}

/** Board and sprint ids are numbers; anything else is refused before Jira sees it. */
function numericId(value: string | number, what: string): string {
  const id = String(value).trim();
  if (!/^\d{1,18}$/.test(id)) throw gatewayError('BAD_USER_INPUT', `'${value}' is not a ${what} id.`);
  return id;
}

// ---------------------------------------------------------------- types

export const BoardRef = builder.objectRef<JiraJson>('Board');

const SprintState = builder.enumType('SprintState', {
  values: { FUTURE: { value: 'future' }, ACTIVE: { value: 'active' }, CLOSED: { value: 'closed' } } as const,
});

const BoardConnection = countedConnection(
  BoardRef,
  'Board',
  'How many boards the caller may see (of the project and type asked for).',
);

/** No totalCount: Jira does not count sprints. */
const SprintConnection = builder.connectionObject(
  { type: SprintRef, name: 'SprintConnection' },
  { name: 'SprintEdge' },
);

const SprintIssueConnection = builder.connectionObject(
  {
    type: IssueRef,
    name: 'SprintIssueConnection',
    description: "One page of a sprint's issues, in rank order unless the jql orders them.",
    fields: (t) => ({
      nodes: t.field({
        type: [IssueRef],
        description: 'The issues of the edges, for clients that need no cursors.',
        extensions: anyToken,
        resolve: (c) => (c as unknown as OffsetConnection<JiraJson>).edges.map((e) => e.node),
      }),
      totalCount: t.int({
        description: 'How many of the sprint’s issues match (that the caller may see).',
        extensions: anyToken,
        resolve: (c) => (c as unknown as OffsetConnection<JiraJson>).totalCount ?? 0,
      }),
    }),
  },
  { name: 'SprintIssueEdge' },
);

async function sprintPage(
  ctx: GatewayContext,
  boardId: string,
  args: { state?: readonly string[] | null; first?: number | null; after?: string | null },
) {
  const { offset, first } = offsetWindow(args);
  const states = args.state && args.state.length > 0 ? [...args.state] : null;
  const page = await callJira(ctx, (jira) =>
    readSprintPage(jira, boardId, { startAt: offset, maxResults: first, states }),
  );
  return offsetConnection(page.values, offset, !page.isLast, null);
}

BoardRef.implement({
  description: 'A Jira Software board (scrum or kanban).',
  fields: (t) => ({
    id: t.id({ extensions: agile, resolve: (b) => str(b.id) }),
    name: t.string({ extensions: agile, resolve: (b) => str(b.name) }),
    type: t.string({
      description: 'scrum, kanban or simple.',
      extensions: agile,
      resolve: (b) => str(b.type),
    }),
    project: t.field({
      type: ProjectRef,
      nullable: true,
      description:
        'The project the board is located in (its key and name need no projects:read); null if none.',
      extensions: agile,
      resolve: (b) => {
        const location = objOrNull(b.location);
        const key = strOrNull(location?.projectKey);
        if (location === null || key === null) return null;
        return {
          id: str(location.projectId),
          key,
          name: str(location.projectName),
          ...(typeof location.projectTypeKey === 'string' ? { projectTypeKey: location.projectTypeKey } : {}),
        };
      },
    }),
    sprints: t.field({
      type: SprintConnection,
      description: "The board's sprints: closed, then active, then future (scrum boards only).",
      extensions: agile,
      args: {
        state: t.arg({ type: [SprintState], required: false }),
        first: t.arg.int({ required: false }),
        after: t.arg.string({ required: false }),
      },
      resolve: (b, args, ctx) => sprintPage(ctx, str(b.id), args),
    }),
  }),
});

SprintRef.implement({
  description: 'A sprint of a scrum board.',
  fields: (t) => ({
    id: t.id({ extensions: agile, resolve: (s) => str(s.id) }),
    name: t.string({ extensions: agile, resolve: (s) => str(s.name) }),
    state: t.field({
      type: SprintState,
      extensions: agile,
      resolve: (s) => {
        const state = str(s.state).toLowerCase();
        if (state !== 'future' && state !== 'active' && state !== 'closed') {
          throw new Error(`Jira sent sprint ${str(s.id)} in an unknown state ${state}`);
        }
        return state;
      },
    }),
    goal: t.string({ nullable: true, extensions: agile, resolve: (s) => strOrNull(s.goal) || null }),
    startDate: t.field({
      type: 'DateTime',
      nullable: true,
      extensions: agile,
      resolve: (s) => jiraDate(s.startDate),
    }),
    endDate: t.field({
      type: 'DateTime',
      nullable: true,
      extensions: agile,
      resolve: (s) => jiraDate(s.endDate),
    }),
    completeDate: t.field({
      type: 'DateTime',
      nullable: true,
      extensions: agile,
      resolve: (s) => jiraDate(s.completeDate),
    }),
    board: t.field({
      type: BoardRef,
      nullable: true,
      description: 'The board the sprint was created on.',
      extensions: agile,
      resolve: (s, _args, ctx) => {
        const id = sprintBoardId(s);
        return id === null ? null : visibleBoard(ctx, id);
      },
    }),
    issues: t.field({
      type: SprintIssueConnection,
      description:
        "The sprint's issues the caller may see, optionally narrowed by JQL, `first` (1 to 100, default 20) at a time. " +
        'Each page is one Jira request asking for just the fields the selection needs. ' +
        'Needs issues:read as well as agile:read: the issues and the JQL are issue data.',
      extensions: requires('agile:read', 'issues:read'),
      args: {
        jql: t.arg.string({ required: false }),
        first: t.arg.int({ required: false }),
        after: t.arg.string({ required: false }),
      },
      resolve: async (s, args, ctx, info) => {
        const { offset, first } = offsetWindow(args);
        const jql = callerJql(ctx, args.jql ?? '');
        const plan = issuePlan(info, [['edges', 'node'], ['nodes']]);
        const page = await restrictedSearch(ctx, (jira) =>
          readSprintIssues(jira, str(s.id), {
            startAt: offset,
            maxResults: first,
            jql,
            projects: projectRestriction(ctx),
            fields: fieldsParam(plan),
            expand: plan.expand,
          }),
        );
        return offsetConnection(page.issues, offset, offset + page.issues.length < page.total, page.total);
      },
    }),
  }),
});

// ---------------------------------------------------------------- queries

builder.queryField('boards', (t) =>
  t.field({
    type: BoardConnection,
    description:
      'The boards the caller may see, by id; optionally of one project and of one type (scrum, kanban).',
    extensions: agile,
    args: {
      projectKey: t.arg.string({ required: false }),
      type: t.arg.string({ required: false }),
      first: t.arg.int({ required: false }),
      after: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const { offset, first } = offsetWindow(args);
      const projectKey = args.projectKey?.trim() || undefined;
      const type = args.type?.trim().toLowerCase() || undefined;
      const restriction = projectRestriction(ctx);
      if (restriction === null) {
        const page = await callJira(ctx, (jira) =>
          readBoardPage(jira, { startAt: offset, maxResults: first, projectKeyOrId: projectKey, type }),
        );
        for (const board of page.values) boardLoader(ctx).prime(str(board.id), board);
        return offsetConnection(page.values, offset, !page.isLast, page.total ?? offset + page.values.length);
      }
      // A restricted token: the boards of each of its projects, those located in them, paged here.
      const keys =
        projectKey === undefined
          ? restriction
          : outsideRestriction(ctx, projectKey)
            ? []
            : [projectKey.toUpperCase()];
      const perProject = await callJira(ctx, (jira) =>
        Promise.all(keys.map((key) => readAllBoards(jira, key, type))),
      );
      const byId = new Map<string, JiraJson>();
      for (const board of perProject.flat()) if (boardAllowed(ctx, board)) byId.set(str(board.id), board);
      const all = [...byId.values()].sort((a, b) => Number(a.id) - Number(b.id));
      for (const board of all) boardLoader(ctx).prime(str(board.id), board);
      const values = all.slice(offset, offset + first);
      return offsetConnection(values, offset, offset + values.length < all.length, all.length);
    },
  }),
);

builder.queryField('board', (t) =>
  t.field({
    type: BoardRef,
    nullable: true,
    description: 'A board by id; one the caller may not see answers null with NOT_FOUND.',
    extensions: agile,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => visibleBoard(ctx, numericId(args.id, 'board')),
  }),
);

builder.queryField('sprints', (t) =>
  t.field({
    type: SprintConnection,
    description: "A scrum board's sprints: closed, then active, then future; optionally only some states.",
    extensions: agile,
    args: {
      boardId: t.arg.id({ required: true }),
      state: t.arg({ type: [SprintState], required: false }),
      first: t.arg.int({ required: false }),
      after: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const boardId = numericId(args.boardId, 'board');
      // Only a restricted token needs the board first (to know its project).
      if (projectRestriction(ctx) !== null) await visibleBoard(ctx, boardId);
      return sprintPage(ctx, boardId, args);
    },
  }),
);

builder.queryField('sprint', (t) =>
  t.field({
    type: SprintRef,
    nullable: true,
    description: 'A sprint by id; one the caller may not see answers null with NOT_FOUND.',
    extensions: agile,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = numericId(args.id, 'sprint');
      const sprint = await callJira(ctx, (jira) => readSprint(jira, id));
      if (projectRestriction(ctx) !== null) {
        const boardId = sprintBoardId(sprint);
        if (boardId === null) throw noSprint(id);
        try {
          await visibleBoard(ctx, boardId);
        } catch {
          throw noSprint(id);
        }
      }
      return sprint;
    },
  }),
);
