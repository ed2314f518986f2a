// The sandbox HTTP server: node:http with find-my-way routing (small, fast,
// Fastify's own router). It owns the plumbing every route shares:
// authentication, rate limits, fault injection, request counting, JSON.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import Router from 'find-my-way';
import { authenticate } from './auth.ts';
import { generateSandboxData } from './generate/index.ts';
import {
  asObject,
  INJECTABLE_STATUSES,
  injectedError,
  isInjectableStatus,
  jiraError,
  mustAuthenticate,
  type RouteContext,
  type RouteDefinition,
  type RouteResult,
  type SandboxSettings,
} from './http.ts';
import type { Flavor, SandboxData } from './model.ts';
import { CLOUD_RATE_LIMIT_REASONS, createRateLimiter, isCloudRateLimitReason } from './rate-limit.ts';
import { sandboxRoutes } from './routes/index.ts';
import { SandboxStore } from './store.ts';

export interface SandboxOptions extends Partial<SandboxSettings> {
  flavor?: Flavor;
  /** Seeded data; generated from seed/issues when absent. */
  data?: SandboxData;
  seed?: number;
  issues?: number;
  /** Extra read-only users reader1..N (generate.ts), for load tests with many identities. */
  readers?: number;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface SandboxStats {
  requests: number;
  byRoute: Record<string, number>;
}

export interface RunningSandbox {
  url: string;
  store: SandboxStore;
  settings: SandboxSettings;
  stats: SandboxStats;
  server: Server;
  close(): Promise<void>;
}

interface RouteStore {
  definition: RouteDefinition;
  /** "GET /rest/api/2/issue/{issueIdOrKey}", the key of /__sandbox/stats. */
  label: string;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export function defaultSettings(flavor: Flavor): SandboxSettings {
  return {
    flavor,
    maxResultsCap: 1000,
    latencyMs: 0,
    errorRate: 0,
    errorStatus: 503,
    slowRate: 0,
    slowMs: 3000,
    rateLimit: 0,
    rateLimitIntervalSeconds: 1,
    rateLimitReason: 'jira-burst-based',
  };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const flavor = options.flavor ?? 'datacenter';
  const data =
    options.data ??
    generateSandboxData({
      seed: options.seed ?? 1,
      issues: options.issues ?? 1000,
      readers: options.readers ?? 0,
    });
  const store = new SandboxStore(data);
  const settings: SandboxSettings = { ...defaultSettings(flavor), ...pickSettings(options), flavor };
  const stats: SandboxStats = { requests: 0, byRoute: {} };
  const limiter = createRateLimiter();
  const router = Router({ ignoreTrailingSlash: true });
  for (const definition of sandboxRoutes(flavor)) {
    const label = `${definition.method} ${definition.path.replace(/:(\w+)/g, '{$1}')}`;
    const routeStore: RouteStore = { definition, label };
    router.on(definition.method, definition.path, () => undefined, routeStore);
  }
  let requestSeq = 0;

  /**
   * The bucket a request takes from, or null when it is not limited: the user
   * on Data Center and for Cloud's burst limit, the whole site for Cloud's
   * quotas, the issue for Cloud's per-issue write limit (writes to an issue
   * only; an unknown issue is the route's 404 to give, not a limit).
   */
  function rateLimitScope(caller: string, method: string, issueRef: string | undefined): string | null {
    if (flavor === 'datacenter') return `user:${caller}`;
    switch (settings.rateLimitReason) {
      case 'jira-burst-based':
        return `user:${caller}`;
      case 'jira-quota-tenant-based':
      case 'jira-quota-global-based':
        return 'site';
      case 'jira-per-issue-on-write': {
        if (method === 'GET' || issueRef === undefined) return null;
        const issue = store.findIssue(issueRef);
        return issue ? `issue:${issue.id}` : null;
      }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = (req.method ?? 'GET').toUpperCase();
    const baseUrl = `http://${req.headers.host ?? 'localhost'}`;

    if (url.pathname.startsWith('/__sandbox/')) {
      const body = method === 'POST' ? await readJson(req) : undefined;
      send(res, control(method, url.pathname, body));
      return;
    }

    stats.requests += 1;
    const found = router.find(method as Router.HTTPMethod, url.pathname);
    const route = found?.store as RouteStore | undefined;
    const label = route?.label ?? `${method} ${url.pathname}`;
    stats.byRoute[label] = (stats.byRoute[label] ?? 0) + 1;

    const headers: Record<string, string> = {
      'X-AREQUESTID': `${Math.floor(Date.now() / 60000) % 1440}x${++requestSeq}x1`,
    };
    const auth = authenticate(store, flavor, req.headers);
    if (auth.kind === 'rejected') {
      // Real Jira says why a login failed in a header rather than the body.
      headers['X-Seraph-LoginReason'] = 'AUTHENTICATED_FAILED';
      if (flavor === 'datacenter') headers['X-AUSERNAME'] = 'anonymous';
      await drain(req);
      send(res, {
        ...mustAuthenticate(),
        headers,
      });
      return;
    }
    const user = auth.kind === 'user' ? auth.user : null;
    if (flavor === 'datacenter') headers['X-AUSERNAME'] = user?.name ?? 'anonymous';
    else if (user) headers['X-AACCOUNTID'] = user.accountId;

    const limitScope =
      settings.rateLimit > 0
        ? rateLimitScope(
            user?.key ?? `anon:${req.socket.remoteAddress ?? ''}`,
            method,
            found?.params.issueIdOrKey,
          )
        : null;
    if (limitScope !== null) {
      const decision = limiter.take(limitScope, {
        limit: settings.rateLimit,
        intervalSeconds: settings.rateLimitIntervalSeconds,
        flavor,
        reason: settings.rateLimitReason,
      });
      Object.assign(headers, decision.headers);
      if (!decision.allowed) {
        await drain(req);
        send(res, { ...jiraError(429, ['Rate limit exceeded.']), headers });
        return;
      }
    }

    if (settings.latencyMs > 0) await sleep(settings.latencyMs);
    if (settings.slowRate > 0 && Math.random() < settings.slowRate) await sleep(settings.slowMs);
    if (settings.errorRate > 0 && Math.random() < settings.errorRate) {
      await drain(req);
      const injected = injectedError(settings.errorStatus, flavor);
      send(res, { ...injected, headers: { ...headers, ...injected.headers } });
      return;
    }

    if (!route) {
      await drain(req);
      send(res, { ...jiraError(404, [`null for uri: ${baseUrl}${url.pathname}`]), headers });
      return;
    }

    let body: unknown;
    if (method === 'POST' || method === 'PUT') {
      const parsed = await readJson(req);
      if (parsed instanceof BodyError) {
        send(res, { ...jiraError(400, [parsed.message]), headers });
        return;
      }
      body = parsed;
    }

    const ctx: RouteContext = {
      store,
      settings,
      flavor,
      user,
      method,
      params: Object.fromEntries(
        Object.entries(found?.params ?? {}).filter((e): e is [string, string] => e[1] !== undefined),
      ),
      query: url.searchParams,
      body,
      headers: req.headers,
      baseUrl,
      apiVersion: url.pathname.startsWith('/rest/api/3/') ? '3' : '2',
    };
    const result = await route.definition.handler(ctx);
    send(res, { ...result, headers: { ...headers, ...result.headers } });
  }

  function control(method: string, path: string, body: unknown): RouteResult {
    if (method === 'GET' && path === '/__sandbox/users') {
      return {
        status: 200,
        body: data.users.map((u) => ({
          name: u.name,
          key: u.key,
          accountId: u.accountId,
          displayName: u.displayName,
          emailAddress: u.emailAddress,
          token: u.token,
          active: u.active,
          admin: u.isAdmin,
          projects: store.visibleProjects(u).map((p) => p.key),
        })),
      };
    }
    if (method === 'GET' && path === '/__sandbox/stats') return { status: 200, body: stats };
    if (method === 'POST' && path === '/__sandbox/reset') {
      stats.requests = 0;
      stats.byRoute = {};
      return { status: 200, body: stats };
    }
    if (path === '/__sandbox/settings') {
      if (method === 'POST') {
        const patch = asObject(body);
        if (!patch) return jiraError(400, ['Expected a JSON object of settings.']);
        const problem = applySettings(settings, patch);
        if (problem) return jiraError(400, [problem]);
        // New limits start with full buckets, so a test's limit is not spent by the one before.
        if (Object.keys(patch).some((name) => name.startsWith('rateLimit'))) limiter.reset();
      }
      return { status: 200, body: settings };
    }
    return jiraError(404, [`No sandbox control endpoint ${method} ${path}.`]);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) send(res, jiraError(500, [`Internal server error: ${message}`]));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    store,
    settings,
    stats,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function pickSettings(options: SandboxOptions): Partial<SandboxSettings> {
  const out: Partial<SandboxSettings> = {};
  if (options.maxResultsCap !== undefined) out.maxResultsCap = options.maxResultsCap;
  if (options.latencyMs !== undefined) out.latencyMs = options.latencyMs;
  if (options.errorRate !== undefined) out.errorRate = options.errorRate;
  if (options.errorStatus !== undefined) out.errorStatus = options.errorStatus;
  if (options.slowRate !== undefined) out.slowRate = options.slowRate;
  if (options.slowMs !== undefined) out.slowMs = options.slowMs;
  if (options.rateLimit !== undefined) out.rateLimit = options.rateLimit;
  if (options.rateLimitIntervalSeconds !== undefined)
    out.rateLimitIntervalSeconds = options.rateLimitIntervalSeconds;
  if (options.rateLimitReason !== undefined) out.rateLimitReason = options.rateLimitReason;
  return out;
}

/** Applies a settings patch from /__sandbox/settings; answers the problem, if any. */
function applySettings(settings: SandboxSettings, patch: Record<string, unknown>): string | null {
  const numeric = ['maxResultsCap', 'latencyMs', 'errorRate', 'slowRate', 'slowMs', 'rateLimit'] as const;
  for (const [name, value] of Object.entries(patch)) {
    if (name === 'errorStatus') {
      if (!isInjectableStatus(value)) {
        return `Setting 'errorStatus' must be one of ${INJECTABLE_STATUSES.join(', ')}.`;
      }
      continue;
    }
    if (name === 'rateLimitReason') {
      if (!isCloudRateLimitReason(value)) {
        return `Setting 'rateLimitReason' must be one of ${CLOUD_RATE_LIMIT_REASONS.join(', ')}.`;
      }
      continue;
    }
    if (name === 'rateLimitIntervalSeconds') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
        return `Setting 'rateLimitIntervalSeconds' must be a number above 0.`;
      }
      continue;
    }
    const key = numeric.find((k) => k === name);
    if (!key) return `Unknown setting '${name}'.`;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      return `Setting '${name}' must be a number of at least 0.`;
    }
    if ((key === 'errorRate' || key === 'slowRate') && value > 1)
      return `Setting '${name}' must be between 0 and 1.`;
  }
  for (const key of numeric) {
    const value = patch[key];
    if (typeof value === 'number') settings[key] = value;
  }
  if (isInjectableStatus(patch.errorStatus)) settings.errorStatus = patch.errorStatus;
  if (isCloudRateLimitReason(patch.rateLimitReason)) settings.rateLimitReason = patch.rateLimitReason;
  if (typeof patch.rateLimitIntervalSeconds === 'number')
    settings.rateLimitIntervalSeconds = patch.rateLimitIntervalSeconds;
  return null;
}

class BodyError {
  constructor(readonly message: string) {}
}

async function readBody(req: IncomingMessage): Promise<Buffer | BodyError> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) return new BodyError('Request body too large.');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req);
  if (raw instanceof BodyError) return raw;
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (error) {
    // Jira (Jackson) words malformed JSON like this.
    const detail = error instanceof Error ? error.message : 'invalid JSON';
    return new BodyError(`Unexpected character in JSON body: ${detail}`);
  }
}

async function drain(req: IncomingMessage): Promise<void> {
  for await (const _ of req) {
    // discard: an unread body would stall the keep-alive connection
  }
}

function send(res: ServerResponse, result: RouteResult): void {
  const headers: Record<string, string> = { ...result.headers };
  if (result.body === undefined) {
    res.writeHead(result.status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(result.body);
  headers['Content-Type'] = 'application/json;charset=UTF-8';
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(result.status, headers);
  res.end(payload);
}
