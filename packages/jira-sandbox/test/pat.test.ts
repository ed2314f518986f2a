// Data Center personal access tokens over real HTTP: create (raw token shown
// once), list (own tokens only), revoke, and that a token authenticates as its
// owner until revoked or expired. Cloud has no such API.
import { describe, expect, it } from 'vitest';
import { type CallOptions, type JiraAnswer, useSandbox } from './support/sandbox.ts';

const TOKENS = '/rest/pat/latest/tokens';
const DAY_MS = 24 * 60 * 60 * 1000;
/** Jira's timestamp: 2026-01-31T10:00:00.000+0000. */
const JIRA_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/;
const UNAUTHENTICATED = {
  errorMessages: ['Client must be authenticated to access this resource.'],
  errors: {},
};

interface CreatedToken {
  id: number;
  name: string;
  createdAt: string;
  expiringAt?: string;
  rawToken: string;
}

function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

describe('personal access tokens (datacenter)', () => {
  const jira = useSandbox({ flavor: 'datacenter', issues: 300, seed: 5 });

  /** The sandbox client checks every answer against the OpenAPI document (and its PAT supplement). */
  async function call(
    as: string | null | { authorization: string },
    method: string,
    path: string,
    status: number,
    body?: unknown,
    options?: CallOptions,
  ): Promise<JiraAnswer> {
    const answer = await jira().call(as, method, path, body, options);
    expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBe(status);
    return answer;
  }

  async function create(as: string, body: unknown, options?: CallOptions): Promise<CreatedToken> {
    return (await call(as, 'POST', TOKENS, 201, body, options)).body as CreatedToken;
  }

  it('creates a token and shows its raw value once', async () => {
    const before = Date.now();
    const token = await create('alice', { name: 'ci pipeline', expirationDuration: 30 });
    expect(Object.keys(token).sort()).toEqual(['createdAt', 'expiringAt', 'id', 'name', 'rawToken']);
    expect(token.name).toBe('ci pipeline');
    expect(Number.isInteger(token.id)).toBe(true);
    // Real Data Center tokens are 44 base64 characters.
    expect(token.rawToken).toMatch(/^[A-Za-z0-9+/]{43}[A-Za-z0-9+/=]$/);
    expect(token.createdAt).toMatch(JIRA_DATE);
    expect(token.expiringAt).toMatch(JIRA_DATE);
    const createdAt = Date.parse(token.createdAt.replace('+0000', 'Z'));
    expect(createdAt).toBeGreaterThanOrEqual(before - 1);
    expect(createdAt).toBeLessThanOrEqual(Date.now());
    expect(Date.parse((token.expiringAt ?? '').replace('+0000', 'Z')) - createdAt).toBe(30 * DAY_MS);

    const listed = (await call('alice', 'GET', TOKENS, 200)).body as Record<string, unknown>[];
    const mine = listed.find((t) => t.id === token.id);
    expect(mine).toEqual({
      id: token.id,
      name: 'ci pipeline',
      createdAt: token.createdAt,
      expiringAt: token.expiringAt,
    });
  });

  it('creates a token without an expiry when no expirationDuration is given', async () => {
    const token = (await call('dave', 'POST', TOKENS, 201, { name: 'forever' })).body as CreatedToken;
    expect(Object.keys(token).sort()).toEqual(['createdAt', 'id', 'name', 'rawToken']);
    const listed = (await call('dave', 'GET', TOKENS, 200)).body;
    expect(listed).toEqual([{ id: token.id, name: 'forever', createdAt: token.createdAt }]);
    await call('dave', 'DELETE', `${TOKENS}/${token.id}`, 204);
  });

  it('gives every token its own id and raw value', async () => {
    const a = await create('erin', { name: 'one', expirationDuration: 365 });
    const b = await create('erin', { name: 'two', expirationDuration: 1 });
    expect(b.id).toBeGreaterThan(a.id);
    expect(b.rawToken).not.toBe(a.rawToken);
    const listed = (await call('erin', 'GET', TOKENS, 200)).body as { id: number; name: string }[];
    expect(listed.map((t) => [t.id, t.name])).toEqual([
      [a.id, 'one'],
      [b.id, 'two'],
    ]);
  });

  it('lists only the caller’s own tokens', async () => {
    const token = await create('alice', { name: 'alice only', expirationDuration: 7 });
    const bobs = (await call('bob', 'GET', TOKENS, 200)).body as { id: number }[];
    expect(bobs.some((t) => t.id === token.id)).toBe(false);
    expect((await call('carol', 'GET', TOKENS, 200)).body).toEqual([]);
  });

  it('authenticates as its owner with Bearer and with Basic, until revoked', async () => {
    const token = await create('bob', { name: 'gateway', expirationDuration: 90 });
    const me = await call(bearer(token.rawToken), 'GET', '/rest/api/2/myself', 200);
    expect(me.body).toMatchObject({ name: 'bob', key: jira().user('bob').key });
    expect(me.headers.get('x-ausername')).toBe('bob');
    const basic = `Basic ${Buffer.from(`bob:${token.rawToken}`).toString('base64')}`;
    expect((await call({ authorization: basic }, 'GET', '/rest/api/2/myself', 200)).body).toMatchObject({
      name: 'bob',
    });
    // The token can manage its owner's tokens.
    const viaToken = (await call(bearer(token.rawToken), 'GET', TOKENS, 200)).body as { id: number }[];
    expect(viaToken.map((t) => t.id)).toContain(token.id);

    expect((await call('bob', 'DELETE', `${TOKENS}/${token.id}`, 204)).body).toBeUndefined();
    const listed = (await call('bob', 'GET', TOKENS, 200)).body as { id: number }[];
    expect(listed.some((t) => t.id === token.id)).toBe(false);
    // A revoked token makes Data Center treat the caller as anonymous.
    const after = await call(bearer(token.rawToken), 'GET', '/rest/api/2/myself', 401);
    expect(after.body).toEqual(UNAUTHENTICATED);
    expect(after.headers.get('x-ausername')).toBe('anonymous');
    expect((await call(bearer(token.rawToken), 'GET', TOKENS, 401)).body).toEqual(UNAUTHENTICATED);
    expect((await call(bearer(token.rawToken), 'DELETE', `${TOKENS}/${token.id}`, 401)).body).toEqual(
      UNAUTHENTICATED,
    );
    // Basic with the revoked token is a wrong password: refused outright.
    expect((await call({ authorization: basic }, 'GET', '/rest/api/2/myself', 401)).body).toEqual(
      UNAUTHENTICATED,
    );
  });

  it('stops authenticating once the token has expired', async () => {
    const token = await create('erin', { name: 'short', expirationDuration: 1 });
    await call(bearer(token.rawToken), 'GET', '/rest/api/2/myself', 200);
    const stored = jira().sandbox.store.data.pats.find((p) => p.id === token.id);
    if (!stored) throw new Error('token not stored');
    stored.expiringAt = Date.now() - 1;
    await call(bearer(token.rawToken), 'GET', '/rest/api/2/myself', 401);
    // An expired token is still listed until its owner deletes it.
    const listed = (await call('erin', 'GET', TOKENS, 200)).body as { id: number }[];
    expect(listed.map((t) => t.id)).toContain(token.id);
  });

  it('answers 404 when deleting another user’s token or a missing one', async () => {
    const token = await create('alice', { name: 'not yours', expirationDuration: 7 });
    const notFound = (id: string) => ({ errorMessages: [`No token with id ${id} was found.`], errors: {} });
    expect((await call('bob', 'DELETE', `${TOKENS}/${token.id}`, 404)).body).toEqual(
      notFound(String(token.id)),
    );
    expect((await call('alice', 'DELETE', `${TOKENS}/999999`, 404)).body).toEqual(notFound('999999'));
    expect((await call('alice', 'DELETE', `${TOKENS}/abc`, 404)).body).toEqual(notFound('abc'));
    // Alice's token survived bob's attempt and still works.
    await call(bearer(token.rawToken), 'GET', '/rest/api/2/myself', 200);
    await call('alice', 'DELETE', `${TOKENS}/${token.id}`, 204);
    await call('alice', 'DELETE', `${TOKENS}/${token.id}`, 404);
  });

  it('refuses anonymous callers with 401', async () => {
    expect((await call(null, 'GET', TOKENS, 401)).body).toEqual(UNAUTHENTICATED);
    expect((await call(null, 'POST', TOKENS, 401, { name: 'x' })).body).toEqual(UNAUTHENTICATED);
    expect((await call(null, 'DELETE', `${TOKENS}/1`, 401)).body).toEqual(UNAUTHENTICATED);
    expect((await call(bearer('not-a-token'), 'POST', TOKENS, 401, { name: 'x' })).body).toEqual(
      UNAUTHENTICATED,
    );
  });

  it('answers 400 for a missing name or a bad expiration and creates nothing', async () => {
    const count = () => jira().sandbox.store.data.pats.length;
    const before = count();
    const nameRequired = { errorMessages: [], errors: { name: 'A token name is required.' } };
    expect((await call('alice', 'POST', TOKENS, 400, { expirationDuration: 10 })).body).toEqual(nameRequired);
    expect((await call('alice', 'POST', TOKENS, 400, { name: '   ' })).body).toEqual(nameRequired);
    expect((await call('alice', 'POST', TOKENS, 400, { name: 42 })).body).toEqual(nameRequired);
    expect((await call('alice', 'POST', TOKENS, 400, { name: 'x'.repeat(256) })).body).toEqual({
      errorMessages: [],
      errors: { name: 'The token name must not be longer than 255 characters.' },
    });
    expect((await call('alice', 'POST', TOKENS, 400)).body).toEqual({
      errorMessages: ['The request body must be a JSON object with a token name.'],
      errors: {},
    });
    expect((await call('alice', 'POST', TOKENS, 400, ['name'])).body).toMatchObject({ errors: {} });
    const badExpiry = {
      errorMessages: [],
      errors: { expirationDuration: 'The expiration duration must be a whole number of days above 0.' },
    };
    for (const expirationDuration of [0, -5, 1.5, '30']) {
      expect((await call('alice', 'POST', TOKENS, 400, { name: 'x', expirationDuration })).body).toEqual(
        badExpiry,
      );
    }
    expect(count()).toBe(before);
  });
});

describe('personal access tokens (cloud)', () => {
  const jira = useSandbox({ flavor: 'cloud', issues: 300, seed: 5 });

  it('has no personal access token API', async () => {
    for (const [method, path] of [
      ['GET', TOKENS],
      ['POST', TOKENS],
      ['DELETE', `${TOKENS}/1`],
    ] as const) {
      const answer = await jira().call('alice', method, path, method === 'POST' ? { name: 'x' } : undefined);
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({
        errorMessages: [`null for uri: ${jira().sandbox.url}${path}`],
        errors: {},
      });
      expect(jira().sandbox.store.data.pats).toEqual([]);
    }
  });
});
