// Fresh, empty databases for the store tests: a SQLite file under the OS
// temp folder, or a PostgreSQL schema of its own (the test database is
// shared with other suites), each removed by dispose().
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface FreshDatabase {
  /** A JGG_DATABASE_URL for it. */
  url: string;
  dispose(): Promise<void>;
}

export interface TestBackend {
  /** The test name; says how to enable a backend that is skipped. */
  name: string;
  enabled: boolean;
  fresh(): Promise<FreshDatabase>;
}

export function sqliteBackend(): TestBackend {
  return {
    name: 'sqlite',
    enabled: true,
    async fresh() {
      const dir = await mkdtemp(join(tmpdir(), 'jgg-store-'));
      // A folder that does not exist yet: the store creates it.
      return {
        url: `sqlite:${join(dir, 'data', 'jgg.db')}`,
        dispose: () => rm(dir, { recursive: true, force: true }),
      };
    },
  };
}

export function postgresBackend(baseUrl: string | undefined): TestBackend {
  return {
    name: baseUrl ? 'postgres' : 'postgres (set JGG_TEST_DATABASE_URL to run)',
    enabled: Boolean(baseUrl),
    async fresh() {
      if (!baseUrl) throw new Error('JGG_TEST_DATABASE_URL is not set');
      const schema = `jgg_test_${randomBytes(8).toString('hex')}`;
      await adminQuery(baseUrl, `create schema ${schema}`);
      // Every connection of the store (and of child processes) starts in it.
      const url = new URL(baseUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return {
        url: url.toString(),
        dispose: () => adminQuery(baseUrl, `drop schema if exists ${schema} cascade`),
      };
    },
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
