// Per-token usage and the expiry notice, through the real gateway over HTTP
// against the sandbox: AccessToken.usage (own tokens with tokens:read, every
// token for an admin, refused to a token without either), counts that include
// this gateway's unwritten requests, errors in 200 answers, recent addresses
// cut to JGG_USAGE_RECENT_IPS, nothing recorded without a token; the
// Token-Expiration header, viewer.token.expiresAt and expiresSoon.
import { describe, expect, it } from 'vitest';
import { tokenHash } from '../../src/auth/keyring.ts';
import { generateTokenSecret } from '../../src/tokens/token-format.ts';
import { useGateway } from '../support/gateway.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const OWN = `{ viewer { token { id expiresAt expiresSoon lastUsedAt lastUsedIp
  usage { requests points errors recentIps { ip lastSeenAt } } } } }`;

describe('token usage and expiry notice', () => {
  const gw = useGateway({
    issues: 20,
    env: {
      // Never written by the timer during the test: reads must add the unwritten counts.
      JGG_USAGE_FLUSH_MS: '600000',
      JGG_USAGE_RECENT_IPS: '3',
      // So a test can come from several addresses.
      JGG_TRUSTED_PROXIES: '127.0.0.1/32,::1/128',
      JGG_CORS_ORIGINS: 'https://bi.example.com',
    },
  });
  const from = (ip: string) => ({ 'X-Forwarded-For': ip });

  it('counts requests, errors and addresses, unwritten ones included, and writes them in one batch', async () => {
    const { secret, id } = await gw().token('alice', { scopes: ['tokens:read', 'users:read'] });
    const ok = await gw().gql(secret, '{ viewer { user { displayName } } }', undefined, from('192.0.2.1'));
    expect(ok.status).toBe(200);
    // A field outside the scopes: a 200 answer with a GraphQL error counts as an error.
    const denied = await gw().gql(
      secret,
      '{ viewer { user { emailAddress } } }',
      undefined,
      from('192.0.2.2'),
    );
    expect(denied.status).toBe(200);
    expect(denied.body.errors[0].extensions.code).toBe('INSUFFICIENT_SCOPE');
    // An invalid query: refused before execution, an error too.
    const invalid = await gw().gql(secret, '{ viewer { nope } }', undefined, from('192.0.2.3'));
    expect(invalid.body.errors).toHaveLength(1);
    for (const ip of ['192.0.2.4', '192.0.2.5']) {
      expect(
        (await gw().gql(secret, '{ viewer { user { displayName } } }', undefined, from(ip))).status,
      ).toBe(200);
    }
    const seen = await gw().gql(secret, OWN, undefined, from('192.0.2.9'));
    expect(seen.body.errors).toBeUndefined();
    const token = seen.body.data.viewer.token;
    // The reading request itself is counted once it is answered.
    // Points: 1 for each operation that ran (calling no Jira costs the minimum); the invalid one ran nothing.
    expect(token.usage).toMatchObject({ requests: 5, points: 4, errors: 2 });
    expect(token.usage.recentIps.map((s: { ip: string }) => s.ip)).toEqual([
      '192.0.2.5',
      '192.0.2.4',
      '192.0.2.3',
    ]);
    expect(token.lastUsedIp).toBe('192.0.2.9');
    expect(Date.parse(token.lastUsedAt)).toBeGreaterThanOrEqual(
      Date.parse(token.usage.recentIps[0].lastSeenAt),
    );

    const { store, services } = gw().gateway.runtime;
    expect((await store.getTokenUsage([id])).has(id)).toBe(false);
    await services.usage.flush();
    const stored = (await store.getTokenUsage([id])).get(id);
    expect(stored).toMatchObject({ requests: 6, points: 4 + seen.body.extensions.rateLimit.cost, errors: 2 });
    expect(stored?.recentIps.map((s) => s.ip)).toEqual(['192.0.2.9', '192.0.2.5', '192.0.2.4']);
    expect(await store.getToken(id)).toMatchObject({ lastUsedIp: '192.0.2.9' });
  });

  it('records nothing for requests without a valid token', async () => {
    const { secret, id } = await gw().token('alice', { scopes: ['tokens:read'] });
    const wrong = `${secret.slice(0, -1)}${secret.at(-1) === 'A' ? 'B' : 'A'}`;
    expect((await gw().gql(wrong, OWN)).status).toBe(401);
    expect((await gw().gql(null, OWN)).status).toBe(401);
    const alice = gw().sandboxUser('alice');
    // signIn runs without a token: neither it nor the session it returns is charged a request.
    const signedIn = await gw().gql(
      null,
      'mutation($t: String!) { signIn(input: { jiraToken: $t }) { secret } }',
      {
        t: alice.token,
      },
    );
    const session = signedIn.body.data.signIn.secret as string;
    const sessionView = await gw().gql(session, OWN);
    expect(sessionView.body.data.viewer.token.usage).toMatchObject({ requests: 0, errors: 0 });
    const view = await gw().gql(secret, OWN);
    expect(view.body.data.viewer.token.usage).toMatchObject({ requests: 0, errors: 0, recentIps: [] });
    expect(view.body.data.viewer.token.id).toBe(id);
  });

  it('shows usage only with tokens:read or admin: a token without either gets INSUFFICIENT_SCOPE there alone', async () => {
    const { secret } = await gw().token('bob', { scopes: ['issues:read'] });
    const answer = await gw().gql(secret, OWN);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors[0].path).toEqual(['viewer', 'token', 'usage']);
    expect(answer.body.errors[0].extensions).toMatchObject({
      code: 'INSUFFICIENT_SCOPE',
      requiredScopes: ['tokens:read'],
    });
    // The expiry stays within reach of every token.
    expect(answer.body.data.viewer.token.expiresAt).toEqual(expect.any(String));
    expect(answer.body.data.viewer.token.usage).toBeNull();
  });

  it("lists own tokens' usage with tokens:read, and every token's to an admin", async () => {
    const script = await gw().token('bob', { scopes: ['issues:read'], name: 'script' });
    for (let i = 0; i < 3; i++)
      await gw().gql(script.secret, '{ viewer { token { id } } }', undefined, from('198.51.100.7'));
    const owner = await gw().token('bob', { scopes: ['tokens:read', 'issues:read'] });
    const listQuery = `{ viewer { accessTokens(first: 50) { edges { node { id usage { requests recentIps { ip } } } } } } }`;
    const own = await gw().gql(owner.secret, listQuery);
    expect(own.body.errors).toBeUndefined();
    const mine = own.body.data.viewer.accessTokens.edges
      .map((e: { node: unknown }) => e.node)
      .find((n: { id: string }) => n.id === script.id);
    expect(mine.usage).toEqual({ requests: 3, recentIps: [{ ip: '198.51.100.7' }] });

    const admin = await gw().token('admin', { scopes: ['admin'] });
    const all = await gw().gql(
      admin.secret,
      `{ admin { accessTokens(first: 100) { edges { node { id usage { requests errors recentIps { ip } } } } } } }`,
    );
    expect(all.body.errors).toBeUndefined();
    const seen = all.body.data.admin.accessTokens.edges
      .map((e: { node: unknown }) => e.node)
      .find((n: { id: string }) => n.id === script.id);
    expect(seen.usage).toEqual({ requests: 3, errors: 0, recentIps: [{ ip: '198.51.100.7' }] });
  });

  it('answers Token-Expiration on every authenticated answer, errors included, and exposes it to CORS callers', async () => {
    const expiresAt = new Date(Date.now() + 3 * DAY_MS);
    const { secret } = await gw().token('alice', { scopes: ['users:read'], expiresAt });
    const ok = await gw().gql(secret, '{ viewer { token { expiresAt expiresSoon } } }', undefined, {
      Origin: 'https://bi.example.com',
    });
    expect(ok.headers.get('token-expiration')).toBe(expiresAt.toISOString());
    expect(ok.body.data.viewer.token).toEqual({ expiresAt: expiresAt.toISOString(), expiresSoon: true });
    expect(ok.headers.get('access-control-expose-headers')).toContain('Token-Expiration');
    const failed = await gw().gql(secret, '{ viewer { nope } }');
    expect(failed.headers.get('token-expiration')).toBe(expiresAt.toISOString());
    // No token, no notice.
    expect((await gw().gql(null, '{ viewer { token { id } } }')).headers.get('token-expiration')).toBeNull();

    const later = await gw().token('alice', {
      scopes: ['users:read'],
      expiresAt: new Date(Date.now() + 30 * DAY_MS),
    });
    const far = await gw().gql(later.secret, '{ viewer { token { expiresSoon } } }');
    expect(far.body.data.viewer.token.expiresSoon).toBe(false);
  });

  it('sends no Token-Expiration for a token that never expires (a row made before lifetimes were capped)', async () => {
    const { store, keyring } = gw().gateway.runtime;
    const alice = gw().sandboxUser('alice');
    const identity = await store.findIdentity(alice.name);
    if (!identity) throw new Error('alice is linked by the tests above');
    const secret = generateTokenSecret();
    await store.insertToken({
      identityId: identity.id,
      kind: 'personal',
      name: 'forever',
      secretHash: tokenHash(secret, keyring.current),
      hashKeyId: keyring.current.id,
      scopes: ['users:read'],
      projects: null,
      allowedIps: null,
      createdAt: new Date(),
      expiresAt: null,
      rotatedFromId: null,
      createdById: null,
    });
    const answer = await gw().gql(secret, '{ viewer { token { expiresAt expiresSoon } } }');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('token-expiration')).toBeNull();
    expect(answer.body.data.viewer.token).toEqual({ expiresAt: null, expiresSoon: false });
  });
});
