// The TokenStore's usage methods (see tokens/usage-recorder.ts for who calls
// them). Every write adds to what is there, in SQL, so two gateways flushing
// their batches into one store sum up instead of overwriting each other.
// Tokens are taken in id order and each token's tokens row is written first:
// that row lock orders two processes' batches (PostgreSQL), so they never
// deadlock; on SQLite the write lock serialises them anyway.
import { type Kysely, sql } from 'kysely';
import { toMillis } from './rows.ts';
import type { TokenStore, TokenUsage } from './store.ts';
import type { Database } from './tables.ts';

export type UsageQueries = Pick<TokenStore, 'addTokenUsage' | 'getTokenUsage'>;

export function usageQueries(db: Kysely<Database>): UsageQueries {
  return {
    async addTokenUsage(batch, keepIps) {
      if (batch.length === 0) return;
      const sorted = [...batch].sort((a, b) => (a.tokenId < b.tokenId ? -1 : a.tokenId > b.tokenId ? 1 : 0));
      await db.transaction().execute(async (trx) => {
        for (const delta of sorted) {
          const lastMs = toMillis(delta.lastUsedAt);
          // Last use only moves forward (batches of two processes land in any
          // order); the statement answers whether the token still exists.
          const later = sql<boolean>`last_used_at is null or last_used_at < ${lastMs}`;
          const token = await trx
            .updateTable('tokens')
            .set({
              last_used_at: sql<number>`case when ${later} then ${lastMs} else last_used_at end`,
              last_used_ip: sql<
                string | null
              >`case when ${later} then ${delta.lastUsedIp} else last_used_ip end`,
            })
            .where('id', '=', delta.tokenId)
            .returning('id')
            .executeTakeFirst();
          if (!token) continue;
          await trx
            .insertInto('token_usage')
            .values({
              token_id: delta.tokenId,
              requests: delta.requests,
              points: delta.points,
              errors: delta.errors,
            })
            .onConflict((oc) =>
              oc.column('token_id').doUpdateSet((eb) => ({
                requests: eb('token_usage.requests', '+', eb.ref('excluded.requests')),
                points: eb('token_usage.points', '+', eb.ref('excluded.points')),
                errors: eb('token_usage.errors', '+', eb.ref('excluded.errors')),
              })),
            )
            .execute();
          if (delta.ips.length === 0) continue;
          await trx
            .insertInto('token_recent_ips')
            .values(
              delta.ips.map((seen) => ({
                token_id: delta.tokenId,
                ip: seen.ip,
                last_seen_at: toMillis(seen.lastSeenAt),
              })),
            )
            .onConflict((oc) =>
              oc.columns(['token_id', 'ip']).doUpdateSet({
                last_seen_at: sql<number>`case when excluded.last_seen_at > token_recent_ips.last_seen_at then excluded.last_seen_at else token_recent_ips.last_seen_at end`,
              }),
            )
            .execute();
          // Only the newest few addresses are kept (ties broken by address, so both engines agree).
          await trx
            .deleteFrom('token_recent_ips')
            .where('token_id', '=', delta.tokenId)
            .where('ip', 'not in', (eb) =>
              eb
                .selectFrom('token_recent_ips')
                .select('ip')
                .where('token_id', '=', delta.tokenId)
                .orderBy('last_seen_at', 'desc')
                .orderBy('ip', 'desc')
                .limit(keepIps),
            )
            .execute();
        }
      });
    },

    async getTokenUsage(tokenIds) {
      const usage = new Map<string, TokenUsage>();
      if (tokenIds.length === 0) return usage;
      const ids = [...new Set(tokenIds)];
      const [counters, ips] = await Promise.all([
        db.selectFrom('token_usage').selectAll().where('token_id', 'in', ids).execute(),
        db
          .selectFrom('token_recent_ips')
          .selectAll()
          .where('token_id', 'in', ids)
          .orderBy('last_seen_at', 'desc')
          .orderBy('ip', 'desc')
          .execute(),
      ]);
      for (const row of counters) {
        usage.set(row.token_id, {
          requests: row.requests,
          points: row.points,
          errors: row.errors,
          recentIps: [],
        });
      }
      for (const row of ips) {
        let entry = usage.get(row.token_id);
        if (!entry) {
          entry = { requests: 0, points: 0, errors: 0, recentIps: [] };
          usage.set(row.token_id, entry);
        }
        entry.recentIps.push({ ip: row.ip, lastSeenAt: new Date(row.last_seen_at) });
      }
      return usage;
    },
  };
}
