// signIn: the one operation that needs no gateway token. A person proves who
// they are with their own Jira credential and gets a short-lived token that can
// only manage tokens (tokens:read, tokens:write; a gateway admin's also holds
// admin, for the token page's admin view). Open to anyone, so it is
// throttled before it calls Jira (sign-in-throttle.ts), and credentials Jira
// refuses are audited (sign-in-failure-audit.ts).
import type { GraphQLError } from 'graphql';
import { changesScopes, publicField } from '../auth/field-scopes.ts';
import { effectiveScopes } from '../auth/scopes.ts';
import { gatewayError } from '../errors.ts';
import type { SignInAdmission } from '../identities/sign-in-throttle.ts';
import { JiraError } from '../jira/errors.ts';
import type { TokenRecord } from '../store/store.ts';
import { AccessTokenRef } from './access-token.ts';
import { builder } from './builder.ts';
import { jiraFailure } from './jira-call.ts';
import { UserRef, type UserShape } from './user.ts';
import { identityUser } from './viewer.ts';

interface SignInResult {
  secret: string;
  token: TokenRecord;
  user: UserShape;
}

const SignInInput = builder.inputType('SignInInput', {
  fields: (t) => ({
    jiraToken: t.string({
      required: true,
      description: 'Data Center: a Jira personal access token. Cloud: an Atlassian API token (with email).',
    }),
    email: t.string({
      required: false,
      description: 'Cloud only: the email address of the Atlassian account.',
    }),
  }),
});

const SignInPayload = builder.objectRef<SignInResult>('SignInPayload').implement({
  fields: (t) => ({
    secret: t.exposeString('secret', {
      description: 'The new gateway token. Shown once: store it now.',
      extensions: publicField(),
    }),
    token: t.field({ type: AccessTokenRef, extensions: publicField(), resolve: (r) => r.token }),
    user: t.field({ type: UserRef, extensions: publicField(), resolve: (r) => r.user }),
  }),
});

const LIMIT_MESSAGES: Record<Exclude<SignInAdmission, { admitted: true }>['limit'], string> = {
  address: 'Too many sign-in attempts from this address',
  backoff: 'Too many failed sign-in attempts from this address',
  global: 'Too many sign-in attempts right now',
};

/** RATE_LIMITED with HTTP 429 and Retry-After, which Yoga sets from extensions.http. */
function rateLimited(refused: Exclude<SignInAdmission, { admitted: true }>): GraphQLError {
  const seconds = refused.retryAfterSeconds;
  return gatewayError('RATE_LIMITED', `${LIMIT_MESSAGES[refused.limit]}; try again in ${seconds} s.`, {
    retryAfterSeconds: seconds,
    http: { status: 429, headers: { 'Retry-After': String(seconds) } },
  });
}

builder.mutationField('signIn', (t) =>
  t.field({
    type: SignInPayload,
    extensions: { ...publicField(), ...changesScopes() },
    args: { input: t.arg({ type: SignInInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { signInThrottle, signInFailures } = ctx.services;
      const admission = await signInThrottle.admit(ctx.clientIp);
      if (!admission.admitted) throw rateLimited(admission);
      const identity = await ctx.services.identities
        .link({ jiraToken: input.jiraToken, email: input.email ?? null }, { kind: 'self', ip: ctx.clientIp })
        .catch(async (error: unknown) => {
          if (error instanceof JiraError && error.code === 'UPSTREAM_CREDENTIAL_INVALID') {
            await Promise.all([signInThrottle.failed(ctx.clientIp), signInFailures.record(ctx.clientIp)]);
          }
          throw await jiraFailure(ctx, error);
        });
      const { secret, token } = await ctx.services.tokens.createSession(identity, ctx.clientIp);
      // From here on the request acts as the new session, so the payload's
      // token and user fields pass the same rules as for any token holder.
      const scopes = effectiveScopes(token.scopes);
      // createSession gave the session admin exactly when the identity is in JGG_ADMINS.
      const isAdmin = token.scopes.includes('admin');
      ctx.session = { token, identity, scopes, isAdmin, ip: ctx.clientIp };
      ctx.scopes = scopes;
      return { secret, token, user: identityUser(identity) };
    },
  }),
);
