// Builds the gateway's services from their dependencies: token and identity
// rules, the authenticator, and the readiness check. Shared by `serve`, the
// demo, the CLI and the tests.

import type { Keyring } from './auth/keyring.ts';
import type { Config } from './config.ts';
import { createIdentityService } from './identities/identity-service.ts';
import { createSignInFailureAudit } from './identities/sign-in-failure-audit.ts';
import { createSignInThrottle, type LimiterFactory } from './identities/sign-in-throttle.ts';
import type { JiraClient } from './jira/client.ts';
import { JiraRateLimitedError } from './jira/errors.ts';
import { readMyGroups } from './jira/group-reads.ts';
import { createReadCache } from './jira/read-cache.ts';
import type { IdentityRecord, TokenStore } from './store/store.ts';
import { createAuthenticator } from './tokens/authenticator.ts';
import { createTokenPolicy, type TokenPolicySettings } from './tokens/token-policy.ts';
import { createTokenService } from './tokens/token-service.ts';
import { createUsageRecorder } from './tokens/usage-recorder.ts';
import { failureOutcomeUnknown } from './writes/failure-outcome.ts';
import { createIdempotency } from './writes/idempotency.ts';

export interface ServicesDeps {
  /** The signIn throttle's counters: shared through Redis when there is one; in memory by default. */
  signInLimiters?: LimiterFactory;
  config: Pick<
    Config,
    'admins' | 'tokens' | 'policy' | 'cache' | 'signIn' | 'jiraDeadlineMs' | 'usage' | 'rateLimit'
  >;
  store: TokenStore;
  jira: JiraClient;
  keyring: Keyring;
  now?: () => Date;
  onBackgroundError?: (error: unknown) => void;
}

export type Readiness = Record<'store' | 'jira', 'ok' | string>;

/** JGG_ADMINS names Jira usernames (Data Center) or accountIds / user keys. */
export function adminMatcher(names: readonly string[]): (identity: IdentityRecord) => boolean {
  const admins = new Set(names);
  return (identity) =>
    admins.has(identity.jiraAccountId) || (identity.jiraName !== null && admins.has(identity.jiraName));
}

/** The operator's token policies as the settings state them. */
export function tokenPolicySettings(config: Pick<Config, 'tokens' | 'policy'>): TokenPolicySettings {
  return {
    maxLifetimeDays: config.tokens.maxLifetimeDays,
    maxTokensPerIdentity: config.tokens.maxPerIdentity,
    creatorGroups: config.policy.creatorGroups,
    groupScopes: config.policy.groupScopes,
    requireProjects: config.policy.requireProjects,
  };
}

export function createServices(deps: ServicesDeps) {
  const { config, store, jira, keyring } = deps;
  const isAdmin = adminMatcher(config.admins);
  const authenticator = createAuthenticator({
    store,
    keyring,
    isAdmin,
    cacheTtlMs: config.tokens.cacheTtlMs,
    ...(deps.now ? { now: deps.now } : {}),
  });
  // Per-token usage, counted in memory and written in batches (last use included).
  const usage = createUsageRecorder({
    store,
    flushMs: config.usage.flushMs,
    recentIps: config.usage.recentIps,
    ...(deps.onBackgroundError ? { onError: deps.onBackgroundError } : {}),
  });
  const tokenPolicy = createTokenPolicy({
    settings: tokenPolicySettings(config),
    isAdmin,
    // identities is made below; the policy asks only once requests come.
    groupsOf: (identity) => readMyGroups(jira, identities.credentialOf(identity)),
    ...(deps.now ? { now: deps.now } : {}),
  });
  const tokens = createTokenService({
    store,
    keyring,
    policy: tokenPolicy,
    maxLifetimeDays: config.tokens.maxLifetimeDays,
    defaultPointsPerHour: config.rateLimit.pointsPerHour,
    sessionLifetimeMinutes: config.tokens.sessionLifetimeMinutes,
    maxTokensPerIdentity: config.tokens.maxPerIdentity,
    isAdmin,
    onRevoked: (ids) => authenticator.forget(ids),
    ...(deps.now ? { now: deps.now } : {}),
  });
  const identities = createIdentityService({
    store,
    keyring,
    jira,
    flavor: jira.flavor,
    onIdentityChanged: (id) => {
      authenticator.forgetIdentity(id);
      tokenPolicy.forgetIdentity(id);
    },
    ...(deps.now ? { now: deps.now } : {}),
  });

  async function readiness(): Promise<Readiness> {
    const [storeOk, jiraOk] = await Promise.all([
      store.ping().then(
        (ok) => (ok ? 'ok' : 'unreachable'),
        () => 'unreachable',
      ),
      jira.serverInfo(null).then(
        () => 'ok',
        // Jira answered, or is known to be up and limiting (held back): an
        // instance taken out of the load balancer for it would help nobody.
        (error: unknown) =>
          error instanceof JiraRateLimitedError
            ? 'ok'
            : error instanceof Error
              ? error.message
              : 'unreachable',
      ),
    ]);
    return { store: storeOk, jira: jiraOk };
  }

  const signInThrottle = createSignInThrottle(config.signIn, deps.signInLimiters);
  const signInFailures = createSignInFailureAudit({
    store,
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.onBackgroundError ? { onError: deps.onBackgroundError } : {}),
  });

  /**
   * Something changed in the store that this process was not told the
   * details of (revocation-feed.ts): nothing cached may outlive it. The
   * opened-credential memo is keyed by identity record, so records loaded
   * afresh are opened afresh.
   */
  function dropCachedSessions(): void {
    authenticator.forgetAll();
  }

  /**
   * Another process announced a change to an identity (redis-change-feed.ts):
   * its cached sessions, remembered groups and cached Jira answers go, so a
   * revoked token is refused and a relinked or refused credential is not
   * served from cache. Null (a message not understood, or one possibly
   * missed) drops every cached session.
   */
  function applyChange(identityId: string | null): void {
    if (identityId === null) {
      dropCachedSessions();
      return;
    }
    authenticator.forgetIdentity(identityId);
    tokenPolicy.forgetIdentity(identityId);
    readCache.invalidate(identityId);
  }

  /** Writes what is still pending; the store stays open (the caller owns it). */
  async function close(): Promise<void> {
    await Promise.all([signInFailures.close(), usage.close()]);
  }

  // Shared by all requests; every key is partitioned by the caller (jira/reader.ts).
  const readCache = createReadCache(config.cache);
  // Keys live in the shared store, so a retry on any process finds the first request's record.
  const idempotency = createIdempotency({
    store,
    outcomeUnknown: failureOutcomeUnknown,
    // A write still in flight is pending until the request's Jira deadline has surely passed.
    stalePendingMs: config.jiraDeadlineMs + 60_000,
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.onBackgroundError
      ? { onStoreError: (_step: string, error: unknown) => deps.onBackgroundError?.(error) }
      : {}),
  });
  return {
    store,
    tokens,
    tokenPolicy,
    identities,
    jira,
    signInThrottle,
    signInFailures,
    authenticator,
    isAdmin,
    readiness,
    readCache,
    idempotency,
    usage,
    dropCachedSessions,
    applyChange,
    close,
  };
}

/** Everything the gateway's parts use; resolvers see a part of it (request-context.ts). */
export type Services = ReturnType<typeof createServices>;
