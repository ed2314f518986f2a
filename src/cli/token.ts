// `jgg token create|list|revoke`: gateway tokens, managed by an operator on
// the host (the CLI acts as itself, recorded as such in the audit log).
import type { Command } from 'commander';
import { type Config, loadConfig } from '../config.ts';
import { pointsPerHourOf } from '../limits/token-rate-limit.ts';
import { readAllPages } from '../store/keyset-page.ts';
import type { TokenRecord, TokenStore, TokenUsage } from '../store/store.ts';
import { expiresSoon } from '../tokens/token-expiry.ts';
import { expiryFromDuration } from '../tokens/token-request.ts';
import type { TokenService } from '../tokens/token-service.ts';
import { runCommand, UsageError } from './errors.ts';
import { withHostServices } from './host-services.ts';
import { printable, printJson, printTable } from './output.ts';

/** `defaultPointsPerHour` (JGG_RATE_LIMIT_PER_HOUR) gives the token's effective budget, as AccessToken.rateLimitPerHour. */
export function tokenJson(token: TokenRecord, defaultPointsPerHour: number): Record<string, unknown> {
  return {
    id: token.id,
    name: token.name,
    identityId: token.identityId,
    kind: token.kind,
    scopes: token.scopes,
    projects: token.projects,
    allowedIps: token.allowedIps,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: token.lastUsedIp,
    revokedAt: token.revokedAt?.toISOString() ?? null,
    rotatedFromId: token.rotatedFromId,
    rateLimitPerHour: pointsPerHourOf(token, defaultPointsPerHour),
  };
}

/** A listed token: its fields, the expiry notice and its usage (what the gateways have written). */
export function tokenListJson(
  listed: {
    token: TokenRecord;
    soon: boolean;
    usage: TokenUsage;
  },
  defaultPointsPerHour: number,
): Record<string, unknown> {
  return {
    ...tokenJson(listed.token, defaultPointsPerHour),
    expiresSoon: listed.soon,
    usage: {
      requests: listed.usage.requests,
      points: listed.usage.points,
      errors: listed.usage.errors,
      recentIps: listed.usage.recentIps.map((s) => ({ ip: s.ip, lastSeenAt: s.lastSeenAt.toISOString() })),
    },
  };
}

const list = (value: string | undefined): string[] | null =>
  value === undefined
    ? null
    : value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');

/** The token rules and the store, for one command. */
function withTokens(config: Config, work: (tokens: TokenService, store: TokenStore) => Promise<void>) {
  return withHostServices(config, (services) => work(services.tokens(), services.store));
}

async function identityNamed(store: TokenStore, user: string) {
  const identity = await store.findIdentity(user);
  if (!identity)
    throw new UsageError(`no identity '${user}': link it first with \`jgg identity link --jira-token ...\``);
  return identity;
}

interface CreateFlags {
  user: string;
  scopes: string;
  name?: string;
  expiresIn?: string;
  projects?: string;
  allowedIps?: string;
  rateLimit?: string;
  json?: boolean;
}

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('gateway tokens');

  token
    .command('create')
    .description('mint a gateway token for a linked identity; the secret is printed once')
    .requiredOption('--user <user>', 'the identity: a Jira username or accountId')
    .requiredOption('--scopes <scopes>', 'comma list, e.g. issues:read,comments:read')
    .option('--name <name>', 'what the token is for', 'CLI token')
    .option('--expires-in <duration>', 'lifetime like 30d, 12h, 2w (default: the policy maximum)')
    .option('--projects <keys>', 'restrict to these project keys (comma list)')
    .option('--allowed-ips <cidrs>', 'restrict to these IPv4/IPv6 CIDRs (comma list)')
    .option(
      '--rate-limit <points>',
      'points per hour, at most the default JGG_RATE_LIMIT_PER_HOUR (default: that default)',
    )
    .option('--json', 'print one JSON object with `secret`')
    .action((flags: CreateFlags) =>
      runCommand('token create', async () => {
        const config = loadConfig();
        let expiresAt: Date | null = null;
        if (flags.expiresIn !== undefined) {
          expiresAt = expiryFromDuration(flags.expiresIn, new Date());
          if (!expiresAt)
            throw new UsageError(`--expires-in: '${flags.expiresIn}' is not a duration like 30d, 12h or 2w`);
        }
        let rateLimitPerHour: number | null = null;
        if (flags.rateLimit !== undefined) {
          rateLimitPerHour = /^\d+$/.test(flags.rateLimit.trim()) ? Number(flags.rateLimit) : Number.NaN;
          if (Number.isNaN(rateLimitPerHour))
            throw new UsageError(
              `--rate-limit: '${flags.rateLimit}' is not a whole number of points per hour`,
            );
        }
        const defaultPerHour = config.rateLimit.pointsPerHour;
        await withTokens(config, async (tokens, store) => {
          const identity = await identityNamed(store, flags.user);
          const issued = await tokens.create(
            identity,
            {
              name: flags.name ?? 'CLI token',
              scopes: list(flags.scopes) ?? [],
              expiresAt,
              projects: list(flags.projects),
              allowedIps: list(flags.allowedIps),
              rateLimitPerHour,
            },
            { kind: 'cli' },
          );
          if (flags.json)
            printJson({ secret: issued.secret, token: tokenJson(issued.token, defaultPerHour) });
          else
            process.stdout.write(
              `${issued.secret}\n\ntoken ${issued.token.id} for ${printable(identity.displayName)}: ${issued.token.scopes.join(', ')}; ` +
                `expires ${issued.token.expiresAt?.toISOString() ?? 'never'}; ${pointsPerHourOf(issued.token, defaultPerHour)} points per hour. The secret above is shown once.\n`,
            );
        });
      }),
    );

  token
    .command('list')
    .description('list live tokens (all identities, or one)')
    .option('--user <user>', 'only this identity (a Jira username or accountId)')
    .option('--all', 'include revoked and expired tokens')
    .option('--json', 'print JSON')
    .action((flags: { user?: string; all?: boolean; json?: boolean }) =>
      runCommand('token list', async () => {
        const config = loadConfig();
        const defaultPerHour = config.rateLimit.pointsPerHour;
        await withTokens(config, async (tokens, store) => {
          const identityId = flags.user ? (await identityNamed(store, flags.user)).id : undefined;
          const filter = {
            ...(identityId ? { identityId } : {}),
            includeRevoked: flags.all ?? false,
            includeExpired: flags.all ?? false,
          };
          const all = await readAllPages((page) => tokens.list(filter, page));
          // What the gateways have written: at most JGG_USAGE_FLUSH_MS behind them.
          const usage = await store.getTokenUsage(all.map((t) => t.id));
          const now = new Date();
          const listed = all.map((t) => ({
            token: t,
            soon: expiresSoon(t, now),
            usage: usage.get(t.id) ?? { requests: 0, points: 0, errors: 0, recentIps: [] },
          }));
          if (flags.json) printJson(listed.map((one) => tokenListJson(one, defaultPerHour)));
          else
            printTable(
              listed.map(({ token: t, soon, usage: u }) => ({
                id: t.id,
                name: t.name,
                scopes: t.scopes.join(','),
                // The expiry notice: a token within EXPIRY_NOTICE_DAYS of its end is marked.
                expires: `${t.expiresAt?.toISOString().slice(0, 10) ?? 'never'}${soon ? ' (soon!)' : ''}`,
                'last used': t.lastUsedAt?.toISOString().slice(0, 16) ?? 'never',
                'last ip': t.lastUsedIp ?? '',
                requests: String(u.requests),
                errors: String(u.errors),
                'points/h': String(pointsPerHourOf(t, defaultPerHour)),
                state: t.revokedAt ? 'revoked' : 'live',
              })),
              [
                'id',
                'name',
                'scopes',
                'expires',
                'last used',
                'last ip',
                'requests',
                'errors',
                'points/h',
                'state',
              ],
            );
        });
      }),
    );

  token
    .command('revoke <id>')
    .description(
      'revoke one token; a running gateway stops accepting it within JGG_TOKEN_CACHE_MS (30 s by default); revocation through the GraphQL API is immediate',
    )
    .option('--json', 'print JSON')
    .action((id: string, flags: { json?: boolean }) =>
      runCommand('token revoke', async () => {
        const config = loadConfig();
        await withTokens(config, async (tokens) => {
          const revoked = await tokens.revoke(id, { kind: 'cli' });
          if (flags.json) printJson(tokenJson(revoked, config.rateLimit.pointsPerHour));
          else process.stdout.write(`revoked ${revoked.id} (${printable(revoked.name)})\n`);
        });
      }),
    );
}
