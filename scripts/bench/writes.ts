// `npx tsx scripts/bench/writes.ts [--n 200]`: what a write costs through the
// gateway next to the same write sent straight to Jira's REST API, on both
// flavours. The sandbox and the gateway each run in a process of their own;
// writes go one at a time (a script triaging issues), the read cache is off.
// Prints a Markdown table for BENCHMARKS.md ("Writes").
import { cpus } from 'node:os';
import { request } from 'undici';
import { GatewayProcess, percentile, startSandboxProcess } from './harness.ts';
import { BENCH_ISSUE_DESCRIPTION, CREATE_ISSUE, TRANSITION_ISSUE } from './queries.ts';

const args = process.argv.slice(2);
const nArg = args[args.indexOf('--n') + 1];
const N = args.includes('--n') && nArg ? Number(nArg) : 200;
const WARMUP = 30;

interface SandboxUserInfo {
  name: string;
  token: string;
  emailAddress: string;
}

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
const f2 = (n: number): string => n.toFixed(2);

async function send(
  url: string,
  method: 'GET' | 'POST' | 'PUT',
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await request(url, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, json: text === '' ? null : (JSON.parse(text) as unknown) };
}

interface Timing {
  p50: number;
  p90: number;
  cpuMsPerOp: number | null;
}

/** Runs `op` N times after a warm-up, one at a time; the gateway's CPU per op when a gateway is given. */
async function time(op: (i: number) => Promise<void>, gw: GatewayProcess | null): Promise<Timing> {
  for (let i = 0; i < WARMUP; i++) await op(i);
  const before = gw ? await gw.usage() : null;
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await op(WARMUP + i);
    times.push(performance.now() - t0);
  }
  const after = gw ? await gw.usage() : null;
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p90: percentile(times, 90),
    cpuMsPerOp: before && after ? (after.cpuUs - before.cpuUs) / 1000 / N : null,
  };
}

out(
  `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; N = ${N} per row, one at a time`,
);
out();
out('| flavour | operation | path | p50 ms | p90 ms | gateway CPU ms/op |');
out('| --- | --- | --- | ---: | ---: | ---: |');

for (const flavor of ['datacenter', 'cloud'] as const) {
  const sandbox = await startSandboxProcess(1000, 1, 0, flavor);
  const usersUrl = `${sandbox.url}/__sandbox/users`;
  const users = (await (await fetch(usersUrl)).json()) as SandboxUserInfo[];
  const alice = users.find((u) => u.name === 'alice');
  if (!alice) throw new Error('no alice in the sandbox');
  const gw = await GatewayProcess.start(sandbox.url, usersUrl, {
    JGG_CACHE_TTL_MS: '0',
    JGG_JIRA_FLAVOR: flavor,
  });
  const [token] = await gw.tokens('alice', 1, ['issues:write']);
  const gql = async (query: string, variables: Record<string, unknown>): Promise<unknown> => {
    const { status, json } = await send(
      `${gw.url}/graphql`,
      'POST',
      { authorization: `Bearer ${token}` },
      { query, variables },
    );
    const body = json as { errors?: unknown };
    if (status !== 200 || body.errors) throw new Error(`gateway: ${status} ${JSON.stringify(json)}`);
    return json;
  };
  const jiraAuth =
    flavor === 'cloud'
      ? `Basic ${Buffer.from(`${alice.emailAddress}:${alice.token}`).toString('base64')}`
      : `Bearer ${alice.token}`;
  const api = `${sandbox.url}${flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2'}`;
  const rest = async (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<unknown> => {
    const { status, json } = await send(`${api}${path}`, method, { authorization: jiraAuth }, body);
    if (status >= 300) throw new Error(`jira: ${status} ${JSON.stringify(json)}`);
    return json;
  };
  const description = BENCH_ISSUE_DESCRIPTION;
  const jiraDescription =
    flavor === 'cloud'
      ? {
          type: 'doc',
          version: 1,
          content: [{ type: 'paragraph', content: [{ type: 'text', text: description }] }],
        }
      : description;

  const row = (operation: string, path: string, t: Timing): void =>
    out(
      `| ${flavor} | ${operation} | ${path} | ${f2(t.p50)} | ${f2(t.p90)} | ${t.cpuMsPerOp === null ? '–' : f2(t.cpuMsPerOp)} |`,
    );

  row(
    'createIssue',
    '**gateway** (answer: the key)',
    await time((i) => gql(CREATE_ISSUE, { summary: `bench issue ${i}` }).then(() => undefined), gw),
  );
  row(
    'createIssue',
    'direct REST POST /issue',
    await time(
      (i) =>
        rest('POST', '/issue', {
          fields: {
            project: { key: 'PROJ' },
            issuetype: { name: 'Task' },
            summary: `direct issue ${i}`,
            description: jiraDescription,
            labels: ['bench'],
          },
        }).then(() => undefined),
      null,
    ),
  );

  // Back and forth between two statuses, by name, as a script would.
  const created = (await gql(CREATE_ISSUE, { summary: 'bench transitions' })) as {
    data: { createIssue: { issue: { key: string } } };
  };
  const key = created.data.createIssue.issue.key;
  const target = (i: number): string => (i % 2 === 0 ? 'In Progress' : 'To Do');
  row(
    'transitionIssue',
    '**gateway** (by status name)',
    await time((i) => gql(TRANSITION_ISSUE, { key, to: target(i) }).then(() => undefined), gw),
  );
  const byName = async (i: number): Promise<void> => {
    const offered = (await rest('GET', `/issue/${key}/transitions`)) as {
      transitions: Array<{ id: string; to: { name: string } }>;
    };
    const id = offered.transitions.find((t) => t.to.name === target(i))?.id;
    await rest('POST', `/issue/${key}/transitions`, { transition: { id } });
  };
  row('transitionIssue', 'direct REST GET + POST transitions (by name)', await time(byName, null));
  gw.child.kill('SIGTERM');
  sandbox.stop();
}
process.exit(0);
