// JGG_USAGE_FLUSH_MS / JGG_USAGE_RECENT_IPS: how often per-token usage is
// written, and how many addresses each token keeps; validated like every setting.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('usage settings', () => {
  it('default to a write every 5 s and 5 addresses per token, and take whole numbers in range', () => {
    expect(loadConfig({}).usage).toEqual({ flushMs: 5000, recentIps: 5 });
    expect(loadConfig({ JGG_USAGE_FLUSH_MS: '100', JGG_USAGE_RECENT_IPS: '50' }).usage).toEqual({
      flushMs: 100,
      recentIps: 50,
    });
  });

  it.each([
    ['JGG_USAGE_FLUSH_MS', '99'],
    ['JGG_USAGE_FLUSH_MS', '600001'],
    ['JGG_USAGE_FLUSH_MS', '1.5'],
    ['JGG_USAGE_RECENT_IPS', '0'],
    ['JGG_USAGE_RECENT_IPS', '51'],
    ['JGG_USAGE_RECENT_IPS', 'five'],
  ])('refuses %s=%s with one line naming the setting', (setting, raw) => {
    expect(() => loadConfig({ [setting]: raw })).toThrow(ConfigError);
    expect(() => loadConfig({ [setting]: raw })).toThrow(new RegExp(`^${setting}: `));
  });
});
