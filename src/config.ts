// The only reader of process.env. Validates every setting and fails fast
// with one line naming the setting that is wrong.
import { isIP } from 'node:net';
import { parseCidr } from './auth/ip-allow.ts';
import { SCOPES, type Scope } from './auth/scopes.ts';
import type { JiraFlavor } from './jira/types.ts';

export type JiraFlavorSetting = JiraFlavor | 'auto';

export interface Config {
  jira: {
    /** Base URL without a trailing slash; null when unset (serve requires it). */
    url: string | null;
    flavor: JiraFlavorSetting;
  };
  http: {
    port: number;
    host: string;
    corsOrigins: string[];
    /** Proxies whose X-Forwarded-For is believed; empty means use the socket address. */
    trustedProxies: string[];
    /** A larger request body from an authenticated caller is refused (413) before it is parsed. */
    maxBodyBytes: number;
    /** A client must send its request headers within this. */
    headersTimeoutMs: number;
    /** A client must send its whole request, body included, within this (a slow body is cut). */
    requestTimeoutMs: number;
    /** An idle keep-alive connection is closed after this. */
    keepAliveTimeoutMs: number;
    /** A connection with no traffic either way for this long is closed; longer than the Jira deadline. */
    idleTimeoutMs: number;
    /** Connections over this are refused at once. */
    maxConnections: number;
  };
  /** The unauthenticated Prometheus listener; port null keeps it off (/metrics on the API port needs admin). */
  metrics: { port: number | null; host: string };
  store: {
    url: string;
    kind: 'sqlite' | 'postgres';
    /** For sqlite: the file; the secret key is generated next to it. */
    sqlitePath: string | null;
  };
  /** Shared rate-limit counters and change announcements between instances; null: one process, in memory. */
  redisUrl: string | null;
  /** Every Redis key and channel the gateway uses starts with this (several gateways may share one Redis). */
  redisPrefix: string;
  secrets: {
    /** Base64 of 32 bytes, or null: generated into the data folder for sqlite. */
    key: string | null;
    /** Older keys that still open what they sealed (rotation). */
    previousKeys: string[];
  };
  admins: string[];
  tokens: {
    /** Longest lifetime a token may be given (policy). */
    maxLifetimeDays: number;
    /** Lifetime of the token signIn returns. */
    sessionLifetimeMinutes: number;
    /** How long a verified token stays in the in-memory cache. */
    cacheTtlMs: number;
    /** How often the store's revision is read, so other processes' revocations apply here. */
    revocationPollMs: number;
    /** Live personal tokens one identity may hold; creating one more is refused. */
    maxPerIdentity: number;
  };
  /**
   * Each token's budget of points per hour; a point is one Jira call the
   * gateway estimates before running the operation (at least 1 per request).
   * A token may be given a smaller budget when it is created.
   */
  rateLimit: { pointsPerHour: number };
  /** Per-token usage counters are kept in memory and written to the store this often. */
  usage: { flushMs: number; recentIps: number };
  /** Who may hold which tokens (the operator's policies; maxLifetimeDays and maxPerIdentity are in tokens). */
  policy: {
    /** Jira groups whose members may hold personal tokens (case-insensitive); empty: every linked user. */
    creatorGroups: string[];
    /**
     * Per Jira group, the scopes its members' tokens may hold; empty: scopes
     * are not limited by group. When set it denies by default: a token may
     * hold only the union of the scopes of the named groups its identity is
     * in, and an identity in none of them may hold none.
     */
    groupScopes: Record<string, Scope[]>;
    /** Every personal token must name the projects it may reach. */
    requireProjects: boolean;
  };
  /** signIn attempts (each a Jira call) one client address, and all together, may make. */
  signIn: { perAddressPerMinute: number; globalPerMinute: number };
  cache: {
    /** How long a Jira answer is reused for the same caller; 0 turns the cache off. */
    ttlMs: number;
    maxBytes: number;
  };
  /** Every GraphQL request's Jira calls must finish within this. */
  jiraDeadlineMs: number;
  /** Refused before execution with QUERY_TOO_COMPLEX. */
  queryLimits: {
    maxDepth: number;
    maxAliases: number;
    /** The most Jira calls one operation may make, estimated before it runs. */
    maxJiraCalls: number;
  };
  /** A caller's JQL longer than this is refused (BAD_USER_INPUT) before Jira sees it. */
  jql: { maxLength: number };
  /** Repeated query operations within the token's scopes run compiled (graphql-jit). */
  compileQueries: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    // One line whatever the bad value holds: control characters are shown escaped.
    super(
      `${setting}: ${problem}`.replace(
        /\p{Cc}/gu,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      ),
    );
  }
}

type Env = Record<string, string | undefined>;

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got '${raw}')`);
  }
  return n;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const found = allowed.find((a) => a === raw);
  if (!found) throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got '${raw}')`);
  return found;
}

function jiraUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError('JGG_JIRA_URL', `is not a URL (got '${raw}')`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('JGG_JIRA_URL', `must be an http or https URL (got '${raw}')`);
  }
  if (url.search || url.hash) throw new ConfigError('JGG_JIRA_URL', 'must not carry a query or fragment');
  return url.toString().replace(/\/+$/, '');
}

function storeSetting(raw: string | undefined): Config['store'] {
  const url = raw?.trim() || 'sqlite:./data/jgg.db';
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '')
      throw new ConfigError('JGG_DATABASE_URL', "sqlite: needs a file path, e.g. 'sqlite:./data/jgg.db'");
    return { url, kind: 'sqlite', sqlitePath: path };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError('JGG_DATABASE_URL', 'is not a valid postgres:// URL');
    }
    return { url, kind: 'postgres', sqlitePath: null };
  }
  throw new ConfigError('JGG_DATABASE_URL', "must start with 'sqlite:' or 'postgres://'");
}

function redisUrl(raw: string | undefined): string | null {
  const value = raw?.trim();
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('JGG_REDIS_URL', 'is not a URL like redis://127.0.0.1:6379');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError('JGG_REDIS_URL', 'must start with redis:// or rediss://');
  }
  return value;
}

function redisPrefix(raw: string | undefined): string {
  const value = raw?.trim();
  if (value === undefined || value === '') return 'jgg:';
  // Keys are built by concatenation: a space, a glob character or a control
  // character would make them awkward to inspect or match with SCAN.
  if (!/^[A-Za-z0-9._:-]{1,64}$/.test(value)) {
    throw new ConfigError('JGG_REDIS_PREFIX', 'may hold only letters, digits and . _ : - (at most 64)');
  }
  return value;
}

function secretKeySetting(name: string, raw: string): string {
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32 || key.toString('base64') !== raw) {
    throw new ConfigError(name, 'must be 32 bytes encoded as base64 (e.g. `openssl rand -base64 32`)');
  }
  return raw;
}

function origins(raw: string | undefined): string[] {
  return list(raw).map((origin) => {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new ConfigError('JGG_CORS_ORIGINS', `'${origin}' is not an origin like https://bi.example.com`);
    }
    if (url.origin !== origin.replace(/\/$/, '')) {
      throw new ConfigError('JGG_CORS_ORIGINS', `'${origin}' is not an origin (scheme, host and port only)`);
    }
    return url.origin;
  });
}

function proxies(raw: string | undefined): string[] {
  return list(raw).map((entry) => {
    if (isIP(entry) === 0 && parseCidr(entry) === null) {
      throw new ConfigError('JGG_TRUSTED_PROXIES', `'${entry}' is not an IP address or CIDR`);
    }
    return entry;
  });
}

/** The environment with the flags that were given (undefined: not given) laid over it. */
function withFlags(env: Env, overrides: Env): Env {
  return { ...env, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
}

/** Timeouts and the connection cap of the HTTP server, checked against each other. */
function connectionLimits(
  e: Env,
  jiraDeadlineMs: number,
): Omit<Config['http'], 'port' | 'host' | 'corsOrigins' | 'trustedProxies' | 'maxBodyBytes'> {
  const headersTimeoutMs = integer(e, 'JGG_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000);
  const requestTimeoutMs = integer(e, 'JGG_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000);
  // Node refuses to start with a headers timeout longer than the request timeout.
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(
      'JGG_HEADERS_TIMEOUT_MS',
      `must not exceed JGG_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`,
    );
  }
  const idleTimeoutMs = integer(e, 'JGG_IDLE_TIMEOUT_MS', 60_000, 1_000, 3_600_000);
  // A request waiting on Jira sends nothing: a shorter idle timeout would cut it.
  if (idleTimeoutMs <= jiraDeadlineMs) {
    throw new ConfigError(
      'JGG_IDLE_TIMEOUT_MS',
      `must be longer than JGG_JIRA_DEADLINE_MS (${jiraDeadlineMs})`,
    );
  }
  return {
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: integer(e, 'JGG_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000),
    idleTimeoutMs,
    maxConnections: integer(e, 'JGG_MAX_CONNECTIONS', 1_000, 1, 1_000_000),
  };
}

function metricsListener(e: Env): Config['metrics'] {
  const raw = e.JGG_METRICS_PORT?.trim();
  const port = raw === undefined || raw === '' ? null : integer(e, 'JGG_METRICS_PORT', 0, 0, 65535);
  const host = e.JGG_METRICS_HOST?.trim() || '127.0.0.1';
  if (/\s/.test(host))
    throw new ConfigError('JGG_METRICS_HOST', `is not a host name or address (got '${host}')`);
  return { port, host };
}

/** `jgg demo`'s own setting: the sandbox's port (JGG_SANDBOX_PORT); a flag wins. */
export function loadDemoSettings(env: Env = process.env, overrides: Env = {}): { sandboxPort: number } {
  return { sandboxPort: integer(withFlags(env, overrides), 'JGG_SANDBOX_PORT', 8080, 0, 65535) };
}

/** JGG_GROUP_SCOPES: a JSON object, Jira group name to a list of scopes ('*' for all). */
function groupScopes(raw: string | undefined): Record<string, Scope[]> {
  const value = raw?.trim();
  if (!value) return {};
  const name = 'JGG_GROUP_SCOPES';
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigError(name, 'must be JSON like {"jira-software-users": ["issues:read"]}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(name, 'must be a JSON object of group name to a list of scopes');
  }
  const out: Record<string, Scope[]> = {};
  // {} would deny every scope to everyone: almost surely a mistake, so it is refused.
  if (Object.keys(parsed).length === 0) {
    throw new ConfigError(name, 'names no group; leave it unset to not limit scopes by group');
  }
  for (const [group, scopes] of Object.entries(parsed)) {
    if (group.trim() === '' || group !== group.trim()) {
      throw new ConfigError(name, `'${group}' is not a group name (empty, or spaces around it)`);
    }
    if (!Array.isArray(scopes) || !scopes.every((s): s is string => typeof s === 'string')) {
      throw new ConfigError(name, `group '${group}' must map to a list of scope names`);
    }
    if (scopes.includes('*')) {
      out[group] = [...SCOPES];
      continue;
    }
    const known = scopes.map((scope) => {
      const found = SCOPES.find((s) => s === scope);
      if (!found) throw new ConfigError(name, `'${scope}' (group '${group}') is not a scope`);
      return found;
    });
    out[group] = [...new Set(known)];
  }
  return out;
}

/** Reads and validates the configuration; flags (overrides) win over the environment. */
export function loadConfig(env: Env = process.env, overrides: Env = {}): Config {
  const e = withFlags(env, overrides);
  const store = storeSetting(e.JGG_DATABASE_URL);
  const rawKey = e.JGG_SECRET_KEY?.trim();
  const key = rawKey ? secretKeySetting('JGG_SECRET_KEY', rawKey) : null;
  if (key === null && store.kind === 'postgres') {
    throw new ConfigError('JGG_SECRET_KEY', 'is required with a postgres store (32 bytes, base64)');
  }
  const host = e.JGG_HOST?.trim() || '127.0.0.1';
  if (/\s/.test(host)) throw new ConfigError('JGG_HOST', `is not a host name or address (got '${host}')`);
  const jiraDeadlineMs = integer(e, 'JGG_JIRA_DEADLINE_MS', 30_000, 100, 600_000);
  return {
    jira: {
      url: jiraUrl(e.JGG_JIRA_URL),
      flavor: oneOf(e, 'JGG_JIRA_FLAVOR', ['datacenter', 'cloud', 'auto'] as const, 'auto'),
    },
    http: {
      port: integer(e, 'JGG_PORT', 4000, 0, 65535),
      host,
      corsOrigins: origins(e.JGG_CORS_ORIGINS),
      trustedProxies: proxies(e.JGG_TRUSTED_PROXIES),
      maxBodyBytes: integer(e, 'JGG_MAX_BODY_BYTES', 1_048_576, 1024, 1_000_000_000),
      ...connectionLimits(e, jiraDeadlineMs),
    },
    metrics: metricsListener(e),
    store,
    redisUrl: redisUrl(e.JGG_REDIS_URL),
    redisPrefix: redisPrefix(e.JGG_REDIS_PREFIX),
    secrets: {
      key,
      previousKeys: list(e.JGG_PREVIOUS_SECRET_KEYS).map((k) =>
        secretKeySetting('JGG_PREVIOUS_SECRET_KEYS', k),
      ),
    },
    admins: list(e.JGG_ADMINS),
    tokens: {
      maxLifetimeDays: integer(e, 'JGG_TOKEN_MAX_DAYS', 365, 1, 3650),
      sessionLifetimeMinutes: integer(e, 'JGG_SESSION_TOKEN_MINUTES', 60, 1, 24 * 60),
      cacheTtlMs: integer(e, 'JGG_TOKEN_CACHE_MS', 30_000, 0, 3_600_000),
      // At most 1 s: a revocation must hold in every process within a second.
      revocationPollMs: integer(e, 'JGG_REVOCATION_POLL_MS', 1000, 50, 1000),
      maxPerIdentity: integer(e, 'JGG_MAX_TOKENS_PER_IDENTITY', 100, 1, 10_000),
    },
    rateLimit: { pointsPerHour: integer(e, 'JGG_RATE_LIMIT_PER_HOUR', 5000, 1, 100_000_000) },
    usage: {
      flushMs: integer(e, 'JGG_USAGE_FLUSH_MS', 5000, 100, 600_000),
      recentIps: integer(e, 'JGG_USAGE_RECENT_IPS', 5, 1, 50),
    },
    policy: {
      creatorGroups: list(e.JGG_TOKEN_CREATOR_GROUPS),
      groupScopes: groupScopes(e.JGG_GROUP_SCOPES),
      requireProjects: oneOf(e, 'JGG_TOKENS_REQUIRE_PROJECTS', ['on', 'off'] as const, 'off') === 'on',
    },
    signIn: {
      perAddressPerMinute: integer(e, 'JGG_SIGNIN_PER_IP_PER_MINUTE', 10, 1, 10_000),
      globalPerMinute: integer(e, 'JGG_SIGNIN_GLOBAL_PER_MINUTE', 100, 1, 1_000_000),
    },
    cache: {
      ttlMs: integer(e, 'JGG_CACHE_TTL_MS', 10_000, 0, 3_600_000),
      maxBytes: integer(e, 'JGG_CACHE_MAX_MB', 64, 1, 64 * 1024) * 1024 * 1024,
    },
    jiraDeadlineMs,
    queryLimits: {
      maxDepth: integer(e, 'JGG_MAX_QUERY_DEPTH', 15, 2, 100),
      maxAliases: integer(e, 'JGG_MAX_ALIASES', 100, 1, 10_000),
      maxJiraCalls: integer(e, 'JGG_MAX_JIRA_CALLS', 75, 1, 100_000),
    },
    jql: { maxLength: integer(e, 'JGG_MAX_JQL_LENGTH', 10_000, 100, 1_000_000) },
    compileQueries: oneOf(e, 'JGG_COMPILE_QUERIES', ['on', 'off'] as const, 'on') === 'on',
    logLevel: oneOf(
      e,
      'JGG_LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
  };
}
