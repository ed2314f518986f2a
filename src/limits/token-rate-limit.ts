// What a token's hourly budget is, and what one request costs against it.
import type { TokenRecord } from '../store/store.ts';
import type { BudgetStatus } from './point-budget.ts';

/** A budget as callers see it: Query.rateLimit, extensions.rateLimit, the RateLimit-* headers. */
export interface RateLimitStatus extends BudgetStatus {
  /** The points this request was charged (0 when it was refused or not executed). */
  cost: number;
}

/**
 * A token's points per hour: its own limit, never above the operator's
 * default (lowering JGG_RATE_LIMIT_PER_HOUR narrows every token at once).
 */
export function pointsPerHourOf(
  token: Pick<TokenRecord, 'rateLimitPerHour'>,
  defaultPerHour: number,
): number {
  return token.rateLimitPerHour === null ? defaultPerHour : Math.min(token.rateLimitPerHour, defaultPerHour);
}

/**
 * The points an operation costs: the Jira calls it can make (the estimate of
 * execution/jira-call-estimate.ts, the one QUERY_TOO_COMPLEX compares), and at
 * least 1, as GitHub charges, so that operations calling no Jira (viewer,
 * token management, invalid variables) still count: each is work for the
 * gateway and its store.
 */
export function pointsFor(jiraCallEstimate: number | null | undefined): number {
  return Math.max(1, jiraCallEstimate ?? 0);
}
