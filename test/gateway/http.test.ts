// The gateway's HTTP surface around GraphQL: health, readiness, metrics,
// GraphiQL, CORS, request ids, masked internal errors, client addresses
// behind trusted proxies, GET queries, and where a token may (not) travel.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type RunningGateway, startGateway } from '../../src/gateway.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { type GatewayHarness, useGateway } from '../support/gateway.ts';
import { withoutRateLimit } from '../support/rate-limit.ts';

const VIEWER = '{ viewer { user { displayName } } }';
const INVALID = 'Bearer realm="jgg", error="invalid_token"';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface LogLine {
  msg: string;
  level: number;
  requestId?: string;
  ip?: string;
  status?: number;
  path?: string;
  err?: { message?: string };
}

function logLines(harness: GatewayHarness): LogLine[] {
  return harness.logs
    .join('')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as LogLine);
}

function requestLog(harness: GatewayHarness, requestId: string): LogLine | undefined {
  return logLines(harness).find((l) => l.msg === 'request' && l.requestId === requestId);
}

/** A CORS preflight for a POST with a token, as a browser on `origin` sends it. */
function preflight(harness: GatewayHarness, origin: string): Promise<Response> {
  return fetch(`${harness.gateway.url}/graphql`, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization, content-type',
    },
  });
}

/** True when a browser on `origin` would be let through by this answer. */
function allowsOrigin(headers: Headers, origin: string): boolean {
  const allowed = headers.get('access-control-allow-origin');
  return allowed === '*' || allowed === origin;
}

describe('the HTTP surface', () => {
  const gw = useGateway({ issues: 20 });

  it('answers /healthz 200 {status: ok} without a token', async () => {
    const res = await fetch(`${gw().gateway.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz 200 with a status only when the store and Jira answer', async () => {
    const res = await fetch(`${gw().gateway.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
  });

  it('serves Prometheus text with request durations and refused tokens, to an admin token only', async () => {
    const refused = await gw().gql(null, VIEWER);
    expect(refused.status).toBe(401);
    const anonymous = await fetch(`${gw().gateway.url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="jgg"');
    expect(await anonymous.text()).not.toContain('jgg_');
    const bad = await fetch(`${gw().gateway.url}/metrics`, { headers: { Authorization: 'Bearer jgg_nope' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toBe(INVALID);
    // Every scope but admin is not enough.
    const user = await gw().token('alice', { scopes: ['issues:read', 'users:read', 'tokens:read'] });
    const forbidden = await fetch(`${gw().gateway.url}/metrics`, {
      headers: { Authorization: `Bearer ${user.secret}` },
    });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({
      errors: [{ extensions: { code: 'INSUFFICIENT_SCOPE' } }],
    });
    const admin = await gw().token('admin', { scopes: ['admin'] });
    const res = await fetch(`${gw().gateway.url}/metrics`, {
      headers: { Authorization: `Bearer ${admin.secret}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(text).toContain('# TYPE jgg_http_request_duration_seconds histogram');
    expect(text).toMatch(/^jgg_http_request_duration_seconds_count\{path="\/graphql",status="401"\} [1-9]/m);
    expect(text).toMatch(/^jgg_http_request_duration_seconds_count\{path="\/metrics",status="403"\} 1$/m);
    expect(text).toMatch(/^jgg_auth_rejected_total\{reason="missing"\} [1-9]/m);
    // No separate listener unless JGG_METRICS_PORT asks for one.
    expect(gw().gateway.metricsUrl).toBeNull();
  });

  it('puts no-store, nosniff and no-referrer on every answer, and no Vary without CORS', async () => {
    const { secret } = await gw().token('alice', { scopes: ['users:read'] });
    const answers = [
      (await gw().gql(secret, VIEWER)).headers,
      (await gw().gql(null, VIEWER)).headers,
      (await gw().gql({ header: 'Bearer jgg_nope' }, VIEWER)).headers,
      (
        await fetch(`${gw().gateway.url}/graphql?query=${encodeURIComponent(VIEWER)}`, {
          headers: { Authorization: `Bearer ${secret}`, Accept: 'application/json' },
        })
      ).headers,
      (await fetch(`${gw().gateway.url}/healthz`)).headers,
      (await fetch(`${gw().gateway.url}/readyz`)).headers,
      (await fetch(`${gw().gateway.url}/nowhere`)).headers,
    ];
    for (const [i, headers] of answers.entries()) {
      expect(headers.get('cache-control'), String(i)).toBe('no-store');
      expect(headers.get('x-content-type-options'), String(i)).toBe('nosniff');
      expect(headers.get('referrer-policy'), String(i)).toBe('no-referrer');
      expect(headers.get('vary'), String(i)).toBeNull();
    }
  });

  it('serves GraphiQL to a browser without a token, with its files from the gateway under a strict CSP', async () => {
    const base = gw().gateway.url;
    const res = await fetch(`${base}/graphql`, { headers: { Accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
    );
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('connect-src')).toBe("'self'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const html = await res.text();
    expect(html).toContain('<title>jgg: Jira GraphQL Gateway</title>');
    // Nothing from another origin, and no inline script (only a JSON data block).
    expect(html).not.toMatch(/https?:|\/\/[a-z]/i);
    for (const tag of html.match(/<script[^>]*>/g) ?? []) {
      expect(tag, tag).toMatch(/ src="\/|type="application\/json"/);
    }
    expect(html).not.toMatch(/ on[a-z]+=/i);
    const referenced = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1] as string);
    expect(referenced.length).toBe(3);
    const types: Record<string, RegExp> = { js: /^text\/javascript/, css: /^text\/css/ };
    for (const path of referenced) {
      const asset = await fetch(`${base}${path}`);
      expect(asset.status, path).toBe(200);
      expect(asset.headers.get('content-type'), path).toMatch(types[path.split('.').at(-1) ?? ''] ?? /^$/);
      expect(asset.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect((await asset.arrayBuffer()).byteLength, path).toBeGreaterThan(100);
    }
    // Monaco's workers, named by the start-up script, come from here too.
    const boot = await (await fetch(`${base}/graphiql/boot.js`)).text();
    const assets = (/"assets":"([^"]+)"/.exec(html)?.[1] ?? '') as string;
    const workers = [...boot.matchAll(/'(monacoeditorwork\/[^']+)'/g)].map((m) => m[1] as string);
    expect(workers).toHaveLength(3);
    for (const worker of workers) {
      const res = await fetch(`${base}${assets}${worker}`);
      expect(res.status, worker).toBe(200);
      expect(res.headers.get('content-type'), worker).toMatch(/^text\/javascript/);
      await res.arrayBuffer();
    }
    // Only the package's listed files: no walking out of the folder.
    for (const path of [
      `${assets}../../package.json`,
      `${assets}%2e%2e/package.json`,
      `${assets}index.html`,
    ]) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(404);
    }
  });

  it('runs a query sent with GET', async () => {
    const { secret } = await gw().token('alice', { scopes: ['users:read'] });
    const res = await fetch(`${gw().gateway.url}/graphql?query=${encodeURIComponent(VIEWER)}`, {
      headers: { Authorization: `Bearer ${secret}`, Accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-token-scopes')).toBe('users:read');
    expect(withoutRateLimit(await res.json())).toEqual({
      data: { viewer: { user: { displayName: 'Alice Anderson' } } },
    });
  });

  it("answers a malformed request as BAD_USER_INPUT with Yoga's message, not as an unexpected error", async () => {
    const { secret } = await gw().token('alice', { scopes: ['users:read'] });
    const post = async (body: string, requestId: string) => {
      const res = await fetch(`${gw().gateway.url}/graphql`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${secret}`,
          'Content-Type': 'application/json',
          'X-Request-Id': requestId,
        },
        body,
      });
      return { status: res.status, body: withoutRateLimit((await res.json()) as unknown) };
    };
    const refused = (message: string) => ({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] });
    // GraphQL over HTTP answers 200 to an application/json client for a body it cannot read.
    const cases: [body: string, requestId: string, status: number, message: string][] = [
      ['{"query": ', 'bad-json', 200, 'POST body sent invalid JSON.'],
      ['{}', 'no-query', 200, 'Must provide query string.'],
      ['{"query": 5}', 'query-number', 400, 'Expected "query" param to be a string, but given number.'],
      [
        '{"query": "query A { __typename } query B { __typename }"}',
        'two-ops',
        400,
        'Could not determine what operation to execute.',
      ],
    ];
    for (const [body, requestId, status, message] of cases) {
      expect(await post(body, requestId), requestId).toEqual({ status, body: refused(message) });
    }
    const viaGet = await fetch(
      `${gw().gateway.url}/graphql?query=${encodeURIComponent('mutation { __typename }')}`,
      { headers: { Authorization: `Bearer ${secret}`, Accept: 'application/json' } },
    );
    expect(viaGet.status).toBe(405);
    expect(viaGet.headers.get('allow')).toBe('POST');
    expect(withoutRateLimit(await viaGet.json())).toEqual(
      refused('Can only perform a mutation operation from a POST request.'),
    );
    // None of them is logged as an unexpected error.
    expect(logLines(gw()).filter((l) => l.msg === 'unexpected error')).toEqual([]);
    expect(requestLog(gw(), 'bad-json')?.status).toBe(200);
  });

  it('answers a variable of the wrong type, or a missing one, as BAD_USER_INPUT naming it', async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:read'] });
    const query = 'query($jql: String!, $first: Int) { issues(jql: $jql, first: $first) { nodes { key } } }';
    const wrong = await gw().gql(secret, query, { jql: 'project = PROJ', first: 'five' });
    expect(wrong.status).toBe(200);
    expect(wrong.body.data).toBeUndefined();
    expect(wrong.body.errors).toEqual([
      {
        message: 'Variable "$first" got invalid value "five"; Int cannot represent non-integer value: "five"',
        locations: [{ line: 1, column: 22 }],
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ]);
    const missing = await gw().gql(secret, query, { first: 2 });
    expect(missing.body.errors).toHaveLength(1);
    expect(missing.body.errors[0].message).toBe(
      'Variable "$jql" of required type "String!" was not provided.',
    );
    expect(missing.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('does not take a token from a query parameter or a cookie', async () => {
    const { secret } = await gw().token('alice', { scopes: ['users:read'] });
    const base = `${gw().gateway.url}/graphql?query=${encodeURIComponent(VIEWER)}`;
    for (const param of ['access_token', 'token', 'authorization']) {
      const res = await fetch(`${base}&${param}=${secret}`, { headers: { Accept: 'application/json' } });
      expect(res.status, param).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="jgg"');
    }
    const cookie = await fetch(base, {
      headers: {
        Accept: 'application/json',
        Cookie: `access_token=${secret}; token=${secret}; jgg_token=${secret}; Authorization=Bearer%20${secret}`,
      },
    });
    expect(cookie.status).toBe(401);
    const posted = await fetch(`${gw().gateway.url}/graphql?access_token=${secret}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: `token=${secret}` },
      body: JSON.stringify({ query: VIEWER }),
    });
    expect(posted.status).toBe(401);
    // The same secret does work where it belongs.
    expect((await gw().gql(secret, VIEWER)).status).toBe(200);
  });

  it('gives no browser origin CORS access while JGG_CORS_ORIGINS is unset', async () => {
    for (const origin of ['https://evil.example', 'null']) {
      const pre = await preflight(gw(), origin);
      expect(pre.status).toBeLessThan(500);
      expect(allowsOrigin(pre.headers, origin), origin).toBe(false);
      expect(pre.headers.get('access-control-allow-headers'), origin).toBeNull();
      const { secret } = await gw().token('alice', { scopes: ['users:read'] });
      const actual = await gw().gql(secret, VIEWER, undefined, { Origin: origin });
      expect(actual.status).toBe(200);
      expect(allowsOrigin(actual.headers, origin)).toBe(false);
    }
  });

  it('echoes a safe incoming X-Request-Id and logs the request under it', async () => {
    const { secret } = await gw().token('alice', { scopes: ['users:read'] });
    const id = 'trace-7f.Q_42';
    const res = await gw().gql(secret, VIEWER, undefined, { 'X-Request-Id': id });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(id);
    const line = requestLog(gw(), id);
    expect(line).toMatchObject({ msg: 'request', path: '/graphql', status: 200, level: 30 });
    // Unauthenticated answers carry it too.
    const refused = await gw().gql(null, VIEWER, undefined, { 'X-Request-Id': 'refused-1' });
    expect(refused.headers.get('x-request-id')).toBe('refused-1');
    expect(requestLog(gw(), 'refused-1')?.status).toBe(401);
  });

  it('replaces an unsafe X-Request-Id with one of its own', async () => {
    for (const unsafe of ['has spaces', '<script>', 'x'.repeat(101), 'a"b', 'ü']) {
      const res = await gw().gql(null, VIEWER, undefined, { 'X-Request-Id': encodeURI(unsafe) });
      const given = res.headers.get('x-request-id') ?? '';
      expect(given, unsafe).toMatch(UUID);
      expect(requestLog(gw(), given)).toBeDefined();
    }
    expect(logLines(gw()).some((l) => l.requestId?.includes('script'))).toBe(false);
  });

  it('ignores X-Forwarded-For when no proxy is trusted', async () => {
    const outside = await gw().token('bob', { scopes: ['users:read'], allowedIps: ['203.0.113.0/24'] });
    const spoofed = await gw().gql(outside.secret, VIEWER, undefined, {
      'X-Forwarded-For': '203.0.113.7',
      'X-Request-Id': 'xff-ignored',
    });
    expect(spoofed.status).toBe(401);
    expect(spoofed.body.errors[0].message).toBe('The token may not be used from this address.');
    expect(requestLog(gw(), 'xff-ignored')?.ip).toBe('127.0.0.1');
  });
});

describe('CORS with JGG_CORS_ORIGINS', () => {
  // Two origins: with several, an unlisted one must not be answered 'null' either.
  const gw = useGateway({
    issues: 20,
    env: { JGG_CORS_ORIGINS: 'https://bi.example.com, https://dash.example.com:8443' },
  });

  it('lets the listed origin in, exposing X-Token-Scopes', async () => {
    const pre = await preflight(gw(), 'https://bi.example.com');
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://bi.example.com');
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(pre.headers.get('access-control-expose-headers')).toContain('X-Token-Scopes');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const { secret } = await gw().token('alice', { scopes: ['users:read'] });
    const actual = await gw().gql(secret, VIEWER, undefined, { Origin: 'https://bi.example.com' });
    expect(actual.headers.get('access-control-allow-origin')).toBe('https://bi.example.com');
    expect(actual.headers.get('access-control-expose-headers')).toContain('X-Token-Scopes');
    expect(actual.headers.get('x-token-scopes')).toBe('users:read');
  });

  it('says Vary: Origin on every answer, to listed and other origins and to none', async () => {
    const { secret } = await gw().token('alice', { scopes: ['users:read'] });
    for (const origin of ['https://bi.example.com', 'https://evil.example', null]) {
      const headers = origin ? { Origin: origin } : undefined;
      const actual = await gw().gql(secret, VIEWER, undefined, headers);
      expect(actual.headers.get('vary'), String(origin)).toMatch(/(^|, )Origin(,|$)/);
      if (origin) {
        const pre = await preflight(gw(), origin);
        expect(pre.headers.get('vary'), String(origin)).toMatch(/(^|, )Origin(,|$)/);
      }
    }
    const health = await fetch(`${gw().gateway.url}/healthz`, {
      headers: { Origin: 'https://evil.example' },
    });
    expect(health.headers.get('vary')).toBe('Origin');
  });

  it('lets each listed origin in as itself', async () => {
    const pre = await preflight(gw(), 'https://dash.example.com:8443');
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://dash.example.com:8443');
  });

  it('still keeps every other origin out', async () => {
    for (const origin of [
      'https://evil.example',
      'null',
      'https://bi.example.com.evil.example',
      'http://bi.example.com',
    ]) {
      const pre = await preflight(gw(), origin);
      expect(allowsOrigin(pre.headers, origin), origin).toBe(false);
      expect(pre.headers.get('access-control-allow-headers'), origin).toBeNull();
    }
  });
});

describe('behind trusted proxies', () => {
  const gw = useGateway({ issues: 20, env: { JGG_TRUSTED_PROXIES: '127.0.0.1/32,::1/128' } });

  it("takes the client's address from X-Forwarded-For sent by a trusted proxy", async () => {
    const { secret, id } = await gw().token('alice', {
      scopes: ['users:read'],
      allowedIps: ['203.0.113.0/24'],
    });
    const direct = await gw().gql(secret, VIEWER);
    expect(direct.status).toBe(401);
    const proxied = await gw().gql(secret, VIEWER, undefined, {
      'X-Forwarded-For': '203.0.113.7',
      'X-Request-Id': 'via-proxy',
    });
    expect(proxied.status).toBe(200);
    expect(proxied.body.data.viewer.user.displayName).toBe('Alice Anderson');
    expect(requestLog(gw(), 'via-proxy')?.ip).toBe('203.0.113.7');
    // The last-used address is the client's, not the proxy's.
    await gw().gateway.runtime.services.usage.flush();
    expect((await gw().gateway.runtime.store.getToken(id))?.lastUsedIp).toBe('203.0.113.7');
  });

  it('uses the right-most untrusted hop, so a client cannot claim an address', async () => {
    const { secret } = await gw().token('alice', { scopes: ['users:read'], allowedIps: ['203.0.113.0/24'] });
    // The client wrote 'evil'; the proxy appended the real 203.0.113.7.
    const chain = await gw().gql(secret, VIEWER, undefined, {
      'X-Forwarded-For': 'evil, 203.0.113.7',
      'X-Request-Id': 'chain-ok',
    });
    expect(chain.status).toBe(200);
    expect(requestLog(gw(), 'chain-ok')?.ip).toBe('203.0.113.7');
    // The client claimed 203.0.113.7; the proxy appended where it really came from.
    const spoofed = await gw().gql(secret, VIEWER, undefined, {
      'X-Forwarded-For': '203.0.113.7, 198.51.100.9',
      'X-Request-Id': 'chain-spoofed',
    });
    expect(spoofed.status).toBe(401);
    expect(requestLog(gw(), 'chain-spoofed')?.ip).toBe('198.51.100.9');
    // Trusted hops (a second proxy on loopback) are skipped.
    const twoProxies = await gw().gql(secret, VIEWER, undefined, {
      'X-Forwarded-For': '203.0.113.7, 127.0.0.1',
    });
    expect(twoProxies.status).toBe(200);
  });
});

describe('the request body limit (JGG_MAX_BODY_BYTES)', () => {
  const gw = useGateway({ issues: 20, env: { JGG_MAX_BODY_BYTES: '2048' } });
  /** A query padded with a comment to `bytes` of JSON body. */
  const bodyOf = (bytes: number): string => {
    const shell = JSON.stringify({ query: `${VIEWER}\n#` });
    return JSON.stringify({ query: `${VIEWER}\n#${'x'.repeat(bytes - shell.length)}` });
  };
  const chunked = (body: string): ReadableStream<Uint8Array> => {
    const bytes = new TextEncoder().encode(body);
    return new ReadableStream({
      start(controller) {
        // Several chunks, as a streaming client sends them.
        for (let at = 0; at < bytes.length; at += 500) controller.enqueue(bytes.subarray(at, at + 500));
        controller.close();
      },
    });
  };
  const post = async (secret: string, body: string | ReadableStream<Uint8Array>) => {
    const res = await fetch(`${gw().gateway.url}/graphql`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    return {
      status: res.status,
      body: (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] },
    };
  };

  it('answers a body of the limit, and refuses one byte more with 413 before running it', async () => {
    const { secret } = await gw().token('alice', { scopes: ['users:read'] });
    expect(bodyOf(2048)).toHaveLength(2048);
    const atLimit = await post(secret, bodyOf(2048));
    expect(atLimit.status).toBe(200);
    expect(atLimit.body.data).toEqual({ viewer: { user: { displayName: 'Alice Anderson' } } });
    const over = await post(secret, bodyOf(2049));
    expect(over.status).toBe(413);
    expect(over.body.data).toBeUndefined();
    expect(over.body.errors).toEqual([
      {
        message: 'Request body too large: at most 2048 bytes.',
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ]);
  });

  it('counts a chunked body without Content-Length as it streams', async () => {
    const { secret } = await gw().token('alice', { scopes: ['users:read'] });
    const small = await post(secret, chunked(bodyOf(2048)));
    expect(small.status).toBe(200);
    expect(small.body.data).toEqual({ viewer: { user: { displayName: 'Alice Anderson' } } });
    const large = await post(secret, chunked(bodyOf(5000)));
    expect(large.status).toBe(413);
    expect(large.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('readiness while Jira is down', () => {
  let gateway: RunningGateway | undefined;
  let dataDir = '';
  let jiraUrl = '';
  const logs: string[] = [];

  beforeAll(async () => {
    // A port that was free a moment ago and now refuses connections.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const address = probe.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    dataDir = mkdtempSync(join(tmpdir(), 'jgg-http-'));
    // An explicit flavour: start-up does not ask the (absent) Jira which it is.
    jiraUrl = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      JGG_JIRA_URL: jiraUrl,
      JGG_JIRA_FLAVOR: 'datacenter',
      JGG_DATABASE_URL: `sqlite:${join(dataDir, 'jgg.db')}`,
      JGG_PORT: '0',
    });
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    gateway = await startGateway(config, createLogger('info', sink));
  });

  afterAll(async () => {
    await gateway?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers /readyz 503 with a status only, Jira's address and error in the log, while /healthz stays 200", async () => {
    const res = await fetch(`${gateway?.url}/readyz`);
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ status: 'not ready' });
    expect(text).not.toContain(new URL(jiraUrl).port);
    const logged = logs
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { msg: string; checks?: Record<string, string> })
      .find((line) => line.msg === 'not ready');
    expect(logged?.checks?.store).toBe('ok');
    expect(logged?.checks?.jira).not.toBe('ok');
    expect(logged?.checks?.jira).toEqual(expect.any(String));
    expect((await fetch(`${gateway?.url}/healthz`)).status).toBe(200);
  });
});

describe('the Prometheus listener (JGG_METRICS_PORT)', () => {
  const gw = useGateway({ issues: 20, env: { JGG_METRICS_PORT: '0' } });

  it('serves /metrics without a token on its own loopback port, and nothing else', async () => {
    await gw().gql(null, VIEWER);
    const url = gw().gateway.metricsUrl ?? '';
    expect(new URL(url).hostname).toBe('127.0.0.1');
    expect(new URL(url).port).not.toBe(new URL(gw().gateway.url).port);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await res.text()).toMatch(/^jgg_auth_rejected_total\{reason="missing"\} [1-9]/m);
    expect((await fetch(new URL('/graphql', url))).status).toBe(404);
    expect((await fetch(url, { method: 'POST', body: 'x' })).status).toBe(404);
    // The API port still wants an admin token.
    expect((await fetch(`${gw().gateway.url}/metrics`)).status).toBe(401);
  });
});

describe('an unexpected failure', () => {
  const gw = useGateway({ issues: 20 });

  it('is masked as INTERNAL_SERVER_ERROR with the request id, and logged under it', async () => {
    const { secret } = await gw().token('alice', { scopes: ['tokens:read'] });
    const query = '{ viewer { accessTokens(first: 5) { edges { node { name } } } } }';
    // Another token, never used: its look-up will need the store. Made a few
    // ms later, so it expires later and the first does not cover it (made in
    // the same millisecond, the two would expire together and cover each other).
    await new Promise((resolve) => setTimeout(resolve, 5));
    const cold = await gw().token('alice', { scopes: ['tokens:read'] });
    const warm = await gw().gql(secret, query);
    expect(warm.status).toBe(200);
    // Under the cover rule a personal token lists the tokens it covers: here itself only.
    expect(warm.body.data.viewer.accessTokens.edges).toHaveLength(1);
    // The token's verification stays cached, so the request gets as far as
    // the resolver, which then finds the store gone.
    await gw().gateway.runtime.store.close();
    const res = await gw().gql(secret, query, undefined, { 'X-Request-Id': 'boom-1' });
    expect(res.status).toBe(200);
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0]).toMatchObject({
      message: 'Unexpected error.',
      path: ['viewer', 'accessTokens'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'boom-1' },
    });
    // The cause stays in the log, never in the answer.
    expect(JSON.stringify(res.body)).not.toMatch(/destroy|sqlite|kysely|driver/i);
    const logged = logLines(gw()).find((l) => l.msg === 'unexpected error');
    expect(logged?.level).toBe(50);
    expect(logged?.requestId).toBe('boom-1');
    // The real cause, not the mask.
    expect(logged?.err?.message).toEqual(expect.any(String));
    expect(logged?.err?.message).not.toBe('Unexpected error.');
    expect(gw().logs.join('')).not.toContain(secret);

    // Failing before execution (verifying a token needs the store) is masked the same way.
    const early = await gw().gql(cold.secret, query, undefined, { 'X-Request-Id': 'boom-2' });
    expect(early.status).toBe(500);
    expect(early.body.errors[0]).toMatchObject({
      message: 'Unexpected error.',
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'boom-2' },
    });
    expect(JSON.stringify(early.body)).not.toMatch(/destroy|sqlite|kysely|driver/i);
    expect(
      logLines(gw()).find((l) => l.msg === 'unexpected error' && l.requestId === 'boom-2'),
    ).toBeDefined();
    expect(gw().logs.join('')).not.toContain(cold.secret);
  });
});

describe('query limits', () => {
  const gw = useGateway({ flavor: 'datacenter', env: { JGG_MAX_QUERY_DEPTH: '4', JGG_MAX_ALIASES: '3' } });

  it('refuses queries nested too deep or with too many aliases before calling Jira', async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:read'] });
    await fetch(`${gw().sandbox.url}/__sandbox/reset`, { method: 'POST' });
    const deep = await gw().gql(secret, '{ issue(key: "PROJ-1") { parent { parent { parent { key } } } } }');
    expect(deep.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
    expect(deep.body.errors[0].message).toMatch(/depth limit of 4 exceeded/);
    const aliases = await gw().gql(
      secret,
      '{ a: issue(key: "PROJ-1") { key } b: issue(key: "PROJ-2") { key } c: issue(key: "PROJ-3") { key } d: issue(key: "PROJ-4") { key } }',
    );
    expect(aliases.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' });
    const stats = (await (await fetch(`${gw().sandbox.url}/__sandbox/stats`)).json()) as { requests: number };
    expect(stats.requests).toBe(0);
    const fine = await gw().gql(secret, '{ a: issue(key: "PROJ-1") { key parent { key } } }');
    expect(fine.body.errors).toBeUndefined();
  });
});
