// `npm run bench:instances [-- --quick] [-- --runs 5]` (or `npx tsx scripts/bench/instances.ts`):
// throughput of one gateway instance against two, as they are deployed
// (deploy/compose.yaml): `jgg serve` processes sharing one PostgreSQL and one
// Redis, behind a round-robin balancer, against the Jira sandbox. Beside
// them, one instance on the embedded SQLite store with no Redis (the default
// today), so the cost of the shared state shows on its own.
//
// Needs a PostgreSQL and a Redis: JGG_TEST_DATABASE_URL and JGG_TEST_REDIS_URL
// (the test suites' names), by default the local servers. It works in a
// schema of its own and a Redis prefix of its own, and drops both at the end.
//
// Every process (sandbox, gateways, this load generator and the balancer in
// it) shares the machine's cores: read BENCHMARKS.md ("Many instances") for
// what the figures can and cannot show. Prints Markdown.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { request } from 'undici';
import { generateSecretKeyBase64 } from '../../src/auth/keyring.ts';
import { freePort, type LoadResult, load, percentile, procCpuUs, startSandboxProcess } from './harness.ts';
import { distinctPageRequests, distinctSingleRequests } from './queries.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const JGG = join(ROOT, 'bin/jgg.js');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const runsArg = args[args.indexOf('--runs') + 1];
const RUNS = args.includes('--runs') && runsArg ? Number(runsArg) : quick ? 2 : 5;
const CONNECTIONS = 16;

const DATABASE_URL = process.env.JGG_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.JGG_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '–');
const f2 = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : '–');
const median = (xs: number[]): number =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

// ------------------------------------------------------------ the processes

const children = new Set<ChildProcess>();
// Never leave a gateway behind when the bench fails.
process.once('exit', () => {
  for (const child of children) child.kill('SIGTERM');
});

/** Runs a `jgg` command to its end; answers stdout (stderr is shown when it fails). */
async function jgg(argv: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [JGG, ...argv], { cwd: ROOT, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  // The command's name only: the arguments hold a Jira credential.
  if (code !== 0) throw new Error(`jgg ${argv[0]} ${argv[1] ?? ''} exited ${code}: ${stderr}`);
  return stdout;
}

interface Instance {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** `jgg serve` as an operator runs it, on a free port; resolves once /healthz answers. */
async function serve(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, [JGG, 'serve', '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    // stdout carries the request log (info level, as deployed): written and thrown away.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`jgg serve exited ${child.exitCode}`);
    try {
      const res = await request(`${url}/healthz`);
      await res.body.dump();
      if (res.statusCode === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error('jgg serve did not answer /healthz within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    port,
    pid: child.pid ?? 0,
    async stop() {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
      children.delete(child);
    },
  };
}

/**
 * A round-robin TCP balancer: each new client connection goes to the next
 * instance (as nginx's upstream does per request; with keep-alive clients the
 * connections, and so the load, split evenly). Used for one instance too, so
 * both setups pay the same extra hop.
 */
interface Balancer {
  url: string;
  /** Connections sent to each instance since the last reset. */
  counts(): number[];
  setTargets(ports: number[]): void;
  close(): Promise<void>;
}

async function startBalancer(): Promise<Balancer> {
  let targets: number[] = [];
  let counts: number[] = [];
  let next = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const i = next++ % targets.length;
    counts[i] = (counts[i] ?? 0) + 1;
    const upstream = connect(targets[i] as number, '127.0.0.1');
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => counts,
    setTargets(ports) {
      targets = ports;
      counts = ports.map(() => 0);
      next = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// ------------------------------------------------------------- shared state

/** A schema of its own on the PostgreSQL server, dropped at the end. */
async function isolatedSchema(): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `jgg_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** Deletes whatever the gateways left under the bench's own Redis prefix. */
async function dropRedisPrefix(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let cursor = '0';
  let deleted = 0;
  do {
    const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = nextCursor;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
  return deleted;
}

// -------------------------------------------------------------------- bench

interface SandboxUserInfo {
  name: string;
  token: string;
}

const READ_SCOPES = 'issues:read,projects:read,users:read';

/** Links alice and mints her a read token through the CLI, as an operator would. Answers the secret. */
async function tokenFor(env: Record<string, string>, alicePat: string): Promise<string> {
  await jgg(['identity', 'link', '--jira-token', alicePat, '--json'], env);
  const created = JSON.parse(
    await jgg(
      ['token', 'create', '--user', 'alice', '--scopes', READ_SCOPES, '--json', '--name', 'bench'],
      env,
    ),
  ) as { secret: string };
  return created.secret;
}

const started = performance.now();
const sandbox = await startSandboxProcess(1000, 1);
const users = (await (await fetch(`${sandbox.url}/__sandbox/users`)).json()) as SandboxUserInfo[];
const alicePat = users.find((u) => u.name === 'alice')?.token ?? '';

const schema = await isolatedSchema();
const redisPrefix = `jgg-bench-${randomBytes(4).toString('hex')}:`;
const dataDir = mkdtempSync(join(tmpdir(), 'jgg-bench-instances-'));

// As in `npm run bench`: the read cache off, so every request makes its Jira call
// (the cache is per instance; on, it would favour whichever setup repeats more).
const common: Record<string, string> = {
  JGG_JIRA_URL: sandbox.url,
  JGG_JIRA_FLAVOR: 'datacenter',
  JGG_CACHE_TTL_MS: '0',
  JGG_LOG_LEVEL: 'info',
  // Far above what a run spends, in case per-token budgets are enforced.
  JGG_RATE_LIMIT_PER_HOUR: '100000000',
};
const sqliteEnv = { ...common, JGG_DATABASE_URL: `sqlite:${join(dataDir, 'jgg.db')}` };
// One secret key for every instance on the shared store, as deploy/jgg.env.example says.
const sharedEnv = {
  ...common,
  JGG_DATABASE_URL: schema.url,
  JGG_SECRET_KEY: generateSecretKeyBase64(),
  JGG_REDIS_URL: REDIS_URL,
  JGG_REDIS_PREFIX: redisPrefix,
};

const sqliteToken = await tokenFor(sqliteEnv, alicePat);
const sharedToken = await tokenFor(sharedEnv, alicePat);
const sqliteGw = await serve(sqliteEnv);
const sharedA = await serve(sharedEnv);
const sharedB = await serve(sharedEnv);
const balancer = await startBalancer();

interface Setup {
  name: string;
  instances: Instance[];
  token: string;
}
const setups: Setup[] = [
  { name: '1 instance, SQLite, no Redis', instances: [sqliteGw], token: sqliteToken },
  { name: '1 instance, PostgreSQL + Redis', instances: [sharedA], token: sharedToken },
  { name: '2 instances, PostgreSQL + Redis', instances: [sharedA, sharedB], token: sharedToken },
];

interface Workload {
  name: string;
  bodies: string[];
  amount: number;
}
const workloads: Workload[] = [
  { name: 'single issue', bodies: distinctSingleRequests(200), amount: quick ? 1000 : 3000 },
  { name: '100-issue page', bodies: distinctPageRequests(200), amount: quick ? 150 : 400 },
];

/** Every instance answers the query, with data, through the balancer, before anything is timed. */
async function check(setup: Setup, body: string): Promise<void> {
  for (const instance of setup.instances) {
    const res = await request(`${instance.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${setup.token}`, 'content-type': 'application/json' },
      body,
    });
    const answer = (await res.body.json()) as { errors?: unknown; data?: unknown };
    if (res.statusCode !== 200 || answer.errors || !answer.data) {
      throw new Error(`${setup.name}: ${res.statusCode} ${JSON.stringify(answer).slice(0, 300)}`);
    }
  }
}

interface Measured extends LoadResult {
  /** CPU of the gateway processes, all instances together, per request. */
  gatewayCpuMs: number;
  /** CPU of everything measured here (gateways, sandbox, load generator with the balancer), per request. */
  allCpuMs: number;
  split: number[];
}

async function measure(setup: Setup, workload: Workload): Promise<Measured> {
  balancer.setTargets(setup.instances.map((i) => i.port));
  const pids = setup.instances.map((i) => i.pid);
  const gw0 = pids.map(procCpuUs);
  const sb0 = procCpuUs(sandbox.pid);
  const me0 = process.cpuUsage();
  const result = await load({
    url: `${balancer.url}/graphql`,
    method: 'POST',
    headers: { authorization: `Bearer ${setup.token}`, 'content-type': 'application/json' },
    bodies: workload.bodies,
    connections: CONNECTIONS,
    amount: workload.amount,
  });
  const gwUs = pids.map(procCpuUs).reduce((s, v, i) => s + v - (gw0[i] ?? 0), 0);
  const me = process.cpuUsage(me0);
  const allUs = gwUs + procCpuUs(sandbox.pid) - sb0 + me.user + me.system;
  if (result.non2xx + result.errors > 0) {
    throw new Error(`${setup.name}, ${workload.name}: ${result.non2xx + result.errors} requests failed`);
  }
  const n = Math.max(1, result.requests);
  return { ...result, gatewayCpuMs: gwUs / 1000 / n, allCpuMs: allUs / 1000 / n, split: balancer.counts() };
}

out('# jgg: one instance against two');
out();
out(
  `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; ${RUNS} runs, setups interleaved; concurrency ${CONNECTIONS}, read cache off, every request a different issue or page.`,
);
out();

const results = new Map<string, Measured[]>();
for (const workload of workloads) {
  for (const setup of setups) {
    await check(setup, workload.bodies[0] as string);
    // Warm-up: JIT, connection pools, token caches of every instance.
    await measure(setup, { ...workload, amount: Math.ceil(workload.amount / 4) });
  }
  // Interleaved, so drift of the machine (other work on it) spreads over every setup.
  for (let run = 0; run < RUNS; run++) {
    for (const setup of setups) {
      const key = `${workload.name}|${setup.name}`;
      const list = results.get(key) ?? [];
      list.push(await measure(setup, workload));
      results.set(key, list);
    }
  }
}

out(
  '| read | setup | req/s (median) | req/s, each run | p50 ms | p99 ms | gateway CPU ms/req | all CPU ms/req | connections per instance |',
);
out('| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | --- |');
for (const workload of workloads) {
  for (const setup of setups) {
    const list = results.get(`${workload.name}|${setup.name}`) ?? [];
    out(
      `| ${workload.name} | ${setup.name} | **${f1(median(list.map((r) => r.rps)))}** | ${list.map((r) => f1(r.rps)).join(', ')} | ${f2(median(list.map((r) => r.p50)))} | ${f2(median(list.map((r) => r.p99)))} | ${f2(median(list.map((r) => r.gatewayCpuMs)))} | ${f2(median(list.map((r) => r.allCpuMs)))} | ${list[0]?.split.join(' / ') ?? ''} |`,
    );
  }
}
out();
out('p50 and p99 are the medians over the runs of each run’s percentile.');

await balancer.close();
await Promise.all([sqliteGw.stop(), sharedA.stop(), sharedB.stop()]);
sandbox.stop();
const leftInRedis = await dropRedisPrefix(redisPrefix);
await schema.drop();
rmSync(dataDir, { recursive: true, force: true });
out();
out(
  `Cleaned up: schema dropped, ${leftInRedis} Redis keys under the bench's prefix deleted. Total time: ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
process.exit(0);
