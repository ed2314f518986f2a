// Who may call: every way a token can be wrong answers 401 with the right
// WWW-Authenticate; signIn is the one operation that needs no token.
import { request as httpRequest } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { base62, generateTokenSecret } from '../../src/tokens/token-format.ts';
import { useGateway } from '../support/gateway.ts';

const VIEWER = '{ viewer { user { displayName } token { name scopes } } }';
const INVALID = 'Bearer realm="jgg", error="invalid_token"';

describe('authentication', () => {
  const gw = useGateway({ flavor: 'datacenter' });

  async function expect401(
    auth: Parameters<ReturnType<typeof gw>['gql']>[0],
    challenge = INVALID,
    headers = {},
  ) {
    const res = await gw().gql(auth, VIEWER, undefined, headers);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(challenge);
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(res.body.data ?? null).toBeNull();
    expect(res.headers.get('x-token-scopes')).toBeNull();
    return res;
  }

  it('answers a request without a token 401 with a challenge that names no error', async () => {
    await expect401(null, 'Bearer realm="jgg"');
  });

  it('answers a malformed token and a bad checksum 401 without a store look-up', async () => {
    await expect401('not-a-token');
    await expect401('jgg_short');
    const real = generateTokenSecret();
    const last = real.at(-1) === 'A' ? 'B' : 'A';
    await expect401(`${real.slice(0, -1)}${last}`);
    await expect401({ header: `Token ${real}` });
  });

  it('refuses a real token sent bare, with no scheme, or under a scheme that is not Bearer or Basic', async () => {
    const { secret } = await gw().token('alice', { scopes: ['users:read'] });
    for (const header of [secret, `Token ${secret}`, `Digest ${secret}`, `Bearer`, `Basic`]) {
      const res = await expect401({ header });
      expect(res.body.errors[0].message, header).toBe('The token is malformed.');
    }
    // The scheme's case does not matter, as RFC 9110 says.
    expect((await gw().gql({ header: `bearer ${secret}` }, VIEWER)).status).toBe(200);
    expect((await gw().gql({ header: `BEARER ${secret}` }, VIEWER)).status).toBe(200);
  });

  it('refuses two Authorization headers, or two credentials in one, whichever comes first', async () => {
    const alice = await gw().token('alice', { scopes: ['users:read'] });
    const bob = await gw().token('bob', { scopes: ['users:read'] });
    const basic = `Basic ${Buffer.from(`x:${bob.secret}`).toString('base64')}`;
    // Node keeps only the first of several Authorization headers: sent as two lines, raw.
    const twice = (values: string[]) =>
      new Promise<{ status: number; challenge: string | undefined; body: string }>((resolve, reject) => {
        const req = httpRequest(
          `${gw().gateway.url}/graphql`,
          {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: values },
          },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              body += chunk;
            });
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, challenge: res.headers['www-authenticate'], body }),
            );
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ query: VIEWER }));
      });
    for (const values of [
      [`Bearer ${alice.secret}`, `Bearer ${bob.secret}`],
      [`Bearer ${alice.secret}`, `Bearer ${alice.secret}`],
      [`Bearer ${alice.secret}`, basic],
      [`Bearer ${alice.secret}`, ''],
    ]) {
      const res = await twice(values);
      expect(res.status, values.join(' | ')).toBe(401);
      expect(res.challenge).toBe(INVALID);
      expect(JSON.parse(res.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(res.body).not.toContain('Alice');
    }
    // Joined into one header by a proxy, or by fetch's Headers.append.
    await expect401({ header: `Bearer ${alice.secret}, Bearer ${bob.secret}` });
    await expect401({ header: `Bearer ${alice.secret},${basic}` });
    // One header alone still works.
    expect((await twice([`Bearer ${alice.secret}`])).status).toBe(200);
  });

  it('answers an unknown, well-formed token 401', async () => {
    await expect401(generateTokenSecret());
  });

  it('answers an expired token 401', async () => {
    const { secret, id } = await gw().token('alice', { scopes: ['issues:read'] });
    expect((await gw().gql(secret, VIEWER)).status).toBe(200);
    // Expire it in the store, as time would; the cache must not keep it alive.
    const store = gw().gateway.runtime.store;
    const token = await store.getToken(id);
    expect(token).not.toBeNull();
    await gw().gateway.runtime.services.tokens.revoke(id, { kind: 'cli' });
    await expect401(secret);
    const short = await gw().gateway.runtime.services.tokens.create(
      (await store.getIdentity(token!.identityId))!,
      { name: 'short', scopes: ['issues:read'], expiresAt: new Date(Date.now() + 1500) },
      { kind: 'cli' },
    );
    expect((await gw().gql(short.secret, VIEWER)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    const res = await expect401(short.secret);
    expect(res.body.errors[0].message).toBe('The token has expired.');
  });

  it('answers a revoked token 401 at once, although it was just cached', async () => {
    const { secret } = await gw().token('alice', { scopes: ['tokens:write'] });
    const me = await gw().gql(secret, '{ viewer { token { id } } }');
    expect(me.status).toBe(200);
    const revoke = await gw().gql(
      secret,
      'mutation($id: ID!) { revokeAccessToken(id: $id) { token { revokedAt } } }',
      {
        id: me.body.data.viewer.token.id,
      },
    );
    expect(revoke.body.data.revokeAccessToken.token.revokedAt).toEqual(expect.any(String));
    const res = await expect401(secret);
    expect(res.body.errors[0].message).toBe('The token has been revoked.');
  });

  it('answers a rotated-away token 401 and the new secret 200', async () => {
    const { secret, id } = await gw().token('alice', { scopes: ['tokens:write', 'issues:read'] });
    expect((await gw().gql(secret, VIEWER)).status).toBe(200);
    const rotated = await gw().gql(
      secret,
      'mutation($id: ID!) { rotateAccessToken(id: $id) { secret token { id rotatedFromId scopes } } }',
      { id },
    );
    const payload = rotated.body.data.rotateAccessToken;
    expect(payload.token.rotatedFromId).toBe(id);
    expect(payload.token.scopes).toEqual(['issues:read', 'tokens:write']);
    await expect401(secret);
    expect((await gw().gql(payload.secret, VIEWER)).status).toBe(200);
  });

  it('answers a token used from a disallowed address 401, and allows it from an allowed one', async () => {
    const outside = await gw().token('bob', {
      scopes: ['issues:read'],
      allowedIps: ['10.0.0.0/8', '2001:db8::/32'],
    });
    const res = await expect401(outside.secret);
    expect(res.body.errors[0].message).toBe('The token may not be used from this address.');
    const inside = await gw().token('bob', {
      scopes: ['issues:read'],
      allowedIps: ['127.0.0.0/8', '::1/128'],
    });
    expect((await gw().gql(inside.secret, VIEWER)).status).toBe(200);
    // X-Forwarded-For is ignored unless a trusted proxy is configured.
    const spoofed = await gw().gql(outside.secret, VIEWER, undefined, { 'X-Forwarded-For': '10.1.2.3' });
    expect(spoofed.status).toBe(401);
  });

  it('takes the same token as a Bearer token and as a Basic password', async () => {
    const { secret } = await gw().token('bob', { scopes: ['issues:read'] });
    const bearer = await gw().gql(secret, VIEWER);
    const basic = await gw().gql(
      { header: `Basic ${Buffer.from(`anything:${secret}`).toString('base64')}` },
      VIEWER,
    );
    expect(bearer.status).toBe(200);
    expect(basic.status).toBe(200);
    expect(basic.body.data).toEqual(bearer.body.data);
    expect(bearer.body.data.viewer.user.displayName).toBe('Bob Brown');
  });

  it('lets signIn, and only signIn, run without a token', async () => {
    const alice = gw().sandboxUser('alice');
    const signIn = await gw().gql(
      null,
      'mutation($t: String!) { signIn(input: { jiraToken: $t }) { secret token { scopes expiresAt kind } user { accountId displayName } } }',
      { t: alice.token },
    );
    expect(signIn.status).toBe(200);
    const out = signIn.body.data.signIn;
    expect(out.token.scopes).toEqual(['tokens:read', 'tokens:write']);
    expect(out.token.kind).toBe('session');
    expect(out.user).toEqual({ accountId: alice.key, displayName: 'Alice Anderson' });
    expect(new Date(out.token.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    // The session token works, and only for token management.
    const viewer = await gw().gql(
      out.secret,
      '{ viewer { accessTokens(first: 5) { edges { node { kind } } } } }',
    );
    expect(viewer.status).toBe(200);
    const issue = await gw().gql(out.secret, '{ issue(key: "PROJ-1") { key } }');
    expect(issue.body.errors[0].extensions).toEqual({
      code: 'INSUFFICIENT_SCOPE',
      requiredScopes: ['issues:read'],
    });

    // Anything else without a token is refused before it runs, even next to signIn.
    await expect401(null, 'Bearer realm="jgg"');
    const mixed = await gw().gql(
      null,
      'mutation($t: String!) { signIn(input: { jiraToken: $t }) { secret } createAccessToken(input: { name: "x", scopes: ["admin"] }) { secret } }',
      { t: alice.token },
    );
    expect(mixed.status).toBe(401);
    const query = await gw().gql(null, '{ __typename }');
    expect(query.status).toBe(401);
  });

  it('refuses signIn with a Jira token Jira does not accept', async () => {
    const res = await gw().gql(null, 'mutation { signIn(input: { jiraToken: "wrong" }) { secret } }');
    expect(res.status).toBe(200);
    expect(res.body.errors[0].extensions.code).toBe('UPSTREAM_CREDENTIAL_INVALID');
    expect(res.body.data).toBeNull();
  });

  it('puts X-Token-Scopes on every authenticated answer, errors included', async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:read', 'users:read'] });
    for (const query of [
      VIEWER,
      '{ issue(key: "PROJ-1") { key } }',
      '{ issue(key: "NOPE-1") { key } }',
      '{ nope }',
    ]) {
      const res = await gw().gql(secret, query);
      expect(res.headers.get('x-token-scopes')).toBe('issues:read, users:read');
      expect(res.headers.get('x-request-id')).toMatch(/[\w-]+/);
    }
  });

  it('spends no store look-up on a malformed token, and one per unknown well-formed token', async () => {
    const lookups = vi.spyOn(gw().gateway.runtime.store, 'findTokenByHash');
    try {
      const real = generateTokenSecret();
      await expect401('jgg_nope');
      await expect401(`${real.slice(0, -1)}${real.at(-1) === 'A' ? 'B' : 'A'}`);
      expect(lookups).not.toHaveBeenCalled();
      await expect401(real);
      expect(lookups).toHaveBeenCalledTimes(1);
    } finally {
      lookups.mockRestore();
    }
  });

  it('writes no store row per request: last use goes out with the usage batches', async () => {
    const { secret, id } = await gw().token('bob', { scopes: ['issues:read'] });
    const { store, services } = gw().gateway.runtime;
    const writes = vi.spyOn(store, 'addTokenUsage');
    try {
      for (let i = 0; i < 5; i++) expect((await gw().gql(secret, VIEWER)).status).toBe(200);
      // Counted in memory only (JGG_USAGE_FLUSH_MS is 5 s by default).
      expect(writes).not.toHaveBeenCalled();
      await services.usage.flush();
      expect(writes).toHaveBeenCalledTimes(1);
      const stored = await store.getToken(id);
      expect(stored?.lastUsedAt).toBeInstanceOf(Date);
      expect(['127.0.0.1', '::1']).toContain(stored?.lastUsedIp);
    } finally {
      writes.mockRestore();
    }
  });

  it('checks the checksum alphabet itself', () => {
    expect(base62(61, 2)).toBe('0z');
    expect(generateTokenSecret()).toMatch(/^jgg_[0-9A-Za-z]{36}$/);
  });
});
