// A second (third, ...) process for store.test.ts: opens the store, says
// "ready", waits for a line on stdin so that every process starts together,
// runs one operation and prints its result as JSON.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createTokenStore } from '../../src/store/kysely-store.ts';

const [url, command, tokenId, extra] = process.argv.slice(2);
if (!url || !command)
  throw new Error('usage: store-child.ts URL migrate|rotate|usage [TOKEN_ID[,...]] [FIRST]');

const store = createTokenStore(url);
process.stdout.write('ready\n');
await once(process.stdin, 'data');

try {
  if (command === 'migrate') {
    await store.migrate();
    process.stdout.write(`${JSON.stringify({ migrated: true })}\n`);
  } else if (command === 'rotate' && tokenId) {
    const old = await store.getToken(tokenId);
    if (!old) throw new Error(`no token ${tokenId}`);
    const at = new Date();
    const replacement = await store.rotateToken(
      tokenId,
      { ...old, secretHash: randomBytes(32).toString('hex'), createdAt: at, rotatedFromId: old.id },
      at,
    );
    process.stdout.write(`${JSON.stringify({ rotatedTo: replacement?.id ?? null })}\n`);
  } else if (command === 'usage' && tokenId && extra) {
    // Ten batches naming every token (2 requests, 7 points, 1 error each),
    // the i-th seen at minute i from 192.0.2.i, i = FIRST, FIRST + 2, ...
    const ids = tokenId.split(',');
    const first = Number(extra);
    const T0 = Date.parse('2030-01-01T00:00:00.000Z');
    for (let n = 0; n < 10; n++) {
      const i = first + 2 * n;
      const at = new Date(T0 + i * 60_000);
      const order = n % 2 === 0 ? ids : [...ids].reverse();
      await store.addTokenUsage(
        order.map((id) => ({
          tokenId: id,
          requests: 2,
          points: 7,
          errors: 1,
          lastUsedAt: at,
          lastUsedIp: `192.0.2.${i}`,
          ips: [{ ip: `192.0.2.${i}`, lastSeenAt: at }],
        })),
        5,
      );
    }
    process.stdout.write(`${JSON.stringify({ batches: 10 })}\n`);
  } else {
    throw new Error(`unknown command ${command}`);
  }
} finally {
  await store.close();
}
