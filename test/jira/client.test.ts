// The Jira client against the real sandbox over HTTP, in both flavours:
// identity mapping, field pushdown, Jira's refusals as typed errors, retries
// counted through the sandbox's own stats, timeouts, refused connections.
// Connection resets, which the sandbox cannot produce, use a bare node:http
// server on port 0.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import type { SandboxUser } from 'jira-sandbox';
import { type SandboxClient, useSandbox } from 'jira-sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJiraClient, detectFlavor, type JiraClient } from '../../src/jira/client.ts';
import { authorizationHeader } from '../../src/jira/credential.ts';
import {
  JiraBadRequestError,
  JiraCredentialInvalidError,
  JiraError,
  JiraNotFoundError,
  JiraRateLimitedError,
  JiraUnavailableError,
} from '../../src/jira/errors.ts';
import { readActivityPage } from '../../src/jira/issue-activity-reads.ts';
import { fetchIssues } from '../../src/jira/issue-reads.ts';
import { createJiraReader, type JiraReader } from '../../src/jira/reader.ts';
import type { JiraCredential, JiraFlavor } from '../../src/jira/types.ts';

/** Retries fast enough for tests; the policy itself is what is under test. */
const FAST_RETRY = { baseDelayMs: 20 };

function credentialFor(flavor: JiraFlavor, user: SandboxUser, token = user.token): JiraCredential {
  return flavor === 'cloud' ? { kind: 'basic', email: user.emailAddress, token } : { kind: 'bearer', token };
}

/** The client as the gateway's reads use it: one caller's reader, uncached. */
function readerFor(client: JiraClient, credential: JiraCredential): JiraReader {
  return createJiraReader({
    client,
    credential: () => credential,
    scopeKey: 'client-test',
    partition: 'client-test',
    cache: null,
  });
}

/** One page of an issue's comments, the read that answers Jira's 404 for an issue as it is. */
function commentPage(client: JiraClient, credential: JiraCredential, issue: string) {
  return readActivityPage(readerFor(client, credential), {
    kind: 'comment',
    issue,
    startAt: 0,
    maxResults: 1,
    rendered: false,
  });
}

/** The rejection of `promise`, which must reject. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

async function control(jira: SandboxClient, method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await jira.call(null, method, path, body, { validate: false });
  expect(res.status).toBe(200);
  return res.body;
}

async function routeCount(jira: SandboxClient, label: string): Promise<number> {
  const stats = (await control(jira, 'GET', '/__sandbox/stats')) as { byRoute: Record<string, number> };
  return stats.byRoute[label] ?? 0;
}

/** Every text an error may end up in (a GraphQL message, a JSON log line, a
 *  console dump with its cause) must leave the secret out. */
function expectNoSecret(error: unknown, secret: string): void {
  expect(error).toBeInstanceOf(JiraError);
  const e = error as JiraError;
  expect(e.message).not.toContain(secret);
  expect(JSON.stringify(e)).not.toContain(secret);
  expect(inspect(e, { depth: 10 })).not.toContain(secret);
}

describe.each(['datacenter', 'cloud'] as const)('Jira client on %s', (flavor) => {
  const jira = useSandbox({ flavor, issues: 200, seed: 11 });
  const api = flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  let client: JiraClient;
  const as = (name: string) => credentialFor(flavor, jira().user(name));

  beforeAll(() => {
    client = createJiraClient({ baseUrl: jira().sandbox.url, flavor, retry: FAST_RETRY });
  });
  afterAll(async () => {
    await client.close();
  });

  it('maps /myself onto JiraUser: accountId is the Cloud accountId or the DC user key', async () => {
    const alice = jira().user('alice');
    const me = await client.myself(as('alice'));
    expect(me).toEqual({
      accountId: flavor === 'cloud' ? alice.accountId : alice.key,
      name: flavor === 'cloud' ? null : 'alice',
      displayName: alice.displayName,
      emailAddress: alice.emailAddress,
      active: true,
      timeZone: alice.timeZone,
    });
  });

  it('gets a visible issue with only the fields asked for, on the flavour API path', async () => {
    const { store } = jira().sandbox;
    const alice = jira().user('alice');
    const issue = store.data.issues.find((i) => store.canSeeIssue(alice, i));
    if (!issue) throw new Error('alice sees no issue in the seeded data');
    await control(jira(), 'POST', '/__sandbox/reset');
    const found = await fetchIssues(readerFor(client, as('alice')), [issue.key], {
      fields: ['summary', 'status'],
      expand: [],
    });
    const got = found.get(issue.key) as { key: string; id: string; fields: Record<string, unknown> };
    expect(got.key).toBe(issue.key);
    expect(got.id).toBe(issue.id);
    expect(Object.keys(got.fields).sort()).toEqual(['status', 'summary']);
    expect(got.fields.summary).toBe(issue.summary);
    const route = flavor === 'cloud' ? `POST ${api}/issue/bulkfetch` : `GET ${api}/search`;
    expect(await routeCount(jira(), route)).toBe(1);
  });

  it('answers NotFound for an issue the caller may not see (bob, OPS-1)', async () => {
    const { store } = jira().sandbox;
    const ops1 = store.findIssue('OPS-1');
    expect(ops1 && store.canSeeIssue(jira().user('bob'), ops1)).toBe(false);
    const error = await failure(commentPage(client, as('bob'), 'OPS-1'));
    expect(error).toBeInstanceOf(JiraNotFoundError);
    const e = error as JiraNotFoundError;
    expect(e.code).toBe('NOT_FOUND');
    expect(e.status).toBe(404);
    expect(e.requestId).toMatch(/^\d+x\d+x\d+$/);
    expect(e.jiraMessages).toEqual([
      flavor === 'cloud'
        ? 'Issue does not exist or you do not have permission to see it.'
        : 'Issue Does Not Exist',
    ]);
    expectNoSecret(error, jira().user('bob').token);
  });

  it('answers UPSTREAM_CREDENTIAL_INVALID for a wrong token, never echoing it', async () => {
    const wrong = 'wrong-token-that-must-never-appear-anywhere';
    const credential = credentialFor(flavor, jira().user('alice'), wrong);
    const error = await failure(client.myself(credential));
    expect(error).toBeInstanceOf(JiraCredentialInvalidError);
    const e = error as JiraCredentialInvalidError;
    expect(e.code).toBe('UPSTREAM_CREDENTIAL_INVALID');
    expect(e.status).toBe(401);
    expect(e.requestId).not.toBeNull();
    expectNoSecret(error, wrong);
    if (credential.kind === 'basic') {
      expectNoSecret(error, Buffer.from(`${credential.email}:${wrong}`).toString('base64'));
    }
  });

  it('says BAD_USER_INPUT with Jira message for invalid JQL', async () => {
    const path = flavor === 'cloud' ? `${api}/search/jql` : `${api}/search`;
    const error = await failure(
      client.request(as('alice'), 'GET', path, { query: { jql: 'project = NOSUCHPROJECT', fields: ['id'] } }),
    );
    expect(error).toBeInstanceOf(JiraBadRequestError);
    const e = error as JiraBadRequestError;
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.status).toBe(400);
    expect([...e.jiraMessages, ...Object.values(e.fieldErrors)].join(' ')).toMatch(/NOSUCHPROJECT/);
  });

  it('retries a read on 503 a bounded number of times, then says UPSTREAM_UNAVAILABLE', async () => {
    await control(jira(), 'POST', '/__sandbox/settings', { errorRate: 1 });
    try {
      await control(jira(), 'POST', '/__sandbox/reset');
      const error = await failure(client.myself(as('alice')));
      expect(error).toBeInstanceOf(JiraUnavailableError);
      const e = error as JiraUnavailableError;
      expect(e.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(e.status).toBe(503);
      expect(e.reason).toBe('status');
      // A 5xx body is never kept: the status says it.
      expect(e.jiraMessages).toEqual([]);
      // The first attempt and two retries.
      expect(await routeCount(jira(), `GET ${api}/myself`)).toBe(3);
    } finally {
      await control(jira(), 'POST', '/__sandbox/settings', { errorRate: 0 });
    }
  });

  it('never retries a write', async () => {
    const issue = jira().sandbox.store.findIssue('PROJ-1');
    expect(issue).toBeDefined();
    await control(jira(), 'POST', '/__sandbox/settings', { errorRate: 1 });
    try {
      await control(jira(), 'POST', '/__sandbox/reset');
      const error = await failure(
        client.request(as('alice'), 'POST', `${api}/issue/PROJ-1/comment`, { body: { body: 'hello' } }),
      );
      expect(error).toBeInstanceOf(JiraUnavailableError);
      expect(await routeCount(jira(), `POST ${api}/issue/{issueIdOrKey}/comment`)).toBe(1);
    } finally {
      await control(jira(), 'POST', '/__sandbox/settings', { errorRate: 0 });
    }
  });

  it('says UPSTREAM_UNAVAILABLE when Jira answers no headers within the headers timeout', async () => {
    const impatient = createJiraClient({
      baseUrl: jira().sandbox.url,
      flavor,
      timeouts: { headersMs: 200 },
      retry: FAST_RETRY,
    });
    await control(jira(), 'POST', '/__sandbox/settings', { slowRate: 1, slowMs: 2000 });
    try {
      const started = Date.now();
      const error = await failure(impatient.myself(as('alice')));
      expect(error).toBeInstanceOf(JiraUnavailableError);
      const e = error as JiraUnavailableError;
      expect(e.reason).toBe('timeout');
      expect(e.status).toBeNull();
      // Timeouts are not retried: one wait, not three.
      expect(Date.now() - started).toBeLessThan(1500);
      expectNoSecret(error, jira().user('alice').token);
    } finally {
      await control(jira(), 'POST', '/__sandbox/settings', { slowRate: 0 });
      await impatient.close();
    }
  });

  it('passes the caller abort on as is, not as a Jira failure', async () => {
    await control(jira(), 'POST', '/__sandbox/settings', { slowRate: 1, slowMs: 1000 });
    try {
      const controller = new AbortController();
      const reason = new Error('caller went away');
      setTimeout(() => controller.abort(reason), 50);
      expect(await failure(client.myself(as('alice'), { signal: controller.signal }))).toBe(reason);
    } finally {
      await control(jira(), 'POST', '/__sandbox/settings', { slowRate: 0 });
    }
  });

  it('answers an abort that came before the call with its reason, without asking Jira', async () => {
    await control(jira(), 'POST', '/__sandbox/reset');
    const controller = new AbortController();
    const reason = new Error('cancelled before it began');
    controller.abort(reason);
    expect(await failure(client.myself(as('alice'), { signal: controller.signal }))).toBe(reason);
    const stats = (await control(jira(), 'GET', '/__sandbox/stats')) as { requests: number };
    expect(stats.requests).toBe(0);
  });

  it('detects the flavour from /rest/api/2/serverInfo', async () => {
    expect(await detectFlavor(jira().sandbox.url)).toBe(flavor);
  });
});

describe('Data Center unknown bearer token', () => {
  const jira = useSandbox({ flavor: 'datacenter', issues: 50, seed: 11 });
  const unknown: JiraCredential = { kind: 'bearer', token: 'unknown-bearer-token-must-not-leak' };
  let client: JiraClient;
  beforeAll(() => {
    client = createJiraClient({ baseUrl: jira().sandbox.url, flavor: 'datacenter' });
  });
  afterAll(async () => {
    await client.close();
  });

  it('is UPSTREAM_CREDENTIAL_INVALID on /myself (Data Center answers 401)', async () => {
    const error = await failure(client.myself(unknown));
    expect(error).toBeInstanceOf(JiraCredentialInvalidError);
    expect(error).toMatchObject({ status: 401, reason: 'unauthorized' });
    expectNoSecret(error, unknown.token);
  });

  it('is UPSTREAM_CREDENTIAL_INVALID where Data Center serves it as anonymous, not a 200 or a 404', async () => {
    const search = await failure(
      client.request(unknown, 'GET', '/rest/api/2/search', { query: { jql: '' } }),
    );
    expect(search).toBeInstanceOf(JiraCredentialInvalidError);
    expect((search as JiraCredentialInvalidError).reason).toBe('anonymous');
    expect((search as JiraCredentialInvalidError).status).toBe(200);
    const issue = await failure(commentPage(client, unknown, 'PROJ-1'));
    expect(issue).toBeInstanceOf(JiraCredentialInvalidError);
    expectNoSecret(issue, unknown.token);
  });
});

describe.each(['datacenter', 'cloud'] as const)('Jira rate limits on %s', (flavor) => {
  const jira = useSandbox({ flavor, issues: 50, seed: 11, rateLimit: 1 });
  const api = flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  const as = (name: string) => credentialFor(flavor, jira().user(name));

  it('retries a 429 after the Retry-After Jira sends', async () => {
    const client = createJiraClient({ baseUrl: jira().sandbox.url, flavor, retry: FAST_RETRY });
    try {
      await control(jira(), 'POST', '/__sandbox/reset');
      const started = Date.now();
      await client.myself(as('alice'));
      await client.myself(as('alice'));
      // The second call was refused once (Retry-After: 1) and then served.
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(await routeCount(jira(), `GET ${api}/myself`)).toBe(3);
    } finally {
      await client.close();
    }
  });

  it('surfaces UPSTREAM_RATE_LIMITED with Retry-After when retries run out', async () => {
    const client = createJiraClient({ baseUrl: jira().sandbox.url, flavor, retry: { retries: 0 } });
    try {
      await client.myself(as('bob'));
      const error = await failure(client.myself(as('bob')));
      expect(error).toBeInstanceOf(JiraRateLimitedError);
      const e = error as JiraRateLimitedError;
      expect(e.code).toBe('UPSTREAM_RATE_LIMITED');
      expect(e.status).toBe(429);
      expect(e.retryAfterSeconds).toBe(1);
      expect(JSON.parse(JSON.stringify(e))).toMatchObject({
        code: 'UPSTREAM_RATE_LIMITED',
        retryAfterSeconds: 1,
      });
    } finally {
      await client.close();
    }
  });

  it('does not wait for a Retry-After beyond its cap', async () => {
    const client = createJiraClient({
      baseUrl: jira().sandbox.url,
      flavor,
      retry: { ...FAST_RETRY, maxRetryAfterMs: 500 },
    });
    try {
      await client.myself(as('admin'));
      const started = Date.now();
      const error = await failure(client.myself(as('admin')));
      expect(error).toBeInstanceOf(JiraRateLimitedError);
      expect(Date.now() - started).toBeLessThan(500);
    } finally {
      await client.close();
    }
  });
});

describe('connection failures', () => {
  it('says UPSTREAM_UNAVAILABLE for a refused connection (a closed port)', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const client = createJiraClient({ baseUrl: `http://127.0.0.1:${port}`, flavor: 'datacenter' });
    try {
      const error = await failure(client.myself({ kind: 'bearer', token: 'secret-token-of-a-refused-call' }));
      expect(error).toBeInstanceOf(JiraUnavailableError);
      const e = error as JiraUnavailableError;
      expect(e.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(e.reason).toBe('connection-refused');
      expect(e.status).toBeNull();
      expectNoSecret(error, 'secret-token-of-a-refused-call');
      await expect(detectFlavor(`http://127.0.0.1:${port}`)).rejects.toBeInstanceOf(JiraUnavailableError);
    } finally {
      await client.close();
    }
  });

  describe('a server that drops the first connection of each request', () => {
    let server: Server;
    let url = '';
    const seen: string[] = [];
    beforeAll(async () => {
      // Every odd request has its socket destroyed before any answer: a
      // connection reset, as a stale keep-alive socket produces.
      server = createServer((req, res) => {
        seen.push(`${req.method} ${req.url}`);
        if (seen.length % 2 === 1) {
          req.socket.destroy();
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ key: 'JIRAUSER1', name: 'x', displayName: 'X', active: true }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('retries a read after a reset', async () => {
      const client = createJiraClient({ baseUrl: url, flavor: 'datacenter', retry: FAST_RETRY });
      try {
        seen.length = 0;
        const me = await client.myself({ kind: 'bearer', token: 't' });
        expect(me.accountId).toBe('JIRAUSER1');
        expect(seen).toEqual(['GET /rest/api/2/myself', 'GET /rest/api/2/myself']);
      } finally {
        await client.close();
      }
    });

    it('does not retry a write after a reset', async () => {
      const client = createJiraClient({ baseUrl: url, flavor: 'datacenter', retry: FAST_RETRY });
      try {
        seen.length = 0;
        const error = await failure(
          client.request({ kind: 'bearer', token: 't' }, 'POST', '/rest/api/2/issue', { body: {} }),
        );
        expect(error).toBeInstanceOf(JiraUnavailableError);
        expect((error as JiraUnavailableError).reason).toBe('connection-reset');
        expect(seen).toEqual(['POST /rest/api/2/issue']);
      } finally {
        await client.close();
      }
    });
  });
});

describe('an upstream that echoes the Authorization header', () => {
  // A PAT-like token with the characters URL-encoding changes (+ / =), and a Cloud pair.
  const TOKEN = 'Nj+Mx/OTk3ODQ1MjM0OkRh/c2hib2FyZC10b2tlbi0x+Mjm=';
  const credentials: JiraCredential[] = [
    { kind: 'bearer', token: TOKEN },
    { kind: 'basic', email: 'alice@example.com', token: TOKEN },
  ];
  let server: Server;
  let url = '';
  let status = 400;
  let shape: 'jira' | 'html' | 'other-json' = 'jira';

  /** Every form the server echoes the header's credential in. */
  function forms(header: string): string[] {
    const value = header.split(' ')[1] ?? '';
    return [
      header,
      header.toLowerCase(),
      encodeURIComponent(header),
      new URLSearchParams({ h: header }).toString(),
      TOKEN,
      TOKEN.toLowerCase(),
      TOKEN.slice(0, 20),
      TOKEN.slice(13, 33),
      encodeURIComponent(TOKEN),
      encodeURIComponent(TOKEN).toLowerCase(),
      Buffer.from(TOKEN).toString('base64'),
      value.slice(4, 24),
    ];
  }
  const mustNotAppear = (header: string) =>
    [TOKEN, TOKEN.slice(0, 20), encodeURIComponent(TOKEN), header.split(' ')[1] ?? ''].map((s) =>
      s.toLowerCase(),
    );

  beforeAll(async () => {
    server = createServer((req, res) => {
      const header = String(req.headers.authorization);
      const echoed = forms(header);
      if (shape === 'html') {
        res.writeHead(status, { 'Content-Type': 'text/html' });
        res.end(`<html><body>${echoed.join('<br>')}</body></html>`);
        return;
      }
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify(
          shape === 'jira'
            ? {
                errorMessages: echoed.map((f) => `saw ${f} .`),
                errors: { [header]: `got ${echoed.join(' ')}` },
              }
            : { message: echoed.join(' '), errorMessages: echoed },
        ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** Every text of the error, lower-cased: its message, its JSON, a console dump. */
  function texts(error: unknown): string {
    expect(error).toBeInstanceOf(JiraError);
    return [(error as JiraError).message, JSON.stringify(error), inspect(error, { depth: 10 })]
      .join('\n')
      .toLowerCase();
  }

  it.each(credentials)(
    'redacts every form in Jira-shaped 4xx messages and keeps the rest ($kind)',
    async (credential) => {
      const client = createJiraClient({ baseUrl: url, flavor: 'datacenter', retry: FAST_RETRY });
      try {
        for (const s of [400, 401, 403, 404, 409]) {
          status = s;
          shape = 'jira';
          const error = await failure(client.myself(credential));
          const e = error as JiraError;
          // Jira's words are kept, one message per echoed form, each with the credential blanked.
          expect(e.jiraMessages).toHaveLength(12);
          for (const m of e.jiraMessages) expect(m).toMatch(/^saw .*\[redacted\].* \.$/);
          const all = texts(error);
          for (const secret of mustNotAppear(authorizationHeader(credential)))
            expect(all, `${s}`).not.toContain(secret);
          expect(JSON.stringify(e.fieldErrors)).not.toContain(TOKEN.slice(0, 10));
        }
      } finally {
        await client.close();
      }
    },
  );

  it.each(credentials)(
    "keeps no text of a 5xx body or of a body that is not Jira's ($kind)",
    async (credential) => {
      const client = createJiraClient({
        baseUrl: url,
        flavor: 'datacenter',
        retry: { ...FAST_RETRY, retries: 0 },
      });
      try {
        for (const [s, sh] of [
          [500, 'jira'],
          [503, 'jira'],
          [502, 'html'],
          [403, 'html'],
          [400, 'other-json'],
        ] as const) {
          status = s;
          shape = sh;
          const error = await failure(client.myself(credential));
          const e = error as JiraError;
          expect(e.status).toBe(s);
          expect(e.jiraMessages, `${s} ${sh}`).toEqual([]);
          expect(e.fieldErrors).toEqual({});
          const all = texts(error);
          for (const secret of [TOKEN, TOKEN.slice(0, 20), encodeURIComponent(TOKEN)])
            expect(all).not.toContain(secret.toLowerCase());
        }
      } finally {
        await client.close();
      }
    },
  );
});
