// Denial of service at the HTTP layer: the token is checked before a body is
// read, a request without one gets a small body cap, Node's deadlines cut a
// slow client, connections over the cap are refused, and only JSON bodies are
// taken (a form or text/plain POST, which any web page can send cross-site,
// cannot reach signIn).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type GatewayHarness, useGateway } from '../support/gateway.ts';
import { withoutRateLimit } from '../support/rate-limit.ts';
import { postHead, rawRequest } from '../support/raw-http.ts';

const VIEWER = '{ viewer { user { displayName } } }';
const SIGN_IN = 'mutation($t: String!) { signIn(input: { jiraToken: $t }) { secret } }';
const INVALID = 'Bearer realm="jgg", error="invalid_token"';

async function jiraRequests(harness: GatewayHarness): Promise<number> {
  const stats = (await (await fetch(`${harness.sandbox.url}/__sandbox/stats`)).json()) as {
    requests: number;
  };
  return stats.requests;
}

/** A chunked body (no Content-Length) of `bytes` JSON bytes, sent in 1 KiB pieces. */
function chunkedQuery(bytes: number): ReadableStream<Uint8Array> {
  const shell = JSON.stringify({ query: `${VIEWER}\n#` });
  const body = new TextEncoder().encode(
    JSON.stringify({ query: `${VIEWER}\n#${'x'.repeat(bytes - shell.length)}` }),
  );
  return new ReadableStream({
    start(controller) {
      for (let at = 0; at < body.length; at += 1024) controller.enqueue(body.subarray(at, at + 1024));
      controller.close();
    },
  });
}

describe('defaults', () => {
  it('caps a body at 1 MiB unless JGG_MAX_BODY_BYTES says otherwise, with deadlines and a connection cap', () => {
    const config = loadConfig({});
    expect(config.http.maxBodyBytes).toBe(1_048_576);
    expect(config.http).toMatchObject({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      idleTimeoutMs: 60_000,
      maxConnections: 1_000,
    });
    expect(config.metrics).toEqual({ port: null, host: '127.0.0.1' });
  });

  it('refuses deadlines that contradict each other, naming the setting', () => {
    expect(() => loadConfig({ JGG_HEADERS_TIMEOUT_MS: '5000', JGG_REQUEST_TIMEOUT_MS: '1000' })).toThrow(
      /^JGG_HEADERS_TIMEOUT_MS: /,
    );
    expect(() => loadConfig({ JGG_IDLE_TIMEOUT_MS: '20000' })).toThrow(
      /^JGG_IDLE_TIMEOUT_MS: .*JGG_JIRA_DEADLINE_MS/,
    );
    expect(() => loadConfig({ JGG_MAX_CONNECTIONS: '0' })).toThrow(/^JGG_MAX_CONNECTIONS: /);
    expect(() => loadConfig({ JGG_METRICS_PORT: 'x' })).toThrow(/^JGG_METRICS_PORT: /);
  });
});

describe('the body is read only after the token is checked', () => {
  const gw = useGateway({ issues: 20 });

  it('answers a bad token 401 at once, without waiting for the 25 MB body it announced', async () => {
    const exchange = rawRequest(
      gw().gateway.url,
      postHead(gw().gateway.url, [
        ['Authorization', 'Bearer jgg_000000000000000000000000000000000000'],
        ['Content-Type', 'application/json'],
        ['Content-Length', '25000000'],
      ]),
      '{"query": "',
    );
    expect(await exchange.status()).toBe(401);
    const { text } = await exchange.closed;
    expect(text).toMatch(new RegExp(`^www-authenticate: ${INVALID.replace(/"/g, '"')}\\r$`, 'im'));
    expect(text).toMatch(/^connection: close\r$/im);
    expect(text).toContain('"code":"UNAUTHENTICATED"');
  });

  it('refuses a request without a token that announces more than 8 KiB, before reading it', async () => {
    for (const length of ['8193', '25000000']) {
      const exchange = rawRequest(
        gw().gateway.url,
        postHead(gw().gateway.url, [
          ['Content-Type', 'application/json'],
          ['Content-Length', length],
        ]),
      );
      expect(await exchange.status(), length).toBe(413);
      const { text } = await exchange.closed;
      expect(text).toContain('Request body too large: at most 8192 bytes.');
    }
  });

  it('cuts off a chunked body without a token at 8 KiB, and still takes a signIn under it', async () => {
    const before = await jiraRequests(gw());
    const large = await fetch(`${gw().gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: chunkedQuery(20_000),
      duplex: 'half',
    } as RequestInit);
    expect(large.status).toBe(413);
    expect(((await large.json()) as { errors: { message: string }[] }).errors[0]?.message).toBe(
      'Request body too large: at most 8192 bytes.',
    );
    expect(await jiraRequests(gw())).toBe(before);
    const signIn = await gw().gql(null, SIGN_IN, { t: gw().sandboxUser('bob').token });
    expect(signIn.status).toBe(200);
    expect(signIn.body.data.signIn.secret).toMatch(/^jgg_/);
  });

  it('gives an authenticated caller JGG_MAX_BODY_BYTES (1 MiB), not the small cap', async () => {
    const { secret } = await gw().token('alice', { scopes: ['users:read'] });
    const big = await fetch(`${gw().gateway.url}/graphql`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: chunkedQuery(500_000),
      duplex: 'half',
    } as RequestInit);
    expect(big.status).toBe(200);
    expect(withoutRateLimit(await big.json())).toEqual({
      data: { viewer: { user: { displayName: 'Alice Anderson' } } },
    });
    const over = rawRequest(
      gw().gateway.url,
      postHead(gw().gateway.url, [
        ['Authorization', `Bearer ${secret}`],
        ['Content-Type', 'application/json'],
        ['Content-Length', String(1_048_577)],
      ]),
    );
    expect(await over.status()).toBe(413);
    expect((await over.closed).text).toContain('at most 1048576 bytes');
  });
});

describe('slow clients', () => {
  const gw = useGateway({
    issues: 20,
    env: { JGG_HEADERS_TIMEOUT_MS: '300', JGG_REQUEST_TIMEOUT_MS: '500' },
  });

  it('cuts a body that stalls, within JGG_REQUEST_TIMEOUT_MS', async () => {
    const { secret } = await gw().token('alice', { scopes: ['users:read'] });
    const exchange = rawRequest(
      gw().gateway.url,
      postHead(gw().gateway.url, [
        ['Authorization', `Bearer ${secret}`],
        ['Content-Type', 'application/json'],
        ['Content-Length', '100'],
      ]),
      '{"query": "{ vie',
    );
    const { text, afterMs } = await exchange.closed;
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(afterMs).toBeGreaterThanOrEqual(400);
    expect(afterMs).toBeLessThan(2_500);
  });

  it('cuts headers that stall, within JGG_HEADERS_TIMEOUT_MS', async () => {
    const exchange = rawRequest(gw().gateway.url, 'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: app');
    const { afterMs } = await exchange.closed;
    expect(afterMs).toBeLessThan(2_000);
  });

  it('still answers a client that is not slow', async () => {
    const { secret } = await gw().token('alice', { scopes: ['users:read'] });
    expect((await gw().gql(secret, VIEWER)).status).toBe(200);
  });
});

describe('the connection cap (JGG_MAX_CONNECTIONS)', () => {
  const gw = useGateway({ issues: 20, env: { JGG_MAX_CONNECTIONS: '2' } });

  it('refuses a connection over the cap at once, and takes one again when a place is free', async () => {
    const { secret } = await gw().token('alice', { scopes: ['users:read'] });
    const request = `GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n`;
    const first = rawRequest(gw().gateway.url, request);
    const second = rawRequest(gw().gateway.url, request);
    expect(await first.status()).toBe(200);
    expect(await second.status()).toBe(200);
    // Both stay open (keep-alive): the third is one too many.
    const third = rawRequest(gw().gateway.url, request);
    const refused = await third.closed;
    expect(refused.text).toBe('');
    expect(refused.afterMs).toBeLessThan(1_000);
    first.socket.destroy();
    await first.closed;
    await expect.poll(async () => (await gw().gql(secret, VIEWER)).status).toBe(200);
    second.socket.destroy();
  });
});

describe.each(['datacenter', 'cloud'] as const)('%s: only JSON bodies', (flavor) => {
  const gw = useGateway({ flavor, issues: 20 });

  it('refuses a form, multipart, text/plain or untyped signIn with 415 before calling Jira', async () => {
    const alice = gw().sandboxUser('alice');
    // Cloud signs in with the account's email and an API token.
    const email = flavor === 'cloud' ? `, email: ${JSON.stringify(alice.emailAddress)}` : '';
    const query = `mutation { signIn(input: { jiraToken: ${JSON.stringify(alice.token)}${email} }) { secret } }`;
    const form = new FormData();
    form.set('query', query);
    const bodies: [string, RequestInit][] = [
      [
        'form-urlencoded',
        {
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ query }).toString(),
        },
      ],
      ['multipart', { body: form }],
      ['text/plain', { headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ query }) }],
      ['application/graphql', { headers: { 'Content-Type': 'application/graphql' }, body: query }],
      ['no content type', { body: new Blob([JSON.stringify({ query })]) }],
      [
        'json look-alike',
        { headers: { 'Content-Type': 'application/jsonp' }, body: JSON.stringify({ query }) },
      ],
    ];
    await fetch(`${gw().sandbox.url}/__sandbox/reset`, { method: 'POST' });
    for (const [name, init] of bodies) {
      const res = await fetch(`${gw().gateway.url}/graphql`, { method: 'POST', ...init });
      expect(res.status, name).toBe(415);
      const body = (await res.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
      expect(body.data, name).toBeUndefined();
      expect(body.errors[0]?.extensions.code, name).toBe('BAD_USER_INPUT');
    }
    expect(await jiraRequests(gw())).toBe(0);
    // The same signIn as JSON (with a charset) is taken.
    const res = await fetch(`${gw().gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ query }),
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { data: { signIn: { secret: string } } };
    expect(json.data.signIn.secret).toMatch(/^jgg_/);
  });
});
