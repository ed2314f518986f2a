// Before/after on a noisy machine: the gateway of an earlier revision (in a
// temporary git worktree) and this checkout's, against one sandbox, measured
// in alternating batches so that drift in the machine's speed falls on both
// alike. Reports each side's median gateway CPU per request and the median of
// the paired differences.
//   npx tsx scripts/bench/ab.ts --before REV [--before-env K=V,...] [--single] [--requests N] [--rounds R] [--connections C]
// Requests go one at a time from fetch, or with --connections C from autocannon
// with C connections (less idle time between requests: steadier figures).
// e.g. --before 7cbf6f9 --before-env NODE_ENV=development measures against the
// gateway as it ran before issue 5's changes (it did not set NODE_ENV then).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GatewayProcess, load, startSandboxProcess } from './harness.ts';
import { distinctPageRequests, distinctSingleRequests } from './queries.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
};
const before = option('--before');
if (!before) {
  process.stderr.write(
    'usage: ab.ts --before REV [--before-env K=V,...] [--single] [--requests N] [--rounds R] [--connections C]\n',
  );
  process.exit(2);
}
const beforeEnv = Object.fromEntries(
  (option('--before-env') ?? '')
    .split(',')
    .filter((pair) => pair.includes('='))
    .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);
const single = args.includes('--single');
const requests = Number(option('--requests') ?? (single ? 300 : 100));
const rounds = Number(option('--rounds') ?? 8);
const connections = option('--connections') === undefined ? null : Number(option('--connections'));

const worktree = join(mkdtempSync(join(tmpdir(), 'jgg-ab-')), 'before');
execFileSync('git', ['-C', ROOT, 'worktree', 'add', '--detach', worktree, before], { stdio: 'ignore' });
// Same dependencies (the lock file is the same across these revisions): share them.
if (!existsSync(join(worktree, 'node_modules')))
  symlinkSync(join(ROOT, 'node_modules'), join(worktree, 'node_modules'));

const sandbox = await startSandboxProcess(1000, 1);
const usersUrl = `${sandbox.url}/__sandbox/users`;
const env = { JGG_CACHE_TTL_MS: '0' };
const sides = {
  before: await GatewayProcess.start(sandbox.url, usersUrl, { ...env, ...beforeEnv }, [], worktree),
  after: await GatewayProcess.start(sandbox.url, usersUrl, env),
};
const bodies = single ? distinctSingleRequests(200) : distinctPageRequests(200);

async function batch(gateway: GatewayProcess, token: string): Promise<number> {
  const start = await gateway.usage();
  if (connections !== null) {
    const result = await load({
      url: `${gateway.url}/graphql`,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      bodies,
      connections,
      amount: requests,
    });
    if (result.non2xx + result.errors > 0) throw new Error(`failed requests: ${JSON.stringify(result)}`);
  }
  for (let i = 0; connections === null && i < requests; i++) {
    const res = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: bodies[i % bodies.length],
    });
    const text = await res.text();
    if (res.status !== 200 || text.includes('"errors"'))
      throw new Error(`unexpected answer: ${text.slice(0, 300)}`);
  }
  const end = await gateway.usage();
  return (end.cpuUs - start.cpuUs) / 1000 / requests;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

try {
  const tokens = {
    before: (await sides.before.tokens('alice', 1, ['issues:read', 'users:read']))[0] as string,
    after: (await sides.after.tokens('alice', 1, ['issues:read', 'users:read']))[0] as string,
  };
  // autocannon counts statuses only: check an answer of each side first.
  for (const side of ['before', 'after'] as const) {
    const res = await fetch(`${sides[side].url}/graphql`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens[side]}`, 'Content-Type': 'application/json' },
      body: bodies[0],
    });
    const text = await res.text();
    if (res.status !== 200 || text.includes('"errors"')) throw new Error(`${side}: ${text.slice(0, 300)}`);
  }
  await batch(sides.before, tokens.before); // warm up: JIT, pools, token caches
  await batch(sides.after, tokens.after);
  const results = { before: [] as number[], after: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    // Alternate which side goes first, so neither always meets the same part of a drift.
    const order = r % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const);
    for (const side of order) results[side].push(await batch(sides[side], tokens[side]));
  }
  const diffs = results.after.map((a, i) => a - (results.before[i] as number));
  const what = single ? 'single-issue query' : '100-issue page';
  process.stdout.write(
    `gateway CPU per ${what} (ms), ${rounds} rounds of ${requests}${connections === null ? ' sequential' : ` on ${connections} connections`}, each request a read of its own:\n` +
      `  before (${before}${Object.keys(beforeEnv).length ? ` with ${option('--before-env')}` : ''}): median ${median(results.before).toFixed(2)} [${results.before.map((v) => v.toFixed(2)).join(' ')}]\n` +
      `  after (this checkout):  median ${median(results.after).toFixed(2)} [${results.after.map((v) => v.toFixed(2)).join(' ')}]\n` +
      `  after - before, paired:  median ${median(diffs).toFixed(2)} [${diffs.map((v) => v.toFixed(2)).join(' ')}]\n`,
  );
} finally {
  await sides.before.stop();
  await sides.after.stop();
  sandbox.stop();
  execFileSync('git', ['-C', ROOT, 'worktree', 'remove', '--force', worktree], { stdio: 'ignore' });
}
process.exit(0);
