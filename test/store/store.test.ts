// One suite for the TokenStore, run against every implementation: SQLite
// always, PostgreSQL when JGG_TEST_DATABASE_URL names a server. Races are run
// for real: concurrent calls on one store, and separate processes.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../../src/store/cursor.ts';
import { createBackend } from '../../src/store/dialects.ts';
import { createTokenStore } from '../../src/store/kysely-store.ts';
import { MIGRATION_NAMES, migrationsFor } from '../../src/store/migrations.ts';
import type {
  IdentityRecord,
  NewIdentity,
  NewToken,
  TokenRecord,
  TokenStore,
  TokenUsageDelta,
} from '../../src/store/store.ts';
import type { Database } from '../../src/store/tables.ts';
import { type FreshDatabase, postgresBackend, sqliteBackend } from './databases.ts';

const CHILD = fileURLToPath(new URL('./store-child.ts', import.meta.url));
const T0 = Date.parse('2030-01-01T00:00:00.000Z');
/** T0 plus some minutes. */
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const random = () => randomBytes(8).toString('hex');

function identityInput(overrides: Partial<NewIdentity> = {}): NewIdentity {
  return {
    flavor: 'cloud',
    jiraAccountId: `acc-${random()}`,
    jiraName: null,
    displayName: 'Alice Example',
    email: 'alice@example.com',
    sealedCredential: `sealed-${random()}`,
    ...overrides,
  };
}

function tokenInput(identityId: string, overrides: Partial<NewToken> = {}): NewToken {
  return {
    identityId,
    kind: 'personal',
    name: 'dashboards',
    secretHash: randomBytes(32).toString('hex'),
    hashKeyId: 'k1',
    scopes: ['issues:read'],
    projects: null,
    allowedIps: null,
    createdAt: at(0),
    expiresAt: null,
    rotatedFromId: null,
    createdById: null,
    ...overrides,
  };
}

function usageDelta(tokenId: string, overrides: Partial<TokenUsageDelta> = {}): TokenUsageDelta {
  return {
    tokenId,
    requests: 1,
    points: 1,
    errors: 0,
    lastUsedAt: at(1),
    lastUsedIp: '192.0.2.1',
    ips: [{ ip: '192.0.2.1', lastSeenAt: at(1) }],
    ...overrides,
  };
}

/** Every item of every page, following endCursor. */
async function allPages<T>(
  load: (after: string | null) => Promise<{ items: T[]; endCursor: string | null; hasNextPage: boolean }>,
) {
  const pages: T[][] = [];
  let after: string | null = null;
  for (;;) {
    const page = await load(after);
    pages.push(page.items);
    if (!page.hasNextPage) return pages;
    after = page.endCursor;
  }
}

/** The migrations Kysely recorded, read beside the store. */
async function recordedMigrations(url: string): Promise<string[]> {
  const db = new Kysely<{ kysely_migration: { name: string } }>({ dialect: createBackend(url).dialect });
  try {
    const rows = await db.selectFrom('kysely_migration').select('name').orderBy('name').execute();
    return rows.map((r) => r.name);
  } finally {
    await db.destroy();
  }
}

/** The names of audit_events' secondary indexes. */
async function auditIndexes(url: string): Promise<string[]> {
  const { kind, dialect } = createBackend(url);
  const db = new Kysely<Database>({ dialect });
  try {
    const query =
      kind === 'sqlite'
        ? sql<{
            name: string;
          }>`select name from sqlite_master where type = 'index' and tbl_name = 'audit_events' and name like 'audit_events_%_idx'`
        : sql<{
            name: string;
          }>`select indexname as name from pg_indexes where tablename = 'audit_events' and schemaname = current_schema() and indexname like 'audit_events_%_idx'`;
    const { rows } = await query.execute(db);
    return rows.map((r) => r.name).sort();
  } finally {
    await db.destroy();
  }
}

interface ChildResult {
  code: number | null;
  output: Record<string, unknown>;
  stderr: string;
}

/** Runs store-child.ts once per argument list, all released at the same moment. */
async function inProcesses(url: string, commands: string[][]): Promise<ChildResult[]> {
  const children = commands.map((args) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, url, ...args], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += String(chunk);
        if (stdout.startsWith('ready\n')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`child exited (${code}) before ready:\n${stderr}`)));
    });
    const done = new Promise<ChildResult>((resolve) => {
      child.once('close', (code) => {
        const last = stdout.trim().split('\n').at(-1) ?? '';
        const output = last.startsWith('{') ? (JSON.parse(last) as Record<string, unknown>) : {};
        resolve({ code, output, stderr });
      });
    });
    return { child, ready, done };
  });
  try {
    await Promise.all(children.map((c) => c.ready));
  } catch (error) {
    for (const { child } of children) child.kill();
    throw error;
  }
  for (const { child } of children) child.stdin.end('go\n');
  return Promise.all(children.map((c) => c.done));
}

const POSTGRES = postgresBackend(process.env.JGG_TEST_DATABASE_URL);
const BACKENDS = [sqliteBackend(), POSTGRES];

describe.each(BACKENDS.map((b) => [b.name, b] as const))('TokenStore on %s', (_name, backend) => {
  describe.skipIf(!backend.enabled)('shared store suite', () => {
    let database: FreshDatabase;
    let store: TokenStore;
    const disposables: FreshDatabase[] = [];

    /** Another empty database, removed after the file's tests. */
    async function freshDatabase(): Promise<FreshDatabase> {
      const fresh = await backend.fresh();
      disposables.push(fresh);
      return fresh;
    }

    async function identity(overrides: Partial<NewIdentity> = {}): Promise<IdentityRecord> {
      return store.upsertIdentity(identityInput(overrides), at(0));
    }

    async function liveTokens(identityId: string): Promise<TokenRecord[]> {
      return (await store.listTokens({ identityId }, { first: 1000 }, at(0))).items;
    }

    beforeAll(async () => {
      database = await freshDatabase();
      store = createTokenStore(database.url);
      await store.migrate();
    });

    afterAll(async () => {
      await store?.close();
      for (const fresh of disposables) await fresh.dispose();
    });

    describe('migrations', () => {
      it('are idempotent: again on the same store and from a second store', async () => {
        await store.migrate();
        const second = createTokenStore(database.url);
        try {
          await second.migrate();
        } finally {
          await second.close();
        }
        expect(await recordedMigrations(database.url)).toEqual(MIGRATION_NAMES);
      });

      it('widening the audit targets keeps the rows and indexes made before', async () => {
        const fresh = await freshDatabase();
        const { kind, dialect } = createBackend(fresh.url);
        const db = new Kysely<Database>({ dialect });
        const row = {
          id: `old-${random()}`,
          at: T0,
          actor_id: 'someone',
          action: 'token.revoke',
          target_type: 'token' as const,
          target_id: 'tok-1',
          ip: '192.0.2.3',
          details: '{"n":1}',
        };
        try {
          // On PostgreSQL, Kysely's own tables are looked for in this test's schema only.
          const schema =
            kind === 'postgres'
              ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
              : undefined;
          const migrator = new Migrator({
            db,
            provider: { getMigrations: async () => migrationsFor(kind) },
            migrationTableSchema: schema,
          });
          expect((await migrator.migrateTo('0002_revision')).error).toBeUndefined();
          await db.insertInto('audit_events').values(row).execute();
          // Before the widening, a client target is refused by the CHECK.
          await expect(
            db
              .insertInto('audit_events')
              .values({ ...row, id: `client-${random()}`, target_type: 'client' })
              .execute(),
          ).rejects.toThrow();
        } finally {
          await db.destroy();
        }
        const migrated = createTokenStore(fresh.url);
        try {
          await migrated.migrate();
          const kept = await migrated.listAudit({ targetId: 'tok-1' }, { first: 5 });
          expect(kept.items.map((e) => [e.id, e.action, e.targetType, e.ip, e.details])).toEqual([
            [row.id, 'token.revoke', 'token', '192.0.2.3', { n: 1 }],
          ]);
          await migrated.appendAudit({
            at: at(1),
            actorId: null,
            action: 'signin.failure',
            targetType: 'client',
            targetId: '192.0.2.4',
            ip: '192.0.2.4',
            details: { failures: 1 },
          });
          // Still only the three targets: a typo is refused.
          await expect(
            migrated.appendAudit({
              at: at(1),
              actorId: null,
              action: 'x',
              targetType: 'clinet' as 'client',
              targetId: 'x',
              ip: null,
              details: {},
            }),
          ).rejects.toThrow();
        } finally {
          await migrated.close();
        }
        expect(await auditIndexes(fresh.url)).toEqual([
          'audit_events_actor_idx',
          'audit_events_at_idx',
          'audit_events_target_idx',
        ]);
      });

      it('two migrate() at once on one store both succeed', async () => {
        const fresh = await freshDatabase();
        const one = createTokenStore(fresh.url);
        try {
          await Promise.all([one.migrate(), one.migrate()]);
          expect(await recordedMigrations(fresh.url)).toEqual(MIGRATION_NAMES);
        } finally {
          await one.close();
        }
      });

      it('two processes migrating one empty database at once both succeed, and it is migrated once', async () => {
        const fresh = await freshDatabase();
        const results = await inProcesses(fresh.url, [['migrate'], ['migrate']]);
        for (const result of results) {
          expect(result.stderr).toBe('');
          expect(result).toMatchObject({ code: 0, output: { migrated: true } });
        }
        expect(await recordedMigrations(fresh.url)).toEqual(MIGRATION_NAMES);
        const after = createTokenStore(fresh.url);
        try {
          const someone = await after.upsertIdentity(identityInput(), at(0));
          expect(await after.getIdentity(someone.id)).toEqual(someone);
        } finally {
          await after.close();
        }
      });
    });

    describe('identities', () => {
      it('upsert creates an identity with a random, URL-safe id', async () => {
        const input = identityInput({ flavor: 'datacenter', jiraName: 'alice', email: null });
        const created = await store.upsertIdentity(input, at(1));
        expect(created).toEqual({
          ...input,
          id: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
          credentialInvalidAt: null,
          createdAt: at(1),
          updatedAt: at(1),
        });
        expect(await store.getIdentity(created.id)).toEqual(created);
        expect(await store.getIdentity('no-such-id')).toBeNull();
      });

      it('upsert of a known account updates profile and credential, keeping id and createdAt', async () => {
        const first = await store.upsertIdentity(identityInput({ displayName: 'Old' }), at(1));
        await store.markCredentialInvalid(first.id, at(2));
        const again = await store.upsertIdentity(
          identityInput({
            jiraAccountId: first.jiraAccountId,
            displayName: 'New',
            sealedCredential: 'fresh',
          }),
          at(3),
        );
        expect(again).toMatchObject({
          id: first.id,
          displayName: 'New',
          sealedCredential: 'fresh',
          credentialInvalidAt: null,
          createdAt: at(1),
          updatedAt: at(3),
        });
      });

      it('concurrent upserts of one account make one identity', async () => {
        const input = identityInput();
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.upsertIdentity({ ...input, displayName: `v${i}` }, at(i)),
          ),
        );
        expect(new Set(results.map((r) => r.id)).size).toBe(1);
      });

      it('findIdentity answers by account id and by Data Center username', async () => {
        const dc = await identity({
          flavor: 'datacenter',
          jiraAccountId: `JIRAUSER${random()}`,
          jiraName: `bob-${random()}`,
        });
        expect(await store.findIdentity(dc.jiraAccountId)).toEqual(dc);
        expect(await store.findIdentity(dc.jiraName ?? '')).toEqual(dc);
        expect(await store.findIdentity(`nobody-${random()}`)).toBeNull();
      });

      it('an account id wins over a username equal to it', async () => {
        const key = `key-${random()}`;
        const byKey = await identity({ jiraAccountId: key });
        await identity({ jiraName: key });
        expect((await store.findIdentity(key))?.id).toBe(byKey.id);
      });

      it('markCredentialInvalid keeps the time of the first refusal', async () => {
        const someone = await identity();
        await store.markCredentialInvalid(someone.id, at(5));
        await store.markCredentialInvalid(someone.id, at(9));
        expect((await store.getIdentity(someone.id))?.credentialInvalidAt).toEqual(at(5));
      });

      it('listIdentities pages newest first without duplicates', async () => {
        // Later than every other identity of the suite, so they come first.
        const mine: IdentityRecord[] = [];
        for (let i = 0; i < 5; i++) {
          mine.push(await store.upsertIdentity(identityInput(), new Date(Date.parse('2099-01-01') + i)));
        }
        const first = await store.listIdentities({ first: 2 });
        expect(first.items.map((i) => i.id)).toEqual([mine[4]?.id, mine[3]?.id]);
        const pages = await allPages((after) => store.listIdentities({ first: 2, after }));
        const ids = pages.flat().map((i) => i.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.slice(0, 5)).toEqual(mine.map((i) => i.id).reverse());
      });
    });

    describe('tokens', () => {
      it('insert, getToken and findTokenByHash give back every field', async () => {
        const owner = await identity();
        const input = tokenInput(owner.id, {
          kind: 'session',
          scopes: ['issues:read', 'tokens:write'],
          projects: ['PROJ', 'MOB'],
          allowedIps: ['10.0.0.0/8', '2001:db8::/32'],
          createdAt: new Date(T0 + 123),
          expiresAt: at(60),
          createdById: owner.id,
          rateLimitPerHour: 1234,
        });
        const token = await store.insertToken(input);
        expect(token).toEqual({
          ...input,
          id: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
          budgetId: token.id,
          lastUsedAt: null,
          lastUsedIp: null,
          revokedAt: null,
        });
        expect(await store.getToken(token.id)).toEqual(token);
        expect(await store.findTokenByHash(input.secretHash)).toEqual(token);
        expect(await store.findTokenByHash('0'.repeat(64))).toBeNull();
        expect(await store.getToken('no-such-id')).toBeNull();
      });

      it('a secret hash is unique: a second insert with it is rejected', async () => {
        const owner = await identity();
        const first = await store.insertToken(tokenInput(owner.id));
        await expect(
          store.insertToken(tokenInput(owner.id, { secretHash: first.secretHash })),
        ).rejects.toThrow();
        expect(await liveTokens(owner.id)).toEqual([first]);
      });

      it('listTokens pages newest first: 3 pages, no duplicates, stable while tokens are added', async () => {
        const owner = await identity();
        // Two pairs share a createdAt: the id breaks the tie.
        const minutes = [1, 2, 2, 3, 4, 4, 5];
        const tokens = await Promise.all(
          minutes.map((m) => store.insertToken(tokenInput(owner.id, { createdAt: at(m) }))),
        );
        const expected = [...tokens]
          .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
          .map((t) => t.id);

        const page1 = await store.listTokens({ identityId: owner.id }, { first: 3 }, at(0));
        expect(page1.hasNextPage).toBe(true);
        expect(page1.cursors).toHaveLength(3);
        expect(page1.endCursor).toBe(page1.cursors[2]);
        // A newer token arriving between requests does not shift later pages.
        await store.insertToken(tokenInput(owner.id, { createdAt: at(10) }));
        const page2 = await store.listTokens(
          { identityId: owner.id },
          { first: 3, after: page1.endCursor },
          at(0),
        );
        const page3 = await store.listTokens(
          { identityId: owner.id },
          { first: 3, after: page2.endCursor },
          at(0),
        );
        expect([page1.items.length, page2.items.length, page3.items.length]).toEqual([3, 3, 1]);
        expect([page2.hasNextPage, page3.hasNextPage]).toEqual([true, false]);
        expect([...page1.items, ...page2.items, ...page3.items].map((t) => t.id)).toEqual(expected);

        // Any item's cursor resumes right after it.
        const fromSecond = await store.listTokens(
          { identityId: owner.id },
          { first: 2, after: page1.cursors[1] },
          at(0),
        );
        expect(fromSecond.items.map((t) => t.id)).toEqual(expected.slice(2, 4));
      });

      it('listTokens leaves out revoked and expired tokens unless asked, and filters by kind', async () => {
        const owner = await identity();
        const other = await identity();
        const live = await store.insertToken(tokenInput(owner.id, { createdAt: at(1), expiresAt: at(100) }));
        const session = await store.insertToken(tokenInput(owner.id, { createdAt: at(2), kind: 'session' }));
        const expired = await store.insertToken(
          tokenInput(owner.id, { createdAt: at(3), expiresAt: at(50) }),
        );
        const revoked = await store.insertToken(tokenInput(owner.id, { createdAt: at(4) }));
        await store.revokeToken(revoked.id, at(5));
        await store.insertToken(tokenInput(other.id));

        const ids = async (filter: Parameters<TokenStore['listTokens']>[0]) =>
          (await store.listTokens(filter, { first: 50 }, at(60))).items.map((t) => t.id);
        expect(await ids({ identityId: owner.id })).toEqual([session.id, live.id]);
        expect(await ids({ identityId: owner.id, includeRevoked: true })).toEqual([
          revoked.id,
          session.id,
          live.id,
        ]);
        expect(await ids({ identityId: owner.id, includeExpired: true })).toEqual([
          expired.id,
          session.id,
          live.id,
        ]);
        expect(await ids({ identityId: owner.id, includeExpired: true, includeRevoked: true })).toEqual([
          revoked.id,
          expired.id,
          session.id,
          live.id,
        ]);
        expect(await ids({ identityId: owner.id, kind: 'session' })).toEqual([session.id]);
        // Expiry is exclusive: at its expiresAt a token is expired.
        expect((await store.listTokens({ identityId: owner.id }, { first: 50 }, at(100))).items).toHaveLength(
          1,
        );
        // Without an identity: every identity's tokens.
        const everyone = await ids({ includeRevoked: true, includeExpired: true });
        expect(everyone).toEqual(expect.arrayContaining([live.id, revoked.id]));
      });

      it('rejects a cursor it did not make and a negative page size', async () => {
        await expect(store.listTokens({}, { first: 3, after: 'not-a-cursor' }, at(0))).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
        const forged = Buffer.from('[1,2]').toString('base64url');
        await expect(store.listAudit({}, { first: 3, after: forged })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
        await expect(store.listIdentities({ first: -1 })).rejects.toBeInstanceOf(RangeError);
      });

      it('revokeToken revokes once; then, and for an unknown id, answers null', async () => {
        const owner = await identity();
        const token = await store.insertToken(tokenInput(owner.id));
        expect(await store.revokeToken(token.id, at(7))).toEqual({ ...token, revokedAt: at(7) });
        expect(await store.revokeToken(token.id, at(8))).toBeNull();
        expect((await store.getToken(token.id))?.revokedAt).toEqual(at(7));
        expect(await store.revokeToken('no-such-id', at(8))).toBeNull();
        expect(await liveTokens(owner.id)).toEqual([]);
        // An expired token can still be revoked, so its record says so.
        const expired = await store.insertToken(tokenInput(owner.id, { expiresAt: at(1) }));
        expect(await store.revokeToken(expired.id, at(8))).toEqual({ ...expired, revokedAt: at(8) });
      });

      it('revokeAllTokens revokes the live tokens of one identity and counts them', async () => {
        const owner = await identity();
        const other = await identity();
        await store.insertToken(tokenInput(owner.id));
        await store.insertToken(tokenInput(owner.id, { kind: 'session' }));
        const expired = await store.insertToken(tokenInput(owner.id, { expiresAt: at(-1) }));
        const revoked = await store.insertToken(tokenInput(owner.id));
        await store.revokeToken(revoked.id, at(-5));
        const bystander = await store.insertToken(tokenInput(other.id));

        expect(await store.revokeAllTokens(owner.id, at(0))).toBe(2);
        expect(await liveTokens(owner.id)).toEqual([]);
        expect((await store.getToken(revoked.id))?.revokedAt).toEqual(at(-5));
        expect((await store.getToken(expired.id))?.revokedAt).toBeNull();
        expect(await liveTokens(other.id)).toEqual([bystander]);
        expect(await store.revokeAllTokens(owner.id, at(1))).toBe(0);
      });

      it('addTokenUsage sets the last use and never moves it back', async () => {
        const owner = await identity();
        const token = await store.insertToken(tokenInput(owner.id));
        await store.addTokenUsage([usageDelta(token.id, { lastUsedAt: at(10), lastUsedIp: '192.0.2.7' })], 5);
        expect(await store.getToken(token.id)).toMatchObject({ lastUsedAt: at(10), lastUsedIp: '192.0.2.7' });
        await store.addTokenUsage(
          [usageDelta(token.id, { lastUsedAt: at(9), lastUsedIp: '198.51.100.1' })],
          5,
        );
        expect(await store.getToken(token.id)).toMatchObject({ lastUsedAt: at(10), lastUsedIp: '192.0.2.7' });
        await store.addTokenUsage([usageDelta(token.id, { lastUsedAt: at(11), lastUsedIp: null })], 5);
        expect(await store.getToken(token.id)).toMatchObject({ lastUsedAt: at(11), lastUsedIp: null });
      });

      it('rotateToken revokes the token and inserts its successor', async () => {
        const owner = await identity();
        const old = await store.insertToken(tokenInput(owner.id, { expiresAt: at(100) }));
        const next = await store.rotateToken(
          old.id,
          tokenInput(owner.id, { createdAt: at(5), rotatedFromId: old.id }),
          at(5),
        );
        expect(next).toMatchObject({ rotatedFromId: old.id, createdAt: at(5), revokedAt: null });
        expect((await store.getToken(old.id))?.revokedAt).toEqual(at(5));
        expect((await liveTokens(owner.id)).map((t) => t.id)).toEqual([next?.id]);
        // The old token is no longer live: a second rotation writes nothing.
        expect(await store.rotateToken(old.id, tokenInput(owner.id), at(6))).toBeNull();
        const all = await store.listTokens(
          { identityId: owner.id, includeRevoked: true },
          { first: 10 },
          at(0),
        );
        expect(all.items).toHaveLength(2);
      });

      it("keeps a token's rate limit and budget; a successor spends its predecessor's budget", async () => {
        const owner = await identity();
        const plain = await store.insertToken(tokenInput(owner.id));
        // No limit given: the operator's default (null), and a budget of its own id.
        expect(plain).toMatchObject({ rateLimitPerHour: null, budgetId: plain.id });
        const narrow = await store.insertToken(tokenInput(owner.id, { rateLimitPerHour: 250 }));
        expect(await store.getToken(narrow.id)).toMatchObject({ rateLimitPerHour: 250, budgetId: narrow.id });
        const next = await store.rotateToken(
          narrow.id,
          tokenInput(owner.id, {
            createdAt: at(5),
            rotatedFromId: narrow.id,
            rateLimitPerHour: 250,
            budgetId: narrow.budgetId,
          }),
          at(5),
        );
        expect(next).toMatchObject({ rateLimitPerHour: 250, budgetId: narrow.id });
        expect(next?.id).not.toBe(narrow.id);
        expect(await store.findTokenByHash(next?.secretHash ?? '')).toMatchObject({ budgetId: narrow.id });
      });

      it('rotateToken answers null for expired and unknown tokens, inserting nothing', async () => {
        const owner = await identity();
        const expired = await store.insertToken(tokenInput(owner.id, { expiresAt: at(10) }));
        expect(await store.rotateToken(expired.id, tokenInput(owner.id), at(10))).toBeNull();
        expect(await store.rotateToken('no-such-id', tokenInput(owner.id), at(10))).toBeNull();
        expect(await store.getToken(expired.id)).toEqual(expired);
        const all = await store.listTokens(
          { identityId: owner.id, includeRevoked: true, includeExpired: true },
          { first: 10 },
          at(0),
        );
        expect(all.items).toEqual([expired]);
      });

      it('a rotation whose successor cannot be inserted rolls back: the old token stays live', async () => {
        const owner = await identity();
        const taken = await store.insertToken(tokenInput(owner.id));
        const old = await store.insertToken(tokenInput(owner.id));
        await expect(
          store.rotateToken(old.id, tokenInput(owner.id, { secretHash: taken.secretHash }), at(1)),
        ).rejects.toThrow();
        expect((await store.getToken(old.id))?.revokedAt).toBeNull();
      });
    });

    describe('usage', () => {
      it('adds counters batch after batch; a token never used has none', async () => {
        const owner = await identity();
        const [used, unused] = [
          await store.insertToken(tokenInput(owner.id)),
          await store.insertToken(tokenInput(owner.id)),
        ];
        await store.addTokenUsage([usageDelta(used.id, { requests: 3, points: 12, errors: 1 })], 5);
        await store.addTokenUsage([usageDelta(used.id, { requests: 2, points: 5, errors: 0 })], 5);
        const usage = await store.getTokenUsage([used.id, unused.id]);
        expect(usage.get(used.id)).toEqual({
          requests: 5,
          points: 17,
          errors: 1,
          recentIps: [{ ip: '192.0.2.1', lastSeenAt: at(1) }],
        });
        expect(usage.has(unused.id)).toBe(false);
        expect((await store.getTokenUsage([])).size).toBe(0);
      });

      it('two processes adding batches at once (two gateways flushing) sum up exactly', async () => {
        const owner = await identity();
        const tokens = [
          await store.insertToken(tokenInput(owner.id)),
          await store.insertToken(tokenInput(owner.id)),
          await store.insertToken(tokenInput(owner.id)),
        ];
        // Two OS processes, ten batches each, every batch naming all three tokens (in turn in
        // opposite orders): what two gateways flushing into one store do.
        const ids = tokens.map((t) => t.id).join(',');
        const results = await inProcesses(database.url, [
          ['usage', ids, '0'],
          ['usage', ids, '1'],
        ]);
        for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0, output: { batches: 10 } });
        const usage = await store.getTokenUsage(tokens.map((t) => t.id));
        for (const t of tokens) {
          expect(usage.get(t.id)).toMatchObject({ requests: 40, points: 140, errors: 20 });
          expect(usage.get(t.id)?.recentIps.map((s) => s.ip)).toEqual([
            '192.0.2.19',
            '192.0.2.18',
            '192.0.2.17',
            '192.0.2.16',
            '192.0.2.15',
          ]);
          expect(await store.getToken(t.id)).toMatchObject({ lastUsedAt: at(19) });
        }
      });

      it('keeps the newest N addresses of each token, a sighting only moving forward', async () => {
        const owner = await identity();
        const token = await store.insertToken(tokenInput(owner.id));
        const other = await store.insertToken(tokenInput(owner.id));
        const seen = (ip: string, minute: number) => ({ ip, lastSeenAt: at(minute) });
        await store.addTokenUsage(
          [
            usageDelta(token.id, { ips: [seen('192.0.2.1', 1), seen('192.0.2.2', 2), seen('192.0.2.3', 3)] }),
            usageDelta(other.id, { ips: [seen('198.51.100.9', 1)] }),
          ],
          3,
        );
        // An older sighting of a known address does not move it back; a newer one moves it up.
        await store.addTokenUsage(
          [
            usageDelta(token.id, {
              ips: [seen('192.0.2.3', 0), seen('192.0.2.1', 5), seen('2001:db8::1', 4)],
            }),
          ],
          3,
        );
        const usage = await store.getTokenUsage([token.id, other.id]);
        expect(usage.get(token.id)?.recentIps).toEqual([
          seen('192.0.2.1', 5),
          seen('2001:db8::1', 4),
          seen('192.0.2.3', 3),
        ]);
        // Another token's addresses are its own, untouched by this one's pruning.
        expect(usage.get(other.id)?.recentIps).toEqual([seen('198.51.100.9', 1)]);
      });

      it('skips a token that does not exist and writes the rest of the batch', async () => {
        const owner = await identity();
        const token = await store.insertToken(tokenInput(owner.id));
        await store.addTokenUsage([usageDelta(`gone-${random()}`), usageDelta(token.id, { requests: 4 })], 5);
        expect((await store.getTokenUsage([token.id])).get(token.id)?.requests).toBe(4);
      });
    });

    describe('audit', () => {
      it('appendAudit keeps every field, details included', async () => {
        const details = { scopes: ['issues:read'], nested: { count: 2, ok: true, none: null } };
        const event = await store.appendAudit({
          at: at(1),
          actorId: `actor-${random()}`,
          action: 'token.create',
          targetType: 'token',
          targetId: `target-${random()}`,
          ip: '203.0.113.9',
          details,
        });
        expect(event).toMatchObject({
          id: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
          at: at(1),
          details,
        });
        const listed = await store.listAudit({ targetId: event.targetId }, { first: 5 });
        expect(listed.items).toEqual([event]);
      });

      it("keeps a failed sign-in's row, about a client address", async () => {
        const event = await store.appendAudit({
          at: at(2),
          actorId: null,
          action: 'signin.failure',
          targetType: 'client',
          targetId: `198.51.100.${random().length}`,
          ip: '198.51.100.16',
          details: { failures: 3, windowSeconds: 60 },
        });
        expect((await store.listAudit({ action: 'signin.failure' }, { first: 5 })).items).toContainEqual(
          event,
        );
      });

      it('listAudit filters by actor, target and action, newest first, in pages', async () => {
        const actor = `actor-${random()}`;
        const target = `target-${random()}`;
        const events = [];
        for (let i = 0; i < 7; i++) {
          events.push(
            await store.appendAudit({
              at: at(i % 2 === 0 ? i : i - 1),
              actorId: actor,
              action: i === 3 ? 'token.revoke' : 'token.create',
              targetType: 'token',
              targetId: i < 4 ? target : `other-${random()}`,
              ip: null,
              details: { i },
            }),
          );
        }
        const newestFirst = [...events]
          .sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : -1))
          .map((e) => e.id);
        const pages = await allPages((after) => store.listAudit({ actorId: actor }, { first: 3, after }));
        expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
        expect(pages.flat().map((e) => e.id)).toEqual(newestFirst);

        const byTarget = await store.listAudit({ targetId: target }, { first: 10 });
        expect(byTarget.items.map((e) => e.details.i).sort()).toEqual([0, 1, 2, 3]);
        const byAction = await store.listAudit({ actorId: actor, action: 'token.revoke' }, { first: 10 });
        expect(byAction.items.map((e) => e.details.i)).toEqual([3]);
        expect((await store.listAudit({ actorId: `nobody-${random()}` }, { first: 10 })).items).toEqual([]);
      });
    });

    describe('concurrency', () => {
      it('20 concurrent rotations of one token: exactly one succeeds, one live successor', async () => {
        const owner = await identity();
        const old = await store.insertToken(tokenInput(owner.id));
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.rotateToken(
              old.id,
              tokenInput(owner.id, { createdAt: at(1), rotatedFromId: old.id }),
              at(1 + i / 100),
            ),
          ),
        );
        const winners = results.filter((r) => r !== null);
        expect(winners).toHaveLength(1);
        expect((await liveTokens(owner.id)).map((t) => t.id)).toEqual([winners[0]?.id]);
        const all = await store.listTokens(
          { identityId: owner.id, includeRevoked: true },
          { first: 50 },
          at(0),
        );
        expect(all.items).toHaveLength(2);
      });

      it('concurrent revoke and rotate never leave two live tokens in the chain', async () => {
        for (let round = 0; round < 10; round++) {
          const owner = await identity();
          const old = await store.insertToken(tokenInput(owner.id));
          const rotation = store.rotateToken(old.id, tokenInput(owner.id, { rotatedFromId: old.id }), at(1));
          const revocation = store.revokeToken(old.id, at(1));
          const [rotated, revoked] = await Promise.all([rotation, revocation]);
          // Exactly one of them got the live token.
          expect([rotated, revoked].filter((r) => r !== null)).toHaveLength(1);
          const live = await liveTokens(owner.id);
          expect(live.map((t) => t.id)).toEqual(rotated ? [rotated.id] : []);
        }
      });

      it('50 concurrent inserts all persist', async () => {
        const owner = await identity();
        const inserted = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            store.insertToken(tokenInput(owner.id, { createdAt: at(i % 5) })),
          ),
        );
        const listed = await liveTokens(owner.id);
        expect(listed).toHaveLength(50);
        expect(new Set(listed.map((t) => t.id))).toEqual(new Set(inserted.map((t) => t.id)));
      });

      it('rotations of one token from 4 processes at once: exactly one succeeds', async () => {
        const owner = await identity();
        const old = await store.insertToken(tokenInput(owner.id));
        const results = await inProcesses(
          database.url,
          Array.from({ length: 4 }, () => ['rotate', old.id]),
        );
        for (const result of results) expect(result).toMatchObject({ code: 0, stderr: '' });
        const winners = results.map((r) => r.output.rotatedTo).filter((id) => id !== null);
        expect(winners).toHaveLength(1);
        expect(
          (await store.listTokens({ identityId: owner.id }, { first: 10 }, new Date())).items.map(
            (t) => t.id,
          ),
        ).toEqual(winners);
      });
    });

    describe('revision', () => {
      /** How much the store's revision grew while `work` ran. */
      async function bumps(work: () => Promise<unknown>): Promise<number> {
        const before = await store.readRevision();
        await work();
        return (await store.readRevision()) - before;
      }

      it('grows with each revoke, revoke all, rotate, relink and refused credential', async () => {
        const owner = await identity();
        const first = await store.insertToken(tokenInput(owner.id));
        expect(await bumps(() => store.revokeToken(first.id, at(1)))).toBe(1);
        const second = await store.insertToken(tokenInput(owner.id));
        expect(await bumps(() => store.rotateToken(second.id, tokenInput(owner.id), at(2)))).toBe(1);
        await store.insertToken(tokenInput(owner.id));
        expect(await bumps(() => store.revokeAllTokens(owner.id, at(3)))).toBe(1);
        expect(
          await bumps(() =>
            store.upsertIdentity(identityInput({ jiraAccountId: owner.jiraAccountId }), at(4)),
          ),
        ).toBe(1);
        expect(await bumps(() => store.markCredentialInvalid(owner.id, at(5)))).toBe(1);
      });

      it('stays put for writes no cache depends on, and for changes that change nothing', async () => {
        const owner = await identity();
        const revoked = await store.insertToken(tokenInput(owner.id));
        await store.revokeToken(revoked.id, at(1));
        await store.markCredentialInvalid(owner.id, at(1));
        expect(
          await bumps(async () => {
            const live = await store.insertToken(tokenInput(owner.id));
            await store.addTokenUsage([usageDelta(live.id, { lastUsedAt: at(2) })], 5);
            await store.revokeToken(revoked.id, at(2));
            await store.revokeToken('no-such-id', at(2));
            await store.rotateToken(revoked.id, tokenInput(owner.id), at(2));
            await store.revokeAllTokens(`nobody-${random()}`, at(2));
            await store.markCredentialInvalid(owner.id, at(3));
            await store.appendAudit({
              at: at(2),
              actorId: null,
              action: 'token.create',
              targetType: 'token',
              targetId: live.id,
              ip: null,
              details: {},
            });
          }),
        ).toBe(0);
      });

      it('a change that rolls back does not bump it', async () => {
        const owner = await identity();
        const old = await store.insertToken(tokenInput(owner.id));
        const taken = await store.insertToken(tokenInput(owner.id));
        // The successor's secret hash is taken: the rotation fails and rolls back.
        const clash = tokenInput(owner.id, { secretHash: taken.secretHash });
        expect(await bumps(() => store.rotateToken(old.id, clash, at(1)).catch(() => null))).toBe(0);
      });

      it('concurrent changes each count: 20 revokes at once bump it by 20', async () => {
        const owner = await identity();
        const tokens = await Promise.all(
          Array.from({ length: 20 }, () => store.insertToken(tokenInput(owner.id))),
        );
        expect(await bumps(() => Promise.all(tokens.map((t) => store.revokeToken(t.id, at(1)))))).toBe(20);
      });

      it('is seen by another store on the same database', async () => {
        const other = createTokenStore(database.url);
        try {
          const owner = await identity();
          const token = await store.insertToken(tokenInput(owner.id));
          const before = await other.readRevision();
          await store.revokeToken(token.id, at(1));
          expect(await other.readRevision()).toBe(before + 1);
        } finally {
          await other.close();
        }
      });

      it('markCredentialInvalid with the failed credential leaves a relinked identity alone', async () => {
        const stale = await identity();
        const relinked = await store.upsertIdentity(
          identityInput({ jiraAccountId: stale.jiraAccountId, sealedCredential: `sealed-${random()}` }),
          at(1),
        );
        await store.markCredentialInvalid(stale.id, at(2), stale.sealedCredential);
        expect((await store.getIdentity(stale.id))?.credentialInvalidAt).toBeNull();
        await store.markCredentialInvalid(stale.id, at(3), relinked.sealedCredential);
        expect((await store.getIdentity(stale.id))?.credentialInvalidAt).toEqual(at(3));
      });
    });

    it('ping answers true while open and false once closed', async () => {
      const other = createTokenStore(database.url);
      expect(await other.ping()).toBe(true);
      await other.close();
      expect(await other.ping()).toBe(false);
    });
  });
});

describe.skipIf(!POSTGRES.enabled)(
  `PostgreSQL schemas${POSTGRES.enabled ? '' : ' (set JGG_TEST_DATABASE_URL to run)'}`,
  () => {
    const databases: FreshDatabase[] = [];
    afterAll(async () => {
      for (const database of databases) await database.dispose();
    });

    it("Kysely's tables in another schema are not taken for this schema's", async () => {
      for (let i = 0; i < 2; i++) {
        const database = await POSTGRES.fresh();
        databases.push(database);
        const store = createTokenStore(database.url);
        try {
          await store.migrate();
        } finally {
          await store.close();
        }
        expect(await recordedMigrations(database.url)).toEqual(MIGRATION_NAMES);
      }
    });
  },
);

describe('SQLite file', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jgg-sqlite-file-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is created with mode 0600 in a new folder, in WAL mode', async () => {
    const path = join(dir, 'new', 'folder', 'jgg.db');
    const store = createTokenStore(`sqlite:${path}`);
    try {
      await store.migrate();
      await store.upsertIdentity(identityInput(), at(0));
      expect(statSync(path).mode & 0o777).toBe(0o600);
      // SQLite gives the write-ahead log the database file's mode.
      expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
      const reader = new SqliteDatabase(path, { readonly: true });
      try {
        expect(reader.pragma('journal_mode', { simple: true })).toBe('wal');
      } finally {
        reader.close();
      }
    } finally {
      await store.close();
    }
  });

  it('an existing file readable by others is narrowed to 0600', async () => {
    const path = join(dir, 'loose.db');
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    const store = createTokenStore(`sqlite:${path}`);
    await store.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('sqlite::memory: works, for tests of other modules', async () => {
    const store = createTokenStore('sqlite::memory:');
    try {
      await store.migrate();
      const someone = await store.upsertIdentity(identityInput(), at(0));
      expect(await store.findIdentity(someone.jiraAccountId)).toEqual(someone);
    } finally {
      await store.close();
    }
  });

  it('an unknown URL scheme is refused', () => {
    expect(() => createTokenStore('mysql://localhost/jgg')).toThrow(/sqlite:.*postgres:\/\//);
  });
});
