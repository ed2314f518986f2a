// The signIn throttle on its own: per-address and global limits, the
// exponential back-off after failures, and how addresses are grouped.
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { describe, expect, it } from 'vitest';
import {
  addressKey,
  createSignInThrottle,
  type SignInThrottle,
} from '../../src/identities/sign-in-throttle.ts';

async function attempts(throttle: SignInThrottle, ip: string, n: number) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await throttle.admit(ip));
  return out;
}

describe('addressKey', () => {
  it.each([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff::1', '2001:db8:1:2::/64'],
    ['2001:db8:1:3::1', '2001:db8:1:3::/64'],
    ['', 'unknown'],
  ])('%s counts as %s', (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });
});

describe('createSignInThrottle', () => {
  it('admits perAddressPerMinute attempts from one address, then refuses with the wait', async () => {
    const throttle = createSignInThrottle({ perAddressPerMinute: 3, globalPerMinute: 100 });
    const out = await attempts(throttle, '192.0.2.1', 5);
    expect(out.slice(0, 3)).toEqual([{ admitted: true }, { admitted: true }, { admitted: true }]);
    for (const refused of out.slice(3)) {
      expect(refused).toMatchObject({ admitted: false, limit: 'address' });
      if (refused.admitted) continue;
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(59);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
    expect(await throttle.admit('192.0.2.2')).toEqual({ admitted: true });
  });

  it('counts an IPv6 /64 as one address, so rotating through it gains nothing', async () => {
    const throttle = createSignInThrottle({ perAddressPerMinute: 2, globalPerMinute: 100 });
    expect(await throttle.admit('2001:db8::1')).toEqual({ admitted: true });
    expect(await throttle.admit('2001:db8::2')).toEqual({ admitted: true });
    expect(await throttle.admit('2001:db8::ffff:3')).toMatchObject({ admitted: false, limit: 'address' });
    expect(await throttle.admit('2001:db8:0:1::1')).toEqual({ admitted: true });
  });

  it('refuses everyone once globalPerMinute attempts were admitted', async () => {
    const throttle = createSignInThrottle({ perAddressPerMinute: 100, globalPerMinute: 4 });
    for (let i = 1; i <= 4; i++) expect(await throttle.admit(`198.51.100.${i}`)).toEqual({ admitted: true });
    expect(await throttle.admit('198.51.100.99')).toMatchObject({ admitted: false, limit: 'global' });
  });

  it('an address refused by its own limit spends none of the global allowance', async () => {
    const throttle = createSignInThrottle({ perAddressPerMinute: 2, globalPerMinute: 3 });
    await attempts(throttle, '203.0.113.1', 50);
    expect(await throttle.admit('203.0.113.2')).toEqual({ admitted: true });
  });

  it('backs off 1, 2, 4, ... seconds after the free failures, up to the cap', async () => {
    const throttle = createSignInThrottle({
      perAddressPerMinute: 1000,
      globalPerMinute: 1000,
      freeFailures: 2,
      maxBackoffSeconds: 8,
    });
    const ip = '192.0.2.50';
    const waits: (number | null)[] = [];
    for (let i = 0; i < 7; i++) {
      await throttle.failed(ip);
      const next = await throttle.admit(ip);
      waits.push(next.admitted ? null : next.retryAfterSeconds);
      if (!next.admitted) expect(next.limit).toBe('backoff');
    }
    expect(waits).toEqual([null, null, 1, 2, 4, 8, 8]);
    // Another address is not held back by this one's failures.
    expect(await throttle.admit('192.0.2.51')).toEqual({ admitted: true });
  });

  it('admits again once the back-off has passed', async () => {
    const throttle = createSignInThrottle({
      perAddressPerMinute: 100,
      globalPerMinute: 100,
      freeFailures: 0,
    });
    await throttle.failed('192.0.2.60');
    expect(await throttle.admit('192.0.2.60')).toMatchObject({ admitted: false, retryAfterSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1050));
    expect(await throttle.admit('192.0.2.60')).toEqual({ admitted: true });
  });

  it("a limiter's own failure (e.g. its store is down) is an error, not a limit", async () => {
    class Broken extends RateLimiterMemory {
      override consume(): never {
        throw new Error('limiter store unreachable');
      }
    }
    const throttle = createSignInThrottle(
      { perAddressPerMinute: 5, globalPerMinute: 5 },
      (name, points, duration) => new Broken({ keyPrefix: name, points, duration }),
    );
    await expect(throttle.admit('192.0.2.70')).rejects.toThrow('limiter store unreachable');
  });
});
