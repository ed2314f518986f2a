// JGG_MAX_JQL_LENGTH: the cap on caller-written JQL, validated like every setting.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('JGG_MAX_JQL_LENGTH', () => {
  it('defaults to 10000 characters and takes a whole number from 100 to 1000000', () => {
    expect(loadConfig({}).jql.maxLength).toBe(10_000);
    expect(loadConfig({ JGG_MAX_JQL_LENGTH: '2500' }).jql.maxLength).toBe(2500);
  });

  it.each(['0', '99', '1000001', '100.5', 'ten', '-5'])(
    'refuses %s with one line naming the setting',
    (raw) => {
      expect(() => loadConfig({ JGG_MAX_JQL_LENGTH: raw })).toThrow(ConfigError);
      expect(() => loadConfig({ JGG_MAX_JQL_LENGTH: raw })).toThrow(
        /^JGG_MAX_JQL_LENGTH: must be a whole number/,
      );
    },
  );
});
