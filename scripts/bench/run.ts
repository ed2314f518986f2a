// `npm run bench [-- --quick] [-- --only 1,2,3,4,5]`: the gateway against the
// sandbox, each in its own process on loopback, with autocannon as the load
// generator. Prints Markdown tables (see BENCHMARKS.md for what each means).
import { cpus } from 'node:os';
import { request } from 'undici';
import { SCOPES } from '../../src/auth/scopes.ts';
import {
  GatewayProcess,
  type LoadResult,
  type LoadSpec,
  load,
  startCountingRelay,
  startSandboxProcess,
  timeFlows,
} from './harness.ts';
import {
  distinctPageRequests,
  distinctSingleRequests,
  PAGE_FIELDS,
  PAGE_JQL,
  pageQuery,
  Rest,
  SINGLE_KEY,
  SINGLE_QUERY,
  WORKLOADS,
} from './queries.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args[args.indexOf('--only') + 1];
const only = args.includes('--only') && onlyArg ? new Set(onlyArg.split(',')) : null;
const runs = (section: string): boolean => only === null || only.has(section);

const N_PAGE = quick ? 100 : 300;
const N_SINGLE = quick ? 400 : 1500;
const CONCURRENCIES = quick ? [1, 16] : [1, 16, 64];

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '–');
const f2 = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : '–');
const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

interface SandboxUserInfo {
  name: string;
  token: string;
}

const started = performance.now();
out(`# jgg gateway benchmark${quick ? ' (--quick)' : ''}`);
out();
out(
  `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
out();

// 999 read-only users besides the seven seeded ones: the distinct-identities axis (section 4).
const sandbox = await startSandboxProcess(1000, 1, runs('4') ? 999 : 0);
const usersUrl = `${sandbox.url}/__sandbox/users`;
const users = (await (await fetch(usersUrl)).json()) as SandboxUserInfo[];
const alicePat = users.find((u) => u.name === 'alice')?.token ?? '';
const relay = await startCountingRelay(sandbox.url);
const READ_SCOPES = SCOPES.filter((s) => s.endsWith(':read'));

// Read cache off: every GraphQL request makes its Jira calls, so the overhead is the gateway's own.
const gw = await GatewayProcess.start(sandbox.url, usersUrl, { JGG_CACHE_TTL_MS: '0' });
const [aliceToken] = await gw.tokens('alice', 1, READ_SCOPES);
const auth = `Bearer ${aliceToken}`;
const gqlUrl = `${gw.url}/graphql`;

async function setLatency(ms: number): Promise<void> {
  await fetch(`${sandbox.url}/__sandbox/settings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ latencyMs: ms }),
  });
}

async function sandboxRequests(): Promise<number> {
  const stats = (await (await fetch(`${sandbox.url}/__sandbox/stats`)).json()) as { requests: number };
  return stats.requests;
}

/** Checks a GraphQL query answers without errors before it is timed. */
async function checkQuery(url: string, authorization: string, query: string): Promise<void> {
  const res = await request(url, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await res.body.json()) as { errors?: unknown[] };
  if (res.statusCode !== 200 || body.errors) {
    throw new Error(`query failed (${res.statusCode}): ${JSON.stringify(body).slice(0, 400)}\n${query}`);
  }
}

const gqlSpec = (
  query: string,
  connections: number,
  amount: number,
  url = gqlUrl,
  authorization = auth,
): LoadSpec => ({
  url,
  method: 'POST',
  headers: { authorization, 'content-type': 'application/json' },
  body: JSON.stringify({ query }),
  connections,
  amount,
});

const restUrl = (path: string): string => `${sandbox.url}/rest/api/2${path}`;
const restSpec = (path: string, connections: number, amount: number): LoadSpec => ({
  url: restUrl(path),
  headers: { authorization: `Bearer ${alicePat}`, accept: 'application/json' },
  connections,
  amount,
});

interface Measured extends LoadResult {
  cpuMsPerRequest: number;
  rssMb: number;
}

/** A load run against the gateway, with the gateway's CPU per request and its RSS after. */
async function gatewayLoad(target: GatewayProcess, spec: LoadSpec): Promise<Measured> {
  const before = await target.usage();
  const result = await load(spec);
  const after = await target.usage();
  return {
    ...result,
    cpuMsPerRequest: (after.cpuUs - before.cpuUs) / 1000 / Math.max(1, result.requests),
    rssMb: after.rssBytes / 1024 / 1024,
  };
}

const failed = (r: LoadResult): string =>
  r.non2xx + r.errors > 0 ? ` (${r.non2xx + r.errors} failed!)` : '';

const optimalPage = `/search?jql=${encodeURIComponent(PAGE_JQL)}&maxResults=100&fields=${PAGE_FIELDS.join(',')}`;
const defaultPage = `/search?jql=${encodeURIComponent(PAGE_JQL)}&maxResults=100`;
const optimalSingle = `/issue/${SINGLE_KEY}?fields=${PAGE_FIELDS.join(',')}`;
const defaultSingle = `/issue/${SINGLE_KEY}`;

await checkQuery(gqlUrl, auth, pageQuery(100));
await checkQuery(gqlUrl, auth, SINGLE_QUERY);
// Warm-up: JIT, connection pools, the token cache.
await load(gqlSpec(pageQuery(100), 4, 100));
await load(gqlSpec(SINGLE_QUERY, 4, 300));
await load(restSpec(optimalPage, 4, 100));

// ---------------------------------------------------------------- 1. overhead
if (runs('1')) {
  out('## 1. Overhead: gateway vs. direct REST (sandbox latency 0, gateway read cache off)');
  out();
  out(
    '| read | concurrency | path | p50 ms | p99 ms | req/s | p50 / direct optimal | req/s / direct optimal | gateway CPU ms/req | bytes/resp |',
  );
  out('| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const reads = [
    { name: '100-issue page', n: N_PAGE, query: pageQuery(100), optimal: optimalPage, dflt: defaultPage },
    { name: 'single issue', n: N_SINGLE, query: SINGLE_QUERY, optimal: optimalSingle, dflt: defaultSingle },
  ];
  for (const read of reads) {
    for (const c of CONCURRENCIES) {
      const amount = Math.max(read.n, c * 4);
      const direct = await load(restSpec(read.optimal, c, amount));
      const dflt = await load(restSpec(read.dflt, c, amount));
      const viaGw = await gatewayLoad(gw, gqlSpec(read.query, c, amount));
      const row = (path: string, r: LoadResult, cpu: string): void =>
        out(
          `| ${read.name} | ${c} | ${path} | ${f2(r.p50)} | ${f2(r.p99)} | ${f1(r.rps)} | ${f2(r.p50 / direct.p50)} | ${f2(r.rps / direct.rps)} | ${cpu} | ${kb(r.bytesPerResponse)}${failed(r)} |`,
        );
      row('direct, optimal `fields`', direct, '');
      row('direct, default fields', dflt, '');
      row('**gateway**', viaGw, f2(viaGw.cpuMsPerRequest));
    }
  }
  out();
}

// ------------------------------------------------------------ 2. calls saved
if (runs('2')) {
  const viaRelay = await GatewayProcess.start(relay.url, usersUrl, { JGG_CACHE_TTL_MS: '0' });
  const [relayToken] = await viaRelay.tokens('alice', 1, READ_SCOPES);
  const relayAuth = `Bearer ${relayToken}`;
  const rest = new Rest(relay.url, alicePat);
  out('## 2. Jira calls saved: Jira requests and bytes per query (one query, read cache off)');
  out();
  out(
    '| query | shape | gateway: Jira requests | gateway: bytes from Jira | naive REST | naive: Jira requests | naive: bytes from Jira | requests saved | bytes saved |',
  );
  out('| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |');
  for (const w of WORKLOADS) {
    await checkQuery(`${viaRelay.url}/graphql`, relayAuth, w.query);
    let r0 = await sandboxRequests();
    relay.reset();
    await checkQuery(`${viaRelay.url}/graphql`, relayAuth, w.query);
    const gwCalls = (await sandboxRequests()) - r0;
    const gwBytes = relay.counts().fromJira;
    r0 = await sandboxRequests();
    relay.reset();
    await w.naive(rest);
    const naiveCalls = (await sandboxRequests()) - r0;
    const naiveBytes = relay.counts().fromJira;
    out(
      `| ${w.name} | ${w.shape} | ${gwCalls} | ${kb(gwBytes)} | ${w.naiveDescription} | ${naiveCalls} | ${kb(naiveBytes)} | ${naiveCalls - gwCalls} | ${f1(100 * (1 - gwBytes / naiveBytes))}% |`,
    );
  }
  out();
  await viaRelay.stop();
}

// --------------------------------------------------------- 3. authentication
if (runs('3')) {
  const n = quick ? 300 : 1000;
  const cold = await gw.tokens('alice', n, READ_SCOPES);
  const typename = 'mutation { __typename }';
  const base = (authorizations?: readonly string[]): LoadSpec => ({
    url: gqlUrl,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: typename }),
    authorizations,
    connections: 1,
    amount: n,
  });
  await load(base());
  const none = await gatewayLoad(gw, base());
  const warm = await gatewayLoad(gw, base([auth]));
  const coldRun = await gatewayLoad(gw, base(cold.map((t) => `Bearer ${t}`)));
  out('## 3. Authentication: cost per request of token verification');
  out();
  out(
    `\`mutation { __typename }\` (no Jira call), concurrency 1, ${n} requests each; "cold" uses ${n} freshly minted tokens, each once (token cache miss: SQLite look-up by HMAC, identity read, last-used write).`,
  );
  out();
  out('| token | p50 ms | p99 ms | gateway CPU ms/req | added CPU vs. no token |');
  out('| --- | ---: | ---: | ---: | ---: |');
  for (const [name, r] of [
    ['none (signIn-only operation)', none],
    ['warm cache', warm],
    ['cold cache', coldRun],
  ] as const) {
    out(
      `| ${name} | ${f2(r.p50)} | ${f2(r.p99)} | ${f2(r.cpuMsPerRequest)} | ${f2(r.cpuMsPerRequest - none.cpuMsPerRequest)}${failed(r)} |`,
    );
  }
  out();
}

// ------------------------------------------------------------------ 4. scale
if (runs('4')) {
  out('## 4. Scale (sandbox latency 0, gateway read cache off)');
  out();
  out('### Page size (concurrency 16)');
  out();
  out(
    '| page size | gateway p50 ms | p99 ms | req/s | direct optimal p50 ms | gateway CPU ms/req | gateway RSS MB |',
  );
  out('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const size of [10, 25, 50, 100]) {
    const amount = quick ? 100 : 300;
    const direct = await load(
      restSpec(
        `/search?jql=${encodeURIComponent(PAGE_JQL)}&maxResults=${size}&fields=${PAGE_FIELDS.join(',')}`,
        16,
        amount,
      ),
    );
    const r = await gatewayLoad(gw, gqlSpec(pageQuery(size), 16, amount));
    out(
      `| ${size} | ${f2(r.p50)} | ${f2(r.p99)} | ${f1(r.rps)} | ${f2(direct.p50)} | ${f2(r.cpuMsPerRequest)} | ${f1(r.rssMb)}${failed(r)} |`,
    );
  }
  out();
  out('### Concurrency (100-issue page)');
  out();
  out('| concurrency | gateway p50 ms | p99 ms | req/s | gateway CPU ms/req | gateway RSS MB |');
  out('| ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const c of quick ? [1, 16, 64, 256] : [1, 4, 16, 64, 256]) {
    const r = await gatewayLoad(gw, gqlSpec(pageQuery(100), c, Math.max(quick ? 100 : 300, c * 2)));
    out(
      `| ${c} | ${f2(r.p50)} | ${f2(r.p99)} | ${f1(r.rps)} | ${f2(r.cpuMsPerRequest)} | ${f1(r.rssMb)}${failed(r)} |`,
    );
  }
  out();
  out('### Distinct identities (single issue, concurrency 16, round robin)');
  out();
  out(
    "Each identity is a Jira user of its own (alice, then the sandbox's `--readers` reader1..999), linked with its own credential and holding one token; the read cache is off. Reads in flight are shared only within one identity, so the Jira requests per query grow with the identities, as do the token-cache and credential work.",
  );
  out();
  out(
    '| identities | gateway p50 ms | p99 ms | req/s | Jira req/query | gateway CPU ms/req | gateway RSS MB |',
  );
  out('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const pool = [auth];
  for (let i = 1; i <= 999; i++) {
    const [token] = await gw.tokens(`reader${i}`, 1, READ_SCOPES);
    pool.push(`Bearer ${token}`);
  }
  // The readers must see the issue (no security level), or the rows would measure nulls.
  const seen = await request(gqlUrl, {
    method: 'POST',
    headers: { authorization: pool[999] as string, 'content-type': 'application/json' },
    body: JSON.stringify({ query: SINGLE_QUERY }),
  });
  const seenBody = (await seen.body.json()) as { data?: { issue?: { key?: string } | null } };
  if (seenBody.data?.issue?.key !== SINGLE_KEY) {
    throw new Error(`reader999 cannot read ${SINGLE_KEY}: ${JSON.stringify(seenBody).slice(0, 300)}`);
  }
  for (const count of [1, 10, 100, 1000]) {
    const auths = pool.slice(0, count);
    const amount = Math.max(quick ? 400 : 1500, count * 2);
    // One pass first, so every token is in the token cache.
    await load({ ...gqlSpec(SINGLE_QUERY, Math.min(16, count), count), authorizations: auths });
    const r0 = await sandboxRequests();
    const r = await gatewayLoad(gw, { ...gqlSpec(SINGLE_QUERY, 16, amount), authorizations: auths });
    const jiraPerQuery = ((await sandboxRequests()) - r0) / Math.max(1, r.requests);
    out(
      `| ${count} | ${f2(r.p50)} | ${f2(r.p99)} | ${f1(r.rps)} | ${f2(jiraPerQuery)} | ${f2(r.cpuMsPerRequest)} | ${f1(r.rssMb)}${failed(r)} |`,
    );
  }
  out();
}

// ------------------------------------------------------- 5. upstream latency
if (runs('5')) {
  const cached = await GatewayProcess.start(sandbox.url, usersUrl, {});
  const [cachedToken] = await cached.tokens('alice', 1, READ_SCOPES);
  const cachedAuth = `Bearer ${cachedToken}`;
  await setLatency(50);
  try {
    out('## 5. Upstream latency: the sandbox answering in 50 ms, concurrency 16');
    out();
    const amount = quick ? 96 : 320;
    const direct = await load(restSpec(optimalPage, 16, amount));
    const viaGw = await gatewayLoad(gw, gqlSpec(pageQuery(100), 16, amount));
    const viaCached = await gatewayLoad(
      cached,
      gqlSpec(pageQuery(100), 16, amount, `${cached.url}/graphql`, cachedAuth),
    );
    const ratio = viaGw.p50 / direct.p50;
    const cachedRatio = viaCached.p50 / direct.p50;
    const verdict = (r: number) => `**${f2(r)}** (target ≤ 1.10: ${r <= 1.1 ? 'met' : 'missed'})`;
    out('| 100-issue page | p50 ms | p99 ms | req/s | p50 / direct optimal |');
    out('| --- | ---: | ---: | ---: | ---: |');
    out(`| direct, optimal \`fields\` | ${f2(direct.p50)} | ${f2(direct.p99)} | ${f1(direct.rps)} | 1.00 |`);
    out(
      `| gateway, read cache off (every query calls Jira; identical reads in flight shared) | ${f2(viaGw.p50)} | ${f2(viaGw.p99)} | ${f1(viaGw.rps)} | ${verdict(ratio)} |`,
    );
    out(
      `| gateway, default settings (10 s read cache) | ${f2(viaCached.p50)} | ${f2(viaCached.p99)} | ${f1(viaCached.rps)} | ${verdict(cachedRatio)} |`,
    );
    out();
    out(
      'Batching and caching: each query through the gateway with the read cache off (every query calls Jira; reads in flight are shared) and on (default 10 s TTL; 16 clients of one identity repeat the query), against the naive REST way (8 calls at a time per client).',
    );
    out();
    out(
      '| query | naive REST p50 ms | gateway, cache off p50 ms | Jira req/query | gateway, cache on p50 ms | Jira req/query |',
    );
    out('| --- | ---: | ---: | ---: | ---: | ---: |');
    const rest = new Rest(sandbox.url, alicePat);
    for (const w of WORKLOADS) {
      const n = quick ? 32 : 96;
      const naive = await timeFlows(() => w.naive(rest), 16, n);
      let r0 = await sandboxRequests();
      const off = await load(gqlSpec(w.query, 16, n));
      const offCalls = ((await sandboxRequests()) - r0) / n;
      r0 = await sandboxRequests();
      const on = await load(gqlSpec(w.query, 16, n, `${cached.url}/graphql`, cachedAuth));
      const onCalls = ((await sandboxRequests()) - r0) / n;
      out(
        `| ${w.name} | ${f1(naive.p50)} | ${f1(off.p50)} | ${f2(offCalls)} | ${f1(on.p50)} | ${f2(onCalls)}${failed(off)}${failed(on)} |`,
      );
    }
    out();
  } finally {
    await setLatency(0);
    await cached.stop();
  }
}

// ------------------------------------------------------------ CPU vs targets
if (runs('cpu') || only === null) {
  // Noise from the other processes on a shared machine only ever adds CPU,
  // so each figure is the median of several batches, with the least beside it.
  // Every request asks for a different page or issue, so none shares a Jira
  // read in flight with another: each pays for its own Jira answer.
  const batches = quick ? 3 : 7;
  const pages = distinctPageRequests(200);
  const singles = distinctSingleRequests(200);
  for (const body of [pages[0], singles[0]]) {
    const res = await request(gqlUrl, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body,
    });
    const answer = (await res.body.json()) as { errors?: unknown; data?: { issues?: { nodes: unknown[] } } };
    if (answer.errors || (answer.data?.issues && answer.data.issues.nodes.length !== 100)) {
      throw new Error(`unexpected answer: ${JSON.stringify(answer).slice(0, 400)}`);
    }
  }
  const cpuOf = async (bodies: readonly string[], connections: number, amount: number) => {
    const perBatch: number[] = [];
    for (let b = 0; b < batches; b++) {
      const spec = { ...gqlSpec('', connections, amount), bodies };
      const measured = await gatewayLoad(gw, spec);
      if (measured.non2xx + measured.errors > 0 || measured.bytesPerResponse < 500) {
        throw new Error(`CPU runs failed: ${JSON.stringify(measured)}`);
      }
      perBatch.push(measured.cpuMsPerRequest);
    }
    const sorted = perBatch.sort((x, y) => x - y);
    return { median: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN, least: sorted[0] ?? Number.NaN };
  };
  out(
    `## Gateway CPU per request vs. targets (sandbox latency 0, warm token cache, no read shared, median of ${batches} batches)`,
  );
  out();
  out('| read | concurrency | gateway CPU ms/req, median | least | target |');
  out('| --- | ---: | ---: | ---: | --- |');
  for (const connections of [1, 4]) {
    const page = await cpuOf(pages, connections, quick ? 100 : 200);
    out(
      `| 100-issue page, 8 fields | ${connections} | ${f2(page.median)} | ${f2(page.least)} | ≤ 5 ms: ${page.median <= 5 ? 'met' : 'missed'} |`,
    );
  }
  for (const connections of [1, 4]) {
    const single = await cpuOf(singles, connections, quick ? 400 : 1000);
    out(
      `| single issue | ${connections} | ${f2(single.median)} | ${f2(single.least)} | ≤ 1 ms: ${single.median <= 1 ? 'met' : 'missed'} |`,
    );
  }
  out();
}

await gw.stop();
await relay.close();
sandbox.stop();
out(`Total time: ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exit(0);
