// loadConfig: the defaults, and every malformed setting stopping start-up
// with one line that starts with the setting's name.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');

/** The ConfigError loadConfig throws for `env`; fails the test when it does not throw one. */
function failure(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config.jira).toEqual({ url: null, flavor: 'auto' });
    expect(config.http).toEqual({
      port: 4000,
      host: '127.0.0.1',
      corsOrigins: [],
      trustedProxies: [],
      maxBodyBytes: 1_048_576,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      idleTimeoutMs: 60_000,
      maxConnections: 1_000,
    });
    expect(config.store).toEqual({
      url: 'sqlite:./data/jgg.db',
      kind: 'sqlite',
      sqlitePath: './data/jgg.db',
    });
    expect(config.redisUrl).toBeNull();
    expect(config.secrets).toEqual({ key: null, previousKeys: [] });
    expect(config.admins).toEqual([]);
    expect(config.tokens.maxLifetimeDays).toBe(365);
    expect(config.tokens.cacheTtlMs).toBe(30_000);
    expect(config.logLevel).toBe('info');
    expect(config.compileQueries).toBe(true);
  });

  it('accepts good values and normalises the Jira URL', () => {
    const config = loadConfig({
      JGG_JIRA_URL: ' https://jira.example.com/ ',
      JGG_JIRA_FLAVOR: 'cloud',
      JGG_PORT: '0',
      JGG_DATABASE_URL: 'postgres://jgg@db.example/jgg',
      JGG_SECRET_KEY: KEY,
      JGG_TOKEN_MAX_DAYS: '30',
      JGG_LOG_LEVEL: 'warn',
      JGG_COMPILE_QUERIES: 'off',
    });
    expect(config.jira).toEqual({ url: 'https://jira.example.com', flavor: 'cloud' });
    expect(config.http.port).toBe(0);
    expect(config.store.kind).toBe('postgres');
    expect(config.store.sqlitePath).toBeNull();
    expect(config.secrets.key).toBe(KEY);
    expect(config.tokens.maxLifetimeDays).toBe(30);
    expect(config.logLevel).toBe('warn');
    expect(config.compileQueries).toBe(false);
  });

  const malformed: [string, Record<string, string>][] = [
    ['JGG_PORT', { JGG_PORT: 'abc' }],
    ['JGG_PORT', { JGG_PORT: '70000' }],
    ['JGG_PORT', { JGG_PORT: '-1' }],
    ['JGG_JIRA_URL', { JGG_JIRA_URL: 'ftp://x' }],
    ['JGG_JIRA_URL', { JGG_JIRA_URL: 'not a url' }],
    ['JGG_JIRA_URL', { JGG_JIRA_URL: 'https://jira.example.com/?a=1' }],
    ['JGG_JIRA_FLAVOR', { JGG_JIRA_FLAVOR: 'server' }],
    ['JGG_DATABASE_URL', { JGG_DATABASE_URL: 'mysql://x' }],
    ['JGG_DATABASE_URL', { JGG_DATABASE_URL: 'sqlite:' }],
    ['JGG_SECRET_KEY', { JGG_SECRET_KEY: Buffer.alloc(16, 1).toString('base64') }],
    ['JGG_SECRET_KEY', { JGG_SECRET_KEY: '!!! not base64 at all, but long enough to be 32 bytes !!!' }],
    ['JGG_SECRET_KEY', { JGG_DATABASE_URL: 'postgres://jgg@db.example/jgg' }],
    ['JGG_PREVIOUS_SECRET_KEYS', { JGG_PREVIOUS_SECRET_KEYS: `${KEY},short` }],
    ['JGG_CORS_ORIGINS', { JGG_CORS_ORIGINS: 'https://a.example/path' }],
    ['JGG_CORS_ORIGINS', { JGG_CORS_ORIGINS: 'bi.example.com' }],
    ['JGG_TRUSTED_PROXIES', { JGG_TRUSTED_PROXIES: 'nope' }],
    ['JGG_TRUSTED_PROXIES', { JGG_TRUSTED_PROXIES: '10.0.0.0/33' }],
    ['JGG_TOKEN_MAX_DAYS', { JGG_TOKEN_MAX_DAYS: '0' }],
    ['JGG_COMPILE_QUERIES', { JGG_COMPILE_QUERIES: 'yes' }],
    ['JGG_TOKEN_MAX_DAYS', { JGG_TOKEN_MAX_DAYS: '1.5' }],
    ['JGG_TOKEN_CACHE_MS', { JGG_TOKEN_CACHE_MS: '-5' }],
    ['JGG_LOG_LEVEL', { JGG_LOG_LEVEL: 'loud' }],
    ['JGG_REDIS_URL', { JGG_REDIS_URL: 'http://127.0.0.1:6379' }],
    ['JGG_REDIS_URL', { JGG_REDIS_URL: 'not a url' }],
    ['JGG_REDIS_PREFIX', { JGG_REDIS_PREFIX: 'two words' }],
    ['JGG_REDIS_PREFIX', { JGG_REDIS_PREFIX: 'jgg*' }],
    ['JGG_HOST', { JGG_HOST: 'two words' }],
  ];

  it.each(malformed)('refuses a malformed %s in one line naming it (%j)', (setting, env) => {
    const error = failure(env);
    expect(error.setting).toBe(setting);
    expect(error.message.startsWith(`${setting}: `)).toBe(true);
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message.length).toBeGreaterThan(setting.length + 10);
  });

  it('keeps the message on one line even when the bad value spans lines', () => {
    const multiline: Record<string, string>[] = [
      { JGG_LOG_LEVEL: 'info\nwarn' },
      { JGG_JIRA_FLAVOR: 'cloud\r\nserver' },
      { JGG_PORT: '40\n00' },
      { JGG_TRUSTED_PROXIES: '10.0.0.1\n10.0.0.2' },
    ];
    for (const env of multiline) {
      const error = failure(env);
      expect(error.message).not.toMatch(/[\r\n]/);
      expect(error.message.startsWith(`${Object.keys(env)[0]}: `)).toBe(true);
    }
    expect(failure({ JGG_LOG_LEVEL: 'info\nwarn' }).message).toContain("(got 'info\\u000awarn')");
  });

  it('never repeats a secret key or a database URL in the message', () => {
    const shortKey = Buffer.from('sixteen byte key').toString('base64');
    expect(failure({ JGG_SECRET_KEY: shortKey }).message).not.toContain(shortKey);
    const url = 'postgres://jgg:hunter2@[bad';
    const message = failure({ JGG_DATABASE_URL: url, JGG_SECRET_KEY: KEY }).message;
    expect(message.startsWith('JGG_DATABASE_URL: ')).toBe(true);
    expect(message).not.toContain('hunter2');
  });

  it('lets overrides (flags) win over the environment, and ignores undefined overrides', () => {
    const env = { JGG_PORT: '5000', JGG_HOST: '0.0.0.0' };
    const config = loadConfig(env, { JGG_PORT: '6000', JGG_HOST: undefined });
    expect(config.http.port).toBe(6000);
    expect(config.http.host).toBe('0.0.0.0');
    // A bad flag is named like the setting it overrides.
    expect(() => loadConfig(env, { JGG_PORT: 'x' })).toThrow(/^JGG_PORT: /);
  });

  it('trims lists and drops empty entries', () => {
    const config = loadConfig({
      JGG_ADMINS: ' admin , alice ,, ',
      JGG_CORS_ORIGINS: ' https://a.example , https://b.example:8443/ ,',
      JGG_TRUSTED_PROXIES: ' 127.0.0.1/32 , ::1 ',
      JGG_PREVIOUS_SECRET_KEYS: ` ${KEY} `,
    });
    expect(config.admins).toEqual(['admin', 'alice']);
    expect(config.http.corsOrigins).toEqual(['https://a.example', 'https://b.example:8443']);
    expect(config.http.trustedProxies).toEqual(['127.0.0.1/32', '::1']);
    expect(config.secrets.previousKeys).toEqual([KEY]);
  });

  it('treats blank settings as unset', () => {
    const config = loadConfig({ JGG_PORT: ' ', JGG_JIRA_URL: '', JGG_LOG_LEVEL: '  ', JGG_SECRET_KEY: ' ' });
    expect(config.http.port).toBe(4000);
    expect(config.jira.url).toBeNull();
    expect(config.logLevel).toBe('info');
    expect(config.secrets.key).toBeNull();
  });
});
