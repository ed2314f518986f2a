// What the gateway does with a Jira that misbehaves about the caller's
// credential, through a proxy in front of the real sandbox, on both flavours:
// - an upstream that echoes the Authorization header back (URL-encoded,
//   lower-cased, cut short, base64...) in its error bodies: no form of the
//   credential reaches a GraphQL answer or a log line, 5xx and non-Jira bodies
//   are never relayed, and Jira's own 4xx messages still are (redacted);
// - a single 401 on a read while /myself still accepts the credential: the
//   identity is not marked, and a burst of such 401s asks /myself once.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { type ProxyAnswer, useJiraProxy } from '../support/jira-proxy.ts';

const ISSUE = '{ issue(key: "PROJ-1") { key } }';

/** Whether a request is a read of Jira's data (not /myself, which confirms credentials). */
const isRead = (req: IncomingMessage): boolean =>
  (req.url ?? '').startsWith('/rest/') && !(req.url ?? '').includes('/myself');

/** The token inside an Authorization header: a bearer token, or the password of a Basic pair. */
function tokenOf(header: string): string {
  const [scheme, value = ''] = header.split(' ');
  if (scheme === 'Bearer') return value;
  const pair = Buffer.from(value, 'base64').toString('utf8');
  return pair.slice(pair.indexOf(':') + 1);
}

/** The forms a careless proxy might echo a credential in. */
function echoedForms(header: string): string[] {
  const token = tokenOf(header);
  return [
    header,
    header.toLowerCase(),
    encodeURIComponent(header),
    new URLSearchParams({ h: header }).toString(),
    token,
    token.toUpperCase(),
    token.slice(0, 20),
    token.slice(7, 27),
    encodeURIComponent(token),
    encodeURIComponent(token).toLowerCase(),
    Buffer.from(token).toString('base64'),
  ];
}

/** What must never be found (case-insensitively) in an answer or a log. */
function secretForms(header: string): string[] {
  const token = tokenOf(header);
  const credential = header.split(' ')[1] ?? '';
  return [token, token.slice(0, 20), token.slice(7, 27), encodeURIComponent(token), credential].map((s) =>
    s.toLowerCase(),
  );
}

function expectNoSecret(text: string, header: string, where: string): void {
  const lower = text.toLowerCase();
  for (const form of secretForms(header)) expect(lower.includes(form), `${where} holds ${form}`).toBe(false);
}

const jiraShaped = (header: string) =>
  JSON.stringify({
    errorMessages: echoedForms(header).map((form) => `Refused credential ${form} here.`),
    errors: { authorization: `Header was ${encodeURIComponent(header)}` },
  });

describe.each(['datacenter', 'cloud'] as const)('%s: a Jira that echoes the credential', (flavor) => {
  const env: Record<string, string> = { JGG_CACHE_TTL_MS: '0' };
  const proxy = useJiraProxy(() => gw().sandbox.url, env);
  const gw = useGateway({ flavor, issues: 30, env });

  /** Answers every read with `answer(header)` for one query, and answers the query. */
  async function echoing(secret: string, answer: (header: string) => ProxyAnswer) {
    let header = '';
    proxy().intercept = (req) => {
      if (!isRead(req)) return null;
      header = String(req.headers.authorization);
      return answer(header);
    };
    try {
      const res = await gw().gql(secret, ISSUE);
      expect(header).not.toBe('');
      return { res, header, text: JSON.stringify(res.body) };
    } finally {
      proxy().intercept = null;
    }
  }

  it("relays Jira's own 4xx messages with every form of the credential redacted", async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:read'] });
    let tokenHeader = '';
    for (const status of [400, 404, 403]) {
      const { res, header, text } = await echoing(secret, (h) => ({ status, body: jiraShaped(h) }));
      // Jira's words are relayed, with the credential cut out of each of them.
      expect(res.body.errors[0].message).toMatch(/^Refused credential (Bearer |Basic )?\[redacted\] here\./);
      // One per echoed form in errorMessages, and one in the field error the message quotes too.
      expect(res.body.errors[0].message.match(/\[redacted\]/g)).toHaveLength(echoedForms(header).length + 1);
      expect(res.body.errors[0].extensions.fieldErrors.authorization).toMatch(/^Header was .*\[redacted\]/);
      expect(res.body.errors[0].extensions.jiraStatus).toBe(status);
      expectNoSecret(text, header, `the ${status} answer`);
      tokenHeader = header;
    }
    expectNoSecret(gw().logs.join(''), tokenHeader, 'the log');
  });

  it("never relays a 5xx body, even in Jira's shape: a fixed summary and the status", async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:read'] });
    for (const status of [500, 502]) {
      const { res, header, text } = await echoing(secret, (h) => ({ status, body: jiraShaped(h) }));
      expect(res.body.errors[0].extensions).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        jiraStatus: status,
      });
      expect(res.body.errors[0].message).toBe(`Jira is unavailable: it answered HTTP ${status}.`);
      expectNoSecret(text, header, `the ${status} answer`);
    }
  });

  it("never relays a proxy's body: HTML, text, or JSON that is not Jira's error collection", async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:read'] });
    const bodies: Array<(h: string) => ProxyAnswer> = [
      (h) => ({
        status: 403,
        headers: { 'Content-Type': 'text/html' },
        body: `<html>${echoedForms(h).join(' ')}</html>`,
      }),
      (h) => ({ status: 400, headers: { 'Content-Type': 'text/plain' }, body: echoedForms(h).join('\n') }),
      (h) => ({
        status: 404,
        body: JSON.stringify({ errorMessages: [`no ${h}`], message: 'proxy', headers: { authorization: h } }),
      }),
    ];
    for (const body of bodies) {
      const { res, header, text } = await echoing(secret, body);
      expect(res.body.errors[0].message).not.toMatch(/no |proxy|html/);
      expectNoSecret(text, header, 'the answer');
    }
  });

  it('keeps the credential out of the log of an unexpected answer', async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:read'] });
    const before = gw().logs.length;
    const { res, header, text } = await echoing(secret, (h) => ({ status: 418, body: jiraShaped(h) }));
    expect(res.body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expectNoSecret(text, header, 'the answer');
    const logged = gw().logs.slice(before).join('');
    // The masked error is logged with Jira's (redacted) words.
    expect(logged).toContain('[redacted]');
    expectNoSecret(logged, header, 'the log');
  });
});

describe.each(['datacenter', 'cloud'] as const)('%s: a single 401 from Jira', (flavor) => {
  const env: Record<string, string> = { JGG_CACHE_TTL_MS: '0' };
  const proxy = useJiraProxy(() => gw().sandbox.url, env);
  const gw = useGateway({ flavor, issues: 30, env });
  const REFUSED: ProxyAnswer = {
    status: 401,
    body: JSON.stringify({
      errorMessages: ['Client must be authenticated to access this resource.'],
      errors: {},
    }),
  };

  const identityOf = async (name: string) => {
    const u = gw().sandboxUser(name);
    return gw().gateway.runtime.store.findIdentity(flavor === 'cloud' ? u.accountId : u.name);
  };

  it('does not mark the identity when /myself still accepts the credential', async () => {
    const { secret } = await gw().token('bob', { scopes: ['issues:read'] });
    let refusals = 1;
    proxy().seen.length = 0;
    proxy().intercept = (req) => (isRead(req) && refusals-- > 0 ? REFUSED : null);
    try {
      const glitch = await gw().gql(secret, ISSUE);
      expect(glitch.body.errors[0].extensions).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        jiraStatus: 401,
      });
      expect(glitch.body.errors[0].message).toMatch(/accepts it otherwise; try again/);
      // Confirmed with /myself, which said yes.
      expect(proxy().seen.filter((r) => r.endsWith('/myself'))).toHaveLength(1);
    } finally {
      proxy().intercept = null;
    }
    expect((await identityOf('bob'))?.credentialInvalidAt).toBeNull();
    const after = await gw().gql(secret, ISSUE);
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data.issue.key).toBe('PROJ-1');
  });

  it('asks /myself once for a burst of 401s on one identity', async () => {
    const { secret } = await gw().token('erin', { scopes: ['issues:read'] });
    proxy().seen.length = 0;
    proxy().intercept = (req) => (isRead(req) ? REFUSED : null);
    // A slow /myself, so that every 401 of the burst meets the same check in flight.
    proxy().delay = { path: /\/myself$/, ms: 300 };
    try {
      const answers = await Promise.all(Array.from({ length: 5 }, () => gw().gql(secret, ISSUE)));
      for (const a of answers) expect(a.body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(proxy().seen.filter((r) => r.endsWith('/myself'))).toHaveLength(1);
    } finally {
      proxy().intercept = null;
      proxy().delay = null;
    }
    expect((await identityOf('erin'))?.credentialInvalidAt).toBeNull();
  });

  it('does not mark the identity when /myself cannot be asked (Jira unavailable)', async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:read'] });
    const unavailable: ProxyAnswer = {
      status: 503,
      body: JSON.stringify({ errorMessages: ['down'], errors: {} }),
    };
    proxy().intercept = (req) =>
      isRead(req) ? REFUSED : (req.url ?? '').includes('/myself') ? unavailable : null;
    try {
      const res = await gw().gql(secret, ISSUE);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', jiraStatus: 401 });
      expect(res.body.errors[0].message).toMatch(/could not be asked to confirm it/);
    } finally {
      proxy().intercept = null;
    }
    expect((await identityOf('alice'))?.credentialInvalidAt).toBeNull();
  });

  it('marks the identity when /myself refuses the credential too', async () => {
    const { secret } = await gw().token('dave', { scopes: ['issues:read'] });
    proxy().intercept = (req) => ((req.url ?? '').startsWith('/rest/') ? REFUSED : null);
    try {
      const refused = await gw().gql(secret, ISSUE);
      expect(refused.body.errors[0].extensions.code).toBe('UPSTREAM_CREDENTIAL_INVALID');
    } finally {
      proxy().intercept = null;
    }
    expect((await identityOf('dave'))?.credentialInvalidAt).toBeInstanceOf(Date);
    // Marked: Jira is not asked again until dave links anew.
    const again = await gw().gql(secret, ISSUE);
    expect(again.body.errors[0].message).toMatch(/sign in again/);
    await gw().link('dave');
    expect((await gw().gql(secret, ISSUE)).body.data.issue.key).toBe('PROJ-1');
  });
});
