// The agile REST API of the sandbox (/rest/agile/1.0) over real HTTP, on both
// flavours: board and sprint pages, the permission model (bob cannot browse
// OPS, carol browses nothing, anonymous sees nothing) and sprint issues.
import { describe, expect, it } from 'vitest';
import type { Flavor, SandboxIssue, SandboxSprint } from '../src/model.ts';
import { type JiraAnswer, useSandbox } from './support/sandbox.ts';

const AGILE = '/rest/agile/1.0';
const NO_BOARD = 'Board does not exist or you do not have permission to see it.';
const NO_SPRINT =
  'The requested sprint cannot be viewed because it either does not exist or you do not have permission to view it.';
/** Agile dates: ISO-8601 with milliseconds, UTC written as Z. */
const AGILE_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

interface BoardPage {
  maxResults: number;
  startAt: number;
  total: number;
  isLast: boolean;
  values: Record<string, unknown>[];
}

interface SprintPage {
  maxResults: number;
  startAt: number;
  isLast: boolean;
  values: Record<string, unknown>[];
}

function ids(page: { values: Record<string, unknown>[] }): unknown[] {
  return page.values.map((v) => v.id);
}

describe.each<Flavor>(['datacenter', 'cloud'])('agile API (%s)', (flavor) => {
  const jira = useSandbox({ flavor, issues: 300, seed: 5 });
  /** The sandbox client checks every answer against the Data Center document, which is also Cloud's agile API. */
  async function get(as: string | null, path: string, status = 200): Promise<JiraAnswer> {
    const answer = await jira().call(as, 'GET', `${AGILE}${path}`);
    expect(answer.status, `GET ${path} as ${as}: ${JSON.stringify(answer.body)}`).toBe(status);
    return answer;
  }

  async function boards(as: string | null, query = ''): Promise<BoardPage> {
    return (await get(as, `/board${query}`)).body as BoardPage;
  }

  async function sprints(as: string | null, boardId: number, query = ''): Promise<SprintPage> {
    return (await get(as, `/board/${boardId}/sprint${query}`)).body as SprintPage;
  }

  function sprintsOf(boardId: number): SandboxSprint[] {
    return jira().sandbox.store.data.sprints.filter((s) => s.originBoardId === boardId);
  }

  describe('GET /board', () => {
    it('pages every board for an administrator, with its project location', async () => {
      const page = await boards('admin');
      expect(page).toMatchObject({ maxResults: 50, startAt: 0, total: 4, isLast: true });
      expect(page.values.map((b) => [b.id, b.name, b.type])).toEqual([
        [1, 'PROJ board', 'scrum'],
        [2, 'MOB board', 'scrum'],
        [3, 'OPS board', 'kanban'],
        [4, 'FIN board', 'scrum'],
      ]);
      expect(page.values[0]).toEqual({
        id: 1,
        self: `${jira().sandbox.url}${AGILE}/board/1`,
        name: 'PROJ board',
        type: 'scrum',
        location: {
          projectId: 10000,
          displayName: 'Platform (PROJ)',
          projectName: 'Platform',
          projectKey: 'PROJ',
          projectTypeKey: 'software',
          avatarURI: '/secure/projectavatar?size=small&s=small&pid=10000&avatarId=10122',
          name: 'Platform (PROJ)',
        },
      });
      expect(page.values[3]?.location).toMatchObject({
        projectId: 10003,
        projectKey: 'FIN',
        projectTypeKey: 'business',
      });
    });

    it('pages by startAt and maxResults and says which page is the last', async () => {
      expect(await boards('admin', '?maxResults=3')).toMatchObject({
        maxResults: 3,
        startAt: 0,
        total: 4,
        isLast: false,
        values: [{ id: 1 }, { id: 2 }, { id: 3 }],
      });
      const second = await boards('admin', '?startAt=3&maxResults=3');
      expect(second).toMatchObject({ maxResults: 3, startAt: 3, total: 4, isLast: true });
      expect(ids(second)).toEqual([4]);
      const exact = await boards('admin', '?startAt=2&maxResults=2');
      expect([ids(exact), exact.isLast]).toEqual([[3, 4], true]);
      const beyond = await boards('admin', '?startAt=10');
      expect([beyond.values, beyond.isLast, beyond.total]).toEqual([[], true, 4]);
      // Agile pages hold at most 50 values.
      expect((await boards('admin', '?maxResults=500')).maxResults).toBe(50);
    });

    it('answers 400 for a maxResults that is not a number', async () => {
      const answer = await get('admin', '/board?maxResults=lots', 400);
      expect(answer.body).toEqual({
        errorMessages: ["The value 'lots' is not a valid number for the parameter 'maxResults'."],
        errors: {},
      });
    });

    it('filters by type, name and project key or id', async () => {
      expect(ids(await boards('admin', '?type=kanban'))).toEqual([3]);
      expect(ids(await boards('admin', '?type=scrum'))).toEqual([1, 2, 4]);
      expect(ids(await boards('admin', '?type=scrum,kanban'))).toEqual([1, 2, 3, 4]);
      expect(ids(await boards('admin', '?name=mob'))).toEqual([2]);
      expect(ids(await boards('admin', '?name=board'))).toEqual([1, 2, 3, 4]);
      expect(ids(await boards('admin', '?projectKeyOrId=FIN'))).toEqual([4]);
      expect(ids(await boards('admin', '?projectKeyOrId=fin'))).toEqual([4]);
      expect(ids(await boards('admin', '?projectKeyOrId=10001'))).toEqual([2]);
      const none = await boards('admin', '?projectKeyOrId=NOPE');
      expect([none.total, none.values, none.isLast]).toEqual([0, [], true]);
    });

    it('lists only boards of projects the caller may browse', async () => {
      expect(ids(await boards('alice'))).toEqual([1, 2, 3]);
      const bob = await boards('bob');
      expect([bob.total, ids(bob)]).toEqual([2, [1, 2]]);
      expect(ids(await boards('bob', '?projectKeyOrId=OPS'))).toEqual([]);
      expect(ids(await boards('erin'))).toEqual([1, 3]);
      for (const nobody of ['carol', null]) {
        expect(await boards(nobody)).toEqual({
          maxResults: 50,
          startAt: 0,
          total: 0,
          isLast: true,
          values: [],
        });
      }
    });
  });

  describe('GET /board/{boardId}', () => {
    it('answers the board as the list shows it', async () => {
      const list = await boards('bob');
      expect((await get('bob', '/board/2')).body).toEqual(list.values[1]);
    });

    it('answers 404 for a missing board and for one the caller may not see', async () => {
      const notFound = { errorMessages: [NO_BOARD], errors: {} };
      expect((await get('admin', '/board/99', 404)).body).toEqual(notFound);
      expect((await get('admin', '/board/abc', 404)).body).toEqual(notFound);
      expect((await get('bob', '/board/3', 404)).body).toEqual(notFound);
      expect((await get('carol', '/board/1', 404)).body).toEqual(notFound);
      expect((await get(null, '/board/1', 404)).body).toEqual(notFound);
    });
  });

  describe('GET /board/{boardId}/sprint', () => {
    it('lists closed, then active, then future sprints, without a total', async () => {
      const page = await sprints('bob', 1);
      expect(Object.keys(page).sort()).toEqual(['isLast', 'maxResults', 'startAt', 'values']);
      expect(page).toMatchObject({ maxResults: 50, startAt: 0, isLast: true });
      expect(page.values.map((s) => [s.id, s.name, s.state, s.originBoardId])).toEqual([
        [1, 'PROJ Sprint 1', 'closed', 1],
        [2, 'PROJ Sprint 2', 'closed', 1],
        [3, 'PROJ Sprint 3', 'closed', 1],
        [4, 'PROJ Sprint 4', 'active', 1],
        [5, 'PROJ Sprint 5', 'future', 1],
      ]);
      expect(ids(await sprints('admin', 2))).toEqual([6, 7, 8, 9, 10]);
      expect(ids(await sprints('admin', 4))).toEqual([11, 12, 13, 14, 15]);
    });

    it('filters by a comma-separated state list', async () => {
      expect(ids(await sprints('admin', 2, '?state=active'))).toEqual([9]);
      expect(ids(await sprints('admin', 2, '?state=future,closed'))).toEqual([6, 7, 8, 10]);
      expect(ids(await sprints('admin', 2, '?state=closed&state=active'))).toEqual([6, 7, 8, 9]);
      const bad = await get('admin', '/board/2/sprint?state=done', 400);
      expect(bad.body).toEqual({
        errorMessages: [
          "The value 'done' is not a valid sprint state. Valid states are: future, active, closed.",
        ],
        errors: {},
      });
    });

    it('pages by startAt and maxResults', async () => {
      const first = await sprints('admin', 1, '?maxResults=2');
      expect([first.maxResults, first.startAt, first.isLast, ids(first)]).toEqual([2, 0, false, [1, 2]]);
      const middle = await sprints('admin', 1, '?startAt=2&maxResults=2');
      expect([middle.startAt, middle.isLast, ids(middle)]).toEqual([2, false, [3, 4]]);
      const last = await sprints('admin', 1, '?startAt=4&maxResults=2');
      expect([last.startAt, last.isLast, ids(last)]).toEqual([4, true, [5]]);
      const filtered = await sprints('admin', 1, '?state=closed&maxResults=3');
      expect([filtered.isLast, ids(filtered)]).toEqual([true, [1, 2, 3]]);
    });

    it('answers 400 for a kanban board, which has no sprints', async () => {
      expect((await get('admin', '/board/3/sprint', 400)).body).toEqual({
        errorMessages: ['The board does not support sprints'],
        errors: {},
      });
    });

    it('answers 404 for boards the caller may not see, before looking at the board type', async () => {
      const notFound = { errorMessages: [NO_BOARD], errors: {} };
      expect((await get('bob', '/board/3/sprint', 404)).body).toEqual(notFound);
      expect((await get('bob', '/board/4/sprint', 404)).body).toEqual(notFound);
      expect((await get('carol', '/board/1/sprint', 404)).body).toEqual(notFound);
      expect((await get(null, '/board/2/sprint', 404)).body).toEqual(notFound);
      expect((await get('admin', '/board/42/sprint', 404)).body).toEqual(notFound);
    });
  });

  describe('GET /sprint/{sprintId}', () => {
    it('answers closed, active and future sprints with the dates each has', async () => {
      const base = `${jira().sandbox.url}${AGILE}/sprint`;
      const dc = flavor === 'datacenter';
      for (const model of sprintsOf(1)) {
        const sprint = (await get('alice', `/sprint/${model.id}`)).body as Record<string, unknown>;
        const iso = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString());
        const expected: Record<string, unknown> = {
          id: model.id,
          self: `${base}/${model.id}`,
          state: model.state,
          name: model.name,
          originBoardId: 1,
          goal: model.goal,
          startDate: iso(model.startDate),
          endDate: iso(model.endDate),
          completeDate: iso(model.completeDate),
          activatedDate: dc && model.state !== 'future' ? iso(model.startDate) : undefined,
        };
        if (dc) Object.assign(expected, { synced: false, autoStartStop: false });
        expect(sprint).toEqual(JSON.parse(JSON.stringify(expected)));
        for (const key of ['startDate', 'endDate', 'completeDate', 'activatedDate']) {
          if (key in sprint) expect(sprint[key]).toMatch(AGILE_DATE);
        }
      }
      const [closed, active, future] = [1, 4, 5].map((id) => sprintsOf(1).find((s) => s.id === id));
      expect([closed?.state, active?.state, future?.state]).toEqual(['closed', 'active', 'future']);
      const futureJson = (await get('alice', '/sprint/5')).body as Record<string, unknown>;
      expect(
        ['startDate', 'endDate', 'completeDate', 'activatedDate'].filter((k) => k in futureJson),
      ).toEqual([]);
      const activeJson = (await get('alice', '/sprint/4')).body as Record<string, unknown>;
      expect('completeDate' in activeJson).toBe(false);
      expect(activeJson.startDate).toBe(new Date(active?.startDate ?? 0).toISOString());
    });

    it('answers 404 for a missing sprint and for one on a board the caller may not see', async () => {
      const notFound = { errorMessages: [NO_SPRINT], errors: {} };
      expect((await get('admin', '/sprint/999', 404)).body).toEqual(notFound);
      expect((await get('admin', '/sprint/x', 404)).body).toEqual(notFound);
      expect((await get('bob', '/sprint/11', 404)).body).toEqual(notFound);
      expect((await get('carol', '/sprint/1', 404)).body).toEqual(notFound);
      expect((await get(null, '/sprint/4', 404)).body).toEqual(notFound);
      expect((await get('bob', '/sprint/9')).body).toMatchObject({
        id: 9,
        state: 'active',
        originBoardId: 2,
      });
    });
  });

  describe('GET /sprint/{sprintId}/issue', () => {
    interface IssuePage {
      expand: string;
      startAt: number;
      maxResults: number;
      total: number;
      issues: { id: string; key: string; self: string; fields: Record<string, unknown> }[];
      warningMessages?: string[];
    }

    async function sprintIssues(as: string | null, sprintId: number, query = ''): Promise<IssuePage> {
      return (await get(as, `/sprint/${sprintId}/issue${query}`)).body as IssuePage;
    }

    /** The sprint's issues the user may see, in rank order (creation order in the sandbox). */
    function expectedIn(sprintId: number, as: string): SandboxIssue[] {
      const { store } = jira().sandbox;
      const user = jira().user(as);
      return store.data.issues.filter((i) => sprintIdsOf(i).includes(sprintId) && store.canSeeIssue(user, i));
    }

    function sprintIdsOf(issue: SandboxIssue): number[] {
      const raw = issue.customFields.customfield_10005;
      return Array.isArray(raw) ? raw.map(Number) : [];
    }

    it('answers a search page of every issue in the sprint, in rank order', async () => {
      const expected = expectedIn(4, 'admin');
      expect(expected.length).toBe(25);
      const page = await sprintIssues('admin', 4);
      expect(page).toMatchObject({ expand: 'schema,names', startAt: 0, maxResults: 50, total: 25 });
      expect(page.issues.map((i) => i.key)).toEqual(expected.map((i) => i.key));
      const first = page.issues[0];
      expect(first?.self).toBe(`${jira().sandbox.url}${AGILE}/issue/${first?.id}`);
      // Navigable fields come by default, with the agile fields.
      expect(first?.fields).toMatchObject({ summary: expected[0]?.summary, flagged: false });
      expect(first?.fields.sprint).toMatchObject({ id: 4, state: 'active', originBoardId: 1 });
    });

    it('pages by startAt and maxResults', async () => {
      const expected = expectedIn(4, 'admin').map((i) => i.key);
      const keys: string[] = [];
      for (let startAt = 0; startAt < expected.length; startAt += 10) {
        const page = await sprintIssues('admin', 4, `?startAt=${startAt}&maxResults=10`);
        expect([page.startAt, page.maxResults, page.total]).toEqual([startAt, 10, 25]);
        keys.push(...page.issues.map((i) => i.key));
      }
      expect(keys).toEqual(expected);
      expect((await sprintIssues('admin', 4, '?startAt=25')).issues).toEqual([]);
    });

    it('leaves out issues the caller may not see', async () => {
      const all = expectedIn(4, 'admin');
      const bobs = expectedIn(4, 'bob');
      // Four issues of the active PROJ sprint sit at the Internal security level.
      expect(all.length - bobs.length).toBe(4);
      const page = await sprintIssues('bob', 4);
      expect(page.total).toBe(21);
      expect(page.issues.map((i) => i.key)).toEqual(bobs.map((i) => i.key));
      const alice = await sprintIssues('alice', 4);
      expect(alice.total).toBe(25);
    });

    it('narrows by jql, orders by its ORDER BY, and selects fields', async () => {
      const bugs = expectedIn(4, 'admin').filter((i) => i.issueTypeId === '10003');
      expect(bugs.length).toBeGreaterThan(0);
      const page = await sprintIssues(
        'admin',
        4,
        `?jql=${encodeURIComponent('issuetype = Bug')}&fields=issuetype`,
      );
      expect(page.total).toBe(bugs.length);
      expect(page.issues.map((i) => i.key)).toEqual(bugs.map((i) => i.key));
      expect(page.issues.map((i) => Object.keys(i.fields))).toEqual(bugs.map(() => ['issuetype']));
      expect(page.issues.every((i) => (i.fields.issuetype as { name: string }).name === 'Bug')).toBe(true);

      const ordered = await sprintIssues(
        'admin',
        4,
        `?jql=${encodeURIComponent('ORDER BY key DESC')}&fields=summary`,
      );
      const byKeyDesc = expectedIn(4, 'admin')
        .map((i) => i.key)
        .sort((a, b) => Number(b.split('-')[1]) - Number(a.split('-')[1]));
      expect(ordered.issues.map((i) => i.key)).toEqual(byKeyDesc);
    });

    it('answers 400 for invalid jql, and warnings instead with validateQuery=false', async () => {
      const bad = await get('admin', `/sprint/4/issue?jql=${encodeURIComponent('project = NOPE')}`, 400);
      expect(bad.body).toEqual({
        errorMessages: ["The value 'NOPE' does not exist for the field 'project'."],
        errors: {},
      });
      const lenient = await sprintIssues(
        'admin',
        4,
        `?validateQuery=false&jql=${encodeURIComponent('project = NOPE')}`,
      );
      expect([lenient.total, lenient.issues, lenient.warningMessages]).toEqual([
        0,
        [],
        ["The value 'NOPE' does not exist for the field 'project'."],
      ]);
      const syntax = await get('admin', `/sprint/4/issue?jql=${encodeURIComponent('status = ')}`, 400);
      expect((syntax.body as { errorMessages: string[] }).errorMessages[0]).toMatch(
        /^Error in the JQL Query: /,
      );
    });

    it('shows the agile sprint fields: the current sprint and the closed ones', async () => {
      const carried = expectedIn(4, 'admin').find((i) => sprintIdsOf(i).length > 1);
      if (!carried) throw new Error('seed 5 has no issue carried over into sprint 4');
      const closedIds = sprintIdsOf(carried).filter((id) => id !== 4);
      const page = await sprintIssues('admin', 4, `?jql=${encodeURIComponent(`key = ${carried.key}`)}`);
      const fields = page.issues[0]?.fields ?? {};
      expect((fields.sprint as { id: number }).id).toBe(4);
      expect((fields.closedSprints as { id: number; state: string }[]).map((s) => [s.id, s.state])).toEqual(
        closedIds.map((id) => [id, 'closed']),
      );
      const closedOnly = expectedIn(2, 'admin').find((i) => sprintIdsOf(i).every((id) => id <= 3));
      if (!closedOnly) throw new Error('seed 5 has no issue left in closed sprints');
      const done = await sprintIssues('admin', 2, `?jql=${encodeURIComponent(`key = ${closedOnly.key}`)}`);
      expect(done.issues[0]?.fields.sprint).toBeNull();
    });

    it('answers 404 for sprints the caller may not see', async () => {
      const notFound = { errorMessages: [NO_SPRINT], errors: {} };
      expect((await get('carol', '/sprint/4/issue', 404)).body).toEqual(notFound);
      expect((await get(null, '/sprint/4/issue', 404)).body).toEqual(notFound);
      expect((await get('bob', '/sprint/14/issue', 404)).body).toEqual(notFound);
      expect((await get('admin', '/sprint/77/issue', 404)).body).toEqual(notFound);
    });
  });

  describe('GET /board/{boardId}/issue and /issue/{issueIdOrKey}', () => {
    it('pages the visible issues of the board’s project', async () => {
      const { store } = jira().sandbox;
      const bob = jira().user('bob');
      const expected = store.data.issues.filter((i) => i.projectId === '10000' && store.canSeeIssue(bob, i));
      const page = (await get('bob', '/board/1/issue?maxResults=500&fields=summary')).body as {
        total: number;
        issues: { key: string }[];
      };
      expect(page.total).toBe(expected.length);
      expect(page.issues.map((i) => i.key)).toEqual(expected.map((i) => i.key));
      expect((await get('bob', '/board/3/issue', 404)).body).toEqual({
        errorMessages: [NO_BOARD],
        errors: {},
      });
    });

    it('answers one issue with its agile self link, and 404 when hidden', async () => {
      const { store } = jira().sandbox;
      const hidden = store.data.issues.find((i) => i.projectId === '10000' && i.securityLevelId !== null);
      if (!hidden) throw new Error('seed 5 has no secured PROJ issue');
      const issue = (await get('admin', `/issue/${hidden.key}`)).body as Record<string, unknown>;
      expect(issue).toMatchObject({
        id: hidden.id,
        key: hidden.key,
        self: `${jira().sandbox.url}${AGILE}/issue/${hidden.id}`,
      });
      expect((await get('bob', `/issue/${hidden.key}`, 404)).body).toEqual({
        errorMessages: ['Issue does not exist or you do not have permission to see it.'],
        errors: {},
      });
    });
  });
});
