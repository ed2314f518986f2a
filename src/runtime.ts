// The composition root's parts: config -> store -> keyring -> Jira client ->
// services. `serve`, `demo` and the CLI commands open what they need here.
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import { createKeyring, type Keyring, secretKeyFromBase64 } from './auth/keyring.ts';
import { loadOrCreateSecretKeyFile } from './auth/secret-key-file.ts';
import { type Config, ConfigError } from './config.ts';
import { createJiraClient, detectFlavor, type JiraClient } from './jira/client.ts';
import { redisLimiters } from './limits/shared-limiter.ts';
import { openRedis, type RedisConnection } from './redis.ts';
import { createServices, type Services } from './services.ts';
import { createTokenStore } from './store/kysely-store.ts';
import type { TokenStore } from './store/store.ts';
import { createChangeAnnouncer, subscribeToChanges } from './tokens/redis-change-feed.ts';
import { pollRevision } from './tokens/revocation-feed.ts';

export function openKeyring(config: Config): Keyring {
  let current = config.secrets.key;
  if (current === null) {
    if (config.store.sqlitePath === null)
      throw new ConfigError('JGG_SECRET_KEY', 'is required with a postgres store');
    current = loadOrCreateSecretKeyFile(join(dirname(config.store.sqlitePath), 'secret.key'));
  }
  return createKeyring(secretKeyFromBase64(current), config.secrets.previousKeys.map(secretKeyFromBase64));
}

/** `onChanged` hears each committed change to an identity or its tokens (to announce it to other instances). */
export async function openStore(
  config: Config,
  onChanged?: (identityId: string) => void,
): Promise<TokenStore> {
  const store = createTokenStore(config.store.url, onChanged ? { onChanged } : {});
  await store.migrate();
  return store;
}

export async function openJira(config: Config): Promise<JiraClient> {
  const baseUrl = config.jira.url;
  if (baseUrl === null) throw new ConfigError('JGG_JIRA_URL', 'is required (the base URL of your Jira)');
  const flavor = config.jira.flavor === 'auto' ? await detectFlavor(baseUrl) : config.jira.flavor;
  return createJiraClient({ baseUrl, flavor });
}

export interface Runtime {
  config: Config;
  store: TokenStore;
  jira: JiraClient;
  keyring: Keyring;
  services: Services;
  /** The shared Redis connection when JGG_REDIS_URL is set; null runs as one process, in memory. */
  redis: RedisConnection | null;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, logger: Logger): Promise<Runtime> {
  const keyring = openKeyring(config);
  const jira = await openJira(config);
  const redis = config.redisUrl === null ? null : openRedis(config.redisUrl, config.redisPrefix, logger);
  // Other instances hear of this one's revokes, rotations and relinks at once;
  // their revision poll is the fallback while Redis is down (README).
  const announcer =
    redis === null
      ? null
      : createChangeAnnouncer(redis, {
          onError: (error) =>
            logger.debug({ err: error }, 'change not announced: other instances see it by their poll'),
        });
  let store: TokenStore;
  try {
    store = await openStore(config, announcer ? (identityId) => announcer.announce(identityId) : undefined);
  } catch (error) {
    await Promise.allSettled([jira.close(), redis?.close()]);
    throw error;
  }
  const services = createServices({
    config,
    store,
    jira,
    keyring,
    // N instances allow one signIn budget per address (and in all), not N.
    ...(redis ? { signInLimiters: redisLimiters(redis, 'signin') } : {}),
    onBackgroundError: (error) => logger.warn({ err: error }, 'background store write failed'),
  });
  // Revocations and relinks made by other processes (the CLI, other
  // instances) drop this process's cached sessions within the interval.
  const feed = pollRevision({
    read: () => store.readRevision(),
    intervalMs: config.tokens.revocationPollMs,
    onError: (error) =>
      logger.warn({ err: error }, 'token store revision unreadable: cached tokens dropped until it answers'),
  });
  try {
    await feed.start(() => services.dropCachedSessions());
  } catch (error) {
    await Promise.allSettled([store.close(), jira.close(), redis?.close()]);
    throw error;
  }
  const subscription =
    redis === null
      ? null
      : subscribeToChanges(redis, { onChange: (identityId) => services.applyChange(identityId), logger });
  subscription?.start();
  return {
    config,
    store,
    jira,
    keyring,
    services,
    redis,
    async close() {
      await Promise.all([feed.stop(), subscription?.stop()]);
      await services.close();
      await announcer?.flush();
      await Promise.allSettled([store.close(), jira.close(), redis?.close()]);
    },
  };
}
