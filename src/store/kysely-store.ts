// The TokenStore over Kysely: one implementation for SQLite and PostgreSQL.
// Writes that must not race are a single conditional statement (the
// identity upsert) or one transaction whose first statement is a conditional
// UPDATE (revoke, revoke all, rotate), so the database's row lock or write
// lock decides which of two concurrent callers wins. Every change a token cache
// must not outlive also bumps jgg_revision in the same transaction (see
// bumpRevision), so other processes learn of it within their poll interval,
// and once committed is told to onChanged, which announces it on Redis.
import { randomUUID } from 'node:crypto';
import { type ExpressionBuilder, Kysely, sql, type Transaction } from 'kysely';
import { type BackendOptions, createBackend, type StoreKind } from './dialects.ts';
import { idempotencyQueries } from './idempotency-queries.ts';
import { readKeysetPage } from './keyset-page.ts';
import { migrateToLatest } from './migrations.ts';
import { auditFromRow, auditToRow, identityFromRow, tokenFromRow, tokenToRow, toMillis } from './rows.ts';
import type { TokenStore } from './store.ts';
import type { Database } from './tables.ts';
import { usageQueries } from './usage-queries.ts';

export interface TokenStoreOptions extends BackendOptions {
  /** Told after each committed change that bumped the revision (see KyselyTokenStoreDeps.onChanged). */
  onChanged?: (identityId: string) => void;
}

/** Opens the store named by a JGG_DATABASE_URL (`sqlite:PATH` or `postgres://...`). */
export function createTokenStore(url: string, options: TokenStoreOptions = {}): TokenStore {
  const { kind, dialect } = createBackend(url, options);
  return createKyselyTokenStore({
    db: new Kysely<Database>({ dialect }),
    kind,
    ...(options.onChanged ? { onChanged: options.onChanged } : {}),
  });
}

export interface KyselyTokenStoreDeps {
  db: Kysely<Database>;
  kind: StoreKind;
  /** Row ids: random and URL-safe, so they can be shown and not guessed. */
  newId?: () => string;
  /**
   * Called once a change that bumped the revision has committed, with the
   * identity it concerns: the process announces it to the other instances
   * (Redis pub/sub), sooner than their revision poll would see it. Never
   * called for a change that rolled back; what it throws is ignored.
   */
  onChanged?: (identityId: string) => void;
}

/** Thrown inside rotateToken's transaction to roll it back. */
class NotLive extends Error {}

/** A token that is neither revoked nor expired at `atMs`. */
function isLive(eb: ExpressionBuilder<Database, 'tokens'>, atMs: number) {
  return eb.and([
    eb('revoked_at', 'is', null),
    eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', atMs)]),
  ]);
}

/**
 * Tells every process's revocation feed that something changed. Called last
 * in each transaction, so the counter row is always the last lock taken (no
 * deadlock between two changes) and is held only until the commit.
 */
async function bumpRevision(trx: Transaction<Database>): Promise<void> {
  await trx
    .updateTable('jgg_revision')
    .set((eb) => ({ revision: eb('revision', '+', 1) }))
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
}

export function createKyselyTokenStore({
  db,
  kind,
  newId = randomUUID,
  onChanged,
}: KyselyTokenStoreDeps): TokenStore {
  /** Tells onChanged after the commit, never inside the transaction (it may yet roll back). */
  function changed(identityId: string): void {
    try {
      onChanged?.(identityId);
    } catch {
      // An announcement is a shortcut; the revision poll still carries the change.
    }
  }
  return {
    async migrate() {
      await migrateToLatest(db, kind);
    },

    async close() {
      await db.destroy();
    },

    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },

    async upsertIdentity(identity, at) {
      const atMs = toMillis(at);
      // One statement, so two sign-ins of the same account cannot both insert.
      // A relink changes the credential: caches elsewhere must reload it.
      const linked = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('identities')
          .values({
            id: newId(),
            flavor: identity.flavor,
            jira_account_id: identity.jiraAccountId,
            jira_name: identity.jiraName,
            display_name: identity.displayName,
            email: identity.email,
            sealed_credential: identity.sealedCredential,
            credential_invalid_at: null,
            created_at: atMs,
            updated_at: atMs,
          })
          .onConflict((oc) =>
            oc.column('jira_account_id').doUpdateSet((eb) => ({
              flavor: eb.ref('excluded.flavor'),
              jira_name: eb.ref('excluded.jira_name'),
              display_name: eb.ref('excluded.display_name'),
              email: eb.ref('excluded.email'),
              sealed_credential: eb.ref('excluded.sealed_credential'),
              // A fresh credential has not been refused yet.
              credential_invalid_at: null,
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .returningAll()
          .executeTakeFirstOrThrow();
        await bumpRevision(trx);
        return identityFromRow(row);
      });
      changed(linked.id);
      return linked;
    },

    async getIdentity(id) {
      const row = await db.selectFrom('identities').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? identityFromRow(row) : null;
    },

    async findIdentity(jiraAccountIdOrName) {
      // The account id is unique and wins over a username that happens to match it.
      const byAccount = await db
        .selectFrom('identities')
        .selectAll()
        .where('jira_account_id', '=', jiraAccountIdOrName)
        .executeTakeFirst();
      if (byAccount) return identityFromRow(byAccount);
      // Data Center usernames can be renamed and reused: the latest link wins.
      const byName = await db
        .selectFrom('identities')
        .selectAll()
        .where('jira_name', '=', jiraAccountIdOrName)
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return byName ? identityFromRow(byName) : null;
    },

    listIdentities(page) {
      return readKeysetPage(db.selectFrom('identities').selectAll(), 'created_at', page, identityFromRow);
    },

    async markCredentialInvalid(identityId, at, sealedCredential) {
      const atMs = toMillis(at);
      const marked = await db.transaction().execute(async (trx) => {
        let update = trx
          .updateTable('identities')
          .set({ credential_invalid_at: atMs, updated_at: atMs })
          .where('id', '=', identityId)
          // Keeps the first refusal: that is when the credential stopped working.
          .where('credential_invalid_at', 'is', null);
        // A process still holding the old credential must not mark a fresh one.
        if (sealedCredential !== undefined) update = update.where('sealed_credential', '=', sealedCredential);
        const result = await update.executeTakeFirst();
        if (result.numUpdatedRows === 0n) return false;
        await bumpRevision(trx);
        return true;
      });
      if (marked) changed(identityId);
    },

    async insertToken(token) {
      const row = await db
        .insertInto('tokens')
        .values(tokenToRow(newId(), token))
        .returningAll()
        .executeTakeFirstOrThrow();
      return tokenFromRow(row);
    },

    async findTokenByHash(secretHash) {
      // One look-up on the unique index tokens_secret_hash_key.
      const row = await db
        .selectFrom('tokens')
        .selectAll()
        .where('secret_hash', '=', secretHash)
        .executeTakeFirst();
      return row ? tokenFromRow(row) : null;
    },

    async getToken(id) {
      const row = await db.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? tokenFromRow(row) : null;
    },

    listTokens(filter, page, now) {
      const nowMs = toMillis(now);
      let query = db.selectFrom('tokens').selectAll();
      if (filter.identityId !== undefined) query = query.where('identity_id', '=', filter.identityId);
      if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
      if (!filter.includeRevoked) query = query.where('revoked_at', 'is', null);
      if (!filter.includeExpired) {
        query = query.where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', nowMs)]));
      }
      return readKeysetPage(query, 'created_at', page, tokenFromRow);
    },

    async revokeToken(id, at) {
      const atMs = toMillis(at);
      // An expired token may still be revoked (the record then says so); only
      // a revoked one answers null, so two revokes never both succeed.
      const revoked = await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('tokens')
          .set({ revoked_at: atMs })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .returningAll()
          .executeTakeFirst();
        if (!row) return null;
        await bumpRevision(trx);
        return tokenFromRow(row);
      });
      if (revoked) changed(revoked.identityId);
      return revoked;
    },

    async revokeAllTokens(identityId, at) {
      const atMs = toMillis(at);
      const revoked = await db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('tokens')
          .set({ revoked_at: atMs })
          .where('identity_id', '=', identityId)
          .where((eb) => isLive(eb, atMs))
          .executeTakeFirst();
        const count = Number(result.numUpdatedRows);
        if (count > 0) await bumpRevision(trx);
        return count;
      });
      if (revoked > 0) changed(identityId);
      return revoked;
    },

    async rotateToken(id, replacement, at) {
      const atMs = toMillis(at);
      try {
        const rotated = await db.transaction().execute(async (trx) => {
          // The conditional UPDATE is the arbiter: on PostgreSQL a concurrent
          // rotation waits for this row lock, then re-checks revoked_at and
          // matches nothing; on SQLite transactions take the write lock in turn.
          const revoked = await trx
            .updateTable('tokens')
            .set({ revoked_at: atMs })
            .where('id', '=', id)
            .where((eb) => isLive(eb, atMs))
            .executeTakeFirst();
          if (revoked.numUpdatedRows !== 1n) throw new NotLive();
          const row = await trx
            .insertInto('tokens')
            .values(tokenToRow(newId(), { ...replacement, rotatedFromId: id }))
            .returningAll()
            .executeTakeFirstOrThrow();
          await bumpRevision(trx);
          return tokenFromRow(row);
        });
        changed(rotated.identityId);
        return rotated;
      } catch (error) {
        if (error instanceof NotLive) return null;
        throw error;
      }
    },

    async readRevision() {
      const row = await db
        .selectFrom('jgg_revision')
        .select('revision')
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      return row.revision;
    },

    async appendAudit(event) {
      const row = await db
        .insertInto('audit_events')
        .values(auditToRow(newId(), event))
        .returningAll()
        .executeTakeFirstOrThrow();
      return auditFromRow(row);
    },

    listAudit(filter, page) {
      let query = db.selectFrom('audit_events').selectAll();
      if (filter.actorId !== undefined) query = query.where('actor_id', '=', filter.actorId);
      if (filter.targetId !== undefined) query = query.where('target_id', '=', filter.targetId);
      if (filter.action !== undefined) query = query.where('action', '=', filter.action);
      return readKeysetPage(query, 'at', page, auditFromRow);
    },

    ...idempotencyQueries(db),
    ...usageQueries(db),
  };
}
