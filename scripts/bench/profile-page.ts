// Gateway CPU per 100-issue page (or, with --single, per single-issue query
// for a different issue each time), sequentially, with the answer cache off;
// optionally under the V8 profiler. For finding hot spots (issue 5):
//   npx tsx scripts/bench/profile-page.ts [--single] [--prof DIR] [--development] [--pages N] [--batches B]
// The gateway runs with NODE_ENV=production, as `jgg serve` does; --development measures without.
import { GatewayProcess, startSandboxProcess } from './harness.ts';
import { distinctSingleRequests, pageQuery } from './queries.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
};
const profDir = option('--prof');
const pages = Number(option('--pages') ?? 100);
const batches = Number(option('--batches') ?? 10);

const sandbox = await startSandboxProcess(1000, 1);
const gateway = await GatewayProcess.start(
  sandbox.url,
  `${sandbox.url}/__sandbox/users`,
  { JGG_CACHE_TTL_MS: '0', ...(args.includes('--development') ? { NODE_ENV: 'development' } : {}) },
  profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
);
const [token] = await gateway.tokens('alice', 1, ['issues:read', 'users:read']);
const single = args.includes('--single');
const bodies = single ? distinctSingleRequests(200) : [JSON.stringify({ query: pageQuery(100) })];
let sent = 0;
const post = async () => {
  const res = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: bodies[sent++ % bodies.length],
  });
  return res.text();
};
// An answer with errors would measure the wrong thing.
const first = JSON.parse(await post()) as {
  data?: { issues?: { nodes?: unknown[] }; issue?: { key?: string } };
  errors?: unknown[];
};
if (first.errors || (single ? !first.data?.issue?.key : first.data?.issues?.nodes?.length !== 100)) {
  throw new Error(`unexpected answer: ${JSON.stringify(first).slice(0, 500)}`);
}
for (let i = 0; i < 20; i++) await post(); // warm up: JIT, token cache, pools
// CPU per page in each batch: noise from other processes on a shared machine
// only ever adds, so the median and the least of the batches are reported.
const perBatch: number[] = [];
for (let b = 0; b < batches; b++) {
  const before = await gateway.usage();
  for (let i = 0; i < pages; i++) await post();
  const after = await gateway.usage();
  perBatch.push((after.cpuUs - before.cpuUs) / 1000 / pages);
}
const sorted = [...perBatch].sort((x, y) => x - y);
const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
process.stdout.write(
  `gateway CPU per ${single ? 'single-issue query' : '100-issue page'} (ms), ${batches} batches of ${pages}: median ${median.toFixed(2)}, least ${sorted[0]?.toFixed(2)}` +
    ` [${perBatch.map((v) => v.toFixed(2)).join(' ')}]\n`,
);
await gateway.stop();
sandbox.stop();
process.exit(0);
