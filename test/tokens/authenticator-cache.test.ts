// The authenticator's token cache against a real (in-memory SQLite) store:
// forgetAll() drops every cached session, and a look-up that was under way
// when entries were dropped does not put its (possibly stale) record back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createKeyring,
  generateSecretKeyBase64,
  secretKeyFromBase64,
  tokenHash,
} from '../../src/auth/keyring.ts';
import { createTokenStore } from '../../src/store/kysely-store.ts';
import type { TokenRecord, TokenStore } from '../../src/store/store.ts';
import { type Authenticator, createAuthenticator } from '../../src/tokens/authenticator.ts';
import { generateTokenSecret } from '../../src/tokens/token-format.ts';

const keyring = createKeyring(secretKeyFromBase64(generateSecretKeyBase64()));
let store: TokenStore;

beforeEach(async () => {
  store = createTokenStore('sqlite::memory:');
  await store.migrate();
});
afterEach(async () => {
  await store.close();
});

async function mint(): Promise<{ secret: string; token: TokenRecord }> {
  const identity = await store.upsertIdentity(
    {
      flavor: 'datacenter',
      jiraAccountId: `key-${Math.random()}`,
      jiraName: 'alice',
      displayName: 'Alice',
      email: null,
      sealedCredential: 'sealed',
    },
    new Date(),
  );
  const secret = generateTokenSecret();
  const token = await store.insertToken({
    identityId: identity.id,
    kind: 'personal',
    name: 'cache test',
    secretHash: tokenHash(secret, keyring.current),
    hashKeyId: keyring.current.id,
    scopes: ['issues:read'],
    projects: null,
    allowedIps: null,
    createdAt: new Date(),
    expiresAt: null,
    rotatedFromId: null,
    createdById: null,
  });
  return { secret, token };
}

function authenticatorOver(over: TokenStore): Authenticator {
  return createAuthenticator({ store: over, keyring, isAdmin: () => false, cacheTtlMs: 60_000 });
}

const outcome = async (auth: Authenticator, secret: string) =>
  (await auth.authenticate(`Bearer ${secret}`, '127.0.0.1')).kind === 'ok' ? 'ok' : 'refused';

describe('token cache', () => {
  it('serves a revoked token from the cache until forgetAll(), then refuses it', async () => {
    const auth = authenticatorOver(store);
    const { secret, token } = await mint();
    expect(await outcome(auth, secret)).toBe('ok');
    // Revoked behind the authenticator's back, as another process would.
    await store.revokeToken(token.id, new Date());
    expect(await outcome(auth, secret)).toBe('ok');
    auth.forgetAll();
    expect(await auth.authenticate(`Bearer ${secret}`, '127.0.0.1')).toEqual({
      kind: 'invalid',
      reason: 'revoked',
    });
  });

  it('does not cache a record read before a forgetAll() that came while it was read', async () => {
    const { secret, token } = await mint();
    // A store whose token look-up waits until the test lets it answer.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let hold = true;
    const slow: TokenStore = {
      ...store,
      async findTokenByHash(hash) {
        const found = await store.findTokenByHash(hash);
        if (hold) await held;
        return found;
      },
    };
    const auth = authenticatorOver(slow);
    const first = outcome(auth, secret);
    // The live record has been read; now it is revoked and the cache told.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.revokeToken(token.id, new Date());
    auth.forgetAll();
    release();
    hold = false;
    expect(await first).toBe('ok');
    // Had the stale record been cached, this would still be 'ok'.
    expect(await outcome(auth, secret)).toBe('refused');
  });
});
