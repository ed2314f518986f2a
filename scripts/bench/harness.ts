// Processes and load for the gateway benchmark: the sandbox and the gateway
// each in a process of their own on loopback, a byte-counting TCP relay, and
// autocannon as the load generator (with every response time kept, to the
// microsecond, for exact percentiles).
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo as NetAddress, type Server } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { GatewayReply, GatewayRequest } from './gateway-process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GATEWAY_SCRIPT = fileURLToPath(new URL('./gateway-process.ts', import.meta.url));

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as NetAddress;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** utime + stime of a process, in microseconds (Linux /proc; 10 ms ticks). */
export function procCpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat; after the ")" the list starts at field 3.
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
}

export interface Sandbox {
  url: string;
  pid: number;
  stop(): void;
}

export async function startSandboxProcess(
  issues: number,
  seed: number,
  readers = 0,
  flavor: 'datacenter' | 'cloud' = 'datacenter',
): Promise<Sandbox> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      'bin/jgg.js',
      'sandbox',
      ...[
        '--port',
        String(port),
        '--issues',
        String(issues),
        '--seed',
        String(seed),
        '--readers',
        String(readers),
        '--flavor',
        flavor,
      ],
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready in')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${out}`)));
  });
  child.stdout?.resume();
  // Never leave the sandbox behind when the bench fails.
  process.once('exit', () => child.kill('SIGTERM'));
  return { url: `http://127.0.0.1:${port}`, pid: child.pid ?? 0, stop: () => child.kill('SIGTERM') };
}

export interface Usage {
  cpuUs: number;
  rssBytes: number;
  heapBytes: number;
}

export class GatewayProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: GatewayReply) => void>();
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (reply: GatewayReply) => {
      if (reply.op === 'ready') return;
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
  }

  static async start(
    jiraUrl: string,
    usersUrl: string,
    env: Record<string, string>,
    nodeArgs: string[] = [],
    /** Another checkout to run the gateway from (scripts/bench/ab.ts); this one by default. */
    root: string = ROOT,
  ): Promise<GatewayProcess> {
    const script = root === ROOT ? GATEWAY_SCRIPT : join(root, 'scripts/bench/gateway-process.ts');
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, jiraUrl, usersUrl], {
      cwd: root,
      // stdout carries the gateway's (info-level) request log; it is written and thrown away.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      // As `jgg serve` runs (bin/jgg.js): graphql-js without its development checks.
      env: { ...process.env, NODE_ENV: 'production', ...env },
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.once('message', (reply: GatewayReply) => {
        if (reply.op === 'ready') resolve(reply.url);
      });
      child.once('exit', (code) => reject(new Error(`gateway exited with ${code}`)));
    });
    process.once('exit', () => child.kill('SIGTERM'));
    return new GatewayProcess(child, url);
  }

  private ask(request: GatewayRequest): Promise<GatewayReply> {
    return new Promise((resolve) => {
      this.waiting.set(request.id, resolve);
      this.child.send(request);
    });
  }

  async tokens(user: string, count: number, scopes: string[]): Promise<string[]> {
    const reply = await this.ask({ op: 'tokens', id: this.nextId++, user, count, scopes });
    if (reply.op !== 'tokens') throw new Error('unexpected reply');
    return reply.tokens;
  }

  async usage(): Promise<Usage> {
    const reply = await this.ask({ op: 'usage', id: this.nextId++ });
    if (reply.op !== 'usage') throw new Error('unexpected reply');
    return { cpuUs: reply.cpuUs, rssBytes: reply.rssBytes, heapBytes: reply.heapBytes };
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    await exited;
  }
}

/** A TCP relay in front of the sandbox that counts the bytes each way. */
export interface CountingRelay {
  url: string;
  counts(): { toJira: number; fromJira: number; connections: number };
  reset(): void;
  close(): Promise<void>;
}

export async function startCountingRelay(targetUrl: string): Promise<CountingRelay> {
  const target = new URL(targetUrl);
  let toJira = 0;
  let fromJira = 0;
  let connections = 0;
  const server: Server = createServer((client) => {
    connections++;
    const upstream = connect(Number(target.port), target.hostname);
    client.on('data', (chunk: Buffer) => {
      toJira += chunk.length;
    });
    upstream.on('data', (chunk: Buffer) => {
      fromJira += chunk.length;
    });
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as NetAddress;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ toJira, fromJira, connections }),
    reset() {
      toJira = 0;
      fromJira = 0;
      connections = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets would hold close() open.
        setTimeout(resolve, 200).unref();
      }),
  };
}

export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** When set, each request carries the next of these as Authorization (round robin). */
  authorizations?: readonly string[];
  /** When set, each request carries the next of these as its body (round robin), instead of `body`. */
  bodies?: readonly string[];
  connections: number;
  amount: number;
}

export interface LoadResult {
  requests: number;
  p50: number;
  p99: number;
  mean: number;
  rps: number;
  non2xx: number;
  errors: number;
  bytesPerResponse: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export async function load(spec: LoadSpec): Promise<LoadResult> {
  const times: number[] = [];
  let rotation = 0;
  let bodyRotation = 0;
  const auths = spec.authorizations;
  const bodies = spec.bodies;
  const base = { ...(spec.headers ?? {}) };
  const t0 = performance.now();
  let lastAt = t0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        method: spec.method ?? 'GET',
        headers: base,
        body: spec.body,
        connections: spec.connections,
        amount: spec.amount,
        timeout: 60,
        requests:
          auths || bodies
            ? [
                {
                  setupRequest: (request) => {
                    const headers = auths
                      ? { ...base, authorization: auths[rotation++ % auths.length] as string }
                      : request.headers;
                    const body = bodies ? bodies[bodyRotation++ % bodies.length] : request.body;
                    return { ...request, headers, body };
                  },
                },
              ]
            : undefined,
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      times.push(responseTime);
      lastAt = performance.now();
    });
  });
  // autocannon reports completion on its 1 s tick; the last response is the real end.
  const seconds = (lastAt - t0) / 1000;
  times.sort((a, b) => a - b);
  const total = times.reduce((s, t) => s + t, 0);
  return {
    requests: result.requests.total,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    mean: total / Math.max(1, times.length),
    rps: result.requests.total / seconds,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    bytesPerResponse: result.throughput.total / Math.max(1, result.requests.total),
  };
}

/** Runs `flow` `count` times, `concurrency` at once; answers each run's wall time in ms. */
export async function timeFlows(
  flow: () => Promise<unknown>,
  concurrency: number,
  count: number,
): Promise<{ p50: number; p99: number; rps: number }> {
  const times: number[] = [];
  let started = 0;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (started < count) {
      started++;
      const t = performance.now();
      await flow();
      times.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), rps: count / seconds };
}
