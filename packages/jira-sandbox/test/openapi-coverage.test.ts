// Every route the sandbox serves, in both flavours, answers once with success
// and once with an error (one comment's and one worklog's routes in
// support/coverage-edit-cases.ts), and each answer is checked against Atlassian's
// OpenAPI document (connectSandbox validates every /rest/ answer). The route
// table is read from the server itself, so a new route without a case here
// fails this test.
import { describe, expect, it } from 'vitest';
import type { Flavor, SandboxIssue } from '../src/model.ts';
import { sandboxRoutes } from '../src/routes/index.ts';
import type { SandboxStore } from '../src/store.ts';
import { type CoverageCase, editCases } from './support/coverage-edit-cases.ts';
import { useSandbox } from './support/sandbox.ts';

type Outcome = CoverageCase['outcome'];
type Case = CoverageCase;

const BAD_LOGIN = { authorization: `Basic ${Buffer.from('alice:wrong-password').toString('base64')}` };

/** Routes whose only answer in that flavour is an error (Cloud removed /search). */
const ERROR_ONLY = new Set([
  'GET /rest/api/3/search',
  'POST /rest/api/3/search',
  'GET /rest/api/2/search',
  'POST /rest/api/2/search',
]);

function label(method: string, template: string): string {
  return `${method} ${template.replace(/:(\w+)/g, '{$1}')}`;
}

/** An issue alice may see and edit: PROJ, no security level. */
function plainIssue(store: SandboxStore): SandboxIssue {
  const issue = store.data.issues.find(
    (i) => i.projectId === '10000' && i.securityLevelId === null && !i.parentId,
  );
  if (!issue) throw new Error('no plain PROJ issue in the data');
  return issue;
}

function opsIssue(store: SandboxStore): SandboxIssue {
  const issue = store.data.issues.find((i) => i.projectId === '10002');
  if (!issue) throw new Error('no OPS issue in the data');
  return issue;
}

function platformCases(flavor: Flavor, api: string, store: SandboxStore): Case[] {
  const v3 = api.endsWith('/3');
  const issue = plainIssue(store);
  const hidden = opsIssue(store).key;
  const alice = store.usersByName.get('alice')!;
  const userRef = flavor === 'cloud' ? { accountId: alice.accountId } : { name: 'alice' };
  const text = (s: string) =>
    v3
      ? { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: s }] }] }
      : s;
  const transition = store.data.transitions.find(
    (t) => t.fromStatusIds.length === 0 || t.fromStatusIds.includes(issue.statusId),
  );
  const r = (method: string, path: string) => label(method, `${api}${path}`);
  const cases: Case[] = [
    { route: r('GET', '/serverInfo'), outcome: 'ok', as: null, path: `${api}/serverInfo` },
    { route: r('GET', '/serverInfo'), outcome: 'error', as: BAD_LOGIN, path: `${api}/serverInfo` },
    { route: r('GET', '/myself'), outcome: 'ok', as: 'alice', path: `${api}/myself` },
    { route: r('GET', '/myself'), outcome: 'error', as: null, path: `${api}/myself` },
    {
      route: r('GET', '/user'),
      outcome: 'ok',
      as: 'alice',
      path: flavor === 'cloud' ? `${api}/user?accountId=${alice.accountId}` : `${api}/user?username=alice`,
    },
    {
      route: r('GET', '/user'),
      outcome: 'error',
      as: 'alice',
      path: flavor === 'cloud' ? `${api}/user?accountId=nobody` : `${api}/user?username=nobody`,
    },
    {
      route: r('GET', '/user/search'),
      outcome: 'ok',
      as: 'alice',
      path: `${api}/user/search?${flavor === 'cloud' ? 'query' : 'username'}=al`,
    },
    { route: r('GET', '/user/search'), outcome: 'error', as: 'alice', path: `${api}/user/search` },
    {
      route: r('GET', '/mypermissions'),
      outcome: 'ok',
      as: 'alice',
      path: `${api}/mypermissions?permissions=BROWSE_PROJECTS`,
    },
    {
      route: r('GET', '/mypermissions'),
      outcome: 'error',
      as: 'alice',
      path: `${api}/mypermissions?permissions=FLY`,
    },
  ];
  for (const list of [
    '/field',
    '/issuetype',
    '/priority',
    '/status',
    '/statuscategory',
    '/resolution',
    '/project',
  ]) {
    cases.push({ route: r('GET', list), outcome: 'ok', as: 'alice', path: `${api}${list}` });
    cases.push({ route: r('GET', list), outcome: 'error', as: BAD_LOGIN, path: `${api}${list}` });
  }
  for (const sub of ['', '/statuses', '/components', '/versions']) {
    const route = r('GET', `/project/:projectIdOrKey${sub}`);
    cases.push({ route, outcome: 'ok', as: 'alice', path: `${api}/project/PROJ${sub}` });
    cases.push({ route, outcome: 'error', as: 'bob', path: `${api}/project/OPS${sub}` });
  }
  const key = issue.key;
  cases.push(
    {
      route: r('POST', '/issue'),
      outcome: 'ok',
      as: 'alice',
      path: `${api}/issue`,
      body: {
        fields: {
          project: { key: 'PROJ' },
          issuetype: { name: 'Task' },
          summary: 'Made by the coverage test',
        },
      },
    },
    {
      route: r('POST', '/issue'),
      outcome: 'error',
      as: 'alice',
      path: `${api}/issue`,
      body: { fields: { project: { key: 'PROJ' }, issuetype: { name: 'Task' } } },
    },
    { route: r('GET', '/issue/:issueIdOrKey'), outcome: 'ok', as: 'alice', path: `${api}/issue/${key}` },
    { route: r('GET', '/issue/:issueIdOrKey'), outcome: 'error', as: 'bob', path: `${api}/issue/${hidden}` },
    {
      route: r('PUT', '/issue/:issueIdOrKey'),
      outcome: 'ok',
      as: 'alice',
      path: `${api}/issue/${key}`,
      body: { fields: { summary: `Edited over ${api}` } },
    },
    {
      route: r('PUT', '/issue/:issueIdOrKey'),
      outcome: 'error',
      as: 'alice',
      path: `${api}/issue/${key}`,
      body: { fields: { nonsense: 1 } },
    },
    {
      route: r('GET', '/issue/:issueIdOrKey/comment'),
      outcome: 'ok',
      as: 'alice',
      path: `${api}/issue/${key}/comment`,
    },
    {
      route: r('GET', '/issue/:issueIdOrKey/comment'),
      outcome: 'error',
      as: 'bob',
      path: `${api}/issue/${hidden}/comment`,
    },
    {
      route: r('POST', '/issue/:issueIdOrKey/comment'),
      outcome: 'ok',
      as: 'alice',
      path: `${api}/issue/${key}/comment`,
      body: { body: text('A comment') },
    },
    {
      route: r('POST', '/issue/:issueIdOrKey/comment'),
      outcome: 'error',
      as: 'alice',
      path: `${api}/issue/${key}/comment`,
      body: { body: v3 ? 'not a document' : '' },
    },
    {
      route: r('GET', '/issue/:issueIdOrKey/worklog'),
      outcome: 'ok',
      as: 'alice',
      path: `${api}/issue/${key}/worklog`,
    },
    {
      route: r('GET', '/issue/:issueIdOrKey/worklog'),
      outcome: 'error',
      as: 'bob',
      path: `${api}/issue/${hidden}/worklog`,
    },
    {
      route: r('POST', '/issue/:issueIdOrKey/worklog'),
      outcome: 'ok',
      as: 'alice',
      path: `${api}/issue/${key}/worklog`,
      body: { timeSpent: '1h 30m' },
    },
    {
      route: r('POST', '/issue/:issueIdOrKey/worklog'),
      outcome: 'error',
      as: 'alice',
      path: `${api}/issue/${key}/worklog`,
      body: { timeSpent: 'a while' },
    },
    {
      route: r('GET', '/issue/:issueIdOrKey/transitions'),
      outcome: 'ok',
      as: 'alice',
      path: `${api}/issue/${key}/transitions`,
    },
    {
      route: r('GET', '/issue/:issueIdOrKey/transitions'),
      outcome: 'error',
      as: 'bob',
      path: `${api}/issue/${hidden}/transitions`,
    },
    {
      route: r('POST', '/issue/:issueIdOrKey/transitions'),
      outcome: 'error',
      as: 'alice',
      path: `${api}/issue/${key}/transitions`,
      body: { transition: { id: '999' } },
    },
    {
      route: r('PUT', '/issue/:issueIdOrKey/assignee'),
      outcome: 'ok',
      as: 'alice',
      path: `${api}/issue/${key}/assignee`,
      body: userRef,
    },
    {
      route: r('PUT', '/issue/:issueIdOrKey/assignee'),
      outcome: 'error',
      as: 'alice',
      path: `${api}/issue/${key}/assignee`,
      body: flavor === 'cloud' ? { accountId: 'nobody' } : { name: 'nobody' },
    },
  );
  // Last: it moves the issue on, which the cases above do not depend on.
  if (transition) {
    cases.push({
      route: r('POST', '/issue/:issueIdOrKey/transitions'),
      outcome: 'ok',
      as: 'alice',
      path: `${api}/issue/${key}/transitions`,
      body: { transition: { id: transition.id } },
    });
  }
  if (flavor === 'datacenter') {
    cases.push(
      {
        route: r('GET', '/search'),
        outcome: 'ok',
        as: 'alice',
        path: `${api}/search?jql=project%3DPROJ&maxResults=5`,
      },
      { route: r('GET', '/search'), outcome: 'error', as: 'alice', path: `${api}/search?jql=project%3D` },
      {
        route: r('POST', '/search'),
        outcome: 'ok',
        as: 'alice',
        path: `${api}/search`,
        body: { jql: 'project = MOB', maxResults: 5 },
      },
      {
        route: r('POST', '/search'),
        outcome: 'error',
        as: 'alice',
        path: `${api}/search`,
        body: { jql: 'nosuchfield = 1' },
      },
    );
  } else {
    cases.push(
      { route: r('GET', '/search'), outcome: 'error', as: 'alice', path: `${api}/search?jql=project%3DPROJ` },
      {
        route: r('POST', '/search'),
        outcome: 'error',
        as: 'alice',
        path: `${api}/search`,
        body: { jql: 'project = PROJ' },
      },
      {
        route: r('GET', '/search/jql'),
        outcome: 'ok',
        as: 'alice',
        path: `${api}/search/jql?jql=project%3DPROJ&fields=summary&maxResults=5`,
      },
      {
        route: r('GET', '/search/jql'),
        outcome: 'error',
        as: 'alice',
        path: `${api}/search/jql?jql=order%20by%20key`,
      },
      {
        route: r('POST', '/search/jql'),
        outcome: 'ok',
        as: 'alice',
        path: `${api}/search/jql`,
        body: { jql: 'project = MOB', maxResults: 5 },
      },
      {
        route: r('POST', '/search/jql'),
        outcome: 'error',
        as: 'alice',
        path: `${api}/search/jql`,
        body: { jql: 'project = ' },
      },
      {
        route: r('POST', '/search/approximate-count'),
        outcome: 'ok',
        as: 'alice',
        path: `${api}/search/approximate-count`,
        body: { jql: 'project = PROJ' },
      },
      {
        route: r('POST', '/search/approximate-count'),
        outcome: 'error',
        as: 'alice',
        path: `${api}/search/approximate-count`,
        body: { jql: 'project = NOPE' },
      },
      {
        route: r('POST', '/issue/bulkfetch'),
        outcome: 'ok',
        as: 'alice',
        path: `${api}/issue/bulkfetch`,
        body: { issueIdsOrKeys: [key, hidden] },
      },
      {
        route: r('POST', '/issue/bulkfetch'),
        outcome: 'error',
        as: 'alice',
        path: `${api}/issue/bulkfetch`,
        body: { issueIdsOrKeys: Array.from({ length: 101 }, (_, i) => `PROJ-${i + 1}`) },
      },
      {
        route: r('POST', '/changelog/bulkfetch'),
        outcome: 'ok',
        as: 'alice',
        path: `${api}/changelog/bulkfetch`,
        body: { issueIdsOrKeys: [key, hidden], fieldIds: ['status'], maxResults: 5 },
      },
      {
        route: r('POST', '/changelog/bulkfetch'),
        outcome: 'error',
        as: 'alice',
        path: `${api}/changelog/bulkfetch`,
        body: { issueIdsOrKeys: [] },
      },
      { route: r('GET', '/project/search'), outcome: 'ok', as: 'alice', path: `${api}/project/search` },
      {
        route: r('GET', '/project/search'),
        outcome: 'error',
        as: 'alice',
        path: `${api}/project/search?orderBy=colour`,
      },
    );
  }
  return cases;
}

function agileCases(store: SandboxStore): Case[] {
  const agile = '/rest/agile/1.0';
  const r = (method: string, path: string) => label(method, `${agile}${path}`);
  const projSprint = store.data.sprints.find((s) => s.originBoardId === 1 && s.state === 'active')!;
  const finSprint = store.data.sprints.find((s) => s.originBoardId === 4)!;
  const key = plainIssue(store).key;
  const hidden = opsIssue(store).key;
  return [
    { route: r('GET', '/board'), outcome: 'ok', as: 'alice', path: `${agile}/board` },
    { route: r('GET', '/board'), outcome: 'error', as: BAD_LOGIN, path: `${agile}/board` },
    { route: r('GET', '/board/:boardId'), outcome: 'ok', as: 'alice', path: `${agile}/board/1` },
    { route: r('GET', '/board/:boardId'), outcome: 'error', as: 'bob', path: `${agile}/board/3` },
    {
      route: r('GET', '/board/:boardId/issue'),
      outcome: 'ok',
      as: 'alice',
      path: `${agile}/board/1/issue?maxResults=3`,
    },
    { route: r('GET', '/board/:boardId/issue'), outcome: 'error', as: 'bob', path: `${agile}/board/3/issue` },
    {
      route: r('GET', '/board/:boardId/sprint'),
      outcome: 'ok',
      as: 'alice',
      path: `${agile}/board/1/sprint`,
    },
    {
      route: r('GET', '/board/:boardId/sprint'),
      outcome: 'error',
      as: 'alice',
      path: `${agile}/board/3/sprint`,
    },
    {
      route: r('GET', '/sprint/:sprintId'),
      outcome: 'ok',
      as: 'alice',
      path: `${agile}/sprint/${projSprint.id}`,
    },
    {
      route: r('GET', '/sprint/:sprintId'),
      outcome: 'error',
      as: 'bob',
      path: `${agile}/sprint/${finSprint.id}`,
    },
    {
      route: r('GET', '/sprint/:sprintId/issue'),
      outcome: 'ok',
      as: 'alice',
      path: `${agile}/sprint/${projSprint.id}/issue`,
    },
    {
      route: r('GET', '/sprint/:sprintId/issue'),
      outcome: 'error',
      as: 'bob',
      path: `${agile}/sprint/${finSprint.id}/issue`,
    },
    { route: r('GET', '/issue/:issueIdOrKey'), outcome: 'ok', as: 'alice', path: `${agile}/issue/${key}` },
    {
      route: r('GET', '/issue/:issueIdOrKey'),
      outcome: 'error',
      as: 'bob',
      path: `${agile}/issue/${hidden}`,
    },
  ];
}

function patCases(): Case[] {
  const tokens = '/rest/pat/latest/tokens';
  return [
    { route: label('GET', tokens), outcome: 'ok', as: 'alice', path: tokens },
    { route: label('GET', tokens), outcome: 'error', as: null, path: tokens },
    {
      route: label('POST', tokens),
      outcome: 'ok',
      as: 'alice',
      path: tokens,
      body: { name: 'coverage', expirationDuration: 30 },
    },
    { route: label('POST', tokens), outcome: 'error', as: 'alice', path: tokens, body: {} },
    // The token made just above has id 1 in a fresh sandbox.
    { route: label('DELETE', `${tokens}/:tokenId`), outcome: 'ok', as: 'alice', path: `${tokens}/1` },
    { route: label('DELETE', `${tokens}/:tokenId`), outcome: 'error', as: 'alice', path: `${tokens}/1` },
  ];
}

describe.each<Flavor>(['datacenter', 'cloud'])(
  '%s: every route, success and error, fits the OpenAPI document',
  (flavor) => {
    const jira = useSandbox({ flavor, issues: 200, seed: 9 });

    it('covers the whole route table', async () => {
      const store = jira().sandbox.store;
      const prefixes = flavor === 'cloud' ? ['/rest/api/3', '/rest/api/2'] : ['/rest/api/2'];
      // Each group is built when it runs: a transition depends on the status
      // the previous group left the issue in.
      const groups: (() => Case[])[] = [
        ...prefixes.flatMap((api) => [
          () => platformCases(flavor, api, store),
          () => editCases(api, store, plainIssue(store)),
        ]),
        () => agileCases(store),
        () => (flavor === 'datacenter' ? patCases() : []),
      ];
      const seen = new Map<string, Set<Outcome>>();
      for (const group of groups) {
        for (const c of group()) {
          await jira().call(null, 'POST', '/__sandbox/reset');
          const answer = await jira().call(c.as, methodOf(c), c.path, c.body);
          const ok = answer.status < 400;
          expect(ok ? 'ok' : 'error', `${c.route} ${c.path} answered ${answer.status}`).toBe(c.outcome);
          const stats = (await jira().call(null, 'GET', '/__sandbox/stats')).body as {
            byRoute: Record<string, number>;
          };
          expect(Object.keys(stats.byRoute), `${c.path} did not reach ${c.route}`).toEqual([c.route]);
          seen.set(c.route, (seen.get(c.route) ?? new Set()).add(c.outcome));
        }
      }
      const missing = sandboxRoutes(flavor)
        .map((d) => label(d.method, d.path))
        .flatMap((route) => {
          const outcomes = seen.get(route) ?? new Set();
          const wanted: Outcome[] = ERROR_ONLY.has(route) && flavor === 'cloud' ? ['error'] : ['ok', 'error'];
          return wanted.filter((o) => !outcomes.has(o)).map((o) => `${route} (${o})`);
        });
      expect(missing).toEqual([]);
    });
  },
);

function methodOf(c: Case): string {
  return c.route.slice(0, c.route.indexOf(' '));
}
