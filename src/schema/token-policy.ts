// The operator's token policies (tokens/token-policy.ts) as callers see them:
// Query.tokenPolicy tells the caller what they may create (tokens:read), and
// the admin view shows the whole policy (admin).
import { requires } from '../auth/field-scopes.ts';
import { gatewayError } from '../errors.ts';
import type { IdentityRecord } from '../store/store.ts';
import type { TokenPolicySettings } from '../tokens/token-policy.ts';
import { sessionOf } from './access-token.ts';
import { builder } from './builder.ts';
import { ProjectConnection, projectPage } from './project.ts';

const tokensRead = requires('tokens:read');
const tokensWrite = requires('tokens:write');
const admin = requires('admin');

interface CallerPolicy {
  identity: IdentityRecord;
  settings: TokenPolicySettings;
}

const TokenPolicyRef = builder.objectRef<CallerPolicy>('TokenPolicy').implement({
  description:
    "What the caller's identity may create under the operator's token policies. A token other than a signIn session also creates only tokens it covers (within its own scopes, projects, addresses and expiry).",
  fields: (t) => ({
    mayCreateTokens: t.boolean({
      description:
        'Whether the identity may hold personal tokens at all (JGG_TOKEN_CREATOR_GROUPS, checked against its Jira groups).',
      extensions: tokensRead,
      resolve: async (p, _args, ctx) => (await ctx.services.tokenPolicy.standing(p.identity)).mayCreateTokens,
    }),
    refusal: t.string({
      nullable: true,
      description: 'Why the identity may create no token, naming the setting; null when it may.',
      extensions: tokensRead,
      resolve: async (p, _args, ctx) => (await ctx.services.tokenPolicy.standing(p.identity)).refusal,
    }),
    allowedScopes: t.stringList({
      description:
        "The scopes a new token may hold: admin only for gateway admins, and within the scopes of the identity's Jira groups when JGG_GROUP_SCOPES is set. Empty when it may create none.",
      extensions: tokensRead,
      resolve: async (p, _args, ctx) => (await ctx.services.tokenPolicy.standing(p.identity)).allowedScopes,
    }),
    maxLifetimeDays: t.int({
      description: 'The longest lifetime a new token may have (JGG_TOKEN_MAX_DAYS).',
      extensions: tokensRead,
      resolve: (p) => p.settings.maxLifetimeDays,
    }),
    maxTokensPerIdentity: t.int({
      description: 'Live personal tokens one identity may hold (JGG_MAX_TOKENS_PER_IDENTITY).',
      extensions: tokensRead,
      resolve: (p) => p.settings.maxTokensPerIdentity,
    }),
    requireProjects: t.boolean({
      description: 'Whether every new token must name its projects (JGG_TOKENS_REQUIRE_PROJECTS).',
      extensions: tokensRead,
      resolve: (p) => p.settings.requireProjects,
    }),
    // A signIn session holds tokens:read/write only, yet choosing a new token's
    // projects needs the list; any other token needs projects:read for it, as
    // for Query.projects, so this field widens no personal token.
    projects: t.field({
      type: ProjectConnection,
      description:
        'The projects a new token may be restricted to: those the caller may browse in Jira (and the calling token reaches), by key. A signIn session may list them; any other token needs projects:read as well.',
      extensions: tokensWrite,
      args: {
        first: t.arg.int({ required: false }),
        after: t.arg.string({ required: false }),
      },
      resolve: (_p, args, ctx, info) => {
        if (sessionOf(ctx).token.kind !== 'session' && ctx.scopes?.has('projects:read') !== true) {
          throw gatewayError(
            'INSUFFICIENT_SCOPE',
            'Listing projects needs projects:read (or a signIn session).',
            {
              requiredScopes: ['projects:read'],
            },
          );
        }
        return projectPage(args, ctx, info);
      },
    }),
  }),
});

builder.queryField('tokenPolicy', (t) =>
  t.field({
    type: TokenPolicyRef,
    description: "The operator's token policies as they apply to the caller's identity.",
    extensions: tokensRead,
    resolve: (_root, _args, ctx) => ({
      identity: sessionOf(ctx).identity,
      settings: ctx.services.tokenPolicy.settings,
    }),
  }),
);

const GroupScopesRef = builder
  .objectRef<{ group: string; scopes: readonly string[] }>('GroupScopes')
  .implement({
    description: 'One entry of JGG_GROUP_SCOPES: the scopes members of a Jira group may hold.',
    fields: (t) => ({
      group: t.exposeString('group', { extensions: admin }),
      scopes: t.stringList({ extensions: admin, resolve: (g) => [...g.scopes] }),
    }),
  });

export const OperatorTokenPolicyRef = builder
  .objectRef<TokenPolicySettings>('OperatorTokenPolicy')
  .implement({
    description:
      "The operator's token policies, as the settings state them. They change when the instances restart with new settings.",
    fields: (t) => ({
      creatorGroups: t.stringList({
        description:
          'Jira groups whose members may create tokens; empty: every linked user (JGG_TOKEN_CREATOR_GROUPS).',
        extensions: admin,
        resolve: (s) => [...s.creatorGroups],
      }),
      groupScopes: t.field({
        type: [GroupScopesRef],
        description:
          "Per Jira group, the scopes its members' tokens may hold; empty: not limited by group. When set, an identity in none of the groups may hold no scope (JGG_GROUP_SCOPES).",
        extensions: admin,
        resolve: (s) => Object.entries(s.groupScopes).map(([group, scopes]) => ({ group, scopes })),
      }),
      requireProjects: t.boolean({
        description: 'Every personal token must name its projects (JGG_TOKENS_REQUIRE_PROJECTS).',
        extensions: admin,
        resolve: (s) => s.requireProjects,
      }),
      maxLifetimeDays: t.int({
        description: 'JGG_TOKEN_MAX_DAYS.',
        extensions: admin,
        resolve: (s) => s.maxLifetimeDays,
      }),
      maxTokensPerIdentity: t.int({
        description: 'JGG_MAX_TOKENS_PER_IDENTITY.',
        extensions: admin,
        resolve: (s) => s.maxTokensPerIdentity,
      }),
    }),
  });
