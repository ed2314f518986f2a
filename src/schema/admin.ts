// The admin view (scope `admin`, only for identities in JGG_ADMINS): every
// identity's tokens, revoking any of them, the token policies, and the audit log.
import { requires } from '../auth/field-scopes.ts';
import { gatewayError } from '../errors.ts';
import type { AuditEvent, IdentityRecord } from '../store/store.ts';
import { AccessTokenConnection, actorOf } from './access-token.ts';
import { builder } from './builder.ts';
import { connectionFrom, pageRequest } from './connections.ts';
import { OperatorTokenPolicyRef } from './token-policy.ts';

const admin = requires('admin');

const IdentityRef = builder.objectRef<IdentityRecord>('Identity').implement({
  description: 'A Jira account known to the gateway.',
  fields: (t) => ({
    id: t.exposeID('id', { extensions: admin }),
    flavor: t.exposeString('flavor', { extensions: admin }),
    jiraAccountId: t.exposeString('jiraAccountId', { extensions: admin }),
    jiraName: t.exposeString('jiraName', { nullable: true, extensions: admin }),
    displayName: t.exposeString('displayName', { extensions: admin }),
    email: t.exposeString('email', { nullable: true, extensions: admin }),
    credentialInvalidAt: t.expose('credentialInvalidAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When Jira stopped accepting the stored credential.',
      extensions: admin,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', extensions: admin }),
  }),
});

const AuditEventRef = builder.objectRef<AuditEvent>('AuditEvent').implement({
  description: 'Who did what to which token or identity, when, and from where.',
  fields: (t) => ({
    id: t.exposeID('id', { extensions: admin }),
    at: t.expose('at', { type: 'DateTime', extensions: admin }),
    actorId: t.exposeID('actorId', {
      nullable: true,
      description: 'The identity that acted; null for the CLI or the gateway itself.',
      extensions: admin,
    }),
    action: t.exposeString('action', { extensions: admin }),
    targetType: t.exposeString('targetType', { extensions: admin }),
    targetId: t.exposeID('targetId', { extensions: admin }),
    ip: t.exposeString('ip', { nullable: true, extensions: admin }),
    details: t.string({
      description: 'The event details as a JSON object.',
      extensions: admin,
      resolve: (e) => JSON.stringify(e.details),
    }),
  }),
});

const IdentityConnection = builder.connectionObject(
  { type: IdentityRef, name: 'IdentityConnection' },
  { name: 'IdentityEdge' },
);

const AuditEventConnection = builder.connectionObject(
  { type: AuditEventRef, name: 'AuditEventConnection' },
  { name: 'AuditEventEdge' },
);

const AdminViewRef = builder.objectRef<Record<string, never>>('AdminView').implement({
  fields: (t) => ({
    accessTokens: t.field({
      type: AccessTokenConnection,
      description: 'Every identity’s tokens, newest first.',
      extensions: admin,
      args: {
        first: t.arg.int({ required: false }),
        after: t.arg.string({ required: false }),
        identityId: t.arg.id({ required: false }),
        includeRevoked: t.arg.boolean({ required: false }),
        includeExpired: t.arg.boolean({ required: false }),
      },
      resolve: async (_root, args, ctx) =>
        connectionFrom(
          await ctx.services.tokens.list(
            {
              ...(args.identityId ? { identityId: String(args.identityId) } : {}),
              includeRevoked: args.includeRevoked ?? false,
              includeExpired: args.includeExpired ?? false,
            },
            pageRequest(args),
          ),
        ),
    }),
    tokenPolicy: t.field({
      type: OperatorTokenPolicyRef,
      description: "The operator's token policies (settings; a change needs a restart of the instances).",
      extensions: admin,
      resolve: (_root, _args, ctx) => ctx.services.tokenPolicy.settings,
    }),
    identities: t.field({
      type: IdentityConnection,
      extensions: admin,
      args: { first: t.arg.int({ required: false }), after: t.arg.string({ required: false }) },
      resolve: async (_root, args, ctx) =>
        connectionFrom(await ctx.services.store.listIdentities(pageRequest(args))),
    }),
    auditLog: t.field({
      type: AuditEventConnection,
      description: 'The audit log, newest first.',
      extensions: admin,
      args: {
        first: t.arg.int({ required: false }),
        after: t.arg.string({ required: false }),
        actorId: t.arg.id({ required: false }),
        targetId: t.arg.id({ required: false }),
        action: t.arg.string({ required: false }),
      },
      resolve: async (_root, args, ctx) =>
        connectionFrom(
          await ctx.services.store.listAudit(
            {
              ...(args.actorId ? { actorId: String(args.actorId) } : {}),
              ...(args.targetId ? { targetId: String(args.targetId) } : {}),
              ...(args.action ? { action: args.action } : {}),
            },
            pageRequest(args),
          ),
        ),
    }),
  }),
});

builder.queryField('admin', (t) => t.field({ type: AdminViewRef, extensions: admin, resolve: () => ({}) }));

const RevokeAllPayload = builder
  .objectRef<{ revokedCount: number }>('RevokeAllAccessTokensPayload')
  .implement({
    fields: (t) => ({ revokedCount: t.exposeInt('revokedCount', { extensions: admin }) }),
  });

builder.mutationField('revokeAllAccessTokens', (t) =>
  t.field({
    type: RevokeAllPayload,
    description: 'Revokes every live token of one identity (admin).',
    extensions: admin,
    args: { identityId: t.arg.id({ required: true }) },
    resolve: async (_root, { identityId }, ctx) => {
      const identity = await ctx.services.store.getIdentity(String(identityId));
      if (!identity) throw gatewayError('NOT_FOUND', `No identity with id '${identityId}'.`);
      const revokedCount = await ctx.services.tokens.revokeAll(identity, actorOf(ctx));
      return { revokedCount };
    },
  }),
);
