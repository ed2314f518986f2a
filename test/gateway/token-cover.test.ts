// Who may manage which token, over HTTP: a token only acts on (and mints)
// tokens it covers; a signIn session is the person and covers all of theirs;
// an admin lists and revokes anyone's but never receives a secret that acts as
// someone else. Plus the name check and the per-identity quota.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/tokens/token-request.ts';
import { type GatewayHarness, useGateway } from '../support/gateway.ts';

const CREATE = `mutation($input: CreateAccessTokenInput!) {
  createAccessToken(input: $input) { secret token { id name scopes projects allowedIps expiresAt } }
}`;
const ROTATE = 'mutation($id: ID!) { rotateAccessToken(id: $id) { secret token { id identity: name } } }';
const REVOKE = 'mutation($id: ID!) { revokeAccessToken(id: $id) { token { id revokedAt } } }';
const LIST = `query($first: Int, $after: String) {
  viewer { accessTokens(first: $first, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }
}`;
const ISSUE = '{ issue(key: "PROJ-1") { key } }';
const DAY = 86_400_000;
const LOCAL = ['127.0.0.0/8', '::1/128'];

async function signIn(gw: GatewayHarness, name: string): Promise<string> {
  const u = gw.sandboxUser(name);
  const res = await gw.gql(
    null,
    'mutation($t: String!, $e: String) { signIn(input: { jiraToken: $t, email: $e }) { secret } }',
    { t: u.token, e: gw.flavor === 'cloud' ? u.emailAddress : null },
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data.signIn.secret;
}

async function listedIds(gw: GatewayHarness, secret: string): Promise<string[]> {
  const res = await gw.gql(secret, LIST, { first: 100 });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.viewer.accessTokens.edges.map((e: { node: { id: string } }) => e.node.id);
}

async function works(gw: GatewayHarness, secret: string): Promise<boolean> {
  const res = await gw.gql(secret, ISSUE);
  return res.status === 200 && res.body.data?.issue?.key === 'PROJ-1';
}

describe.each(['datacenter', 'cloud'] as const)('%s: the cover rule', (flavor) => {
  const gw = useGateway({ flavor, env: { JGG_CACHE_TTL_MS: '0' } });

  it('keeps a PROJ-only tokens:write token away from its unrestricted sibling', async () => {
    const wide = await gw().token('alice', { scopes: ['issues:read', 'tokens:write'] });
    const narrow = await gw().token('alice', {
      scopes: ['issues:read', 'tokens:write'],
      projects: ['PROJ'],
      expiresAt: new Date(Date.now() + 60 * DAY),
    });
    // It does not even learn of the wider token.
    const seen = await listedIds(gw(), narrow.secret);
    expect(seen).toContain(narrow.id);
    expect(seen).not.toContain(wide.id);

    const rotate = await gw().gql(narrow.secret, ROTATE, { id: wide.id });
    expect(rotate.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(rotate.body.data).toBeNull();
    expect(JSON.stringify(rotate.body)).not.toMatch(/jgg_/);
    const revoke = await gw().gql(narrow.secret, REVOKE, { id: wide.id });
    expect(revoke.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(await works(gw(), wide.secret)).toBe(true);

    // What it does cover, it manages: a narrower sibling, and itself.
    const narrower = await gw().token('alice', {
      scopes: ['issues:read'],
      projects: ['PROJ'],
      expiresAt: new Date(Date.now() + 30 * DAY),
    });
    expect(await listedIds(gw(), narrow.secret)).toContain(narrower.id);
    const rotated = await gw().gql(narrow.secret, ROTATE, { id: narrower.id });
    expect(rotated.body.errors).toBeUndefined();
    expect(await works(gw(), rotated.body.data.rotateAccessToken.secret)).toBe(true);
    expect(await works(gw(), narrower.secret)).toBe(false);
    const self = await gw().gql(narrow.secret, REVOKE, { id: narrow.id });
    expect(self.body.data.revokeAccessToken.token.revokedAt).toEqual(expect.any(String));
  });

  it('refuses to let a token mint one wider than itself in any dimension', async () => {
    const makerExpiry = new Date(Date.now() + 30 * DAY);
    const maker = await gw().token('alice', {
      scopes: ['issues:read', 'tokens:write'],
      projects: ['PROJ', 'MOB'],
      allowedIps: LOCAL,
      expiresAt: makerExpiry,
    });
    const within = { name: 'x', scopes: ['issues:read'], projects: ['PROJ'], allowedIps: ['127.0.0.1'] };
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['every project', { ...within, projects: null }, /every project/],
      ['another project', { ...within, projects: ['PROJ', 'OPS'] }, /does not reach OPS/],
      [
        'a scope it lacks',
        { ...within, scopes: ['issues:read', 'comments:read'] },
        /does not hold comments:read/,
      ],
      ['a write scope over its read', { ...within, scopes: ['issues:write'] }, /does not hold issues:write/],
      ['no address restriction', { ...within, allowedIps: null }, /from anywhere/],
      ['a wider address range', { ...within, allowedIps: ['0.0.0.0/0'] }, /not from 0\.0\.0\.0\/0/],
      [
        'a longer life',
        { ...within, expiresAt: new Date(makerExpiry.getTime() + DAY).toISOString() },
        /expires at/,
      ],
    ];
    for (const [what, input, why] of cases) {
      const res = await gw().gql(maker.secret, CREATE, { input });
      expect(res.body.errors?.[0]?.extensions.code, what).toBe('FORBIDDEN');
      expect(res.body.errors[0].message, what).toMatch(why);
      expect(res.body.data, what).toBeNull();
    }
    // Within all of them it works, and with no expiry asked for the new token
    // ends when its maker does, not at the policy's 365 days.
    const made = await gw().gql(maker.secret, CREATE, { input: within });
    expect(made.body.errors).toBeUndefined();
    expect(Date.parse(made.body.data.createAccessToken.token.expiresAt)).toBe(makerExpiry.getTime());
    expect(await works(gw(), made.body.data.createAccessToken.secret)).toBe(true);
  });

  it('lets a signIn session manage every token of its identity, and no one else’s', async () => {
    const session = await signIn(gw(), 'bob');
    const wide = await gw().token('bob', { scopes: ['issues:write', 'comments:write', 'tokens:write'] });
    expect(await listedIds(gw(), session)).toContain(wide.id);
    const rotated = await gw().gql(session, ROTATE, { id: wide.id });
    expect(rotated.body.errors).toBeUndefined();
    const next = rotated.body.data.rotateAccessToken;
    expect(await works(gw(), next.secret)).toBe(true);
    // A session mints beyond its own two scopes and one hour: it is the person.
    const made = await gw().gql(session, CREATE, {
      input: { name: 'writer', scopes: ['issues:write', 'comments:write'] },
    });
    expect(made.body.errors).toBeUndefined();
    expect((Date.parse(made.body.data.createAccessToken.token.expiresAt) - Date.now()) / DAY).toBeGreaterThan(
      364,
    );
    const revoked = await gw().gql(session, REVOKE, { id: next.token.id });
    expect(revoked.body.errors).toBeUndefined();
    expect(await works(gw(), next.secret)).toBe(false);

    const alices = await gw().token('alice', { scopes: ['issues:read'] });
    expect(await listedIds(gw(), session)).not.toContain(alices.id);
    const steal = await gw().gql(session, ROTATE, { id: alices.id });
    expect(steal.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(await works(gw(), alices.secret)).toBe(true);
  });

  it('pages through only the covered tokens, skipping the others', async () => {
    // erin: one lister, and covered / uncovered tokens interleaved.
    const lister = await gw().token('erin', {
      scopes: ['issues:read', 'tokens:read'],
      projects: ['PROJ'],
      expiresAt: new Date(Date.now() + 60 * DAY),
    });
    const covered: string[] = [lister.id];
    for (let i = 0; i < 4; i++) {
      await gw().token('erin', { scopes: ['issues:read', 'comments:read'] });
      const mine = await gw().token('erin', {
        scopes: ['issues:read'],
        projects: ['PROJ'],
        expiresAt: new Date(Date.now() + DAY),
      });
      covered.push(mine.id);
    }
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const res = await gw().gql(lister.secret, LIST, { first: 2, after });
      const conn = res.body.data.viewer.accessTokens;
      seen.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect([...seen].sort()).toEqual([...covered].sort());
  });
});

describe.each(['datacenter', 'cloud'] as const)('%s: gateway admins', (flavor) => {
  const gw = useGateway({ flavor });

  it('never receive a secret that acts as another identity', async () => {
    const admin = await gw().token('admin', { scopes: ['admin', 'tokens:write', 'issues:read'] });
    const bobs = await gw().token('bob', { scopes: ['issues:read'] });
    const rotate = await gw().gql(admin.secret, ROTATE, { id: bobs.id });
    expect(rotate.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(rotate.body.errors[0].message).toMatch(/never rotate/);
    expect(rotate.body.data).toBeNull();
    expect(JSON.stringify(rotate.body)).not.toMatch(/jgg_/);
    expect(await works(gw(), bobs.secret)).toBe(true);

    // createAccessToken has no identity to name: what an admin mints is theirs.
    const made = await gw().gql(admin.secret, CREATE, { input: { name: 'mine', scopes: ['issues:read'] } });
    const who = await gw().gql(
      made.body.data.createAccessToken.secret,
      '{ viewer { user { displayName } } }',
    );
    expect(who.body.data.viewer.user.displayName).toBe(gw().sandboxUser('admin').displayName);
    // And the service below refuses it outright, whoever calls it.
    const services = gw().gateway.runtime.services;
    const bob = await services.store.findIdentity(
      flavor === 'cloud' ? gw().sandboxUser('bob').accountId : 'bob',
    );
    const adminIdentity = await services.store.findIdentity(
      flavor === 'cloud' ? gw().sandboxUser('admin').accountId : 'admin',
    );
    const adminToken = await services.store.getToken(admin.id);
    const actor: Actor = {
      kind: 'token',
      identity: adminIdentity!,
      token: adminToken!,
      isAdmin: true,
      ip: null,
    };
    await expect(
      services.tokens.create(bob!, { name: 'as bob', scopes: ['issues:read'] }, actor),
    ).rejects.toThrow(/only create tokens for its own identity/);
  });

  it('still list, inspect and revoke anyone’s tokens, and read the audit log', async () => {
    const admin = (await gw().token('admin', { scopes: ['admin', 'tokens:write'] })).secret;
    const bobs = await gw().token('bob', { scopes: ['issues:read'], projects: ['PROJ'] });
    const listed = await gw().gql(
      admin,
      '{ admin { accessTokens(first: 100) { edges { node { id scopes projects } } } } }',
    );
    const node = listed.body.data.admin.accessTokens.edges
      .map((e: { node: { id: string } }) => e.node)
      .find((n: { id: string }) => n.id === bobs.id);
    expect(node).toEqual({ id: bobs.id, scopes: ['issues:read'], projects: ['PROJ'] });
    const revoked = await gw().gql(admin, REVOKE, { id: bobs.id });
    expect(revoked.body.data.revokeAccessToken.token.revokedAt).toEqual(expect.any(String));
    expect(await works(gw(), bobs.secret)).toBe(false);
    const audit = await gw().gql(
      admin,
      'query($id: ID!) { admin { auditLog(first: 5, targetId: $id) { edges { node { action actorId } } } } }',
      { id: bobs.id },
    );
    const adminIdentity = await gw().gateway.runtime.services.store.findIdentity(
      flavor === 'cloud' ? gw().sandboxUser('admin').accountId : 'admin',
    );
    expect(audit.body.data.admin.auditLog.edges[0].node).toEqual({
      action: 'token.revoke',
      actorId: adminIdentity!.id,
    });
  });
});

describe('token names and the per-identity quota', () => {
  const gw = useGateway({ flavor: 'datacenter', env: { JGG_MAX_TOKENS_PER_IDENTITY: '3' } });

  it('refuses names with control, format or separator characters', async () => {
    const session = await signIn(gw(), 'alice');
    for (const name of [
      'row\u001b[2K',
      'a\nb',
      'tab\there',
      '\u202Eevil',
      'nel\u0085',
      'l\u2028s',
      'zw\u200b',
      'del\u007f',
    ]) {
      const res = await gw().gql(session, CREATE, { input: { name, scopes: ['issues:read'] } });
      expect(res.body.errors?.[0]?.extensions.code, JSON.stringify(name)).toBe('BAD_USER_INPUT');
      expect(res.body.errors[0].message).toMatch(/control, format or line-separator/);
    }
    const fine = await gw().gql(session, CREATE, {
      input: { name: 'Ünïcode BI – export', scopes: ['issues:read'] },
    });
    expect(fine.body.errors).toBeUndefined();
  });

  it('holds an identity to JGG_MAX_TOKENS_PER_IDENTITY live tokens; sessions and rotation aside', async () => {
    const session = await signIn(gw(), 'bob');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await gw().gql(session, CREATE, { input: { name: `t${i}`, scopes: ['issues:read'] } });
      expect(res.body.errors).toBeUndefined();
      ids.push(res.body.data.createAccessToken.token.id);
    }
    const over = await gw().gql(session, CREATE, { input: { name: 'one more', scopes: ['issues:read'] } });
    expect(over.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(over.body.errors[0].message).toMatch(/3 live tokens.*JGG_MAX_TOKENS_PER_IDENTITY/);
    // Rotation replaces a token: still three, and allowed.
    const rotated = await gw().gql(session, ROTATE, { id: ids[0] });
    expect(rotated.body.errors).toBeUndefined();
    // Sessions do not count: bob can still sign in.
    await signIn(gw(), 'bob');
    // Revoking one makes room.
    await gw().gql(session, REVOKE, { id: ids[1] });
    const again = await gw().gql(session, CREATE, { input: { name: 'again', scopes: ['issues:read'] } });
    expect(again.body.errors).toBeUndefined();
  });

  it('keeps at most MAX_LIVE_SESSIONS signIn sessions, revoking the oldest', async () => {
    const { MAX_LIVE_SESSIONS } = await import('../../src/tokens/token-service.ts');
    const services = gw().gateway.runtime.services;
    const carol = await gw().link('carol');
    const first = await services.tokens.createSession(carol, null);
    // Sessions made in one millisecond tie on createdAt and are then ordered by
    // their random ids; a later millisecond makes the first surely the oldest.
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (let i = 0; i < MAX_LIVE_SESSIONS; i++) await services.tokens.createSession(carol, null);
    const live = await services.store.listTokens(
      { identityId: carol.id, kind: 'session' },
      { first: 100 },
      new Date(),
    );
    expect(live.items).toHaveLength(MAX_LIVE_SESSIONS);
    expect(live.items.map((t) => t.id)).not.toContain(first.token.id);
    expect((await gw().gql(first.secret, '{ viewer { token { id } } }')).status).toBe(401);
  });
});
