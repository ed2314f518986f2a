// The TokenStore's idempotency keys, on SQLite always and PostgreSQL when
// JGG_TEST_DATABASE_URL names a server. Claim races are run for real: many
// concurrent claims split over two store instances opened on one database
// (what two gateway processes do), and separate OS processes.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../src/store/dialects.ts';
import { createTokenStore } from '../../src/store/kysely-store.ts';
import type { IdempotencyClaim, TokenStore } from '../../src/store/store.ts';
import type { Database } from '../../src/store/tables.ts';
import { type FreshDatabase, postgresBackend, sqliteBackend } from './databases.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const STORE_MODULE = new URL('../../src/store/kysely-store.ts', import.meta.url).href;
const T0 = Date.parse('2030-01-01T00:00:00.000Z');
/** T0 plus some minutes. */
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const random = () => randomBytes(8).toString('hex');
const DAY_MINUTES = 24 * 60;

function claimInput(overrides: Partial<IdempotencyClaim> = {}): IdempotencyClaim {
  return {
    scope: `identity-${random()}`,
    key: `key-${random()}`,
    operation: 'createIssue',
    requestHash: randomBytes(32).toString('hex'),
    createdAt: at(0),
    expiresAt: at(DAY_MINUTES),
    ...overrides,
  };
}

/** The names of idempotency_keys' secondary indexes. */
async function idempotencyIndexes(url: string): Promise<string[]> {
  const { kind, dialect } = createBackend(url);
  const db = new Kysely<Database>({ dialect });
  try {
    const query =
      kind === 'sqlite'
        ? sql<{
            name: string;
          }>`select name from sqlite_master where type = 'index' and tbl_name = 'idempotency_keys' and name like '%_idx'`
        : sql<{
            name: string;
          }>`select indexname as name from pg_indexes where tablename = 'idempotency_keys' and schemaname = current_schema() and indexname like '%_idx'`;
    const { rows } = await query.execute(db);
    return rows.map((r) => r.name).sort();
  } finally {
    await db.destroy();
  }
}

// One claim in a separate OS process: the store module is imported by URL so
// the script needs no file of its own; it waits for "go" on stdin so that
// every process claims at the same moment.
const CHILD_SCRIPT = `
const [storeModule, url, claimJson] = process.argv.slice(1);
const { createTokenStore } = await import(storeModule);
const store = createTokenStore(url);
const claim = JSON.parse(claimJson);
process.stdout.write('ready\\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
try {
  const result = await store.claimIdempotencyKey({
    ...claim, createdAt: new Date(claim.createdAt), expiresAt: new Date(claim.expiresAt),
  });
  process.stdout.write(JSON.stringify({ claimed: result.claimed }) + '\\n');
} finally {
  await store.close();
}
`;

/** Runs one claim per process, all released together; answers each process's `claimed`. */
async function claimInProcesses(url: string, claims: IdempotencyClaim[]): Promise<boolean[]> {
  const children = claims.map((claim) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        CHILD_SCRIPT,
        STORE_MODULE,
        url,
        JSON.stringify(claim),
      ],
      { cwd: REPO, stdio: 'pipe' },
    );
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
    const done = new Promise<boolean>((resolve, reject) => {
      child.once('close', (code) => {
        const last = stdout.trim().split('\n').at(-1) ?? '';
        if (code !== 0 || !last.startsWith('{')) reject(new Error(`child failed (${code}):\n${stderr}`));
        else resolve((JSON.parse(last) as { claimed: boolean }).claimed);
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

const BACKENDS = [sqliteBackend(), postgresBackend(process.env.JGG_TEST_DATABASE_URL)];

describe.each(BACKENDS.map((b) => [b.name, b] as const))(
  'idempotency keys in the store on %s',
  (_name, backend) => {
    describe.skipIf(!backend.enabled)('store', () => {
      let database: FreshDatabase;
      let store: TokenStore;
      /** A second store on the same database: what another process holds. */
      let other: TokenStore;

      beforeAll(async () => {
        database = await backend.fresh();
        store = createTokenStore(database.url);
        await store.migrate();
        other = createTokenStore(database.url);
      });

      afterAll(async () => {
        await other?.close();
        await store?.close();
        await database?.dispose();
      });

      it('migration 0004 makes the table with its expiry index', async () => {
        expect(await idempotencyIndexes(database.url)).toEqual(['idempotency_keys_expires_at_idx']);
      });

      it('claims a new key once; a second claim answers the live pending record as stored', async () => {
        const claim = claimInput();
        expect(await store.claimIdempotencyKey(claim)).toEqual({ claimed: true });
        const again = await other.claimIdempotencyKey({ ...claim, requestHash: 'other', createdAt: at(1) });
        expect(again).toEqual({ claimed: false, record: { ...claim, state: 'pending', result: null } });
        expect(await store.getIdempotencyKey(claim.scope, claim.key)).toEqual({
          ...claim,
          state: 'pending',
          result: null,
        });
      });

      it('keys are per scope: the same key of another identity is its own', async () => {
        const claim = claimInput();
        expect(await store.claimIdempotencyKey(claim)).toEqual({ claimed: true });
        expect(await store.claimIdempotencyKey({ ...claim, scope: `${claim.scope}x` })).toEqual({
          claimed: true,
        });
        expect(await store.getIdempotencyKey(`${claim.scope}x`, claim.key)).toMatchObject({
          state: 'pending',
        });
        expect(await store.getIdempotencyKey('nobody', claim.key)).toBeNull();
      });

      it('keys are case-sensitive', async () => {
        const claim = claimInput({ key: 'Order-1' });
        expect(await store.claimIdempotencyKey(claim)).toEqual({ claimed: true });
        expect(await store.claimIdempotencyKey({ ...claim, key: 'order-1' })).toEqual({ claimed: true });
      });

      it('complete: pending -> done with the result, once; a later complete changes nothing', async () => {
        const claim = claimInput();
        await store.claimIdempotencyKey(claim);
        await other.completeIdempotencyKey(claim.scope, claim.key, '{"key":"A-1"}');
        await store.completeIdempotencyKey(claim.scope, claim.key, '{"key":"A-2"}');
        await store.markIdempotencyUnknown(claim.scope, claim.key);
        await store.releaseIdempotencyKey(claim.scope, claim.key);
        expect(await store.getIdempotencyKey(claim.scope, claim.key)).toMatchObject({
          state: 'done',
          result: '{"key":"A-1"}',
        });
      });

      it('unknown: pending -> unknown, which neither release nor complete undoes', async () => {
        const claim = claimInput();
        await store.claimIdempotencyKey(claim);
        await store.markIdempotencyUnknown(claim.scope, claim.key);
        await other.releaseIdempotencyKey(claim.scope, claim.key);
        await other.completeIdempotencyKey(claim.scope, claim.key, '{}');
        expect(await store.getIdempotencyKey(claim.scope, claim.key)).toMatchObject({
          state: 'unknown',
          result: null,
        });
        const retry = await store.claimIdempotencyKey({ ...claim, createdAt: at(5) });
        expect(retry).toMatchObject({ claimed: false, record: { state: 'unknown' } });
      });

      it('release deletes a pending claim, so the key can be claimed again', async () => {
        const claim = claimInput();
        await store.claimIdempotencyKey(claim);
        await other.releaseIdempotencyKey(claim.scope, claim.key);
        expect(await store.getIdempotencyKey(claim.scope, claim.key)).toBeNull();
        const corrected = {
          ...claim,
          requestHash: 'corrected',
          createdAt: at(1),
          expiresAt: at(1 + DAY_MINUTES),
        };
        expect(await store.claimIdempotencyKey(corrected)).toEqual({ claimed: true });
        expect(await store.getIdempotencyKey(claim.scope, claim.key)).toMatchObject({
          requestHash: 'corrected',
        });
      });

      it('an expired record (expiresAt <= claim time) is replaced by a fresh pending claim; a live one is not', async () => {
        const first = claimInput({ createdAt: at(0), expiresAt: at(10) });
        await store.claimIdempotencyKey(first);
        await store.completeIdempotencyKey(first.scope, first.key, '"first"');
        const oneMsEarly = new Date(at(10).getTime() - 1);
        expect(
          await store.claimIdempotencyKey({ ...first, requestHash: 'new', createdAt: oneMsEarly }),
        ).toMatchObject({
          claimed: false,
          record: { state: 'done', result: '"first"' },
        });
        const fresh = {
          ...first,
          operation: 'addComment',
          requestHash: 'new',
          createdAt: at(10),
          expiresAt: at(20),
        };
        expect(await other.claimIdempotencyKey(fresh)).toEqual({ claimed: true });
        expect(await store.getIdempotencyKey(first.scope, first.key)).toEqual({
          ...fresh,
          state: 'pending',
          result: null,
        });
      });

      it('prune deletes the records expired at the time given and answers how many', async () => {
        const scope = `prune-${random()}`;
        const early = claimInput({ scope, createdAt: at(-100), expiresAt: at(-50) });
        const edge = claimInput({ scope, createdAt: at(-100), expiresAt: at(-40) });
        const live = claimInput({ scope, createdAt: at(-100), expiresAt: at(-39) });
        for (const claim of [early, edge, live]) await store.claimIdempotencyKey(claim);
        await store.completeIdempotencyKey(scope, early.key, '1');
        // Other tests' records expire later than at(-40): only these two go.
        expect(await other.pruneIdempotencyKeys(at(-40))).toBe(2);
        expect(await store.getIdempotencyKey(scope, early.key)).toBeNull();
        expect(await store.getIdempotencyKey(scope, edge.key)).toBeNull();
        expect(await store.getIdempotencyKey(scope, live.key)).toMatchObject({ state: 'pending' });
        expect(await store.pruneIdempotencyKeys(at(-40))).toBe(0);
      });

      it('of many concurrent claims over two store instances exactly one wins; the rest see its record', async () => {
        const base = claimInput();
        const claims = Array.from({ length: 40 }, (_, i) => ({ ...base, requestHash: `hash-${i}` }));
        const results = await Promise.all(
          claims.map((claim, i) => (i % 2 === 0 ? store : other).claimIdempotencyKey(claim)),
        );
        const winners = results.flatMap((r, i) => (r.claimed ? [i] : []));
        expect(winners).toHaveLength(1);
        const winnerHash = `hash-${winners[0]}`;
        for (const result of results) {
          if (!result.claimed) expect(result.record.requestHash).toBe(winnerHash);
        }
        expect(await store.getIdempotencyKey(base.scope, base.key)).toMatchObject({
          requestHash: winnerHash,
        });
      });

      it('of many concurrent claims replacing one expired record exactly one wins', async () => {
        const old = claimInput({ createdAt: at(0), expiresAt: at(1) });
        await store.claimIdempotencyKey(old);
        await store.completeIdempotencyKey(old.scope, old.key, '"old"');
        const claims = Array.from({ length: 30 }, (_, i) => ({
          ...old,
          requestHash: `retry-${i}`,
          createdAt: at(2),
          expiresAt: at(2 + DAY_MINUTES),
        }));
        const results = await Promise.all(
          claims.map((claim, i) => (i % 2 === 0 ? other : store).claimIdempotencyKey(claim)),
        );
        expect(results.filter((r) => r.claimed)).toHaveLength(1);
        const record = await store.getIdempotencyKey(old.scope, old.key);
        expect(record).toMatchObject({ state: 'pending', result: null });
        for (const result of results) {
          if (!result.claimed) expect(result.record).toEqual(record);
        }
      });

      it('of four OS processes claiming one key at once exactly one wins', async () => {
        const base = claimInput();
        const claimed = await claimInProcesses(
          database.url,
          [0, 1, 2, 3].map((i) => ({ ...base, requestHash: `process-${i}` })),
        );
        expect(claimed.filter(Boolean)).toHaveLength(1);
        const winner = claimed.indexOf(true);
        expect(await store.getIdempotencyKey(base.scope, base.key)).toMatchObject({
          requestHash: `process-${winner}`,
          state: 'pending',
        });
      }, 30_000);
    });
  },
);
