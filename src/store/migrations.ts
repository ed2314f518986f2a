// Versioned schema migrations, compiled in (nothing is read from disk at run
// time) and applied with Kysely's Migrator. Never edit a migration that has
// shipped: add the next one ('0002_...'); names sort in the order they run.
import { type ColumnDefinitionBuilder, type Kysely, type Migration, Migrator, sql } from 'kysely';
import type { StoreKind } from './dialects.ts';

const notNull = (column: ColumnDefinitionBuilder) => column.notNull();

// Dates are bigint epoch milliseconds (INTEGER affinity in SQLite), arrays and
// details JSON text: the same DDL and the same queries on both engines.
const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('identities')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('flavor', 'text', (c) => c.notNull().check(sql`flavor in ('datacenter', 'cloud')`))
      .addColumn('jira_account_id', 'text', notNull)
      .addColumn('jira_name', 'text')
      .addColumn('display_name', 'text', notNull)
      .addColumn('email', 'text')
      .addColumn('sealed_credential', 'text', notNull)
      .addColumn('credential_invalid_at', 'bigint')
      .addColumn('created_at', 'bigint', notNull)
      .addColumn('updated_at', 'bigint', notNull)
      .execute();
    await db.schema
      .createIndex('identities_jira_account_id_key')
      .unique()
      .on('identities')
      .column('jira_account_id')
      .execute();
    await db.schema.createIndex('identities_jira_name_idx').on('identities').column('jira_name').execute();
    await db.schema
      .createIndex('identities_created_at_idx')
      .on('identities')
      .columns(['created_at', 'id'])
      .execute();

    await db.schema
      .createTable('tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('identity_id', 'text', (c) => c.notNull().references('identities.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('personal', 'session')`))
      .addColumn('name', 'text', notNull)
      .addColumn('secret_hash', 'text', notNull)
      .addColumn('hash_key_id', 'text', notNull)
      .addColumn('scopes', 'text', notNull)
      .addColumn('projects', 'text')
      .addColumn('allowed_ips', 'text')
      .addColumn('created_at', 'bigint', notNull)
      .addColumn('expires_at', 'bigint')
      .addColumn('last_used_at', 'bigint')
      .addColumn('last_used_ip', 'text')
      .addColumn('revoked_at', 'bigint')
      .addColumn('rotated_from_id', 'text', (c) => c.references('tokens.id').onDelete('set null'))
      .addColumn('created_by_id', 'text', (c) => c.references('identities.id').onDelete('set null'))
      .execute();
    // Authentication looks a token up by this hash on every request.
    await db.schema
      .createIndex('tokens_secret_hash_key')
      .unique()
      .on('tokens')
      .column('secret_hash')
      .execute();
    // Keyset pages: (created_at, id) is the sort key, per identity and overall.
    await db.schema
      .createIndex('tokens_identity_created_idx')
      .on('tokens')
      .columns(['identity_id', 'created_at', 'id'])
      .execute();
    await db.schema.createIndex('tokens_created_idx').on('tokens').columns(['created_at', 'id']).execute();

    // No foreign keys: the audit log outlives what it talks about.
    await db.schema
      .createTable('audit_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'bigint', notNull)
      .addColumn('actor_id', 'text')
      .addColumn('action', 'text', notNull)
      .addColumn('target_type', 'text', (c) => c.notNull().check(sql`target_type in ('token', 'identity')`))
      .addColumn('target_id', 'text', notNull)
      .addColumn('ip', 'text')
      .addColumn('details', 'text', notNull)
      .execute();
    await db.schema.createIndex('audit_events_at_idx').on('audit_events').columns(['at', 'id']).execute();
    await db.schema
      .createIndex('audit_events_target_idx')
      .on('audit_events')
      .columns(['target_id', 'at', 'id'])
      .execute();
    await db.schema
      .createIndex('audit_events_actor_idx')
      .on('audit_events')
      .columns(['actor_id', 'at', 'id'])
      .execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('audit_events').execute();
    await db.schema.dropTable('tokens').execute();
    await db.schema.dropTable('identities').execute();
  },
};

// One counter row for the whole store: every process polls it (a primary-key
// read) to learn that a token or identity changed; see revocation-feed.ts.
const revision: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('jgg_revision')
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('revision', 'bigint', notNull)
      .execute();
    await sql`insert into jgg_revision (id, revision) values (1, 0)`.execute(db);
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('jgg_revision').execute();
  },
};

const AUDIT_COLUMNS = 'id, at, actor_id, action, target_type, target_id, ip, details';

/** audit_events as 0001 made it, with `targets` allowed in target_type; SQLite only. */
async function rebuildSqliteAuditEvents(db: Kysely<unknown>, targets: string): Promise<void> {
  // SQLite cannot alter a CHECK: copy into a new table and swap (inside the
  // migration's transaction, so nothing is lost if a step fails).
  await sql
    .raw(
      `create table audit_events_next (
        id text primary key, at bigint not null, actor_id text, action text not null,
        target_type text not null check (target_type in (${targets})),
        target_id text not null, ip text, details text not null)`,
    )
    .execute(db);
  await sql
    .raw(`insert into audit_events_next (${AUDIT_COLUMNS}) select ${AUDIT_COLUMNS} from audit_events`)
    .execute(db);
  await sql`drop table audit_events`.execute(db);
  await sql`alter table audit_events_next rename to audit_events`.execute(db);
  await createAuditIndexes(db);
}

async function createAuditIndexes(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('audit_events_at_idx').on('audit_events').columns(['at', 'id']).execute();
  await db.schema
    .createIndex('audit_events_target_idx')
    .on('audit_events')
    .columns(['target_id', 'at', 'id'])
    .execute();
  await db.schema
    .createIndex('audit_events_actor_idx')
    .on('audit_events')
    .columns(['actor_id', 'at', 'id'])
    .execute();
}

async function setAuditTargets(db: Kysely<unknown>, kind: StoreKind, targets: string): Promise<void> {
  if (kind === 'sqlite') return rebuildSqliteAuditEvents(db, targets);
  // PostgreSQL names a column's CHECK <table>_<column>_check.
  await sql`alter table audit_events drop constraint audit_events_target_type_check`.execute(db);
  await sql
    .raw(
      `alter table audit_events add constraint audit_events_target_type_check check (target_type in (${targets}))`,
    )
    .execute(db);
}

// Failed sign-ins are about a client address, not a token or an identity.
function auditClientTarget(kind: StoreKind): Migration {
  return {
    up: (db: Kysely<unknown>) => setAuditTargets(db, kind, "'token', 'identity', 'client'"),
    down: (db: Kysely<unknown>) => setAuditTargets(db, kind, "'token', 'identity'"),
  };
}

// Idempotency keys of creating mutations (writes/idempotency.ts). The primary
// key (scope, key) is what makes a claim atomic; expires_at is indexed for pruning.
const idempotencyKeys: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('idempotency_keys')
      .addColumn('scope', 'text', notNull)
      .addColumn('key', 'text', notNull)
      .addColumn('operation', 'text', notNull)
      .addColumn('request_hash', 'text', notNull)
      .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'done', 'unknown')`))
      .addColumn('result', 'text')
      .addColumn('created_at', 'bigint', notNull)
      .addColumn('expires_at', 'bigint', notNull)
      .addPrimaryKeyConstraint('idempotency_keys_pkey', ['scope', 'key'])
      .execute();
    await db.schema
      .createIndex('idempotency_keys_expires_at_idx')
      .on('idempotency_keys')
      .column('expires_at')
      .execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('idempotency_keys').execute();
  },
};

// Per-token usage (usage-recorder.ts): counters in a table of their own, so
// the token row read on every authentication stays as it was, and the
// addresses a token was used from, one row per (token, address). Both go with
// their token.
const tokenUsage: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('token_usage')
      .addColumn('token_id', 'text', (c) => c.primaryKey().references('tokens.id').onDelete('cascade'))
      .addColumn('requests', 'bigint', notNull)
      .addColumn('points', 'bigint', notNull)
      .addColumn('errors', 'bigint', notNull)
      .execute();
    await db.schema
      .createTable('token_recent_ips')
      .addColumn('token_id', 'text', (c) => c.notNull().references('tokens.id').onDelete('cascade'))
      .addColumn('ip', 'text', notNull)
      .addColumn('last_seen_at', 'bigint', notNull)
      .addPrimaryKeyConstraint('token_recent_ips_pkey', ['token_id', 'ip'])
      .execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('token_recent_ips').execute();
    await db.schema.dropTable('token_usage').execute();
  },
};

// Per-token rate limits (limits/point-budget.ts): a narrower hourly budget
// than the operator's default, and the budget a token spends, which its
// replacements keep (a rotation must not refill it). Both nullable: existing
// tokens keep the default and spend a budget of their own id.
const tokenRateLimits: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('tokens').addColumn('rate_limit_per_hour', 'integer').execute();
    await db.schema.alterTable('tokens').addColumn('budget_id', 'text').execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('tokens').dropColumn('budget_id').execute();
    await db.schema.alterTable('tokens').dropColumn('rate_limit_per_hour').execute();
  },
};

/** Every migration, by name; some differ by engine where the DDL must. */
export function migrationsFor(kind: StoreKind): Readonly<Record<string, Migration>> {
  return {
    '0001_initial': initial,
    '0002_revision': revision,
    '0003_audit_client_target': auditClientTarget(kind),
    '0004_idempotency_keys': idempotencyKeys,
    '0006_token_usage': tokenUsage,
    '0007_token_rate_limits': tokenRateLimits,
  };
}

/** The migration names, in the order they run. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(migrationsFor('sqlite')).sort();

/**
 * Applies every pending migration. Concurrent callers wait for each other:
 * on PostgreSQL the Migrator holds an advisory lock; on SQLite the migration
 * transaction begins IMMEDIATE (see dialects.ts), taking the single write lock.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, kind: StoreKind): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrationsFor(kind) },
    // Kysely looks for its own tables in every schema unless told which one;
    // a kysely_migration table of another app or test schema would then be
    // taken for ours. SQLite has no schemas.
    migrationTableSchema: kind === 'postgres' ? await currentSchema(db) : undefined,
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined)
    throw error instanceof Error ? error : new Error(`migration failed: ${String(error)}`);
}

async function currentSchema<DB>(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('postgres: no schema of the search_path exists; create it or fix search_path');
  return schema;
}
