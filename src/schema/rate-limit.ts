// Query.rateLimit: the calling token's hourly budget of points, as GitHub's
// `rateLimit { cost remaining resetAt }`. Any valid token may read its own.
import { authenticated } from '../auth/field-scopes.ts';
import { gatewayError } from '../errors.ts';
import type { RateLimitStatus } from '../limits/token-rate-limit.ts';
import { builder } from './builder.ts';

const RateLimitRef = builder.objectRef<RateLimitStatus>('RateLimit').implement({
  description:
    "The calling token's budget of points per hour, after this operation's charge. An operation costs the Jira requests it can make (at least 1); every answer carries the same figures in extensions.rateLimit and the RateLimit-* headers.",
  fields: (t) => ({
    limit: t.exposeInt('limit', {
      description:
        "Points per hour: the token's own limit, or the operator's default (JGG_RATE_LIMIT_PER_HOUR).",
      extensions: authenticated(),
    }),
    cost: t.exposeInt('cost', {
      description: 'The points this operation was charged.',
      extensions: authenticated(),
    }),
    used: t.exposeInt('used', {
      description: 'Points spent in the current hour, this operation included.',
      extensions: authenticated(),
    }),
    remaining: t.exposeInt('remaining', {
      description:
        'Points left until resetAt. An operation costing more is refused with RATE_LIMITED (HTTP 429).',
      extensions: authenticated(),
    }),
    resetAt: t.expose('resetAt', {
      type: 'DateTime',
      description:
        "When the hour that began with the budget's first charge ends and the budget is whole again.",
      extensions: authenticated(),
    }),
  }),
});

builder.queryField('rateLimit', (t) =>
  t.field({
    type: RateLimitRef,
    description: "The calling token's rate limit: its hourly budget of points and what this operation cost.",
    extensions: authenticated(),
    resolve: async (_root, _args, ctx) => {
      const status = await ctx.rateLimit.status();
      if (status === null) throw gatewayError('UNAUTHENTICATED', 'This operation needs a gateway token.');
      return status;
    },
  }),
);
