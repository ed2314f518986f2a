// Creating, rotating and revoking the caller's own tokens (tokens:write),
// within what the calling token covers (tokens/token-cover.ts); an admin may
// also revoke anyone's. The rules live in the token service.
import { requires } from '../auth/field-scopes.ts';
import { gatewayError } from '../errors.ts';
import type { TokenRecord } from '../store/store.ts';
import type { IssuedToken } from '../tokens/token-service.ts';
import { AccessTokenRef, actorOf, sessionOf } from './access-token.ts';
import { builder } from './builder.ts';

const CreateAccessTokenInput = builder.inputType('CreateAccessTokenInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    scopes: t.stringList({ required: true }),
    expiresAt: t.field({
      type: 'DateTime',
      required: false,
      description: "Defaults to the policy's longest lifetime (JGG_TOKEN_MAX_DAYS, 365 days by default).",
    }),
    projects: t.stringList({ required: false, description: 'Restrict the token to these project keys.' }),
    allowedIps: t.stringList({
      required: false,
      description: 'Restrict the token to these IPv4/IPv6 CIDRs.',
    }),
    rateLimitPerHour: t.int({
      required: false,
      description:
        "Points per hour, from 1 to the operator's default (JGG_RATE_LIMIT_PER_HOUR): a token's budget can only be narrowed. Defaults to the calling token's own limit if it has one, else the operator's default. A token made by a budget-limited token spends its maker's budget.",
    }),
  }),
});

const secretPayload = (name: string, description: string) =>
  builder.objectRef<IssuedToken>(name).implement({
    fields: (t) => ({
      secret: t.exposeString('secret', { description, extensions: requires('tokens:write') }),
      token: t.field({ type: AccessTokenRef, extensions: requires('tokens:write'), resolve: (r) => r.token }),
    }),
  });

const CreatePayload = secretPayload('CreateAccessTokenPayload', 'The new token. Shown once: store it now.');
const RotatePayload = secretPayload(
  'RotateAccessTokenPayload',
  'The replacement token. Shown once; the old one stopped working.',
);

const RevokePayload = builder.objectRef<TokenRecord>('RevokeAccessTokenPayload').implement({
  fields: (t) => ({
    token: t.field({ type: AccessTokenRef, extensions: requires('tokens:write'), resolve: (r) => r }),
  }),
});

builder.mutationFields((t) => ({
  createAccessToken: t.field({
    type: CreatePayload,
    description:
      "A token for the caller's own identity, never wider than the calling token: its projects, allowed IPs and scopes within the caller's, and an expiry no later (by default the earlier of the policy's longest lifetime and the caller's expiry). A signIn session may mint any token its identity may hold. The operator's token policies apply (see Query.tokenPolicy): FORBIDDEN or BAD_USER_INPUT names the one refused.",
    extensions: requires('tokens:write'),
    args: { input: t.arg({ type: CreateAccessTokenInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.tokens.create(
        sessionOf(ctx).identity,
        {
          name: input.name,
          scopes: input.scopes,
          expiresAt: input.expiresAt ?? null,
          projects: input.projects ?? null,
          allowedIps: input.allowedIps ?? null,
          rateLimitPerHour: input.rateLimitPerHour ?? null,
        },
        actorOf(ctx),
      ),
  }),
  rotateAccessToken: t.field({
    type: RotatePayload,
    description:
      "Replaces one of the caller's own tokens that the calling token covers; never another identity's, not even for an admin. Tokens it does not cover answer NOT_FOUND. The replacement must meet the token policies as they are now; a token they no longer allow cannot be rotated.",
    extensions: requires('tokens:write'),
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.tokens.rotate(String(id), actorOf(ctx)),
  }),
  revokeAccessToken: t.field({
    type: RevokePayload,
    description:
      "Revokes one of the caller's own tokens that the calling token covers, or (admin) any identity's token. Others answer NOT_FOUND.",
    extensions: requires('tokens:write'),
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      if (String(id).trim() === '') throw gatewayError('BAD_USER_INPUT', 'id must not be empty.');
      return ctx.services.tokens.revoke(String(id), actorOf(ctx));
    },
  }),
}));
