// Turns a JGG_DATABASE_URL into a Kysely dialect: `sqlite:PATH` (better-sqlite3)
// or `postgres://...` (pg). Everything engine-specific lives here.
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import pg from 'pg';

export type StoreKind = 'sqlite' | 'postgres';

export interface StoreBackend {
  kind: StoreKind;
  dialect: Dialect;
}

export interface BackendOptions {
  /** SQLite: how long a write waits for another process's write lock. */
  busyTimeoutMs?: number;
  /** PostgreSQL: connections in the pool. */
  poolSize?: number;
  /** PostgreSQL: an idle pooled connection failed (e.g. the server restarted). */
  onPoolError?: (error: Error) => void;
}

export function createBackend(url: string, options: BackendOptions = {}): StoreBackend {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '') throw new Error("token store: 'sqlite:' needs a file path, e.g. sqlite:./data/jgg.db");
    return { kind: 'sqlite', dialect: sqliteDialect(path, options.busyTimeoutMs ?? 5000) };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return { kind: 'postgres', dialect: postgresDialect(url, options) };
  }
  throw new Error("token store: the database URL must start with 'sqlite:' or 'postgres://'");
}

function sqliteDialect(path: string, busyTimeoutMs: number): Dialect {
  const inMemory = path === ':memory:';
  if (!inMemory) prepareSqliteFile(path);
  const database = new SqliteDatabase(path, { timeout: busyTimeoutMs });
  // WAL lets readers go on while one writer commits; not for :memory:.
  if (!inMemory) database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  return new ImmediateSqliteDialect({ database });
}

/** The file holds sealed Jira credentials: only its owner may read it. */
function prepareSqliteFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // Create it before SQLite would (with 0644); SQLite gives its -wal and
  // -shm files the mode of the database file.
  closeSync(openSync(path, 'a', 0o600));
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
}

/**
 * Kysely's SQLite driver begins transactions DEFERRED: a transaction that
 * reads first and writes later can fail with SQLITE_BUSY when another
 * process wrote in between, and busy_timeout does not retry that. BEGIN
 * IMMEDIATE takes the single write lock up front (waiting up to
 * busy_timeout), so write transactions, migrations included, run one at a time.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** SQLite DDL is transactional; saying so makes the Migrator run in a transaction. */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.#config);
  }

  override createAdapter(): SqliteAdapter {
    return new TransactionalSqliteAdapter();
  }
}

const INT8_OID = 20;

function postgresDialect(url: string, options: BackendOptions): Dialect {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // Dates are bigint epoch milliseconds, well inside Number's exact range;
    // pg would hand int8 back as a string. Scoped to this pool, not global.
    types: {
      getTypeParser: (id, format) => (id === INT8_OID ? Number : pg.types.getTypeParser(id, format)),
    },
  });
  // Without a listener an idle connection's error would crash the process;
  // the pool drops that connection and the next query opens a new one.
  pool.on('error', options.onPoolError ?? (() => {}));
  return new PostgresDialect({ pool });
}
