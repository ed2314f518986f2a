// Charges each authenticated operation to its token's hourly budget before it
// runs, and tells the caller where the budget stands on every answer.
//
// The charge is the operation's estimated Jira calls (at least 1; see
// limits/token-rate-limit.ts), made in onExecute after use-query-limits.ts has
// estimated it and let it through: an operation refused as QUERY_TOO_COMPLEX
// runs nothing and is not charged. Over budget the operation does not run (no
// Jira call) and the answer is RATE_LIMITED with HTTP 429 and Retry-After.
// Answers carry `extensions.rateLimit` and the RateLimit-* headers (limit,
// remaining, seconds to reset, used), as GitHub's and the IETF draft's.
// Requests without a token (signIn) are neither charged nor told.
import type { ExecutionResult } from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import type { Logger } from 'pino';
import { gatewayError } from '../errors.ts';
import { BUDGET_WINDOW_SECONDS, type Charge, type PointBudget } from '../limits/point-budget.ts';
import { pointsFor, pointsPerHourOf, type RateLimitStatus } from '../limits/token-rate-limit.ts';
import type { GatewayContext, RequestState } from '../request-context.ts';

export const RATE_LIMIT_HEADERS = [
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Used',
];

export interface RateLimitOptions {
  stateOf: (request: Request) => RequestState;
  budget: PointBudget;
  /** JGG_RATE_LIMIT_PER_HOUR. */
  defaultPointsPerHour: number;
  logger: Logger;
  now?: () => number;
}

function rateLimited(charge: Charge) {
  return gatewayError(
    'RATE_LIMITED',
    `This operation costs ${charge.cost} points and this token has ${charge.remaining} of its ${charge.limit} points per hour left; ` +
      `the budget is whole again at ${charge.resetAt.toISOString()}.`,
    {
      cost: charge.cost,
      limit: charge.limit,
      remaining: charge.remaining,
      resetAt: charge.resetAt.toISOString(),
      retryAfterSeconds: charge.retryAfterSeconds,
    },
  );
}

/** Whole seconds from `at` to the reset: 0 to the window's length (resetAt is rounded up to a second). */
function secondsUntil(resetAt: Date, at: number): number {
  return Math.min(BUDGET_WINDOW_SECONDS, Math.max(0, Math.ceil((resetAt.getTime() - at) / 1000)));
}

/** What extensions.rateLimit holds. */
function publicStatus(status: RateLimitStatus) {
  return {
    limit: status.limit,
    cost: status.cost,
    remaining: status.remaining,
    used: status.used,
    resetAt: status.resetAt.toISOString(),
  };
}

export function useRateLimit({
  stateOf,
  budget,
  defaultPointsPerHour,
  logger,
  now,
}: RateLimitOptions): Plugin<GatewayContext> {
  const clock = now ?? Date.now;
  // Requests refused for their budget: their answer is a 429 with Retry-After.
  const refused = new WeakMap<Request, number>();

  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const { request } = args.contextValue as GatewayContext & YogaInitialContext;
      const state = stateOf(request);
      const session = state.session;
      if (session === null) return;
      const limit = pointsPerHourOf(session.token, defaultPointsPerHour);
      const charge = await budget.charge(session.token.budgetId, limit, pointsFor(state.jiraCallEstimate));
      state.points = charge.allowed ? charge.cost : 0;
      state.rateLimit = {
        limit: charge.limit,
        used: charge.used,
        remaining: charge.remaining,
        resetAt: charge.resetAt,
        cost: state.points,
      };
      if (!charge.allowed) {
        refused.set(request, charge.retryAfterSeconds);
        setResultAndStopExecution({ errors: [rateLimited(charge)] });
      }
    },

    async onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result) return;
      const state = stateOf(request);
      const session = state.session;
      if (session === null) return;
      let status = state.rateLimit;
      if (status === undefined) {
        // Not executed (a parse or validation error, QUERY_TOO_COMPLEX): charged nothing, told anyway.
        try {
          const limit = pointsPerHourOf(session.token, defaultPointsPerHour);
          status = { ...(await budget.peek(session.token.budgetId, limit)), cost: 0 };
        } catch (error) {
          logger.warn({ err: error, requestId: state.requestId }, 'rate limit: budget unreadable');
          return;
        }
      }
      const single = result as ExecutionResult;
      const http = single.extensions?.http as
        | { status?: number; headers?: Record<string, string> }
        | undefined;
      const headers: Record<string, string> = {
        ...http?.headers,
        'RateLimit-Limit': String(status.limit),
        'RateLimit-Remaining': String(status.remaining),
        'RateLimit-Reset': String(secondsUntil(status.resetAt, clock())),
        'RateLimit-Used': String(status.used),
      };
      const retryAfter = refused.get(request);
      if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
      setResult({
        ...single,
        extensions: {
          ...single.extensions,
          rateLimit: publicStatus(status),
          // Yoga sets the status and headers from extensions.http and leaves it out of the body.
          http: { ...http, ...(retryAfter !== undefined ? { status: 429 } : {}), headers },
        },
      });
    },
  };
}
