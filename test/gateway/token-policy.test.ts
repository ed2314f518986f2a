// The operator's token policies over real HTTP against the sandbox: creator
// groups and group scopes checked against the identity's Jira groups, the
// required projects, the longest lifetime, rotation held to the policy as it
// is now, a Jira failure refusing, and Query.tokenPolicy / admin.tokenPolicy
// telling what is allowed. Tokens "made before the policy" are written to the
// store directly, as an older configuration would have made them.
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { tokenHash } from '../../src/auth/keyring.ts';
import type { Scope } from '../../src/auth/scopes.ts';
import { createJiraCallEstimator } from '../../src/execution/jira-call-estimate.ts';
import { schema } from '../../src/schema/index.ts';
import type { IdentityRecord } from '../../src/store/store.ts';
import { generateTokenSecret } from '../../src/tokens/token-format.ts';
import { type GatewayHarness, useGateway } from '../support/gateway.ts';

const CREATE = `mutation($input: CreateAccessTokenInput!) {
  createAccessToken(input: $input) { secret token { id scopes projects expiresAt } }
}`;
const ROTATE = 'mutation($id: ID!) { rotateAccessToken(id: $id) { secret token { id } } }';
const POLICY = `{ tokenPolicy {
  mayCreateTokens refusal allowedScopes maxLifetimeDays maxTokensPerIdentity requireProjects
} }`;
const DAY = 86_400_000;

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

async function identityOf(gw: GatewayHarness, name: string): Promise<IdentityRecord> {
  const u = gw.sandboxUser(name);
  const found = await gw.gateway.runtime.services.store.findIdentity(
    gw.flavor === 'cloud' ? u.accountId : u.name,
  );
  return found ?? gw.link(name);
}

/** A personal token as an older configuration made it, bypassing today's policy; answers its secret too. */
async function madeBeforeThePolicy(
  gw: GatewayHarness,
  name: string,
  shape: { scopes: Scope[]; projects?: string[] | null; expiresInDays?: number },
): Promise<{ id: string; secret: string }> {
  const { store, keyring } = gw.gateway.runtime;
  const identity = await identityOf(gw, name);
  const secret = generateTokenSecret();
  const now = Date.now();
  const token = await store.insertToken({
    identityId: identity.id,
    kind: 'personal',
    name: 'made before the policy',
    secretHash: tokenHash(secret, keyring.current),
    hashKeyId: keyring.current.id,
    scopes: shape.scopes,
    projects: shape.projects ?? null,
    allowedIps: null,
    createdAt: new Date(now),
    expiresAt: new Date(now + (shape.expiresInDays ?? 10) * DAY),
    rotatedFromId: null,
    createdById: identity.id,
  });
  return { id: token.id, secret };
}

async function liveTokenCount(gw: GatewayHarness, name: string): Promise<number> {
  const identity = await identityOf(gw, name);
  const page = await gw.gateway.runtime.services.store.listTokens(
    { identityId: identity.id, kind: 'personal' },
    { first: 100 },
    new Date(),
  );
  return page.items.length;
}

function myselfCalls(gw: GatewayHarness): number {
  const byRoute = gw.sandbox.stats.byRoute;
  return (byRoute['GET /rest/api/2/myself'] ?? 0) + (byRoute['GET /rest/api/3/myself'] ?? 0);
}

describe.each(['datacenter', 'cloud'] as const)('%s: JGG_TOKEN_CREATOR_GROUPS', (flavor) => {
  // In the sandbox only admin is in jira-administrators; everyone is in jira-software-users.
  const gw = useGateway({ flavor, env: { JGG_TOKEN_CREATOR_GROUPS: 'Jira-Administrators' } });

  it('lets members of the group create tokens, with one Jira call for a burst', async () => {
    const session = await signIn(gw(), 'admin');
    gw().sandbox.stats.byRoute = {};
    const made = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        gw().gql(session, CREATE, { input: { name: `burst ${i}`, scopes: ['issues:read'] } }),
      ),
    );
    for (const res of made) expect(res.body.errors).toBeUndefined();
    // Group names match case-insensitively; the groups were asked once and remembered.
    expect(myselfCalls(gw())).toBe(1);
    const policy = await gw().gql(session, POLICY);
    expect(policy.body.data.tokenPolicy).toMatchObject({ mayCreateTokens: true, refusal: null });
    expect(policy.body.data.tokenPolicy.allowedScopes).toContain('admin');
    expect(myselfCalls(gw())).toBe(1);
  });

  it('refuses everyone else, who may still sign in and see why', async () => {
    const session = await signIn(gw(), 'alice');
    const before = await liveTokenCount(gw(), 'alice');
    const res = await gw().gql(session, CREATE, { input: { name: 'x', scopes: ['issues:read'] } });
    expect(res.body.data).toBeNull();
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(res.body.errors[0].message).toBe(
      'Alice Anderson may not create tokens: only members of the Jira group Jira-Administrators may (JGG_TOKEN_CREATOR_GROUPS).',
    );
    expect(await liveTokenCount(gw(), 'alice')).toBe(before);
    const policy = await gw().gql(session, POLICY);
    expect(policy.body.data.tokenPolicy).toMatchObject({
      mayCreateTokens: false,
      allowedScopes: [],
      refusal: expect.stringContaining('JGG_TOKEN_CREATOR_GROUPS'),
    });
  });

  it('refuses to rotate a token of someone the policy no longer lets hold one', async () => {
    const old = await madeBeforeThePolicy(gw(), 'bob', { scopes: ['issues:read', 'tokens:write'] });
    const session = await signIn(gw(), 'bob');
    for (const secret of [session, old.secret]) {
      const res = await gw().gql(secret, ROTATE, { id: old.id });
      expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(res.body.errors[0].message).toMatch(
        /^This token cannot be rotated: the token policy no longer allows it\. Bob .* may not create tokens: .*JGG_TOKEN_CREATOR_GROUPS.*create a new token within the policy instead\.$/,
      );
    }
    // Existing tokens keep working until they expire or are revoked.
    const still = await gw().gql(old.secret, '{ viewer { token { id } } }');
    expect(still.body.data.viewer.token.id).toBe(old.id);
  });

  it('stops an admin from minting for someone else, whatever the groups', async () => {
    const services = gw().gateway.runtime.services;
    const admin = await identityOf(gw(), 'admin');
    const carol = await identityOf(gw(), 'carol');
    const adminToken = await gw().token('admin', { scopes: ['admin', 'issues:read', 'tokens:write'] });
    const record = await services.store.getToken(adminToken.id);
    await expect(
      services.tokens.create(
        carol,
        { name: 'for carol', scopes: ['issues:read'] },
        { kind: 'token', identity: admin, token: record!, isAdmin: true, ip: null },
      ),
    ).rejects.toThrow('A token may only create tokens for its own identity.');
    // Through the API a token is always minted for the caller's own identity.
    const res = await gw().gql(adminToken.secret, CREATE, {
      input: { name: 'mine', scopes: ['issues:read'] },
    });
    const made = await services.store.getToken(res.body.data.createAccessToken.token.id);
    expect(made?.identityId).toBe(admin.id);
  });

  it('refuses when Jira cannot be asked for the groups, and makes nothing', async () => {
    // carol has not been asked about yet: nothing remembered.
    const session = await signIn(gw(), 'carol');
    const before = await liveTokenCount(gw(), 'carol');
    gw().sandbox.settings.errorRate = 1;
    gw().sandbox.settings.errorStatus = 503;
    try {
      const res = await gw().gql(session, CREATE, { input: { name: 'x', scopes: ['issues:read'] } });
      expect(res.body.data).toBeNull();
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', jiraStatus: 503 });
      expect(res.body.errors[0].message).toBe(
        "The token policy needs Carol Clark's Jira groups (JGG_TOKEN_CREATOR_GROUPS, JGG_GROUP_SCOPES), and Jira answered HTTP 503 when asked; no token was made. Try again later.",
      );
      const policy = await gw().gql(session, '{ tokenPolicy { maxLifetimeDays mayCreateTokens } }');
      expect(policy.body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(policy.body.data).toBeNull();
    } finally {
      gw().sandbox.settings.errorRate = 0;
    }
    expect(await liveTokenCount(gw(), 'carol')).toBe(before);
    expect(gw().logs.join('')).not.toContain(gw().sandboxUser('carol').token);
  }, 30_000);
});

describe('JGG_GROUP_SCOPES', () => {
  const gw = useGateway({
    flavor: 'datacenter',
    env: {
      JGG_GROUP_SCOPES: JSON.stringify({
        'jira-administrators': ['*'],
        CONTRACTORS: ['issues:read', 'comments:read'],
        auditors: ['worklogs:write'],
      }),
    },
  });

  it('allows only the union of the scopes of the groups the identity is in', async () => {
    gw().sandboxUser('bob').groups.push('contractors', 'auditors');
    const session = await signIn(gw(), 'bob');
    const ok = await gw().gql(session, CREATE, {
      input: { name: 'read', scopes: ['issues:read', 'comments:read', 'worklogs:read', 'worklogs:write'] },
    });
    expect(ok.body.errors).toBeUndefined();
    const wider = await gw().gql(session, CREATE, {
      input: { name: 'write', scopes: ['issues:write', 'comments:read', 'tokens:read'] },
    });
    expect(wider.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(wider.body.errors[0].message).toBe(
      "Bob Brown's Jira groups allow at most: issues:read, comments:read, worklogs:read, worklogs:write; refused: issues:write, tokens:read (JGG_GROUP_SCOPES).",
    );
    const policy = await gw().gql(session, POLICY);
    expect(policy.body.data.tokenPolicy).toMatchObject({
      mayCreateTokens: true,
      allowedScopes: ['issues:read', 'comments:read', 'worklogs:read', 'worklogs:write'],
    });
  });

  it('denies every scope to an identity in none of the named groups', async () => {
    const session = await signIn(gw(), 'alice');
    const res = await gw().gql(session, CREATE, { input: { name: 'x', scopes: ['issues:read'] } });
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(res.body.errors[0].message).toBe(
      "Alice Anderson's Jira groups allow no scopes (JGG_GROUP_SCOPES names none of their groups); refused: issues:read (JGG_GROUP_SCOPES).",
    );
    const policy = await gw().gql(session, POLICY);
    expect(policy.body.data.tokenPolicy).toMatchObject({
      mayCreateTokens: false,
      allowedScopes: [],
      refusal: expect.stringContaining('JGG_GROUP_SCOPES'),
    });
    // admin's group grants "*", and the admin scope still needs JGG_ADMINS.
    const admin = await gw().gql(await signIn(gw(), 'admin'), POLICY);
    expect(admin.body.data.tokenPolicy.allowedScopes).toContain('admin');
  });

  it('keeps a tokens:write token from minting a scope its groups do not allow, or renewing itself by rotation', async () => {
    gw().sandboxUser('carol').groups.push('contractors');
    // Made when carol's groups allowed more: the cover rule alone would let it mint issues:write.
    const old = await madeBeforeThePolicy(gw(), 'carol', { scopes: ['issues:write', 'tokens:write'] });
    const res = await gw().gql(old.secret, CREATE, { input: { name: 'x', scopes: ['issues:write'] } });
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(res.body.errors[0].message).toMatch(/at most: issues:read, comments:read; refused: issues:write/);
    const narrow = await gw().gql(old.secret, CREATE, { input: { name: 'y', scopes: ['issues:read'] } });
    expect(narrow.body.errors).toBeUndefined();
    const rotate = await gw().gql(old.secret, ROTATE, { id: old.id });
    expect(rotate.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(rotate.body.errors[0].message).toMatch(
      /^This token cannot be rotated: .*refused: issues:write, tokens:write \(JGG_GROUP_SCOPES\)\. It keeps working/,
    );
    expect((await gw().gql(old.secret, '{ viewer { token { id } } }')).status).toBe(200);
  });

  it('asks Jira no more often than the Jira-call estimate says', async () => {
    const estimator = createJiraCallEstimator(schema);
    const figure = (query: string, variables?: Record<string, unknown>) =>
      estimator.estimate(parse(query), null, variables, { flavor: 'datacenter', restrictedProjects: null });
    const session = await signIn(gw(), 'dave');
    // dave's groups are not remembered yet: each operation below asks Jira once at most.
    gw().sandbox.stats.byRoute = {};
    const policy = await gw().gql(session, POLICY);
    expect(policy.body.data.tokenPolicy.mayCreateTokens).toBe(false);
    expect(myselfCalls(gw())).toBe(1);
    expect(figure(POLICY)).toBe(1);
    gw().gateway.runtime.services.tokenPolicy.forgetIdentity((await identityOf(gw(), 'dave')).id);
    gw().sandbox.stats.byRoute = {};
    const variables = { input: { name: 'x', scopes: ['issues:read'] } };
    await gw().gql(session, CREATE, variables);
    expect(myselfCalls(gw())).toBe(1);
    expect(figure(CREATE, variables)).toBe(1);
  });

  it('shows the whole policy to admins only', async () => {
    const admin = await gw().token('admin', { scopes: ['admin'] });
    const query = `{ admin { tokenPolicy { creatorGroups groupScopes { group scopes } requireProjects
      maxLifetimeDays maxTokensPerIdentity } } }`;
    const res = await gw().gql(admin.secret, query);
    expect(res.body.errors).toBeUndefined();
    const policy = res.body.data.admin.tokenPolicy;
    expect(policy).toMatchObject({
      creatorGroups: [],
      requireProjects: false,
      maxLifetimeDays: 365,
      maxTokensPerIdentity: 100,
    });
    expect(policy.groupScopes).toContainEqual({
      group: 'CONTRACTORS',
      scopes: ['issues:read', 'comments:read'],
    });
    expect(
      policy.groupScopes.find((g: { group: string }) => g.group === 'jira-administrators').scopes,
    ).toContain('admin');
    const bob = await madeBeforeThePolicy(gw(), 'bob', { scopes: ['tokens:read'] });
    const refused = await gw().gql(bob.secret, query);
    expect(refused.body.errors[0].extensions.code).toBe('INSUFFICIENT_SCOPE');
  });
});

describe('JGG_TOKENS_REQUIRE_PROJECTS and JGG_TOKEN_MAX_DAYS', () => {
  const gw = useGateway({
    flavor: 'datacenter',
    env: { JGG_TOKENS_REQUIRE_PROJECTS: 'on', JGG_TOKEN_MAX_DAYS: '30' },
  });

  it('makes every personal token name projects; signIn sessions stay as they are', async () => {
    const session = await signIn(gw(), 'alice');
    const res = await gw().gql(session, CREATE, { input: { name: 'x', scopes: ['issues:read'] } });
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors[0].message).toBe(
      'Every token must name the projects it may reach (JGG_TOKENS_REQUIRE_PROJECTS); give projects.',
    );
    const ok = await gw().gql(session, CREATE, {
      input: { name: 'x', scopes: ['issues:read'], projects: ['PROJ'] },
    });
    expect(ok.body.errors).toBeUndefined();
    // The default lifetime is the longest allowed.
    const expires = new Date(ok.body.data.createAccessToken.token.expiresAt).getTime();
    expect(Math.abs(expires - (Date.now() + 30 * DAY))).toBeLessThan(60_000);
    const policy = await gw().gql(session, POLICY);
    expect(policy.body.data.tokenPolicy).toEqual({
      mayCreateTokens: true,
      refusal: null,
      allowedScopes: expect.not.arrayContaining(['admin']),
      maxLifetimeDays: 30,
      maxTokensPerIdentity: 100,
      requireProjects: true,
    });
  });

  it('refuses a lifetime beyond JGG_TOKEN_MAX_DAYS', async () => {
    const session = await signIn(gw(), 'alice');
    const res = await gw().gql(session, CREATE, {
      input: {
        name: 'x',
        scopes: ['issues:read'],
        projects: ['PROJ'],
        expiresAt: new Date(Date.now() + 31 * DAY).toISOString(),
      },
    });
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors[0].message).toMatch(/beyond the longest lifetime allowed \(30 days/);
  });

  it('refuses to rotate a token without projects, or one living longer than allowed', async () => {
    const session = await signIn(gw(), 'bob');
    const unrestricted = await madeBeforeThePolicy(gw(), 'bob', { scopes: ['issues:read'] });
    const longLived = await madeBeforeThePolicy(gw(), 'bob', {
      scopes: ['issues:read'],
      projects: ['PROJ'],
      expiresInDays: 300,
    });
    const fine = await madeBeforeThePolicy(gw(), 'bob', { scopes: ['issues:read'], projects: ['PROJ'] });
    const a = await gw().gql(session, ROTATE, { id: unrestricted.id });
    expect(a.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(a.body.errors[0].message).toMatch(/cannot be rotated: .*JGG_TOKENS_REQUIRE_PROJECTS/);
    const b = await gw().gql(session, ROTATE, { id: longLived.id });
    expect(b.body.errors[0].message).toMatch(/cannot be rotated: .*at most 30 days \(JGG_TOKEN_MAX_DAYS\)/);
    const c = await gw().gql(session, ROTATE, { id: fine.id });
    expect(c.body.errors).toBeUndefined();
  });
});
