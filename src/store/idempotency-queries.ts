// The TokenStore's idempotency-key methods (see writes/idempotency.ts for the
// rules they serve). A claim is one conditional upsert on the primary key
// (scope, key): insert, or replace a row that has expired, else touch nothing.
// Of two processes racing, the database's unique index decides: on PostgreSQL
// the second waits for the first's row and re-checks the condition; on SQLite
// writers take the single write lock in turn. State changes are conditional on
// 'pending', so a late or repeated call never overwrites a settled record.
import type { Kysely } from 'kysely';
import { idempotencyFromRow, toMillis } from './rows.ts';
import type { TokenStore } from './store.ts';
import type { Database } from './tables.ts';

export type IdempotencyQueries = Pick<
  TokenStore,
  | 'claimIdempotencyKey'
  | 'getIdempotencyKey'
  | 'completeIdempotencyKey'
  | 'markIdempotencyUnknown'
  | 'releaseIdempotencyKey'
  | 'pruneIdempotencyKeys'
>;

/**
 * How often a claim tries again when the live record it lost to vanished
 * before it could be read (released or pruned in between). Each retry needs
 * another process to delete the row at that very moment, so a few suffice.
 */
const CLAIM_ATTEMPTS = 5;

export function idempotencyQueries(db: Kysely<Database>): IdempotencyQueries {
  const selectRecord = (scope: string, key: string) =>
    db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();

  return {
    async claimIdempotencyKey(claim) {
      const atMs = toMillis(claim.createdAt);
      const row = {
        scope: claim.scope,
        key: claim.key,
        operation: claim.operation,
        request_hash: claim.requestHash,
        state: 'pending' as const,
        result: null,
        created_at: atMs,
        expires_at: toMillis(claim.expiresAt),
      };
      for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
        const won = await db
          .insertInto('idempotency_keys')
          .values(row)
          .onConflict((oc) =>
            oc
              .columns(['scope', 'key'])
              .doUpdateSet((eb) => ({
                operation: eb.ref('excluded.operation'),
                request_hash: eb.ref('excluded.request_hash'),
                state: eb.ref('excluded.state'),
                result: eb.ref('excluded.result'),
                created_at: eb.ref('excluded.created_at'),
                expires_at: eb.ref('excluded.expires_at'),
              }))
              // Only an expired record gives way; a live one is the answer.
              .where('idempotency_keys.expires_at', '<=', atMs),
          )
          .returning('scope')
          .executeTakeFirst();
        if (won) return { claimed: true };
        const existing = await selectRecord(claim.scope, claim.key);
        if (existing && existing.expires_at > atMs)
          return { claimed: false, record: idempotencyFromRow(existing) };
        // Released or pruned between the two statements: claim again.
      }
      throw new Error('token store: an idempotency key kept changing while it was claimed');
    },

    async getIdempotencyKey(scope, key) {
      const row = await selectRecord(scope, key);
      return row ? idempotencyFromRow(row) : null;
    },

    async completeIdempotencyKey(scope, key, result) {
      await db
        .updateTable('idempotency_keys')
        .set({ state: 'done', result })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('state', '=', 'pending')
        .execute();
    },

    async markIdempotencyUnknown(scope, key) {
      await db
        .updateTable('idempotency_keys')
        .set({ state: 'unknown' })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('state', '=', 'pending')
        .execute();
    },

    async releaseIdempotencyKey(scope, key) {
      await db
        .deleteFrom('idempotency_keys')
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('state', '=', 'pending')
        .execute();
    },

    async pruneIdempotencyKeys(at) {
      const result = await db
        .deleteFrom('idempotency_keys')
        .where('expires_at', '<=', toMillis(at))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
