// A second (third, ...) process for store.test.ts: opens the store, says
// "ready", waits for a line on stdin so that every process starts together,
// runs one operation and prints its result as JSON.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createTokenStore } from '../../src/store/kysely-store.ts';

const [url, command, tokenId] = process.argv.slice(2);
if (!url || !command) throw new Error('usage: store-child.ts URL migrate|rotate [TOKEN_ID]');

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
  } else {
    throw new Error(`unknown command ${command}`);
  }
} finally {
  await store.close();
}
