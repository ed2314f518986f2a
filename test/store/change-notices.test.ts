// The store tells its owner of each committed change that other processes
// must hear of (onChanged, which a serving process announces on Redis), with
// the identity it concerns; never of a change that did not happen. SQLite
// always, PostgreSQL when JGG_TEST_DATABASE_URL is set.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenStore } from '../../src/store/kysely-store.ts';
import type { NewIdentity, NewToken, TokenStore } from '../../src/store/store.ts';
import { type FreshDatabase, postgresBackend, sqliteBackend } from './databases.ts';

const at = new Date('2030-01-01T00:00:00.000Z');
const random = () => randomBytes(8).toString('hex');

function identityInput(): NewIdentity {
  return {
    flavor: 'cloud',
    jiraAccountId: `acc-${random()}`,
    jiraName: null,
    displayName: 'Alice Example',
    email: null,
    sealedCredential: `sealed-${random()}`,
  };
}

function tokenInput(identityId: string): NewToken {
  return {
    identityId,
    kind: 'personal',
    name: 'dashboards',
    secretHash: randomBytes(32).toString('hex'),
    hashKeyId: 'k1',
    scopes: ['issues:read'],
    projects: null,
    allowedIps: null,
    createdAt: at,
    expiresAt: null,
    rotatedFromId: null,
    createdById: null,
  };
}

const BACKENDS = [sqliteBackend(), postgresBackend(process.env.JGG_TEST_DATABASE_URL)];

describe.each(BACKENDS.map((b) => [b.name, b] as const))('change notices on %s', (_name, backend) => {
  describe.skipIf(!backend.enabled)('onChanged', () => {
    let database: FreshDatabase;
    let store: TokenStore;
    const told: string[] = [];

    beforeAll(async () => {
      database = await backend.fresh();
      store = createTokenStore(database.url, { onChanged: (id) => told.push(id) });
      await store.migrate();
    });

    afterAll(async () => {
      await store?.close();
      await database?.dispose();
    });

    /** What onChanged heard during `work`. */
    async function heardDuring(work: () => Promise<unknown>): Promise<string[]> {
      told.length = 0;
      await work();
      return [...told];
    }

    it('names the identity of a link, a revoke, a rotation, a revoke-all and a refused credential', async () => {
      let identityId = '';
      expect(
        await heardDuring(async () => {
          identityId = (await store.upsertIdentity(identityInput(), at)).id;
        }),
      ).toEqual([identityId]);
      const token = await store.insertToken(tokenInput(identityId));
      const other = await store.insertToken(tokenInput(identityId));
      let rotatedId = '';
      expect(
        await heardDuring(async () => {
          rotatedId = (await store.rotateToken(token.id, tokenInput(identityId), at))?.id ?? '';
        }),
      ).toEqual([identityId]);
      expect(await heardDuring(() => store.revokeToken(rotatedId, at))).toEqual([identityId]);
      expect(await heardDuring(() => store.revokeAllTokens(identityId, at))).toEqual([identityId]);
      expect((await store.getToken(other.id))?.revokedAt).not.toBeNull();
      expect(await heardDuring(() => store.markCredentialInvalid(identityId, at))).toEqual([identityId]);
    });

    it('says nothing of what changed nothing: a second revoke, a rotation of a dead token, an empty revoke-all', async () => {
      const identityId = (await store.upsertIdentity(identityInput(), at)).id;
      const token = await store.insertToken(tokenInput(identityId));
      await store.revokeToken(token.id, at);
      await store.markCredentialInvalid(identityId, at);
      expect(await heardDuring(() => store.revokeToken(token.id, at))).toEqual([]);
      expect(await heardDuring(() => store.rotateToken(token.id, tokenInput(identityId), at))).toEqual([]);
      expect(await heardDuring(() => store.revokeAllTokens(identityId, at))).toEqual([]);
      // Marked already: the first refusal is kept, and told once.
      expect(await heardDuring(() => store.markCredentialInvalid(identityId, at))).toEqual([]);
      // Creating a token changes nothing a cache holds.
      expect(await heardDuring(() => store.insertToken(tokenInput(identityId)))).toEqual([]);
    });

    it('goes on when the listener throws: the change is committed and the poll carries it', async () => {
      const throwing = createTokenStore(database.url, {
        onChanged: () => {
          throw new Error('redis gone');
        },
      });
      try {
        const identityId = (await throwing.upsertIdentity(identityInput(), at)).id;
        const token = await throwing.insertToken(tokenInput(identityId));
        const before = await throwing.readRevision();
        expect((await throwing.revokeToken(token.id, at))?.revokedAt).not.toBeNull();
        expect(await throwing.readRevision()).toBe(before + 1);
      } finally {
        await throwing.close();
      }
    });
  });
});
