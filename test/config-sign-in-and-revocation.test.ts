// The settings of the signIn throttle and the revocation poll: defaults,
// good values, and one line naming the setting for a bad one.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';

describe('signIn throttle and revocation poll settings', () => {
  it('default to 10 a minute per address, 100 overall, and a poll every second', () => {
    const config = loadConfig({});
    expect(config.signIn).toEqual({ perAddressPerMinute: 10, globalPerMinute: 100 });
    expect(config.tokens.revocationPollMs).toBe(1000);
  });

  it('take good values', () => {
    const config = loadConfig({
      JGG_SIGNIN_PER_IP_PER_MINUTE: '3',
      JGG_SIGNIN_GLOBAL_PER_MINUTE: '5000',
      JGG_REVOCATION_POLL_MS: '250',
    });
    expect(config.signIn).toEqual({ perAddressPerMinute: 3, globalPerMinute: 5000 });
    expect(config.tokens.revocationPollMs).toBe(250);
  });

  it.each([
    ['JGG_SIGNIN_PER_IP_PER_MINUTE', '0'],
    ['JGG_SIGNIN_PER_IP_PER_MINUTE', 'ten'],
    ['JGG_SIGNIN_GLOBAL_PER_MINUTE', '-1'],
    ['JGG_SIGNIN_GLOBAL_PER_MINUTE', '1.5'],
    // Slower than a second would break "revoked everywhere within 1 s".
    ['JGG_REVOCATION_POLL_MS', '1001'],
    ['JGG_REVOCATION_POLL_MS', '10'],
  ])('refuses %s=%s in one line naming it', (setting, value) => {
    expect(() => loadConfig({ [setting]: value })).toThrow(new RegExp(`^${setting}: must be a whole number`));
  });
});
