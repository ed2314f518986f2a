// Runs the real gateway against a real sandbox over HTTP, with a real token
// store (a temp SQLite file, or PostgreSQL in its own schema), and captures
// every log line so tests can check that no secret reaches them.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type Flavor, type RunningSandbox, type SandboxUser, startSandbox } from 'jira-sandbox';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { generateSecretKeyBase64 } from '../../src/auth/keyring.ts';
import { loadConfig } from '../../src/config.ts';
import { type RunningGateway, startGateway } from '../../src/gateway.ts';
import { createLogger } from '../../src/observability/logger.ts';
import type { IdentityRecord } from '../../src/store/store.ts';
import type { TokenRequest } from '../../src/tokens/token-request.ts';

export interface GatewayAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are checked field by field in tests
  body: any;
}

export interface GatewayHarness {
  gateway: RunningGateway;
  sandbox: RunningSandbox;
  dataDir: string;
  logs: string[];
  flavor: Flavor;
  sandboxUser(name: string): SandboxUser;
  /** Links a sandbox user's own Jira credential as a gateway identity. */
  link(name: string): Promise<IdentityRecord>;
  /** Mints a token for a linked user as the CLI would; answers the secret. */
  token(
    name: string,
    request: Partial<TokenRequest> & { scopes: string[] },
  ): Promise<{ secret: string; id: string }>;
  /** POST /graphql; `auth` is a token secret, a whole Authorization header ({header}), or null. */
  gql(
    auth: string | { header: string } | null,
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GatewayAnswer>;
}

export interface HarnessOptions {
  flavor?: Flavor;
  /** The token store; defaults to JGG_TEST_GATEWAY_STORE, else sqlite. postgres needs JGG_TEST_DATABASE_URL. */
  store?: 'sqlite' | 'postgres';
  /** Extra environment for the gateway's config (JGG_*). */
  env?: Record<string, string>;
  issues?: number;
}

/** A schema of its own in the shared test database, dropped afterwards. */
export async function isolatedPostgres(): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const base = process.env.JGG_TEST_DATABASE_URL;
  if (!base) throw new Error('JGG_TEST_DATABASE_URL is not set: the postgres gateway tests need it');
  const schema = `jgg_gw_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

export function useGateway(options: HarnessOptions = {}): () => GatewayHarness {
  let harness: GatewayHarness | undefined;
  let dataDir = '';
  let dropSchema: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    const flavor = options.flavor ?? 'datacenter';
    const sandbox = await startSandbox({ flavor, issues: options.issues ?? 200, seed: 3 });
    dataDir = mkdtempSync(join(tmpdir(), 'jgg-gateway-'));
    const logs: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    const storeEnv: Record<string, string> = { JGG_DATABASE_URL: `sqlite:${join(dataDir, 'jgg.db')}` };
    if ((options.store ?? process.env.JGG_TEST_GATEWAY_STORE ?? 'sqlite') === 'postgres') {
      const isolated = await isolatedPostgres();
      dropSchema = isolated.drop;
      storeEnv.JGG_DATABASE_URL = isolated.url;
      storeEnv.JGG_SECRET_KEY = generateSecretKeyBase64();
    }
    const config = loadConfig({
      JGG_JIRA_URL: sandbox.url,
      JGG_JIRA_FLAVOR: flavor,
      ...storeEnv,
      // Admins are named by username on Data Center and by accountId on Cloud.
      JGG_ADMINS: flavor === 'cloud' ? (sandbox.store.usersByName.get('admin')?.accountId ?? '') : 'admin',
      JGG_PORT: '0',
      JGG_LOG_LEVEL: 'debug',
      ...options.env,
    });
    const gateway = await startGateway(config, createLogger('debug', sink));
    const sandboxUser = (name: string): SandboxUser => {
      const u = sandbox.store.usersByName.get(name);
      if (!u) throw new Error(`no sandbox user ${name}`);
      return u;
    };
    const services = gateway.runtime.services;
    harness = {
      gateway,
      sandbox,
      dataDir,
      logs,
      flavor,
      sandboxUser,
      link: (name) => {
        const u = sandboxUser(name);
        return services.identities.link(
          { jiraToken: u.token, email: flavor === 'cloud' ? u.emailAddress : null },
          { kind: 'cli' },
        );
      },
      async token(name, request) {
        const u = sandboxUser(name);
        const identity =
          (await services.store.findIdentity(flavor === 'cloud' ? u.accountId : u.name)) ??
          (await harness!.link(name));
        const issued = await services.tokens.create(
          identity,
          { name: `${name} test token`, ...request },
          { kind: 'cli' },
        );
        return { secret: issued.secret, id: issued.token.id };
      },
      async gql(auth, query, variables, headers = {}) {
        const h: Record<string, string> = { 'Content-Type': 'application/json', ...headers };
        if (typeof auth === 'string') h.Authorization = `Bearer ${auth}`;
        else if (auth !== null) h.Authorization = auth.header;
        const res = await fetch(`${gateway.url}/graphql`, {
          method: 'POST',
          headers: h,
          body: JSON.stringify({ query, variables }),
        });
        const text = await res.text();
        return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
      },
    };
  });
  afterAll(async () => {
    await harness?.gateway.close();
    await harness?.sandbox.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await dropSchema?.();
  });
  return () => {
    if (!harness) throw new Error('gateway not started yet');
    return harness;
  };
}
