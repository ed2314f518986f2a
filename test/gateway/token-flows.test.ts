// Token management end to end over HTTP, as a person and as an admin, with
// the audit trail each step leaves; and what happens when Jira stops
// accepting an identity's stored credential.
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';

const CREATE = `mutation($input: CreateAccessTokenInput!) {
  createAccessToken(input: $input) { secret token { id name scopes projects allowedIps expiresAt } }
}`;
const ISSUE = '{ issue(key: "PROJ-1") { key } }';

describe('token management over HTTP', () => {
  // No answer cache: the credential test must reach Jira after the PAT dies
  // (a cached answer would be served for JGG_CACHE_TTL_MS, by design).
  const gw = useGateway({ flavor: 'datacenter', env: { JGG_CACHE_TTL_MS: '0' } });

  async function signIn(name: string): Promise<string> {
    const res = await gw().gql(
      null,
      'mutation($t: String!) { signIn(input: { jiraToken: $t }) { secret } }',
      {
        t: gw().sandboxUser(name).token,
      },
    );
    return res.body.data.signIn.secret;
  }

  it('creates, lists, uses, rotates and revokes, leaving an audit entry for each', async () => {
    const session = await signIn('alice');
    const created = await gw().gql(session, CREATE, {
      input: {
        name: 'BI export',
        scopes: ['issues:read'],
        projects: ['proj'],
        allowedIps: ['127.0.0.1', '::1'],
      },
    });
    expect(created.body.errors).toBeUndefined();
    const { secret, token } = created.body.data.createAccessToken;
    expect(secret).toMatch(/^jgg_[0-9A-Za-z]{36}$/);
    expect(token).toMatchObject({ name: 'BI export', scopes: ['issues:read'], projects: ['PROJ'] });
    expect(token.allowedIps).toEqual(['127.0.0.1/32', '::1/128']);
    // No expiry asked for: the policy's maximum (365 days).
    const days = (Date.parse(token.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(364.9);
    expect(days).toBeLessThanOrEqual(365);

    const listed = await gw().gql(
      session,
      '{ viewer { accessTokens(first: 50) { edges { node { id name } } } } }',
    );
    const names = listed.body.data.viewer.accessTokens.edges.map(
      (e: { node: { name: string } }) => e.node.name,
    );
    expect(names).toContain('BI export');
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const used = await gw().gql(secret, ISSUE);
    expect(used.body.data.issue.key).toBe('PROJ-1');
    const seen = await gw().gql(secret, '{ viewer { token { lastUsedAt lastUsedIp } } }');
    expect(seen.body.data.viewer.token.lastUsedAt).toEqual(expect.any(String));
    expect(['127.0.0.1', '::1']).toContain(seen.body.data.viewer.token.lastUsedIp);

    const rotated = await gw().gql(
      session,
      'mutation($id: ID!) { rotateAccessToken(id: $id) { secret token { id } } }',
      {
        id: token.id,
      },
    );
    const next = rotated.body.data.rotateAccessToken;
    expect((await gw().gql(secret, ISSUE)).status).toBe(401);
    expect((await gw().gql(next.secret, ISSUE)).body.data.issue.key).toBe('PROJ-1');

    const revoked = await gw().gql(
      session,
      'mutation($id: ID!) { revokeAccessToken(id: $id) { token { id revokedAt } } }',
      {
        id: next.token.id,
      },
    );
    expect(revoked.body.data.revokeAccessToken.token.revokedAt).toEqual(expect.any(String));
    expect((await gw().gql(next.secret, ISSUE)).status).toBe(401);

    const admin = (await gw().token('admin', { scopes: ['admin'] })).secret;
    const audit = await gw().gql(
      admin,
      'query($id: ID!) { admin { auditLog(first: 50, targetId: $id) { edges { node { action actorId ip details } } } } }',
      { id: token.id },
    );
    const actions = audit.body.data.admin.auditLog.edges.map(
      (e: { node: { action: string } }) => e.node.action,
    );
    expect(actions).toEqual(['token.create']);
    const chain = await gw().gql(
      admin,
      'query($id: ID!) { admin { auditLog(first: 50, targetId: $id) { edges { node { action actorId ip } } } } }',
      { id: next.token.id },
    );
    const nextActions = chain.body.data.admin.auditLog.edges.map(
      (e: { node: { action: string } }) => e.node.action,
    );
    expect(nextActions).toEqual(['token.revoke', 'token.rotate']);
    for (const edge of chain.body.data.admin.auditLog.edges) {
      expect(edge.node.actorId).toEqual(expect.any(String));
      expect(['127.0.0.1', '::1']).toContain(edge.node.ip);
    }
  });

  it('refuses what the policy forbids, with a clear reason', async () => {
    const session = await signIn('alice');
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ name: 'x', scopes: ['issues:raed'] }, 'BAD_USER_INPUT', /Unknown scope: issues:raed/],
      [{ name: 'x', scopes: ['admin'] }, 'FORBIDDEN', /only for gateway admins/],
      [{ name: 'x', scopes: [] }, 'BAD_USER_INPUT', /at least one scope/],
      [{ name: ' ', scopes: ['issues:read'] }, 'BAD_USER_INPUT', /needs a name/],
      [
        {
          name: 'x',
          scopes: ['issues:read'],
          expiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString(),
        },
        'BAD_USER_INPUT',
        /longest lifetime allowed \(365 days/,
      ],
      [
        { name: 'x', scopes: ['issues:read'], allowedIps: ['10.0.0.300/8'] },
        'BAD_USER_INPUT',
        /Not an IP address/,
      ],
      [
        { name: 'x', scopes: ['issues:read'], projects: ['not a key'] },
        'BAD_USER_INPUT',
        /Not a project key/,
      ],
    ];
    for (const [input, code, message] of cases) {
      const res = await gw().gql(session, CREATE, { input });
      expect(res.body.errors?.[0]?.extensions.code, JSON.stringify(input)).toBe(code);
      expect(res.body.errors[0].message).toMatch(message);
    }
    // A project-restricted caller cannot mint a wider token (token-cover.test.ts has every dimension).
    const restricted = await gw().token('alice', {
      scopes: ['issues:read', 'tokens:write'],
      projects: ['PROJ'],
    });
    const wider = await gw().gql(restricted.secret, CREATE, {
      input: { name: 'x', scopes: ['issues:read'] },
    });
    expect(wider.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const narrow = await gw().gql(restricted.secret, CREATE, {
      input: { name: 'x', scopes: ['issues:read'], projects: ['PROJ'] },
    });
    expect(narrow.body.errors).toBeUndefined();
    // Someone else's token is not found, not forbidden: ids are no oracle.
    const bobs = await gw().token('bob', { scopes: ['issues:read'] });
    const steal = await gw().gql(
      session,
      'mutation($id: ID!) { revokeAccessToken(id: $id) { token { id } } }',
      {
        id: bobs.id,
      },
    );
    expect(steal.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await gw().gql(bobs.secret, ISSUE)).status).toBe(200);
  });

  it('answers a signIn without a Jira token BAD_USER_INPUT, and calls no Jira', async () => {
    await fetch(`${gw().sandbox.url}/__sandbox/reset`, { method: 'POST' });
    const res = await gw().gql(null, 'mutation { signIn(input: { jiraToken: "  " }) { secret } }');
    expect(res.body.data).toBeNull();
    expect(res.body.errors[0]).toMatchObject({
      message: 'jiraToken must not be empty.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const stats = await (await fetch(`${gw().sandbox.url}/__sandbox/stats`)).json();
    expect(stats.requests).toBe(0);
  });

  it('lets an admin list, revoke any and revoke all of one identity', async () => {
    const admin = (await gw().token('admin', { scopes: ['admin', 'tokens:write'] })).secret;
    const one = await gw().token('bob', { scopes: ['issues:read'] });
    const two = await gw().token('bob', { scopes: ['issues:read', 'comments:read'] });
    const bobIdentity = await gw().gateway.runtime.store.findIdentity('bob');
    const list = await gw().gql(
      admin,
      'query($id: ID!) { admin { accessTokens(identityId: $id, first: 50) { edges { node { id } } } } }',
      { id: bobIdentity!.id },
    );
    const ids = list.body.data.admin.accessTokens.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids).toEqual(expect.arrayContaining([one.id, two.id]));

    const revokeOne = await gw().gql(
      admin,
      'mutation($id: ID!) { revokeAccessToken(id: $id) { token { revokedAt } } }',
      {
        id: one.id,
      },
    );
    expect(revokeOne.body.errors).toBeUndefined();
    expect((await gw().gql(one.secret, ISSUE)).status).toBe(401);

    const all = await gw().gql(
      admin,
      'mutation($id: ID!) { revokeAllAccessTokens(identityId: $id) { revokedCount } }',
      {
        id: bobIdentity!.id,
      },
    );
    expect(all.body.data.revokeAllAccessTokens.revokedCount).toBeGreaterThanOrEqual(1);
    expect((await gw().gql(two.secret, ISSUE)).status).toBe(401);
    const audit = await gw().gql(
      admin,
      'query($id: ID!) { admin { auditLog(first: 5, targetId: $id) { edges { node { action details } } } } }',
      { id: bobIdentity!.id },
    );
    expect(audit.body.data.admin.auditLog.edges[0].node.action).toBe('token.revoke_all');

    const notAdmin = (await gw().token('alice', { scopes: ['tokens:write'] })).secret;
    const refused = await gw().gql(
      notAdmin,
      'mutation($id: ID!) { revokeAllAccessTokens(identityId: $id) { revokedCount } }',
      {
        id: bobIdentity!.id,
      },
    );
    expect(refused.body.errors[0].extensions).toEqual({
      code: 'INSUFFICIENT_SCOPE',
      requiredScopes: ['admin'],
    });
  });

  it('marks an identity whose Jira credential stopped working, and says so', async () => {
    const sandbox = gw().sandbox;
    // erin makes a Jira personal access token, links it, then deletes it in Jira.
    const made = await fetch(`${sandbox.url}/rest/pat/latest/tokens`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${gw().sandboxUser('erin').token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ name: 'for jgg' }),
    });
    const pat = (await made.json()) as { id: number; rawToken: string };
    const linked = await gw().gql(
      null,
      'mutation($t: String!) { signIn(input: { jiraToken: $t }) { secret } }',
      {
        t: pat.rawToken,
      },
    );
    const session = linked.body.data.signIn.secret;
    const reader = await gw().gql(session, CREATE, { input: { name: 'reader', scopes: ['issues:read'] } });
    const secret = reader.body.data.createAccessToken.secret;
    expect((await gw().gql(secret, ISSUE)).body.data.issue.key).toBe('PROJ-1');

    await fetch(`${sandbox.url}/rest/pat/latest/tokens/${pat.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${gw().sandboxUser('erin').token}` },
    });
    const failed = await gw().gql(secret, ISSUE);
    expect(failed.body.errors[0].extensions.code).toBe('UPSTREAM_CREDENTIAL_INVALID');
    const again = await gw().gql(secret, ISSUE);
    expect(again.body.errors[0].extensions.code).toBe('UPSTREAM_CREDENTIAL_INVALID');

    const admin = (await gw().token('admin', { scopes: ['admin'] })).secret;
    const erin = await gw().gateway.runtime.store.findIdentity('erin');
    expect(erin?.credentialInvalidAt).toBeInstanceOf(Date);
    const audit = await gw().gql(
      admin,
      'query($id: ID!) { admin { auditLog(first: 5, targetId: $id) { edges { node { action } } } } }',
      { id: erin!.id },
    );
    const actions = audit.body.data.admin.auditLog.edges.map(
      (e: { node: { action: string } }) => e.node.action,
    );
    expect(actions[0]).toBe('identity.credential_invalid');

    // Signing in again with a working credential clears the mark.
    await gw().gql(null, 'mutation($t: String!) { signIn(input: { jiraToken: $t }) { secret } }', {
      t: gw().sandboxUser('erin').token,
    });
    expect((await gw().gql(secret, ISSUE)).body.data.issue.key).toBe('PROJ-1');
  });
});
