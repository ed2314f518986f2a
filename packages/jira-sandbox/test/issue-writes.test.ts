// Writing issues against a live sandbox of each flavour: editing, creating
// and assigning, with Jira's error wording, and who may change what.
import { describe, expect, it } from 'vitest';
import type { Flavor } from '../src/model.ts';
import { ADF_BOLD, type Json, useIssueSandbox } from './support/issue-calls.ts';

describe.each<Flavor>(['datacenter', 'cloud'])('%s issues', (flavor) => {
  const {
    api,
    cloud,
    callAt,
    call,
    callV2,
    store,
    user,
    userRef,
    userId,
    notFound,
    pick,
    openProj,
    fields,
    lastHistory,
  } = useIssueSandbox(flavor);

  describe('PUT /issue', () => {
    it('edits fields and update operations, bumps updated and records one history', async () => {
      const issue = pick((i) => openProj(i) && i.labels.length === 0 && i.priorityId !== '2');
      const before = issue.updated;
      const histories = issue.changelog.length;
      const res = await call('alice', 'PUT', `/issue/${issue.key}`, {
        fields: {
          summary: 'Renamed by the test',
          priority: { name: 'High' },
          duedate: '2027-01-15',
          customfield_10002: 8,
        },
        update: { labels: [{ add: 'backend' }, { add: 'urgent' }, { remove: 'backend' }] },
      });
      expect(res.status).toBe(204);
      expect(res.body).toBeUndefined();
      const f = await fields(issue.key);
      expect(f).toMatchObject({
        summary: 'Renamed by the test',
        priority: { id: '2', name: 'High' },
        duedate: '2027-01-15',
        customfield_10002: 8,
        labels: ['urgent'],
      });
      expect(Date.parse(String(f.updated).replace('+0000', 'Z'))).toBeGreaterThan(before);
      expect(issue.changelog).toHaveLength(histories + 1);
      const items = lastHistory(issue)?.items ?? [];
      expect(items.map((i) => i.field).sort()).toEqual([
        'Story Points',
        'duedate',
        'labels',
        'priority',
        'summary',
      ]);
      expect(items.find((i) => i.field === 'summary')).toMatchObject({ toString: 'Renamed by the test' });
      expect(items.find((i) => i.field === 'priority')).toMatchObject({ to: '2', toString: 'High' });
      expect(lastHistory(issue)?.authorKey).toBe(user('alice').key);
    });

    it('takes descriptions as ADF on Cloud v3 and as wiki strings elsewhere', async () => {
      const issue = pick(openProj);
      if (cloud) {
        const plain = await call('alice', 'PUT', `/issue/${issue.key}`, {
          fields: { description: 'plain text' },
        });
        expect(plain.status).toBe(400);
        expect(plain.body).toEqual({
          errorMessages: [],
          errors: {
            description: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
          },
        });
        expect(
          (await call('alice', 'PUT', `/issue/${issue.key}`, { fields: { description: ADF_BOLD } })).status,
        ).toBe(204);
        const v2 = await callV2('alice', 'GET', `/issue/${issue.key}?fields=description`);
        expect((v2.body as { fields: Json }).fields.description).toBe('Looks *good*');
        expect((await fields(issue.key, '?fields=description')).description).toEqual(ADF_BOLD);
        // Cloud's v2 still writes wiki strings.
        expect(
          (await callV2('alice', 'PUT', `/issue/${issue.key}`, { fields: { description: 'h2. Wiki' } }))
            .status,
        ).toBe(204);
        expect(issue.description).toBe('h2. Wiki');
      } else {
        expect(
          (await call('alice', 'PUT', `/issue/${issue.key}`, { fields: { description: 'Looks *good*' } }))
            .status,
        ).toBe(204);
        const rendered = await call(
          'alice',
          'GET',
          `/issue/${issue.key}?fields=description&expand=renderedFields`,
        );
        expect((rendered.body as { renderedFields: Json }).renderedFields.description).toBe(
          '<p>Looks <b>good</b></p>',
        );
      }
    });

    it('refuses invalid edits with Jira wording and changes nothing', async () => {
      const issue = pick(openProj);
      const summary = issue.summary;
      const res = await call('alice', 'PUT', `/issue/${issue.key}`, {
        fields: {
          summary: '',
          foo: 1,
          priority: { id: '99' },
          assignee: userRef('carol'),
          duedate: 'tomorrow',
        },
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errorMessages: [],
        errors: {
          summary: 'You must specify a summary of the issue.',
          foo: "Field 'foo' cannot be set. It is not on the appropriate screen, or unknown.",
          priority: 'The priority selected is invalid.',
          assignee: `User '${userId('carol')}' cannot be assigned issues.`,
          duedate: 'Error parsing date string: tomorrow',
        },
      });
      expect(issue.summary).toBe(summary);
      const resolution = await call('alice', 'PUT', `/issue/${issue.key}`, {
        fields: { resolution: { name: 'Done' } },
      });
      expect(resolution.body).toEqual({
        errorMessages: [],
        errors: {
          resolution: "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown.",
        },
      });
    });

    it('answers 404 to users who cannot see the issue and 401 to anonymous Data Center callers', async () => {
      const ops = store().data.issues.find((i) => i.projectId === '10002');
      const bob = await call('bob', 'PUT', `/issue/${ops?.key}`, { fields: { summary: 'x' } });
      expect(bob.status).toBe(404);
      expect(bob.body).toEqual({ errorMessages: [notFound], errors: {} });
      const anonymous = await call(null, 'PUT', '/issue/PROJ-1', { fields: { summary: 'x' } });
      if (cloud) expect(anonymous.status).toBe(404);
      else {
        expect(anonymous.status).toBe(401);
        expect(anonymous.body).toEqual({
          errorMessages: ['You are not authenticated. Authentication required to perform this operation.'],
          errors: {},
        });
      }
      expect(store().findIssue('PROJ-1')?.summary).not.toBe('x');
    });
  });

  describe('POST /issue', () => {
    it('creates an issue with the next key of the project', async () => {
      const next = store().data.projectCounters.MOB ?? 0;
      const res = await call('bob', 'POST', '/issue', {
        fields: {
          project: { key: 'MOB' },
          issuetype: { name: 'Task' },
          summary: 'Created by the test',
          description: cloud ? ADF_BOLD : 'Looks *good*',
          priority: { id: '2' },
          labels: ['mobile'],
          assignee: userRef('dave'),
        },
      });
      expect(res.status).toBe(201);
      const created = res.body as Json;
      expect(created).toEqual({
        id: expect.any(String),
        key: `MOB-${next}`,
        self: expect.stringContaining(`${api}/issue/${String(created.id)}`),
      });
      const f = await fields(`MOB-${next}`);
      expect(f).toMatchObject({
        summary: 'Created by the test',
        issuetype: { name: 'Task' },
        project: { key: 'MOB' },
        status: { name: 'To Do' },
        priority: { id: '2' },
        labels: ['mobile'],
        resolution: null,
        assignee: { displayName: 'Dave Davis' },
        reporter: { displayName: 'Bob Brown' },
        creator: { displayName: 'Bob Brown' },
      });
      expect(store().findIssue(`MOB-${next}`)?.description).toBe('Looks *good*');
      expect(store().data.projectCounters.MOB).toBe(next + 1);
      // The new issue is searchable right away.
      const found = await callAt('bob', 'POST', cloud ? '/rest/api/3/search/jql' : '/rest/api/2/search', {
        jql: `key = MOB-${next}`,
        fields: ['summary'],
      });
      expect((found.body as { issues: Json[] }).issues.map((i) => i.key)).toEqual([`MOB-${next}`]);
    });

    it('creates sub-tasks under a parent, at its security level', async () => {
      const parent = store().findIssue('PROJ-2');
      const res = await call('alice', 'POST', '/issue', {
        fields: {
          project: { id: '10000' },
          issuetype: { id: '10004' },
          summary: 'Child',
          parent: { key: 'PROJ-2' },
        },
      });
      expect(res.status).toBe(201);
      const child = store().findIssue(String((res.body as Json).key));
      expect(child?.parentId).toBe(parent?.id);
      expect(child?.securityLevelId).toBe('10100');
      expect((await call('dave', 'GET', `/issue/${child?.key}`)).status).toBe(404);
      const f = await fields(child?.key ?? '', '?fields=parent');
      expect(f.parent).toMatchObject({ key: 'PROJ-2' });
    });

    it.each([
      [
        'no summary',
        { project: { key: 'PROJ' }, issuetype: { name: 'Task' } },
        { summary: 'You must specify a summary of the issue.' },
      ],
      ['no project', { issuetype: { name: 'Task' }, summary: 's' }, { project: 'project is required' }],
      [
        'an unknown project',
        { project: { key: 'NOPE' }, issuetype: { name: 'Task' }, summary: 's' },
        { project: 'Specify a valid project ID or key' },
      ],
      [
        'an unknown issue type',
        { project: { key: 'PROJ' }, issuetype: { id: '999' }, summary: 's' },
        { issuetype: 'The issue type selected is invalid.' },
      ],
      [
        'a sub-task without parent',
        { project: { key: 'PROJ' }, issuetype: { name: 'Sub-task' }, summary: 's' },
        { parentId: 'Issue type is a sub-task but parent issue key or id not specified.' },
      ],
      [
        'an unknown field',
        { project: { key: 'PROJ' }, issuetype: { name: 'Task' }, summary: 's', customfield_99999: 1 },
        {
          customfield_99999:
            "Field 'customfield_99999' cannot be set. It is not on the appropriate screen, or unknown.",
        },
      ],
    ])('refuses %s', async (_, fieldsBody, errors) => {
      const count = store().data.issues.length;
      const res = await call('alice', 'POST', '/issue', { fields: fieldsBody });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errorMessages: [], errors });
      expect(store().data.issues).toHaveLength(count);
    });

    it('does not let bob create in OPS, which he cannot browse', async () => {
      const res = await call('bob', 'POST', '/issue', {
        fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'Sneaky' },
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errorMessages: [],
        errors: { project: 'Specify a valid project ID or key' },
      });
    });
  });

  describe('PUT /issue/{key}/assignee', () => {
    it('assigns, unassigns and records the change', async () => {
      const issue = pick((i) => openProj(i) && i.assigneeKey !== user('erin').key);
      const path = `/issue/${issue.key}/assignee`;
      expect((await call('alice', 'PUT', path, userRef('erin'))).status).toBe(204);
      expect((await fields(issue.key, '?fields=assignee')).assignee).toMatchObject({
        displayName: 'Erin Evans',
      });
      expect(lastHistory(issue)?.items[0]).toMatchObject({
        field: 'assignee',
        to: user('erin').key,
        toString: 'Erin Evans',
      });
      const unassign = cloud ? { accountId: null } : { name: null };
      expect((await call('alice', 'PUT', path, unassign)).status).toBe(204);
      expect((await fields(issue.key, '?fields=assignee')).assignee).toBeNull();
      await call('alice', 'PUT', path, userRef('erin'));
      // "-1" is Automatic: the project default, Unassigned here.
      expect((await call('alice', 'PUT', path, cloud ? { accountId: '-1' } : { name: '-1' })).status).toBe(
        204,
      );
      expect(issue.assigneeKey).toBeNull();
    });

    it('refuses users who cannot be assigned: unknown, not browsing the project, inactive', async () => {
      const ops = store().data.issues.find((i) => i.projectId === '10002' && i.securityLevelId === null);
      for (const name of ['bob', 'carol', 'frank']) {
        const res = await call('alice', 'PUT', `/issue/${ops?.key}/assignee`, userRef(name));
        expect(res.status).toBe(400);
        expect(res.body).toEqual({
          errorMessages: [],
          errors: { assignee: `User '${userId(name)}' cannot be assigned issues.` },
        });
      }
      const unknown = await call(
        'alice',
        'PUT',
        `/issue/${ops?.key}/assignee`,
        cloud ? { accountId: 'zed' } : { name: 'zed' },
      );
      expect(unknown.body).toEqual({
        errorMessages: [],
        errors: { assignee: "User 'zed' cannot be assigned issues." },
      });
    });

    it.runIf(cloud)('needs an accountId on Cloud, where names mean nothing', async () => {
      const issue = pick((i) => openProj(i) && i.assigneeKey !== null);
      const res = await call('alice', 'PUT', `/issue/${issue.key}/assignee`, { name: 'alice' });
      expect(res.status).toBe(400);
      expect(issue.assigneeKey).not.toBeNull();
    });
  });
});
