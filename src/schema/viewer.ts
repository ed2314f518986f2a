// The caller: their Jira user, the token they are using, and their tokens.

import { authenticated, requires } from '../auth/field-scopes.ts';
import type { IdentityRecord } from '../store/store.ts';
import type { Session } from '../tokens/authenticator.ts';
import { AccessTokenConnection, AccessTokenRef, actorOf, sessionOf } from './access-token.ts';
import { builder } from './builder.ts';
import { connectionFrom, pageRequest } from './connections.ts';
import { UserRef, type UserShape } from './user.ts';

export function identityUser(identity: IdentityRecord): UserShape {
  return {
    accountId: identity.jiraAccountId,
    name: identity.jiraName,
    displayName: identity.displayName,
    emailAddress: identity.email,
    active: identity.credentialInvalidAt === null,
  };
}

const ViewerRef = builder.objectRef<Session>('Viewer').implement({
  description: 'The caller, as the token in use identifies them.',
  fields: (t) => ({
    user: t.field({
      type: UserRef,
      description: "The caller's Jira user.",
      extensions: authenticated(),
      resolve: (session) => identityUser(session.identity),
    }),
    token: t.field({
      type: AccessTokenRef,
      description: 'The token this request was made with.',
      extensions: authenticated(),
      resolve: (session) => session.token,
    }),
    accessTokens: t.field({
      type: AccessTokenConnection,
      description:
        "The caller's tokens that the calling token covers (a signIn session covers all of them), newest first; revoked and expired ones only when asked.",
      extensions: requires('tokens:read'),
      args: {
        first: t.arg.int({ required: false }),
        after: t.arg.string({ required: false }),
        includeRevoked: t.arg.boolean({ required: false }),
      },
      // Only covered tokens: a PROJ-only script does not learn of its owner's wider tokens.
      resolve: async (_session, args, ctx) =>
        connectionFrom(
          await ctx.services.tokens.listOwn(
            actorOf(ctx),
            {
              includeRevoked: args.includeRevoked ?? false,
              includeExpired: args.includeRevoked ?? false,
            },
            pageRequest(args),
          ),
        ),
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    extensions: authenticated(),
    resolve: (_root, _args, ctx) => sessionOf(ctx),
  }),
);
