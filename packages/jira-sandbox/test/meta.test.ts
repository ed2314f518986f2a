// Instance-wide and project routes in both flavours, with the permission
// cases: bob does not get OPS, carol gets nothing.
import { describe, expect, it } from 'vitest';
import { useSandbox } from './support/sandbox.ts';

describe.each(['datacenter', 'cloud'] as const)('%s', (flavor) => {
  const jira = useSandbox({ flavor, issues: 40, seed: 4 });
  const api = flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';

  it('serverInfo tells the deployment type, even to anonymous callers', async () => {
    const res = await jira().call(null, 'GET', `${api}/serverInfo`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ deploymentType: flavor === 'cloud' ? 'Cloud' : 'Server' });
    expect(res.body).not.toHaveProperty('serverTime');
    const authed = await jira().call('alice', 'GET', `${api}/serverInfo`);
    expect(authed.body).toHaveProperty('serverTime');
  });

  it('lists projects by what the caller may browse', async () => {
    const keys = async (as: string | null) =>
      ((await jira().call(as, 'GET', `${api}/project`)).body as { key: string }[]).map((p) => p.key);
    expect(await keys('admin')).toEqual(['PROJ', 'MOB', 'OPS', 'FIN']);
    expect(await keys('alice')).toEqual(['PROJ', 'MOB', 'OPS']);
    expect(await keys('bob')).toEqual(['PROJ', 'MOB']);
    expect(await keys('carol')).toEqual([]);
    expect(await keys(null)).toEqual([]);
  });

  it('answers a hidden project like a missing one', async () => {
    const hidden = await jira().call('bob', 'GET', `${api}/project/OPS`);
    const missing = await jira().call('bob', 'GET', `${api}/project/NOPE`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({ errorMessages: ["No project could be found with key 'OPS'."], errors: {} });
    expect(missing.status).toBe(404);
    const shown = await jira().call('alice', 'GET', `${api}/project/ops`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ key: 'OPS', id: '10002', name: 'Operations' });
    expect((shown.body as { components: unknown[] }).components.length).toBeGreaterThan(0);
    expect((shown.body as { lead: { displayName: string } }).lead.displayName).toBe('Dave Davis');
  });

  it("serves a project's statuses, components and versions", async () => {
    const statuses = (await jira().call('alice', 'GET', `${api}/project/PROJ/statuses`)).body as {
      name: string;
      statuses: { name: string }[];
    }[];
    expect(statuses.map((t) => t.name)).toContain('Bug');
    expect(statuses[0]?.statuses.map((s) => s.name)).toEqual(['To Do', 'In Progress', 'In Review', 'Done']);
    const components = (await jira().call('alice', 'GET', `${api}/project/PROJ/components`))
      .body as unknown[];
    expect(components.length).toBeGreaterThanOrEqual(2);
    const versions = (await jira().call('alice', 'GET', `${api}/project/PROJ/versions`)).body as {
      released: boolean;
    }[];
    expect(versions.some((v) => v.released)).toBe(true);
    expect((await jira().call('bob', 'GET', `${api}/project/OPS/versions`)).status).toBe(404);
  });

  it('lists fields with the custom fields and their JQL clause names', async () => {
    const fields = (await jira().call('alice', 'GET', `${api}/field`)).body as {
      id: string;
      name: string;
      custom: boolean;
      clauseNames: string[];
      schema?: { custom?: string };
    }[];
    const points = fields.find((f) => f.name === 'Story Points');
    expect(points).toMatchObject({ id: 'customfield_10002', custom: true });
    expect(points?.clauseNames).toContain('cf[10002]');
    expect(fields.find((f) => f.id === 'customfield_10005')?.schema?.custom).toBe(
      'com.pyxis.greenhopper.jira:gh-sprint',
    );
    expect(fields.find((f) => f.id === 'summary')).toMatchObject({ custom: false, navigable: true });
  });

  it('serves statuses, issue types, priorities and resolutions', async () => {
    const names = async (path: string) =>
      ((await jira().call('alice', 'GET', `${api}${path}`)).body as { name: string }[]).map((x) => x.name);
    expect(await names('/status')).toEqual(['To Do', 'In Progress', 'In Review', 'Done']);
    expect(await names('/issuetype')).toEqual(['Epic', 'Story', 'Task', 'Bug', 'Sub-task']);
    expect(await names('/priority')).toEqual(['Highest', 'High', 'Medium', 'Low', 'Lowest']);
    expect(await names('/resolution')).toContain("Won't Do");
  });

  it('tells each user their permissions, per project', async () => {
    const perm = async (as: string, query: string) =>
      (
        (await jira().call(as, 'GET', `${api}/mypermissions?permissions=BROWSE_PROJECTS,ADMINISTER${query}`))
          .body as {
          permissions: Record<string, { havePermission: boolean }>;
        }
      ).permissions;
    expect((await perm('alice', '&projectKey=OPS')).BROWSE_PROJECTS?.havePermission).toBe(true);
    expect((await perm('carol', '')).BROWSE_PROJECTS?.havePermission).toBe(false);
    expect((await perm('admin', '')).ADMINISTER?.havePermission).toBe(true);
    expect((await perm('alice', '')).ADMINISTER?.havePermission).toBe(false);
    const hidden = await jira().call(
      'bob',
      'GET',
      `${api}/mypermissions?permissions=BROWSE_PROJECTS&projectKey=OPS`,
    );
    expect(hidden.status).toBe(404);
    const unknown = await jira().call('bob', 'GET', `${api}/mypermissions?permissions=FLY`);
    expect(unknown.status).toBe(400);
  });

  it('finds users the way the flavour identifies them', async () => {
    const bob = jira().user('bob');
    if (flavor === 'cloud') {
      const res = await jira().call('alice', 'GET', `${api}/user?accountId=${bob.accountId}`);
      expect(res.body).toMatchObject({ accountId: bob.accountId, displayName: 'Bob Brown' });
      const missing = await jira().call('alice', 'GET', `${api}/user?accountId=000`);
      expect(missing.status).toBe(404);
      const found = (await jira().call('alice', 'GET', `${api}/user/search?query=bo`)).body as {
        accountId: string;
      }[];
      expect(found.map((u) => u.accountId)).toEqual([bob.accountId]);
    } else {
      const byName = await jira().call('alice', 'GET', `${api}/user?username=bob`);
      expect(byName.body).toMatchObject({ key: bob.key, name: 'bob' });
      const byKey = await jira().call('alice', 'GET', `${api}/user?key=${bob.key}`);
      expect(byKey.body).toMatchObject({ name: 'bob' });
      const missing = await jira().call('alice', 'GET', `${api}/user?username=zed`);
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ errorMessages: ["The user named 'zed' does not exist"], errors: {} });
      const found = (await jira().call('alice', 'GET', `${api}/user/search?username=bo`)).body as {
        name: string;
      }[];
      expect(found.map((u) => u.name)).toEqual(['bob']);
      const noParam = await jira().call('alice', 'GET', `${api}/user/search`);
      expect(noParam.status).toBe(400);
    }
  });
});

describe('Cloud project search', () => {
  const jira = useSandbox({ flavor: 'cloud', issues: 20, seed: 4 });

  it('pages projects with total, isLast and nextPage', async () => {
    const first = await jira().call('admin', 'GET', '/rest/api/3/project/search?maxResults=3');
    expect(first.body).toMatchObject({ startAt: 0, maxResults: 3, total: 4, isLast: false });
    expect((first.body as { nextPage: string }).nextPage).toContain('startAt=3');
    const second = await jira().call('admin', 'GET', '/rest/api/3/project/search?maxResults=3&startAt=3');
    expect(second.body).toMatchObject({ startAt: 3, total: 4, isLast: true });
    expect((second.body as { values: { key: string }[] }).values.map((p) => p.key)).toEqual(['PROJ']);
    const bob = await jira().call('bob', 'GET', '/rest/api/3/project/search?orderBy=-key');
    expect((bob.body as { values: { key: string }[] }).values.map((p) => p.key)).toEqual(['PROJ', 'MOB']);
  });
});
