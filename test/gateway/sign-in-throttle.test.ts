// signIn is open to anyone and each attempt is a Jira call: it is limited per
// client address and overall, backs off after failures, answers RATE_LIMITED
// with HTTP 429 and Retry-After before calling Jira, and audits failed
// attempts without flooding the audit log. Client addresses are set with
// X-Forwarded-For, which the gateway believes from its trusted proxy (the test).

import type { Flavor } from 'jira-sandbox';
import { describe, expect, it } from 'vitest';
import { type GatewayAnswer, useGateway } from '../support/gateway.ts';

const PER_ADDRESS = 6;
const GLOBAL = 40;
const SIGN_IN =
  'mutation($t: String!, $e: String) { signIn(input: { jiraToken: $t, email: $e }) { secret } }';

describe.each<Flavor>(['datacenter', 'cloud'])('signIn throttle on %s', (flavor) => {
  const gw = useGateway({
    flavor,
    issues: 5,
    env: {
      JGG_TRUSTED_PROXIES: '127.0.0.1,::1',
      JGG_SIGNIN_PER_IP_PER_MINUTE: String(PER_ADDRESS),
      JGG_SIGNIN_GLOBAL_PER_MINUTE: String(GLOBAL),
    },
  });

  /** A signIn from `ip` with a sandbox user's credential, or a wrong one. */
  function signIn(ip: string, who: string | { wrong: string }): Promise<GatewayAnswer> {
    const user = gw().sandboxUser(typeof who === 'string' ? who : 'alice');
    const token = typeof who === 'string' ? user.token : who.wrong;
    const email = flavor === 'cloud' ? user.emailAddress : null;
    return gw().gql(null, SIGN_IN, { t: token, e: email }, { 'X-Forwarded-For': ip });
  }

  /** Jira requests the sandbox served while `work` ran. */
  async function jiraCalls(work: () => Promise<unknown>): Promise<number> {
    const stats = async () =>
      ((await (await fetch(`${gw().sandbox.url}/__sandbox/stats`)).json()) as { requests: number }).requests;
    const before = await stats();
    await work();
    return (await stats()) - before;
  }

  function expectRateLimited(answer: GatewayAnswer, message: RegExp): number {
    expect(answer.status).toBe(429);
    expect(answer.body.data).toBeNull();
    const [error] = answer.body.errors;
    expect(error.extensions.code).toBe('RATE_LIMITED');
    expect(error.message).toMatch(message);
    const retryAfter = Number(answer.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
    expect(error.extensions.retryAfterSeconds).toBe(retryAfter);
    // The http extension sets status and header; it is not part of the answer.
    expect(error.extensions.http).toBeUndefined();
    return retryAfter;
  }

  async function failureRows(ip: string) {
    const audit = await gw().gateway.runtime.services.store.listAudit(
      { action: 'signin.failure', targetId: ip },
      { first: 50 },
    );
    return audit.items;
  }

  it(`admits ${PER_ADDRESS} attempts a minute from one address, then 429 before calling Jira`, async () => {
    for (let i = 0; i < PER_ADDRESS; i++) {
      const answer = await signIn('203.0.113.10', 'alice');
      expect(answer.status).toBe(200);
      expect(answer.body.data.signIn.secret).toMatch(/^jgg_/);
    }
    let refused: GatewayAnswer | undefined;
    expect(
      await jiraCalls(async () => {
        refused = await signIn('203.0.113.10', 'alice');
      }),
    ).toBe(0);
    const retryAfter = expectRateLimited(refused as GatewayAnswer, /from this address/);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another address is not held back.
    expect((await signIn('203.0.113.11', 'bob')).status).toBe(200);
  });

  it('counts an IPv6 /64 as one address', async () => {
    for (let i = 0; i < PER_ADDRESS; i++) {
      expect((await signIn(`2001:db8:7:7::${i + 1}`, 'alice')).status).toBe(200);
    }
    expectRateLimited(await signIn('2001:db8:7:7:ffff::9', 'alice'), /from this address/);
  });

  it('backs off after repeated failures, even for a good credential, and audits them', async () => {
    const ip = '198.51.100.20';
    // Three failures are free; the fourth starts a 1 s back-off.
    for (let i = 0; i < 4; i++) {
      const answer = await signIn(ip, { wrong: `wrong-${i}` });
      expect(answer.body.errors[0].extensions.code).toBe('UPSTREAM_CREDENTIAL_INVALID');
    }
    let refused: GatewayAnswer | undefined;
    expect(
      await jiraCalls(async () => {
        refused = await signIn(ip, 'alice');
      }),
    ).toBe(0);
    expect(expectRateLimited(refused as GatewayAnswer, /failed sign-in attempts/)).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await signIn(ip, { wrong: 'wrong-again' })).body.errors[0].extensions.code).toBe(
      'UPSTREAM_CREDENTIAL_INVALID',
    );
    // The next failure doubles the wait.
    expect(expectRateLimited(await signIn(ip, 'alice'), /failed sign-in attempts/)).toBe(2);

    // Five failures in this minute: one audit row so far (the rest are counted
    // for the row written when the minute ends), never the credential tried.
    const rows = await failureRows(ip);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'signin.failure',
      actorId: null,
      targetType: 'client',
      targetId: ip,
      ip,
      details: { failures: 1, windowSeconds: 60 },
    });
    expect(JSON.stringify(rows)).not.toMatch(/wrong-/);
  });

  it('300 guesses at once from one address: at most the allowance reaches Jira, one audit row', async () => {
    const ip = '198.51.100.30';
    let answers: GatewayAnswer[] = [];
    const calls = await jiraCalls(async () => {
      answers = await Promise.all(Array.from({ length: 300 }, (_, i) => signIn(ip, { wrong: `guess-${i}` })));
    });
    const codes = answers.map((a) => a.body.errors[0].extensions.code as string);
    const guessed = codes.filter((c) => c === 'UPSTREAM_CREDENTIAL_INVALID').length;
    expect(guessed).toBeGreaterThanOrEqual(1);
    expect(guessed).toBeLessThanOrEqual(PER_ADDRESS);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(300 - guessed);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(300 - guessed);
    // One /myself call per guess that was let through, and nothing else.
    expect(calls).toBe(guessed);
    expect(await failureRows(ip)).toHaveLength(1);
  });

  it(`refuses everyone once ${GLOBAL} attempts a minute were let through`, async () => {
    // Each from a fresh address, so only the global limit can stop them.
    let refused: GatewayAnswer | undefined;
    for (let i = 1; i <= GLOBAL + 1 && !refused; i++) {
      const answer = await signIn(`192.0.2.${i}`, 'bob');
      if (answer.status === 429) refused = answer;
      else expect(answer.status).toBe(200);
    }
    expect(refused, 'the global limit never refused').toBeDefined();
    expectRateLimited(refused as GatewayAnswer, /right now/);
    expectRateLimited(await signIn('192.0.2.200', 'alice'), /right now/);
  });
});
