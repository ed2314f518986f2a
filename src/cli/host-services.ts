// The services a host command (`jgg token`, `jgg identity`) works with, each
// opened from the configuration when first used: the store always, the
// keyring for token rules and linking, and Jira only for linking and for the
// group policies (JGG_TOKEN_CREATOR_GROUPS, JGG_GROUP_SCOPES), so token
// commands work with no Jira configured or reachable unless those are set.
import type { Config } from '../config.ts';
import { createIdentityService, type IdentityService } from '../identities/identity-service.ts';
import type { JiraClient } from '../jira/client.ts';
import { readMyGroups } from '../jira/group-reads.ts';
import { openJira, openKeyring, openStore } from '../runtime.ts';
import { adminMatcher, tokenPolicySettings } from '../services.ts';
import type { TokenStore } from '../store/store.ts';
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
  const store = await openStore(config);
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
    await Promise.allSettled([store.close(), jira?.close()]);
  }
}
