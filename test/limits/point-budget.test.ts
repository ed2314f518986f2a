// The point budget on its own, in memory and on Redis: concurrent charges
// never spend past the limit together (the count is the arbiter), a refused
// charge keeps nothing, and a look charges nothing.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createPointBudget, type PointBudget } from '../../src/limits/point-budget.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { openRedis, type RedisConnection } from '../../src/redis.ts';

const redisUrl = process.env.JGG_TEST_REDIS_URL;
const connections: RedisConnection[] = [];

async function redisConnection(): Promise<RedisConnection> {
  const connection = openRedis(
    redisUrl!,
    `jggtest-${randomBytes(6).toString('hex')}:`,
    createLogger('silent'),
  );
  connections.push(connection);
  if (connection.client.status !== 'ready') await new Promise((r) => connection.client.once('ready', r));
  return connection;
}

afterAll(async () => {
  for (const connection of connections) {
    const keys = await connection.client.keys(`${connection.prefix}*`);
    if (keys.length > 0) await connection.client.del(...keys);
    await connection.close();
  }
});

const stores: [string, boolean, () => Promise<[PointBudget, PointBudget]>][] = [
  [
    'memory',
    true,
    async () => {
      const one = createPointBudget({ redis: null });
      return [one, one];
    },
  ],
  [
    'redis (two budgets on one prefix, as two instances)',
    Boolean(redisUrl),
    async () => {
      const a = await redisConnection();
      const b = openRedis(redisUrl!, a.prefix, createLogger('silent'));
      connections.push(b);
      if (b.client.status !== 'ready') await new Promise((r) => b.client.once('ready', r));
      return [createPointBudget({ redis: a }), createPointBudget({ redis: b })];
    },
  ],
];

describe.each(stores)('point budget in %s', (_name, enabled, make) => {
  it.skipIf(!enabled)('50 concurrent charges of 1 against a limit of 10: exactly 10 pass', async () => {
    const [a, b] = await make();
    const charges = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b).charge('concurrent', 10, 1)),
    );
    expect(charges.filter((c) => c.allowed)).toHaveLength(10);
    expect(await a.peek('concurrent', 10)).toMatchObject({ used: 10, remaining: 0 });
  });

  it.skipIf(!enabled)('a refused charge keeps nothing; a look charges nothing', async () => {
    const [a, b] = await make();
    expect(await a.charge('refund', 10, 7)).toMatchObject({ allowed: true, used: 7, remaining: 3, cost: 7 });
    const refused = await b.charge('refund', 10, 4);
    expect(refused).toMatchObject({ allowed: false, used: 7, remaining: 3, cost: 4 });
    expect(refused.retryAfterSeconds).toBeGreaterThan(3590);
    expect(await b.peek('refund', 10)).toMatchObject({ used: 7, remaining: 3 });
    expect(await a.charge('refund', 10, 3)).toMatchObject({ allowed: true, used: 10, remaining: 0 });
    // Another limit on the same counter (a token's own narrower one) reads the same spend.
    expect(await a.peek('refund', 50)).toMatchObject({ used: 10, remaining: 40 });
    expect(await a.peek('unused', 10)).toMatchObject({ used: 0, remaining: 10 });
  });
});
