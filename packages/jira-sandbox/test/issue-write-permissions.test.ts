// The permission scheme on every issue write, against a live sandbox of each
// flavour: erin browses PROJ only through its Users role (a "reporter-only"
// user), so she may create and comment there but not edit, transition,
// assign or log work, and every refusal leaves the issue as it was.
import { describe, expect, it } from 'vitest';
import { STATUS_IN_PROGRESS, STATUS_TO_DO } from '../src/generate/catalogue.ts';
import { generateSandboxData } from '../src/generate/index.ts';
import type { Flavor, SandboxIssue } from '../src/model.ts';
import { hasProjectPermission } from '../src/permission-scheme.ts';
import { SandboxStore } from '../src/store.ts';
import { ADF_BOLD, type Json, useIssueSandbox } from './support/issue-calls.ts';

describe('the default data set', () => {
  it('has a user who browses a project without working on it: erin in PROJ', () => {
    const store = new SandboxStore(generateSandboxData());
    const reporterOnly = store.data.projects.flatMap((project) =>
      store.data.users
        .filter(
          (u) =>
            store.canBrowseProject(u, project) &&
            !hasProjectPermission(store, u, project, 'EDIT_ISSUES') &&
            hasProjectPermission(store, u, project, 'CREATE_ISSUES'),
        )
        .map((u) => `${u.name}@${project.key}`),
    );
    expect(reporterOnly).toEqual(['erin@PROJ']);
  });

  it('gives Jira administrators every project permission, even where they hold only the Users role', () => {
    const store = new SandboxStore(generateSandboxData({ issues: 10 }));
    const admin = store.usersByName.get('admin')!;
    const mob = store.findProject('MOB')!;
    expect(mob.roles.Users).toContain(admin.key);
    for (const permission of ['EDIT_ISSUES', 'EDIT_ALL_COMMENTS', 'DELETE_ALL_WORKLOGS'] as const) {
      expect(hasProjectPermission(store, admin, mob, permission)).toBe(true);
    }
    // carol is in no project: no permission anywhere, whatever its grant.
    const carol = store.usersByName.get('carol')!;
    expect(hasProjectPermission(store, carol, mob, 'CREATE_ISSUES')).toBe(false);
  });
});

describe.each<Flavor>(['datacenter', 'cloud'])('%s write permissions', (flavor) => {
  const { api, cloud, callAt, call, store, user, userRef, notFound, pick, openProj, inStatus } =
    useIssueSandbox(flavor);
  const text = (s: string): unknown => (cloud ? ADF_BOLD : s);
  const snapshot = (issue: SandboxIssue): string => JSON.stringify(issue);

  it('refuses erin every field of an edit, by name, as Jira does without Edit Issues', async () => {
    const issue = pick(openProj);
    const before = snapshot(issue);
    // By key on the flavour's API, and by id on /rest/api/2 (Cloud's wiki API too).
    for (const path of [`${api}/issue/${issue.key}`, `/rest/api/2/issue/${issue.id}`]) {
      const res = await callAt('erin', 'PUT', path, {
        fields: { summary: 'Taken over', assignee: userRef('erin') },
        update: { labels: [{ add: 'mine' }], comment: [{ add: { body: 'sneaky' } }] },
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errorMessages: [],
        errors: Object.fromEntries(
          ['summary', 'assignee', 'labels', 'comment'].map((f) => [
            f,
            `Field '${f}' cannot be set. It is not on the appropriate screen, or unknown.`,
          ]),
        ),
      });
    }
    expect(snapshot(issue)).toBe(before);
    // alice develops PROJ: the same edit goes through.
    expect(
      (await call('alice', 'PUT', `/issue/${issue.key}`, { fields: { summary: 'Renamed' } })).status,
    ).toBe(204);
    expect(issue.summary).toBe('Renamed');
  });

  it('offers erin no transition and refuses one like an unknown id', async () => {
    const issue = pick(inStatus(STATUS_TO_DO));
    const mine = await call('erin', 'GET', `/issue/${issue.key}/transitions`);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({ expand: 'transitions', transitions: [] });
    const expanded = await call('erin', 'GET', `/issue/${issue.key}?fields=summary&expand=transitions`);
    expect((expanded.body as Json).transitions).toEqual([]);
    const alices = await call('alice', 'GET', `/issue/${issue.key}/transitions`);
    const offered = (alices.body as { transitions: Json[] }).transitions.map((t) => t.id);
    expect(offered).toContain('11');

    const res = await call('erin', 'POST', `/issue/${issue.key}/transitions`, { transition: { id: '11' } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errorMessages: ["Transition id '11' is not valid for this issue."],
      errors: {},
    });
    expect(issue.statusId).toBe(STATUS_TO_DO);
  });

  it('answers 403 when erin assigns, and keeps the assignee', async () => {
    const issue = pick(openProj);
    const before = issue.assigneeKey;
    const res = await call('erin', 'PUT', `/issue/${issue.key}/assignee`, userRef('erin'));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errorMessages: ['You do not have permission to assign issues.'], errors: {} });
    expect(issue.assigneeKey).toBe(before);
  });

  it('refuses erin a worklog: 403 naming her on Data Center, 400 on Cloud', async () => {
    const issue = pick((i) => openProj(i) && i.timeEstimate !== null);
    const before = snapshot(issue);
    const res = await call('erin', 'POST', `/issue/${issue.key}/worklog`, { timeSpent: '1h' });
    expect(res.body).toEqual({
      errorMessages: [
        cloud
          ? 'You do not have the permission to associate a worklog to this issue.'
          : 'Erin Evans, you do not have the permission to associate a worklog to this issue.',
      ],
      errors: {},
    });
    expect(res.status).toBe(cloud ? 400 : 403);
    expect(snapshot(issue)).toBe(before);
  });

  it('lets erin create issues and comment in PROJ, but not assign on create', async () => {
    const created = await call('erin', 'POST', '/issue', {
      fields: { project: { key: 'PROJ' }, issuetype: { name: 'Bug' }, summary: 'Reported by erin' },
    });
    expect(created.status).toBe(201);
    const key = String((created.body as Json).key);
    expect(store().findIssue(key)?.reporterKey).toBe(user('erin').key);
    const comment = await call('erin', 'POST', `/issue/${key}/comment`, { body: text('Steps to reproduce') });
    expect(comment.status).toBe(201);

    const count = store().data.issues.length;
    const assigned = await call('erin', 'POST', '/issue', {
      fields: {
        project: { key: 'PROJ' },
        issuetype: { name: 'Bug' },
        summary: 'Assigned by erin',
        assignee: userRef('alice'),
      },
    });
    expect(assigned.status).toBe(400);
    expect(assigned.body).toEqual({
      errorMessages: [],
      errors: {
        assignee: "Field 'assignee' cannot be set. It is not on the appropriate screen, or unknown.",
      },
    });
    expect(store().data.issues).toHaveLength(count);
  });

  it('answers a project the caller may not create in like a missing one', async () => {
    const count = store().data.issues.length;
    const res = await call('carol', 'POST', '/issue', {
      fields: { project: { key: 'PROJ' }, issuetype: { name: 'Task' }, summary: 'x' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errorMessages: [], errors: { project: 'Specify a valid project ID or key' } });
    expect(store().data.issues).toHaveLength(count);
  });

  it('still hides an issue erin cannot see behind 404 before any permission', async () => {
    const hidden = pick((i) => i.projectId === '10001' && i.securityLevelId === null);
    for (const [method, path, body] of [
      ['PUT', `/issue/${hidden.key}`, { fields: { summary: 'x' } }],
      ['PUT', `/issue/${hidden.key}/assignee`, userRef('erin')],
      ['POST', `/issue/${hidden.key}/worklog`, { timeSpent: '1h' }],
      ['GET', `/issue/${hidden.key}/transitions`, undefined],
    ] as const) {
      const res = await call('erin', method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toEqual({ errorMessages: [notFound], errors: {} });
    }
  });

  it('lets a Jira administrator work in a project where he holds only the Users role', async () => {
    const issue = pick(
      (i) => i.projectId === '10001' && i.securityLevelId === null && i.statusId === STATUS_TO_DO,
    );
    expect(
      (await call('admin', 'PUT', `/issue/${issue.key}`, { fields: { summary: 'By admin' } })).status,
    ).toBe(204);
    expect((await call('admin', 'PUT', `/issue/${issue.key}/assignee`, userRef('bob'))).status).toBe(204);
    expect((await call('admin', 'POST', `/issue/${issue.key}/worklog`, { timeSpent: '5m' })).status).toBe(
      201,
    );
    expect(
      (await call('admin', 'POST', `/issue/${issue.key}/transitions`, { transition: { id: '11' } })).status,
    ).toBe(204);
    expect(issue).toMatchObject({
      summary: 'By admin',
      assigneeKey: user('bob').key,
      statusId: STATUS_IN_PROGRESS,
    });
  });

  it('answers mypermissions from the same scheme', async () => {
    const keys = 'CREATE_ISSUES,ADD_COMMENTS,EDIT_ISSUES,TRANSITION_ISSUES,WORK_ON_ISSUES,EDIT_ALL_COMMENTS';
    const held = async (as: string, project: string): Promise<string[]> => {
      const res = await call(as, 'GET', `/mypermissions?permissions=${keys}&projectKey=${project}`);
      expect(res.status).toBe(200);
      const permissions = (res.body as { permissions: Record<string, Json> }).permissions;
      return Object.values(permissions)
        .filter((p) => p.havePermission === true)
        .map((p) => String(p.key))
        .sort();
    };
    expect(await held('erin', 'PROJ')).toEqual(['ADD_COMMENTS', 'CREATE_ISSUES']);
    expect(await held('bob', 'PROJ')).toEqual([
      'ADD_COMMENTS',
      'CREATE_ISSUES',
      'EDIT_ISSUES',
      'TRANSITION_ISSUES',
      'WORK_ON_ISSUES',
    ]);
    expect(await held('alice', 'MOB')).toContain('EDIT_ALL_COMMENTS');
  });
});
