// `npm run bench:export [-- --sizes 10000,100000] [-- --runs 3] [-- --flavor datacenter|cloud] [-- --max-old-space-mb N]`:
// the time and peak memory of exporting N issues as CSV through the gateway
// (GET /export/issues.csv, 8 fields) next to paging Jira's REST API directly
// with the same `fields` (export-direct.ts). The sandbox, the gateway and the
// direct client each run in a process of their own; the gateway's memory is
// its resident set sampled every 20 ms during the export (peak, and above
// what it held before), the direct client's its own peak (VmHWM). Runs
// alternate direct and gateway; medians are printed as Markdown.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { GatewayProcess, percentile, startSandboxProcess } from './harness.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
};
const SIZES = (option('--sizes') ?? '10000,100000').split(',').map(Number);
const RUNS = Number(option('--runs') ?? 3);
const FLAVORS = (option('--flavor') ?? 'datacenter,cloud').split(',') as ('datacenter' | 'cloud')[];
/** `--max-old-space-mb N` caps the gateway's V8 old space: an export that completes under a small cap holds no more. */
const HEAP_CAP = option('--max-old-space-mb');

const JQL = 'created >= -800d ORDER BY created DESC';
const WARM_UP_JQL = 'created >= -30d ORDER BY created DESC';
const EXPORT_FIELDS = 'key,summary,status,assignee,created,updated,priority,issuetype';
const JIRA_FIELDS = 'summary,status,assignee,created,updated,priority,issuetype';

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
const median = (xs: number[]): number =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

interface Run {
  ms: number;
  rows: number;
  peakRssBytes: number;
  /** The gateway's peak during the export above its resident set just before (0 for direct). */
  growthBytes: number;
}

async function direct(jiraUrl: string, flavor: string, authorization: string, jql = JQL): Promise<Run> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/bench/export-direct.ts', jiraUrl, flavor, authorization, jql, JIRA_FIELDS],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let text = '';
  child.stdout.on('data', (c: Buffer) => {
    text += c.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`export-direct exited ${code}`);
  const result = JSON.parse(text) as { issues: number; ms: number; peakRssBytes: number };
  return { ms: result.ms, rows: result.issues, peakRssBytes: result.peakRssBytes, growthBytes: 0 };
}

async function viaGateway(gateway: GatewayProcess, secret: string, jql = JQL): Promise<Run> {
  const pid = gateway.child.pid ?? 0;
  const before = rssOf(pid);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 20);
  const url = new URL(`${gateway.url}/export/issues.csv`);
  url.searchParams.set('jql', jql);
  url.searchParams.set('fields', EXPORT_FIELDS);
  const started = performance.now();
  const res = await request(url, {
    headers: { authorization: `Basic ${Buffer.from(`bench:${secret}`).toString('base64')}` },
  });
  if (res.statusCode !== 200) throw new Error(`export answered ${res.statusCode}: ${await res.body.text()}`);
  let lines = 0;
  let tail = '';
  for await (const chunk of res.body) {
    const text = (chunk as Buffer).toString('utf8');
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    tail = text.slice(-200);
  }
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, rssOf(pid));
  if (tail.includes('#ERROR')) throw new Error(`export ended in an error: ${tail}`);
  return { ms, rows: lines - 1, peakRssBytes: peak, growthBytes: peak - before };
}

out(
  '| flavour | issues | direct REST: time | via /export/issues.csv: time | ratio | direct: peak RSS | gateway: peak RSS (growth during export) |',
);
out('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const flavor of FLAVORS) {
  for (const size of SIZES) {
    const sandbox = await startSandboxProcess(size, 1, 0, flavor);
    const users = (await (await fetch(`${sandbox.url}/__sandbox/users`)).json()) as {
      name: string;
      token: string;
      emailAddress: string;
    }[];
    const admin = users.find((u) => u.name === 'admin');
    if (!admin) throw new Error('no admin in the sandbox');
    const authorization =
      flavor === 'cloud'
        ? `Basic ${Buffer.from(`${admin.emailAddress}:${admin.token}`).toString('base64')}`
        : `Bearer ${admin.token}`;
    const gateway = await GatewayProcess.start(
      sandbox.url,
      `${sandbox.url}/__sandbox/users`,
      { JGG_JIRA_FLAVOR: flavor, JGG_RATE_LIMIT_PER_HOUR: '100000000', JGG_LOG_LEVEL: 'warn' },
      HEAP_CAP ? [`--max-old-space-size=${HEAP_CAP}`] : [],
    );
    const [secret] = await gateway.tokens('admin', 1, ['issues:read']);
    if (!secret) throw new Error('no token');
    // A short export of each first, unmeasured: the sandbox's and the gateway's first pages warm their code.
    await direct(sandbox.url, flavor, authorization, WARM_UP_JQL);
    await viaGateway(gateway, secret, WARM_UP_JQL);
    const directRuns: Run[] = [];
    const gatewayRuns: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      directRuns.push(await direct(sandbox.url, flavor, authorization));
      gatewayRuns.push(await viaGateway(gateway, secret));
    }
    const rows = new Set([...directRuns, ...gatewayRuns].map((r) => r.rows));
    if (rows.size !== 1) throw new Error(`runs disagree on the number of issues: ${[...rows].join(', ')}`);
    const d = median(directRuns.map((r) => r.ms));
    const g = median(gatewayRuns.map((r) => r.ms));
    out(
      `| ${flavor} | ${[...rows][0]} | ${(d / 1000).toFixed(2)} s | ${(g / 1000).toFixed(2)} s | ${(g / d).toFixed(2)}× | ` +
        `${mb(median(directRuns.map((r) => r.peakRssBytes)))} MB | ` +
        `${mb(Math.max(...gatewayRuns.map((r) => r.peakRssBytes)))} MB (+${mb(Math.max(...gatewayRuns.map((r) => r.growthBytes)))} MB) |`,
    );
    await gateway.stop();
    sandbox.stop();
  }
}
