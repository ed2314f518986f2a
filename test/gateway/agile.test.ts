// Boards and sprints (agile:read) through the gateway, on both flavours:
// every field against the sandbox's data, Jira's permissions (bob never sees
// the OPS board, carol sees none), the token's project restriction, a
// sprint's issues with their own issues:read rules, and Jira request counts.

import type { SandboxIssue, SandboxSprint, SandboxUser } from 'jira-sandbox';
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';

const CF_SPRINT = 'customfield_10005';
const AGILE = '/rest/agile/1.0';

type Edge<T> = { node: T };
const nodes = <T>(connection: { edges: Edge<T>[] }): T[] => connection.edges.map((e) => e.node);

describe.each(['datacenter', 'cloud'] as const)('%s: boards and sprints', (flavor) => {
  const gw = useGateway({ flavor, env: { JGG_CACHE_TTL_MS: '0' } });

  async function resetStats(): Promise<void> {
    await fetch(`${gw().sandbox.url}/__sandbox/reset`, { method: 'POST' });
  }
  const stats = () => gw().sandbox.stats;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const sprintsOf = (boardId: number): SandboxSprint[] =>
    gw().sandbox.store.data.sprints.filter((s) => s.originBoardId === boardId);
  /** The sprint's issues the user may see, in rank (creation) order. */
  const sprintIssues = (sprintId: number, user: SandboxUser): SandboxIssue[] =>
    gw().sandbox.store.data.issues.filter((i) => {
      const ids = i.customFields[CF_SPRINT];
      return (
        Array.isArray(ids) && ids.map(Number).includes(sprintId) && gw().sandbox.store.canSeeIssue(user, i)
      );
    });
  const sprintJson = (s: SandboxSprint) => ({
    id: String(s.id),
    name: s.name,
    state: s.state.toUpperCase(),
    goal: s.goal === '' ? null : s.goal,
    startDate: iso(s.startDate),
    endDate: iso(s.endDate),
    completeDate: iso(s.completeDate),
  });
  const SPRINT = 'id name state goal startDate endDate completeDate';

  it('lists each user’s boards with their project, in one Jira request', async () => {
    const query = '{ boards { totalCount edges { node { id name type project { key name } } } } }';
    const expected: Record<string, number[]> = {
      admin: [1, 2, 3, 4],
      alice: [1, 2, 3],
      bob: [1, 2],
      carol: [],
    };
    for (const [user, ids] of Object.entries(expected)) {
      const { secret } = await gw().token(user, { scopes: ['agile:read'] });
      await resetStats();
      const res = await gw().gql(secret, query);
      expect(res.body.errors, user).toBeUndefined();
      expect(res.body.data.boards.totalCount, user).toBe(ids.length);
      expect(nodes(res.body.data.boards), user).toEqual(
        ids.map((id) => {
          const board = gw().sandbox.store.boardsById.get(id)!;
          const project = gw().sandbox.store.projectsById.get(board.projectId)!;
          return {
            id: String(id),
            name: board.name,
            type: board.type,
            project: { key: project.key, name: project.name },
          };
        }),
      );
      expect(stats().byRoute, user).toEqual({ [`GET ${AGILE}/board`]: 1 });
    }
  });

  it('filters boards by project and type, and pages them', async () => {
    const { secret } = await gw().token('admin', { scopes: ['agile:read'] });
    const ids = async (args: string) => {
      const res = await gw().gql(secret, `{ boards${args} { edges { node { id } } } }`);
      expect(res.body.errors, args).toBeUndefined();
      return nodes(res.body.data.boards).map((b) => (b as { id: string }).id);
    };
    expect(await ids('(projectKey: "MOB")')).toEqual(['2']);
    expect(await ids('(type: "kanban")')).toEqual(['3']);
    expect(await ids('(type: "scrum")')).toEqual(['1', '2', '4']);
    const page =
      'query($after: String) { boards(first: 3, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }';
    const one = await gw().gql(secret, page);
    expect(nodes(one.body.data.boards)).toEqual([{ id: '1' }, { id: '2' }, { id: '3' }]);
    expect(one.body.data.boards.pageInfo.hasNextPage).toBe(true);
    expect(one.body.data.boards.totalCount).toBe(4);
    const two = await gw().gql(secret, page, { after: one.body.data.boards.pageInfo.endCursor });
    expect(nodes(two.body.data.boards)).toEqual([{ id: '4' }]);
    expect(two.body.data.boards.pageInfo.hasNextPage).toBe(false);
  });

  it("answers a board's fields, its project's details with projects:read, and its sprints", async () => {
    const { secret } = await gw().token('alice', { scopes: ['agile:read', 'projects:read'] });
    const res = await gw().gql(
      secret,
      `{ board(id: 1) { id name type project { key projectTypeKey description }
           sprints { edges { node { ${SPRINT} } } pageInfo { hasNextPage } }
           active: sprints(state: [ACTIVE]) { edges { node { name } } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    const board = res.body.data.board;
    expect(board).toMatchObject({
      id: '1',
      name: 'PROJ board',
      type: 'scrum',
      project: {
        key: 'PROJ',
        projectTypeKey: 'software',
        description: gw().sandbox.store.projectsByKey.get('PROJ')?.description,
      },
    });
    expect(nodes(board.sprints)).toEqual(sprintsOf(1).map(sprintJson));
    expect(nodes(board.sprints).map((s) => (s as { state: string }).state)).toEqual([
      'CLOSED',
      'CLOSED',
      'CLOSED',
      'ACTIVE',
      'FUTURE',
    ]);
    expect(board.sprints.pageInfo.hasNextPage).toBe(false);
    expect(nodes(board.active)).toEqual(
      sprintsOf(1)
        .filter((s) => s.state === 'active')
        .map((s) => ({ name: s.name })),
    );
  });

  it('answers sprints(boardId) and sprint(id) with its board', async () => {
    const { secret } = await gw().token('bob', { scopes: ['agile:read'] });
    const all = await gw().gql(
      secret,
      '{ sprints(boardId: 2, state: [CLOSED, FUTURE], first: 2) { edges { node { id name } } pageInfo { hasNextPage } } }',
    );
    expect(all.body.errors).toBeUndefined();
    const wanted = sprintsOf(2).filter((s) => s.state !== 'active');
    expect(nodes(all.body.data.sprints)).toEqual(
      wanted.slice(0, 2).map((s) => ({ id: String(s.id), name: s.name })),
    );
    expect(all.body.data.sprints.pageInfo.hasNextPage).toBe(true);

    const sprint = sprintsOf(2)[3]!;
    const one = await gw().gql(secret, `{ sprint(id: ${sprint.id}) { ${SPRINT} board { id name } } }`);
    expect(one.body.errors).toBeUndefined();
    expect(one.body.data.sprint).toEqual({ ...sprintJson(sprint), board: { id: '2', name: 'MOB board' } });

    const kanban = await gw().gql(
      (await gw().token('alice', { scopes: ['agile:read'] })).secret,
      '{ sprints(boardId: 3) { edges { node { id } } } }',
    );
    expect(kanban.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it("pages a sprint's issues in rank order, one Jira request a page, each issue with its own rules", async () => {
    const alice = gw().sandboxUser('alice');
    const sprint = sprintsOf(1).find((s) => s.state === 'active')!;
    const expected = sprintIssues(sprint.id, alice);
    expect(expected.length).toBeGreaterThan(3);
    const { secret } = await gw().token('alice', { scopes: ['agile:read', 'issues:read'] });
    const page = `query($after: String) { sprint(id: ${sprint.id}) { issues(first: 3, after: $after) {
      totalCount edges { cursor node { key summary status { name } project { key } } } pageInfo { hasNextPage endCursor } } } }`;
    await resetStats();
    const one = await gw().gql(secret, page);
    expect(one.body.errors).toBeUndefined();
    expect(stats().byRoute).toEqual({
      [`GET ${AGILE}/sprint/{sprintId}`]: 1,
      [`GET ${AGILE}/sprint/{sprintId}/issue`]: 1,
    });
    const issues = one.body.data.sprint.issues;
    expect(issues.totalCount).toBe(expected.length);
    expect(nodes(issues)).toEqual(
      expected.slice(0, 3).map((i) => ({
        key: i.key,
        summary: i.summary,
        status: { name: gw().sandbox.store.statusesById.get(i.statusId)?.name },
        project: { key: 'PROJ' },
      })),
    );
    expect(issues.pageInfo.hasNextPage).toBe(true);
    const keys: string[] = nodes(issues).map((n) => (n as { key: string }).key);
    let after = issues.pageInfo.endCursor;
    for (let guard = 0; after !== null && guard < 50; guard++) {
      const next = await gw().gql(secret, page, { after });
      const more = next.body.data.sprint.issues;
      keys.push(...nodes(more).map((n) => (n as { key: string }).key));
      after = more.pageInfo.hasNextPage ? more.pageInfo.endCursor : null;
    }
    expect(keys).toEqual(expected.map((i) => i.key));

    const done = await gw().gql(
      secret,
      `{ sprint(id: ${sprint.id}) { issues(jql: "statusCategory = Done", first: 100) { totalCount edges { node { key } } } } }`,
    );
    expect(done.body.errors).toBeUndefined();
    const doneKeys = expected
      .filter((i) => gw().sandbox.store.statusesById.get(i.statusId)?.categoryKey === 'done')
      .map((i) => i.key);
    expect(nodes(done.body.data.sprint.issues).map((n) => (n as { key: string }).key)).toEqual(doneKeys);
  });

  it("answers a sprint's issues' fields only with issues:read", async () => {
    const sprint = sprintsOf(1).find((s) => s.state === 'active')!;
    const { secret } = await gw().token('alice', { scopes: ['agile:read'] });
    const res = await gw().gql(
      secret,
      `{ sprint(id: ${sprint.id}) { name issues(first: 2) { totalCount edges { node { summary } } } } }`,
    );
    expect(res.body.data.sprint).toBeNull();
    expect(res.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toContain(
      'INSUFFICIENT_SCOPE',
    );
    expect(JSON.stringify(res.body)).not.toContain(
      sprintIssues(sprint.id, gw().sandboxUser('alice'))[0]!.summary,
    );
  });

  it('needs agile:read for boards and sprints', async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:read', 'projects:read'] });
    const res = await gw().gql(
      secret,
      '{ boards { totalCount } board(id: 1) { name } sprint(id: 1) { name } }',
    );
    expect(res.body.data).toBeNull();
    for (const e of res.body.errors) {
      expect(e.extensions).toEqual({ code: 'INSUFFICIENT_SCOPE', requiredScopes: ['agile:read'] });
    }
  });

  it('never shows bob the OPS board, nor carol any board or sprint', async () => {
    const bob = (await gw().token('bob', { scopes: ['agile:read'] })).secret;
    const ops = await gw().gql(
      bob,
      '{ board(id: 3) { name } boards(projectKey: "OPS") { totalCount edges { node { id } } } }',
    );
    expect(ops.body.data.board).toBeNull();
    expect(ops.body.data.boards).toEqual({ totalCount: 0, edges: [] });
    expect(ops.body.errors).toHaveLength(1);
    expect(ops.body.errors[0].extensions.code).toBe('NOT_FOUND');

    const carol = (await gw().token('carol', { scopes: ['agile:read'] })).secret;
    const none = await gw().gql(carol, '{ board(id: 1) { name } sprint(id: 1) { name } }');
    expect(none.body.data).toEqual({ board: null, sprint: null });
    expect(none.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual([
      'NOT_FOUND',
      'NOT_FOUND',
    ]);
  });

  it("hides other projects' boards and sprints from a project-restricted token", async () => {
    const { secret } = await gw().token('alice', {
      scopes: ['agile:read', 'issues:read'],
      projects: ['PROJ'],
    });
    const list = await gw().gql(secret, '{ boards { totalCount edges { node { id project { key } } } } }');
    expect(list.body.errors).toBeUndefined();
    expect(list.body.data.boards).toEqual({
      totalCount: 1,
      edges: [{ node: { id: '1', project: { key: 'PROJ' } } }],
    });
    const mobSprint = sprintsOf(2)[0]!;
    const hidden = await gw().gql(
      secret,
      `{ board(id: 2) { name } sprint(id: ${mobSprint.id}) { name } mob: boards(projectKey: "MOB") { totalCount }
         sprints(boardId: 2) { edges { node { name } } } }`,
    );
    expect(hidden.body.data).toBeNull();
    expect(JSON.stringify(hidden.body)).not.toContain('MOB board');
    const codes = hidden.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code);
    expect(codes.every((c: string) => c === 'NOT_FOUND')).toBe(true);
    const mob = await gw().gql(secret, '{ boards(projectKey: "MOB") { totalCount } }');
    expect(mob.body.data.boards.totalCount).toBe(0);

    const projSprint = sprintsOf(1).find((s) => s.state === 'active')!;
    const own = await gw().gql(
      secret,
      `{ sprint(id: ${projSprint.id}) { name issues(first: 100) { totalCount nodes { key } } } }`,
    );
    expect(own.body.errors).toBeUndefined();
    const visible = sprintIssues(projSprint.id, gw().sandboxUser('alice'));
    expect(own.body.data.sprint).toEqual({
      name: projSprint.name,
      issues: { totalCount: visible.length, nodes: visible.map((i) => ({ key: i.key })) },
    });
  });

  it('refuses ids that are not numbers without asking Jira', async () => {
    const { secret } = await gw().token('alice', { scopes: ['agile:read'] });
    await resetStats();
    const res = await gw().gql(secret, '{ board(id: "1/../2") { name } }');
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(stats().requests).toBe(0);
  });
});
