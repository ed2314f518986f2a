// Gateway CPU per 100-issue page, sequentially, with the answer cache off;
// optionally under the V8 profiler. For finding hot spots (issue 5):
//   npx tsx scripts/bench/profile-page.ts [--prof DIR] [--development] [--pages N]
// The gateway runs with NODE_ENV=production, as `jgg serve` does; --development measures without.
import { GatewayProcess, startSandboxProcess } from './harness.ts';
import { pageQuery } from './queries.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
};
const profDir = option('--prof');
const pages = Number(option('--pages') ?? 300);

const sandbox = await startSandboxProcess(1000, 1);
const gateway = await GatewayProcess.start(
  sandbox.url,
  `${sandbox.url}/__sandbox/users`,
  { JGG_CACHE_TTL_MS: '0', ...(args.includes('--development') ? { NODE_ENV: 'development' } : {}) },
  profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
);
const [token] = await gateway.tokens('alice', 1, ['issues:read', 'users:read']);
const query = JSON.stringify({ query: pageQuery(100) });
const post = async () => {
  const res = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: query,
  });
  return res.text();
};
// A page that answers errors would measure the wrong thing.
const first = JSON.parse(await post()) as { data?: { issues?: { nodes?: unknown[] } }; errors?: unknown[] };
if (first.errors || first.data?.issues?.nodes?.length !== 100) {
  throw new Error(`unexpected answer: ${JSON.stringify(first).slice(0, 500)}`);
}
for (let i = 0; i < 20; i++) await post(); // warm up: JIT, token cache, pools
const before = await gateway.usage();
for (let i = 0; i < pages; i++) await post();
const after = await gateway.usage();
process.stdout.write(
  `gateway CPU per 100-issue page: ${((after.cpuUs - before.cpuUs) / 1000 / pages).toFixed(2)} ms\n`,
);
await gateway.stop();
sandbox.stop();
process.exit(0);
