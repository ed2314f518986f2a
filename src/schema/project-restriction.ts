// A token's project restriction, as resolvers apply it: the one way to read
// it, the one test of a project key against it, the gate every caller-written
// JQL passes before Jira sees it (length cap, Jira-exact reading, the scopes
// its clauses need, narrowing to the projects), and the Jira call that turns
// an answer breaching the restriction into a withheld one.
import { jqlScopeNeeds } from '../auth/jql-scopes.ts';
import { gatewayError } from '../errors.ts';
import { lexJql, UnsafeJqlError } from '../jira/jql-lexer.ts';
import { type JqlParts, narrowJql, splitJql } from '../jira/jql-restriction.ts';
import { RestrictionBreachError } from '../jira/project-guard.ts';
import type { JiraReader } from '../jira/reader.ts';
import type { GatewayContext } from '../request-context.ts';
import { callJira } from './jira-call.ts';

/** The token's project restriction (upper-case keys), or null for every project. */
export function projectRestriction(ctx: GatewayContext): readonly string[] | null {
  const projects = ctx.session?.token.projects ?? null;
  return projects === null ? null : projects.map((p) => p.toUpperCase());
}

/** Whether a project-restricted token must see this project (and its issues) as missing. Null: unknown key. */
export function outsideRestriction(ctx: GatewayContext, projectKey: string | null): boolean {
  const projects = projectRestriction(ctx);
  return projects !== null && projectKey !== null && !projects.includes(projectKey.toUpperCase());
}

/** The caller's JQL split into its clauses and ORDER BY; what cannot be read with certainty is BAD_USER_INPUT. */
export function splitCallerJql(jql: string): JqlParts {
  try {
    return splitJql(jql, lexJql(jql));
  } catch (error) {
    if (error instanceof UnsafeJqlError) throw gatewayError('BAD_USER_INPUT', error.message);
    throw error;
  }
}

/**
 * The caller's JQL as Jira must run it: refused when longer than the cap,
 * when it cannot be read with certainty (BAD_USER_INPUT), or when a clause
 * filters on what the token may not read (INSUFFICIENT_SCOPE); else narrowed
 * to the token's projects.
 */
export function callerJql(ctx: GatewayContext, jql: string): string {
  const max = ctx.jql.maxLength;
  if (jql.length > max) {
    throw gatewayError(
      'BAD_USER_INPUT',
      `The JQL is ${jql.length} characters long; this gateway takes at most ${max} (JGG_MAX_JQL_LENGTH).`,
      { maxJqlLength: max },
    );
  }
  const parts = splitCallerJql(jql);
  const held = ctx.scopes ?? new Set();
  const missing = jqlScopeNeeds(parts).filter((need) => !held.has(need.scope));
  if (missing.length > 0) {
    const scopes = [...new Set(missing.map((m) => m.scope))];
    const reasons = [...new Set(missing.map((m) => m.because))];
    throw gatewayError(
      'INSUFFICIENT_SCOPE',
      `The JQL filters on what this token may not read: ${reasons.join(', ')} needs ${scopes.join(' and ')}.`,
      { requiredScopes: scopes },
    );
  }
  return narrowJql(jql, parts, projectRestriction(ctx));
}

/**
 * callJira for searches whose answers the reads check against the token's
 * projects: an issue from outside means the narrowing failed, so the answer
 * is withheld (FORBIDDEN) and the event logged for the operators.
 */
export async function restrictedSearch<T>(
  ctx: GatewayContext,
  work: (jira: JiraReader) => Promise<T>,
): Promise<T> {
  try {
    return await callJira(ctx, work);
  } catch (error) {
    if (!(error instanceof RestrictionBreachError)) throw error;
    ctx.logger.error(
      {
        requestId: ctx.requestId,
        tokenId: ctx.session?.token.id,
        identityId: ctx.session?.identity.id,
        strayProject: error.projectKey,
        allowed: error.allowed,
      },
      'project restriction breached: a search answered an issue outside the token’s projects; answer withheld',
    );
    throw gatewayError(
      'FORBIDDEN',
      'The answer was withheld: Jira returned an issue outside the projects this token is restricted to.',
    );
  }
}
