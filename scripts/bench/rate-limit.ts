// The cost of rate limiting per request: one charge of the point budget
// (src/limits/point-budget.ts), as use-rate-limit.ts makes it for every
// authenticated operation, in memory and on Redis (one atomic Lua script per
// charge). Charges one at a time (the latency a request waits for) and with
// many in flight (what one process can charge per second), over 1,000 tokens.
//   npx tsx scripts/bench/rate-limit.ts [--redis redis://127.0.0.1:6379] [--charges N]
// Without --redis, JGG_TEST_REDIS_URL or redis://127.0.0.1:6379 is tried; a
// Redis that does not answer is left out of the table.
import { randomBytes } from 'node:crypto';
import { createPointBudget, type PointBudget } from '../../src/limits/point-budget.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { openRedis, type RedisConnection } from '../../src/redis.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
};
const redisUrl = option('--redis') ?? process.env.JGG_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const charges = Number(option('--charges') ?? 20_000);
const IN_FLIGHT = 32;
const TOKENS = 1_000;
const LIMIT = 1_000_000_000;
const budgetIds = Array.from({ length: TOKENS }, (_, i) => `bench-${i}`);

interface Row {
  store: string;
  medianUs: number;
  p99Us: number;
  perSecond: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

async function measure(store: string, budget: PointBudget): Promise<Row> {
  // Warm-up: the Lua script loaded, the JIT settled.
  for (let i = 0; i < 2_000; i++) await budget.charge(budgetIds[i % TOKENS]!, LIMIT, 3);
  const times: number[] = [];
  for (let i = 0; i < charges; i++) {
    const start = process.hrtime.bigint();
    await budget.charge(budgetIds[i % TOKENS]!, LIMIT, 3);
    times.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  times.sort((x, y) => x - y);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < charges) {
        const i = next++;
        await budget.charge(budgetIds[i % TOKENS]!, LIMIT, 3);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    store,
    medianUs: percentile(times, 0.5),
    p99Us: percentile(times, 0.99),
    perSecond: charges / seconds,
  };
}

async function reachable(connection: RedisConnection): Promise<boolean> {
  try {
    await Promise.race([
      new Promise<void>((resolve, reject) => {
        connection.client.once('ready', () => resolve());
        connection.client.once('error', reject);
      }),
      new Promise<void>((_, reject) => setTimeout(() => reject(new Error('timeout')), 3_000)),
    ]);
    return true;
  } catch {
    return false;
  }
}

const rows: Row[] = [await measure('memory', createPointBudget({ redis: null }))];
const prefix = `jgg-bench-${randomBytes(4).toString('hex')}:`;
const connection = openRedis(redisUrl, prefix, createLogger('silent'));
if (await reachable(connection)) {
  rows.push(await measure('redis (local)', createPointBudget({ redis: connection })));
  const keys = await connection.client.keys(`${prefix}*`);
  if (keys.length > 0) await connection.client.del(...keys);
} else {
  process.stderr.write(`redis at ${redisUrl} did not answer: measured in memory only\n`);
}
await connection.close();

const cpus = (await import('node:os')).cpus();
process.stdout.write(
  `${charges} charges over ${TOKENS} tokens, one at a time and ${IN_FLIGHT} in flight; ` +
    `node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}\n\n`,
);
process.stdout.write(
  '| counter | µs per charge, median | p99 | charges/s, 32 in flight |\n| --- | ---: | ---: | ---: |\n',
);
for (const row of rows) {
  process.stdout.write(
    `| ${row.store} | ${row.medianUs.toFixed(1)} | ${row.p99Us.toFixed(1)} | ${Math.round(row.perSecond).toLocaleString('en')} |\n`,
  );
}
