// A request's own state and the GraphQL context made from it: who is calling
// (the session), from where, the request's Jira deadline and the caller's
// view of Jira. The HTTP plugins share the state (stateOf); resolvers see
// only the context.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Scope } from './auth/scopes.ts';
import type { Config } from './config.ts';
import { createJiraReader, type JiraReader } from './jira/reader.ts';
import type { JiraCredential } from './jira/types.ts';
import { createJiraWriter, type JiraWriter } from './jira/writer.ts';
import type { PointBudget } from './limits/point-budget.ts';
import { pointsPerHourOf, type RateLimitStatus } from './limits/token-rate-limit.ts';
import type { Services } from './services.ts';
import type { Session } from './tokens/authenticator.ts';

export interface RequestState {
  requestId: string;
  clientIp: string;
  session: Session | null;
  startedAt: number;
  /** The URL's path, for the request log and metrics ('' until the request is seen). */
  path: string;
  /** Points charged to the token's hourly budget for this request (0 until charged; use-rate-limit.ts). */
  points: number;
  /** The Jira calls the operation can make, estimated before execution (use-query-limits.ts); null: invalid. */
  jiraCallEstimate?: number | null;
  /** The token's budget after this request's charge (use-rate-limit.ts); unset until charged. */
  rateLimit?: RateLimitStatus;
  /** Ends what the request left running (its Jira deadline timer); called once it is answered. */
  release?: () => void;
  /** Verifying the token failed unexpectedly (the store): thrown in onParams, to be masked and logged. */
  authFailure?: unknown;
  /** An answer still streaming when the response starts (an export): settles when its body ends. */
  streamed?: Promise<{ error: boolean }>;
}

/** The services resolvers use; the rest (the authenticator, readiness) is the HTTP layer's. */
export type ResolverServices = Pick<
  Services,
  | 'store'
  | 'tokens'
  | 'tokenPolicy'
  | 'identities'
  | 'jira'
  | 'signInThrottle'
  | 'signInFailures'
  | 'idempotency'
  | 'usage'
>;

export interface GatewayContext {
  /** null only for the signIn mutation, the one operation allowed without a token. */
  session: Session | null;
  /** The session's scopes for the shield rules; null without a token. */
  scopes: ReadonlySet<Scope> | null;
  requestId: string;
  clientIp: string;
  services: ResolverServices;
  /** The caller's view of Jira (own credential, cache partition, deadline); null without a session. */
  jira: JiraReader | null;
  /** The caller's writes to Jira (never cached, never retried); null without a session. */
  jiraWriter: JiraWriter | null;
  /** The request's Idempotency-Key header, if any (for the one creating mutation it may carry). */
  idempotencyKey: string | null;
  /** Caller-written JQL: refused beyond this many characters (JGG_MAX_JQL_LENGTH). */
  jql: { readonly maxLength: number };
  /** For security events a resolver must record (an answer withheld); never given secrets. */
  logger: Logger;
  /** Per-request DataLoaders, by name (see schema/loaders.ts). */
  loaders: Map<string, unknown>;
  /** The calling token's hourly budget (Query.rateLimit, AccessToken.rateLimitPerHour). */
  rateLimit: RequestRateLimit;
}

export interface RequestRateLimit {
  /** JGG_RATE_LIMIT_PER_HOUR. */
  readonly defaultPointsPerHour: number;
  /** The caller's budget as this request left it (after its own charge); null without a session. */
  status(): Promise<RateLimitStatus | null>;
}

export interface RequestContextDeps {
  config: Pick<Config, 'jiraDeadlineMs' | 'jql' | 'rateLimit'>;
  services: Services;
  logger: Logger;
  budget: PointBudget;
}

export interface RequestContexts {
  /** The request's state, made at its first use and kept while the Request lives. */
  stateOf(request: Request): RequestState;
  /** A fresh GraphQL context for the request, from its state. */
  contextOf(request: Request): GatewayContext;
}

export function createRequestContexts({
  config,
  services,
  logger,
  budget,
}: RequestContextDeps): RequestContexts {
  const states = new WeakMap<Request, RequestState>();
  const stateOf = (request: Request): RequestState => {
    let state = states.get(request);
    if (!state) {
      state = {
        requestId: randomUUID(),
        clientIp: '',
        session: null,
        startedAt: performance.now(),
        path: '',
        points: 0,
      };
      states.set(request, state);
    }
    return state;
  };

  /**
   * The request's Jira deadline (JGG_JIRA_DEADLINE_MS from its start), made at
   * its first Jira call and cleared once it is answered. AbortSignal.timeout
   * cost more: a timer, a WeakRef and a finalizer per request, each timer left
   * to fire 30 s later, and made even for requests that never call Jira.
   */
  const deadlineOf = (state: RequestState): (() => AbortSignal) => {
    let signal: AbortSignal | undefined;
    return () => {
      if (signal) return signal;
      const controller = new AbortController();
      signal = controller.signal;
      const left = Math.max(0, config.jiraDeadlineMs - (performance.now() - state.startedAt));
      const timer = setTimeout(
        () => controller.abort(new DOMException('The request deadline passed.', 'TimeoutError')),
        left,
      );
      timer.unref();
      state.release = () => clearTimeout(timer);
      return signal;
    };
  };

  /** The caller's Jira: their own credential (opened once per request), their cache partition. */
  const jiraFor = (session: Session, state: RequestState): { reader: JiraReader; writer: JiraWriter } => {
    let credential: JiraCredential | undefined;
    const common = {
      client: services.jira,
      credential: () => {
        credential ??= services.identities.credentialOf(session.identity);
        return credential;
      },
      partition: session.identity.id,
      cache: services.readCache,
      deadline: deadlineOf(state),
    };
    return {
      // A project-restricted token shares no cache entries with its identity's
      // other tokens. The identity's last change (relink, refused credential)
      // is part of the key, so answers read with a credential since replaced
      // or refused are never served: a reload of the identity misses them.
      reader: createJiraReader({
        ...common,
        scopeKey: `${session.identity.id}|${session.identity.updatedAt.getTime()}|${session.token.projects?.join(',') ?? '*'}`,
      }),
      writer: createJiraWriter(common),
    };
  };

  return {
    stateOf,
    contextOf(request) {
      const state = stateOf(request);
      const session = state.session;
      const jira = session ? jiraFor(session, state) : null;
      return {
        session,
        scopes: session ? session.scopes : null,
        requestId: state.requestId,
        clientIp: state.clientIp,
        services,
        jira: jira?.reader ?? null,
        jiraWriter: jira?.writer ?? null,
        idempotencyKey: request.headers.get('idempotency-key'),
        jql: config.jql,
        logger,
        loaders: new Map(),
        rateLimit: {
          defaultPointsPerHour: config.rateLimit.pointsPerHour,
          async status() {
            if (state.rateLimit) return state.rateLimit;
            if (!session) return null;
            const limit = pointsPerHourOf(session.token, config.rateLimit.pointsPerHour);
            return { ...(await budget.peek(session.token.budgetId, limit)), cost: 0 };
          },
        },
      };
    },
  };
}
