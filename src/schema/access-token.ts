// Gateway tokens as their owners see them, and the mutations that manage them.

import { authenticated } from '../auth/field-scopes.ts';
import { gatewayError } from '../errors.ts';
import type { GatewayContext } from '../request-context.ts';
import type { TokenRecord } from '../store/store.ts';
import type { Session } from '../tokens/authenticator.ts';
import type { Actor } from '../tokens/token-request.ts';
import { builder } from './builder.ts';

export const AccessTokenRef = builder.objectRef<TokenRecord>('AccessToken').implement({
  description: 'A gateway token. Its secret is shown once, when it is created or rotated, and never again.',
  fields: (t) => ({
    id: t.exposeID('id', { extensions: authenticated() }),
    name: t.exposeString('name', { extensions: authenticated() }),
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
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true, extensions: authenticated() }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, extensions: authenticated() }),
    lastUsedIp: t.exposeString('lastUsedIp', { nullable: true, extensions: authenticated() }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true, extensions: authenticated() }),
    rotatedFromId: t.exposeID('rotatedFromId', { nullable: true, extensions: authenticated() }),
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
