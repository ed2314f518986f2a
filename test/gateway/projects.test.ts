// Projects (projects:read) and users (users:read) through the gateway, on
// both flavours: every field against the sandbox's data, Jira's permissions
// (bob never sees OPS, carol sees nothing), the token's project restriction,
// and what each answer costs in Jira requests.

import type { SandboxProject, SandboxUser } from 'jira-sandbox';
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';

describe.each(['datacenter', 'cloud'] as const)('%s: projects', (flavor) => {
  // No cross-request cache, so request counts do not depend on test order.
  const gw = useGateway({ flavor, env: { JGG_CACHE_TTL_MS: '0' } });

  const project = (key: string): SandboxProject => {
    const p = gw().sandbox.store.projectsByKey.get(key);
    if (!p) throw new Error(`no project ${key}`);
    return p;
  };
  /** accountId as the gateway shows it: Cloud accountId, Data Center user key. */
  const accountIdOf = (u: SandboxUser | undefined): string | undefined =>
    u === undefined ? undefined : flavor === 'cloud' ? u.accountId : u.key;
  const userByKey = (key: string | null) =>
    key === null ? undefined : gw().sandbox.store.usersByKey.get(key);

  async function resetStats(): Promise<void> {
    await fetch(`${gw().sandbox.url}/__sandbox/reset`, { method: 'POST' });
  }
  const stats = () => gw().sandbox.stats;
  const api = flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';

  const FULL = `{
    id key name description projectTypeKey avatarUrl url
    lead { accountId displayName }
    components { id name description }
    versions { id name description released archived releaseDate startDate overdue }
    unreleased: versions(released: false) { name }
    issueTypes { id name }
    statuses { id name }
    bugStatuses: statuses(issueType: "Bug") { name }
  }`;

  it('answers every field of a project from the sandbox data', async () => {
    const { secret } = await gw().token('alice', { scopes: ['projects:read', 'issues:read', 'users:read'] });
    const res = await gw().gql(secret, `{ project(key: "PROJ") ${FULL} }`);
    expect(res.body.errors).toBeUndefined();
    const p = project('PROJ');
    const got = res.body.data.project;
    expect(got).toMatchObject({
      id: p.id,
      key: 'PROJ',
      name: p.name,
      description: p.description,
      projectTypeKey: p.projectTypeKey,
      url: `${gw().sandbox.url}/browse/PROJ`,
      lead: { accountId: accountIdOf(userByKey(p.leadKey)), displayName: userByKey(p.leadKey)?.displayName },
    });
    expect(got.avatarUrl).toMatch(/^http/);
    expect(got.components).toEqual(
      p.components.map((c) => ({ id: c.id, name: c.name, description: c.description })),
    );
    const now = gw().sandbox.store.data.now;
    expect(got.versions).toEqual(
      p.versions.map((v) => ({
        id: v.id,
        name: v.name,
        description: v.description,
        released: v.released,
        archived: v.archived,
        releaseDate: v.releaseDate,
        startDate: v.startDate,
        overdue: v.releaseDate === null ? null : !v.released && Date.parse(v.releaseDate) < now,
      })),
    );
    expect(got.unreleased).toEqual(p.versions.filter((v) => !v.released).map((v) => ({ name: v.name })));
    const types = gw().sandbox.store.data.issueTypes.filter((t) => p.issueTypeIds.includes(t.id));
    expect(got.issueTypes).toEqual(types.map((t) => ({ id: t.id, name: t.name })));
    const statuses = gw().sandbox.store.data.statuses;
    expect(got.statuses).toEqual(statuses.map((s) => ({ id: s.id, name: s.name })));
    expect(got.bugStatuses).toEqual(statuses.map((s) => ({ name: s.name })));
  });

  it('reads the full project once per request, however many fields need it', async () => {
    const { secret } = await gw().token('alice', { scopes: ['projects:read', 'issues:read', 'users:read'] });
    await resetStats();
    const res = await gw().gql(
      secret,
      `{ a: project(key: "PROJ") { key description lead { displayName } components { name } }
         b: project(key: "proj") { versions { name } issueTypes { name } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    expect(stats().byRoute).toEqual({ [`GET ${api}/project/{projectIdOrKey}`]: 1 });
  });

  it("costs no Jira request for an issue's project key and name; details load the project once", async () => {
    const { secret } = await gw().token('alice', { scopes: ['projects:read', 'issues:read'] });
    await resetStats();
    const plain = await gw().gql(
      secret,
      '{ issues(jql: "project = PROJ ORDER BY key", first: 5) { edges { node { key project { id key name } } } } }',
    );
    expect(plain.body.errors).toBeUndefined();
    const nodes = plain.body.data.issues.edges.map((e: { node: unknown }) => e.node);
    expect(nodes).toHaveLength(5);
    for (const n of nodes) expect(n.project).toEqual({ id: '10000', key: 'PROJ', name: 'Platform' });
    expect(stats().requests).toBe(1);

    await resetStats();
    const detailed = await gw().gql(
      secret,
      '{ issues(jql: "project = PROJ ORDER BY key", first: 5) { edges { node { key project { key description } } } } }',
    );
    expect(detailed.body.errors).toBeUndefined();
    expect(detailed.body.data.issues.edges[0].node.project.description).toBe(project('PROJ').description);
    expect(stats().requests).toBe(2);
    expect(stats().byRoute[`GET ${api}/project/{projectIdOrKey}`]).toBe(1);
  });

  it("gives an issue's project key and name to issues:read alone, the rest only with projects:read", async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:read'] });
    const issue = gw().sandbox.store.data.issues.find(
      (i) => i.projectId === '10000' && i.securityLevelId === null,
    )!;
    const res = await gw().gql(secret, `{ issue(key: "${issue.key}") { project { key name description } } }`);
    expect(res.body.data.issue.project).toEqual({ key: 'PROJ', name: 'Platform', description: null });
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].path).toEqual(['issue', 'project', 'description']);
    expect(res.body.errors[0].extensions).toEqual({
      code: 'INSUFFICIENT_SCOPE',
      requiredScopes: ['projects:read'],
    });

    const denied = await gw().gql(secret, '{ project(key: "PROJ") { key } projects { totalCount } }');
    expect(denied.body.data).toBeNull();
    expect(denied.body.errors[0].extensions.code).toBe('INSUFFICIENT_SCOPE');
  });

  it('lists the projects each user may browse, by key, in one Jira request', async () => {
    const query = '{ projects { totalCount edges { node { key name } } pageInfo { hasNextPage } } }';
    const expected: Record<string, string[]> = {
      admin: ['FIN', 'MOB', 'OPS', 'PROJ'],
      alice: ['MOB', 'OPS', 'PROJ'],
      bob: ['MOB', 'PROJ'],
      carol: [],
    };
    for (const [user, keys] of Object.entries(expected)) {
      const { secret } = await gw().token(user, { scopes: ['projects:read'] });
      await resetStats();
      const res = await gw().gql(secret, query);
      expect(res.body.errors, user).toBeUndefined();
      expect(res.body.data.projects.totalCount, user).toBe(keys.length);
      expect(
        res.body.data.projects.edges.map((e: { node: { key: string; name: string } }) => e.node),
        user,
      ).toEqual(keys.map((k) => ({ key: k, name: project(k).name })));
      expect(res.body.data.projects.pageInfo.hasNextPage).toBe(false);
      expect(stats().requests, user).toBe(1);
      expect(stats().byRoute, user).toEqual({
        [flavor === 'cloud' ? `GET ${api}/project/search` : `GET ${api}/project`]: 1,
      });
    }
  });

  it('pages the project list with first and after', async () => {
    const { secret } = await gw().token('admin', { scopes: ['projects:read'] });
    const page = `query($after: String) { projects(first: 3, after: $after) {
      totalCount edges { cursor node { key } } pageInfo { hasNextPage endCursor } } }`;
    const one = await gw().gql(secret, page);
    expect(one.body.data.projects.edges.map((e: { node: { key: string } }) => e.node.key)).toEqual([
      'FIN',
      'MOB',
      'OPS',
    ]);
    expect(one.body.data.projects.pageInfo.hasNextPage).toBe(true);
    expect(one.body.data.projects.totalCount).toBe(4);
    const two = await gw().gql(secret, page, { after: one.body.data.projects.pageInfo.endCursor });
    expect(two.body.data.projects.edges.map((e: { node: { key: string } }) => e.node.key)).toEqual(['PROJ']);
    expect(two.body.data.projects.pageInfo.hasNextPage).toBe(false);

    const bad = await gw().gql(secret, '{ projects(after: "nonsense") { totalCount } }');
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const tooMany = await gw().gql(secret, '{ projects(first: 1000) { totalCount } }');
    expect(tooMany.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('never shows bob OPS, nor carol anything', async () => {
    const bob = (await gw().token('bob', { scopes: ['projects:read'] })).secret;
    const ops = await gw().gql(bob, '{ project(key: "OPS") { key name } mob: project(key: "MOB") { key } }');
    expect(ops.body.data.project).toBeNull();
    expect(ops.body.data.mob).toEqual({ key: 'MOB' });
    expect(ops.body.errors).toHaveLength(1);
    expect(ops.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(JSON.stringify(ops.body)).not.toContain('Operations');

    const carol = (await gw().token('carol', { scopes: ['projects:read'] })).secret;
    const none = await gw().gql(carol, '{ project(key: "PROJ") { key } }');
    expect(none.body.data.project).toBeNull();
    expect(none.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('shows a project-restricted token only its projects, refusing others without asking Jira', async () => {
    const { secret } = await gw().token('alice', { scopes: ['projects:read'], projects: ['PROJ'] });
    const list = await gw().gql(secret, '{ projects { totalCount edges { node { key } } } }');
    expect(list.body.data.projects).toEqual({ totalCount: 1, edges: [{ node: { key: 'PROJ' } }] });
    await resetStats();
    const other = await gw().gql(secret, '{ project(key: "MOB") { key } }');
    expect(other.body.data.project).toBeNull();
    expect(other.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(stats().requests).toBe(0);
    // By id, the key is known only from Jira's answer: still hidden.
    const byId = await gw().gql(secret, `{ project(key: "${project('MOB').id}") { key } }`);
    expect(byId.body.data.project).toBeNull();
    expect(byId.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const own = await gw().gql(secret, '{ project(key: "PROJ") { key name } }');
    expect(own.body.data.project).toEqual({ key: 'PROJ', name: 'Platform' });
  });

  it('refuses a malformed key without asking Jira', async () => {
    const { secret } = await gw().token('alice', { scopes: ['projects:read'] });
    const res = await gw().gql(secret, '{ project(key: "PROJ/../x") { key } }');
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe.each(['datacenter', 'cloud'] as const)('%s: users', (flavor) => {
  const gw = useGateway({ flavor });
  const accountIdOf = (u: SandboxUser): string => (flavor === 'cloud' ? u.accountId : u.key);
  const USER = 'accountId name displayName active timeZone avatarUrl emailAddress';

  it('looks a user up by accountId, with details for users:read and email for users:email', async () => {
    const bob = gw().sandboxUser('bob');
    const { secret } = await gw().token('alice', { scopes: ['users:read', 'users:email'] });
    const res = await gw().gql(secret, `query($id: ID) { user(accountId: $id) { ${USER} } }`, {
      id: accountIdOf(bob),
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.user).toMatchObject({
      accountId: accountIdOf(bob),
      name: flavor === 'cloud' ? null : 'bob',
      displayName: bob.displayName,
      active: true,
      timeZone: bob.timeZone,
      emailAddress: bob.emailAddress,
    });
    expect(res.body.data.user.avatarUrl).toMatch(/^http/);
  });

  it('looks a user up by name on Data Center; Cloud has no usernames', async () => {
    const { secret } = await gw().token('alice', { scopes: ['users:read'] });
    const res = await gw().gql(secret, '{ user(name: "dave") { accountId displayName name } }');
    if (flavor === 'datacenter') {
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.user).toEqual({
        accountId: gw().sandboxUser('dave').key,
        displayName: gw().sandboxUser('dave').displayName,
        name: 'dave',
      });
    } else {
      expect(res.body.data.user).toBeNull();
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('answers an unknown user with null and NOT_FOUND, and wants exactly one argument', async () => {
    const { secret } = await gw().token('alice', { scopes: ['users:read'] });
    const missing = await gw().gql(secret, '{ user(accountId: "nobody-here") { accountId } }');
    expect(missing.body.data.user).toBeNull();
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
    for (const args of ['', '(accountId: "a", name: "b")']) {
      const res = await gw().gql(secret, `{ user${args} { accountId } }`);
      expect(res.body.data.user, args).toBeNull();
      expect(res.body.errors[0].extensions.code, args).toBe('BAD_USER_INPUT');
    }
  });

  it('needs users:read for user() and for details, not for accountId and displayName', async () => {
    const { secret } = await gw().token('alice', { scopes: ['projects:read'] });
    const res = await gw().gql(
      secret,
      `{ user(accountId: "${accountIdOf(gw().sandboxUser('bob'))}") { accountId } }`,
    );
    expect(res.body.data.user).toBeNull();
    expect(res.body.errors[0].extensions).toEqual({
      code: 'INSUFFICIENT_SCOPE',
      requiredScopes: ['users:read'],
    });
    const lead = await gw().gql(
      secret,
      '{ project(key: "PROJ") { lead { accountId displayName timeZone avatarUrl } } }',
    );
    expect(lead.body.data.project.lead).toMatchObject({
      displayName: 'Ada Admin',
      timeZone: null,
      avatarUrl: null,
    });
    expect(lead.body.errors.map((e: { path: string[] }) => e.path.at(-1)).sort()).toEqual([
      'avatarUrl',
      'timeZone',
    ]);
  });
});
