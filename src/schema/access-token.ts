// Gateway tokens as their owners see them, and the mutations that manage them.

import { authenticated } from '../auth/field-scopes.ts';
import { gatewayError } from '../errors.ts';
import { pointsPerHourOf } from '../limits/token-rate-limit.ts';
import type { GatewayContext } from '../request-context.ts';
import type { TokenIpSighting, TokenRecord, TokenUsage } from '../store/store.ts';
import type { Session } from '../tokens/authenticator.ts';
import { EXPIRY_NOTICE_DAYS, expiresSoon } from '../tokens/token-expiry.ts';
import type { Actor } from '../tokens/token-request.ts';
import { builder } from './builder.ts';
import { loaderFor } from './loaders.ts';

const TokenIpSightingRef = builder.objectRef<TokenIpSighting>('TokenIpSighting').implement({
  description: 'A client address a token was used from.',
  fields: (t) => ({
    ip: t.exposeString('ip', { extensions: authenticated() }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime', extensions: authenticated() }),
  }),
});

const TokenUsageRef = builder.objectRef<TokenUsage>('TokenUsage').implement({
  description: "A token's use since it was made.",
  fields: (t) => ({
    requests: t.exposeInt('requests', {
      description: 'Authenticated requests.',
      extensions: authenticated(),
    }),
    points: t.exposeInt('points', {
      description: 'Rate-limit points charged (see Query.rateLimit).',
      extensions: authenticated(),
    }),
    errors: t.exposeInt('errors', {
      description: 'Requests answered with an HTTP error status or with GraphQL errors.',
      extensions: authenticated(),
    }),
    recentIps: t.field({
      type: [TokenIpSightingRef],
      description: `The addresses it was used from most recently, newest first (at most JGG_USAGE_RECENT_IPS, 5 by default).`,
      extensions: authenticated(),
      resolve: (usage) => usage.recentIps,
    }),
  }),
});

/** One store read for every token of a request (a listing of 50 is one query). */
function usageLoader(ctx: GatewayContext) {
  return loaderFor<string, TokenUsage>(ctx, 'tokenUsage', async (ids) => {
    const usage = await ctx.services.usage.read(ids);
    return ids.map((id) => usage.get(id) ?? { requests: 0, points: 0, errors: 0, recentIps: [] });
  });
}

export const AccessTokenRef = builder.objectRef<TokenRecord>('AccessToken').implement({
  description: 'A gateway token. Its secret is shown once, when it is created or rotated, and never again.',
  fields: (t) => ({
    id: t.exposeID('id', { extensions: authenticated() }),
    name: t.exposeString('name', { extensions: authenticated() }),
    identityId: t.exposeID('identityId', {
      description: 'The identity that holds the token (see AdminView.identities).',
      extensions: authenticated(),
    }),
    scopes: t.exposeStringList('scopes', { extensions: authenticated() }),
    projects: t.exposeStringList('projects', {
      nullable: true,
      description: 'Project keys the token is restricted to; null means every project its user may see.',
      extensions: authenticated(),
    }),
    allowedIps: t.exposeStringList('allowedIps', {
      nullable: true,
      description: 'CIDRs the token may be used from; null means anywhere.',
      extensions: authenticated(),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', extensions: authenticated() }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      nullable: true,
      description:
        'When the token stops working; null if never. Every answer to a request made with it carries this as the Token-Expiration header.',
      extensions: authenticated(),
    }),
    expiresSoon: t.boolean({
      description: `True while the token is live and expires within ${EXPIRY_NOTICE_DAYS} days.`,
      extensions: authenticated(),
      resolve: (token) => expiresSoon(token, new Date()),
    }),
    // Through the usage recorder: this gateway's requests not yet written count too.
    lastUsedAt: t.field({
      type: 'DateTime',
      nullable: true,
      extensions: authenticated(),
      resolve: (token, _args, ctx) => ctx.services.usage.lastUse(token).at,
    }),
    lastUsedIp: t.string({
      nullable: true,
      extensions: authenticated(),
      resolve: (token, _args, ctx) => ctx.services.usage.lastUse(token).ip,
    }),
    usage: t.field({
      type: TokenUsageRef,
      // Nullable, so a token without tokens:read loses only this field.
      nullable: true,
      description:
        "The token's use since it was made: requests, points and errors, and the addresses it was used from. " +
        'null (with INSUFFICIENT_SCOPE) without tokens:read or admin. Counts are written in batches (JGG_USAGE_FLUSH_MS): this gateway adds its ' +
        "own unwritten ones, another instance's show once it has written them.",
      // Any token reaches viewer.token; its recent addresses are its owner's to see, not a leaked copy's.
      extensions: authenticated(),
      resolve: (token, _args, ctx) => {
        if (ctx.scopes?.has('tokens:read') !== true && ctx.scopes?.has('admin') !== true) {
          throw gatewayError('INSUFFICIENT_SCOPE', "A token's usage needs tokens:read (or admin).", {
            requiredScopes: ['tokens:read'],
          });
        }
        return usageLoader(ctx).load(token.id);
      },
    }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true, extensions: authenticated() }),
    rotatedFromId: t.exposeID('rotatedFromId', { nullable: true, extensions: authenticated() }),
    rateLimitPerHour: t.int({
      description:
        "Points per hour it may spend (see Query.rateLimit): the limit it was given at creation, or the operator's default (JGG_RATE_LIMIT_PER_HOUR), whichever is lower. A rotation keeps both the limit and what was spent.",
      extensions: authenticated(),
      resolve: (token, _args, ctx) => pointsPerHourOf(token, ctx.rateLimit.defaultPointsPerHour),
    }),
    kind: t.exposeString('kind', {
      description: 'personal, or session for the short-lived token signIn returns.',
      extensions: authenticated(),
    }),
  }),
});

/** The session of a resolver that the shield already let through. */
export function sessionOf(ctx: GatewayContext): Session {
  if (!ctx.session) throw gatewayError('UNAUTHENTICATED', 'This operation needs a gateway token.');
  return ctx.session;
}

export function actorOf(ctx: GatewayContext): Actor & { kind: 'token' } {
  const s = sessionOf(ctx);
  return { kind: 'token', identity: s.identity, token: s.token, isAdmin: s.isAdmin, ip: ctx.clientIp };
}

export const AccessTokenConnection = builder.connectionObject(
  { type: AccessTokenRef, name: 'AccessTokenConnection' },
  { name: 'AccessTokenEdge' },
);
