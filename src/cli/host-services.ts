// The services a host command (`jgg token`, `jgg identity`) works with, each
// opened from the configuration when first used: the store always, the
// keyring for token rules and linking, and Jira only for linking and for the
// group policies (JGG_TOKEN_CREATOR_GROUPS, JGG_GROUP_SCOPES), so token
// commands work with no Jira configured or reachable unless those are set.
import { pino } from 'pino';
import type { Config } from '../config.ts';
import { createIdentityService, type IdentityService } from '../identities/identity-service.ts';
import type { JiraClient } from '../jira/client.ts';
import { readMyGroups } from '../jira/group-reads.ts';
import { openRedis } from '../redis.ts';
import { openJira, openKeyring, openStore } from '../runtime.ts';
import { adminMatcher, tokenPolicySettings } from '../services.ts';
import type { TokenStore } from '../store/store.ts';
import { createChangeAnnouncer } from '../tokens/redis-change-feed.ts';
import { createTokenPolicy } from '../tokens/token-policy.ts';
import { createTokenService, type TokenService } from '../tokens/token-service.ts';

export interface HostServices {
  store: TokenStore;
  /** The token rules, acting as the CLI (no cache to tell of revocations). */
  tokens(): TokenService;
  /** Linking, which checks credentials against Jira: opens Jira on first use. */
  identities(): Promise<IdentityService>;
}

/** Opens what `work` uses, and closes it all however `work` ends. */
export async function withHostServices(
  config: Config,
  work: (services: HostServices) => Promise<void>,
): Promise<void> {
  // With JGG_REDIS_URL set, a revoke or relink made here reaches the serving
  // instances at once rather than at their next revision poll.
  // Its warnings would mix into the command's output; an unannounced change still reaches the poll.
  const redis =
    config.redisUrl === null
      ? null
      : openRedis(config.redisUrl, config.redisPrefix, pino({ level: 'silent' }));
  const announcer = redis === null ? null : createChangeAnnouncer(redis);
  let store: TokenStore;
  try {
    store = await openStore(config, announcer ? (identityId) => announcer.announce(identityId) : undefined);
  } catch (error) {
    await redis?.close();
    throw error;
  }
  let jira: JiraClient | undefined;
  let tokens: TokenService | undefined;
  let identities: IdentityService | undefined;
  async function openIdentities(): Promise<IdentityService> {
    if (identities) return identities;
    jira = await openJira(config);
    identities = createIdentityService({
      store,
      keyring: openKeyring(config),
      jira,
      flavor: jira.flavor,
    });
    return identities;
  }
  try {
    await work({
      store,
      tokens() {
        tokens ??= createTokenService({
          store,
          keyring: openKeyring(config),
          maxLifetimeDays: config.tokens.maxLifetimeDays,
          defaultPointsPerHour: config.rateLimit.pointsPerHour,
          sessionLifetimeMinutes: config.tokens.sessionLifetimeMinutes,
          maxTokensPerIdentity: config.tokens.maxPerIdentity,
          isAdmin: adminMatcher(config.admins),
          // The operator on the host is held to the same policies as the API.
          policy: createTokenPolicy({
            settings: tokenPolicySettings(config),
            isAdmin: adminMatcher(config.admins),
            groupsOf: async (identity) => {
              const linked = await openIdentities();
              if (!jira) throw new Error('Jira was not opened');
              return readMyGroups(jira, linked.credentialOf(identity));
            },
          }),
        });
        return tokens;
      },
      identities: openIdentities,
    });
  } finally {
    await announcer?.flush();
    await Promise.allSettled([store.close(), jira?.close(), redis?.close()]);
  }
}
