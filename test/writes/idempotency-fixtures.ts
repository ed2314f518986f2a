// Shared by the idempotency tests: a stand-in for the Jira write that counts
// its calls, a codec that marks replays, the two kinds of write failure, and
// two store instances on one fresh database (two processes sharing a store).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { gatewayError, PublicError } from '../../src/errors.ts';
import { createTokenStore } from '../../src/store/kysely-store.ts';
import type { TokenStore } from '../../src/store/store.ts';
import type { IdempotentRequest, ResultCodec } from '../../src/writes/idempotency.ts';
import { type FreshDatabase, postgresBackend, sqliteBackend, type TestBackend } from '../store/databases.ts';

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

export const BACKENDS = [sqliteBackend(), postgresBackend(process.env.JGG_TEST_DATABASE_URL)];

/** What the write made; `replayed` is set by decode, so a test tells a replay from a write. */
export interface Made {
  key: string;
  replayed: boolean;
}

export const codec: ResultCodec<Made> = {
  encode: (made) => ({ key: made.key }),
  decode: (json) => ({ key: (json as { key: string }).key, replayed: true }),
};

/** A stand-in for the Jira write: counts its calls; `hold` keeps each call open until released. */
export function jiraWrite(options: { fail?: unknown; hold?: Promise<void> } = {}) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    work: async (): Promise<Made> => {
      calls += 1;
      const n = calls;
      if (options.hold) await options.hold;
      if (options.fail !== undefined) throw options.fail;
      return { key: `OPS-${n}`, replayed: false };
    },
  };
}

/** A promise the test resolves when it chooses. */
export function held() {
  let release: () => void = () => {};
  const hold = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { hold, release };
}

/** As the lead's mapping does: Jira's outcome is unknown when the error says so. */
export const outcomeUnknown = (error: unknown) =>
  error instanceof PublicError && error.extensions.outcome === 'unknown';
export const refused = () => gatewayError('BAD_USER_INPUT', 'Jira refused: summary is required.');
export const noAnswer = () =>
  gatewayError('UPSTREAM_UNAVAILABLE', 'Jira did not answer.', { outcome: 'unknown' });

/** The PublicError a promise rejects with. */
export async function rejection(promise: Promise<unknown>): Promise<PublicError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof PublicError)) throw error;
  return error;
}

/** A request of a fresh identity with a fresh key. */
export function request(overrides: Partial<IdempotentRequest> = {}): IdempotentRequest {
  const random = () => randomBytes(6).toString('hex');
  return {
    scope: `identity-${random()}`,
    key: `key-${random()}`,
    operation: 'createIssue',
    input: { projectKey: 'OPS', summary: 'Disk full', labels: ['ops'] },
    ...overrides,
  };
}

export interface SharedStores {
  store: TokenStore;
  /** The same database through another store instance: another process. */
  other: TokenStore;
}

/** Two migrated store instances on one fresh database for the enclosing describe. */
export function useSharedStores(backend: TestBackend): () => SharedStores {
  let database: FreshDatabase | undefined;
  let stores: SharedStores | undefined;
  beforeAll(async () => {
    database = await backend.fresh();
    const store = createTokenStore(database.url);
    await store.migrate();
    stores = { store, other: createTokenStore(database.url) };
  });
  afterAll(async () => {
    await stores?.other.close();
    await stores?.store.close();
    await database?.dispose();
  });
  return () => {
    if (!stores) throw new Error('useSharedStores: not set up yet');
    return stores;
  };
}
