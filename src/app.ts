// createApp(deps): the Yoga instance. It never listens; gateway.ts and the tests
// put it behind a node:http server (tests on port 0).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Session } from './tokens/authenticator.ts';
import { addressAllowed } from './auth/ip-allow.ts';
import { createScopeShield } from './auth/shield.ts';
import { type RequestState, useAuthentication } from './http/use-authentication.ts';
import { useScopedExecution } from './execution/use-scoped-execution.ts';
import { createCompiledQueries } from './execution/compiled-queries.ts';
import type { Config } from './config.ts';
import type { GatewayContext } from './context.ts';
import { useGraphiQL } from './http/use-graphiql.ts';
import { useJsonRequests } from './http/use-json-requests.ts';
import { useMetricsEndpoint } from './http/use-metrics-endpoint.ts';
import { useProbes } from './http/use-probes.ts';
import { useSecurityHeaders } from './http/use-security-headers.ts';
import { createJiraReader, type JiraReader } from './jira/reader.ts';
import type { JiraCredential } from './jira/types.ts';
import type { GatewayMetrics } from './observability/metrics.ts';
import { useQueryLimits } from './http/use-query-limits.ts';
import { useRequestBodyLimit } from './http/use-request-body-limit.ts';
import { schema } from './schema/index.ts';
import type { GatewayServices } from './services.ts';

/**
 * The body cap for a request with no token, which can only be a signIn: its
 * Jira token (a few hundred bytes at most), an email and the query leave
 * plenty of room in 8 KiB, while unauthenticated callers cannot make the
 * gateway buffer JGG_MAX_BODY_BYTES each.
 */
const UNAUTHENTICATED_MAX_BODY_BYTES = 8 * 1024;

/** Errors with these codes are meant for the caller; anything else is masked and logged. */
const EXPOSED_CODES = new Set([
  'UNAUTHENTICATED',
  'INSUFFICIENT_SCOPE',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'RATE_LIMITED',
  'UPSTREAM_RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_CREDENTIAL_INVALID',
  'QUERY_TOO_COMPLEX',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
]);

/**
 * graphql-js's verdict on a variable's value (wrong type, missing, out of
 * range), made before any resolver runs: the caller's mistake, with a message
 * that says which variable, so it is answered as BAD_USER_INPUT, not masked.
 * Such errors carry no path; every resolver's error does.
 */
function isVariableError(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError && error.path === undefined && error.message.startsWith('Variable "$');
}

/**
 * Yoga's verdicts on the HTTP request itself (a body that is not JSON, no
 * query, a mutation over GET, several operations and no operationName): the
 * caller's mistake, answered as BAD_USER_INPUT with Yoga's message and HTTP
 * status, not masked as an unexpected error.
 */
function isRequestError(error: unknown): error is GraphQLError {
  if (!(error instanceof GraphQLError)) return false;
  // Not every GraphQLError carries extensions (graphql-jit's leave them undefined).
  const { code, http } = (error.extensions ?? {}) as { code?: unknown; http?: { status?: unknown } };
  const status = http?.status;
  return (
    (code === 'BAD_REQUEST' || code === 'OPERATION_RESOLUTION_FAILURE') &&
    typeof status === 'number' &&
    status >= 400 &&
    status < 500
  );
}

export interface AppDeps {
  config: Config;
  services: GatewayServices;
  logger: Logger;
  metrics: GatewayMetrics;
}

interface ServerContext {
  req?: IncomingMessage;
}

/** The client's address: the socket's, or X-Forwarded-For's when the socket is a trusted proxy. */
export function clientAddress(
  req: IncomingMessage | undefined,
  forwardedFor: string | null,
  trusted: readonly string[],
): string {
  const socket = (req?.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  if (!forwardedFor || trusted.length === 0 || !addressAllowed(socket, trusted)) return socket;
  // Walk from the nearest hop back; the first address that is not a trusted proxy is the client.
  const hops = forwardedFor
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (!addressAllowed(hop, trusted)) return hop;
  }
  return hops[0] ?? socket;
}

export function createApp(deps: AppDeps): YogaServerInstance<ServerContext, GatewayContext> {
  const { config, services, logger, metrics } = deps;
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
      };
      states.set(request, state);
    }
    return state;
  };

  // Masked errors not yet logged; onResultProcess logs them with their request id.
  const unlogged = new WeakSet<GraphQLError>();

  const operations: Plugin<GatewayContext, ServerContext> = {
    onRequest({ request, serverContext, url }) {
      const state = stateOf(request);
      state.path = url.pathname;
      const incoming = request.headers.get('x-request-id');
      if (incoming && /^[\w.-]{1,100}$/.test(incoming)) state.requestId = incoming;
      state.clientIp = clientAddress(
        serverContext.req,
        request.headers.get('x-forwarded-for'),
        config.http.trustedProxies,
      );
    },
    onResponse({ request, response }) {
      const state = stateOf(request);
      state.release?.();
      // Parsed once, in onRequest: onResponse runs on the hot path too.
      const path = state.path || new URL(request.url).pathname;
      const ms = performance.now() - state.startedAt;
      metrics.observeRequest(path, response.status, ms / 1000);
      // Never the headers: they carry the token.
      logger.info(
        {
          requestId: state.requestId,
          method: request.method,
          path,
          status: response.status,
          ms: Math.round(ms * 10) / 10,
          identityId: state.session?.identity.id,
          tokenId: state.session?.token.id,
          ip: state.clientIp,
        },
        'request',
      );
    },
    // Here rather than in onExecutionResult: failures before execution (a token
    // look-up that hits a broken store) pass through here too.
    onResultProcess({ request, result }) {
      const { requestId } = stateOf(request);
      for (const one of Array.isArray(result) ? result : [result]) {
        if (Symbol.asyncIterator in one) continue;
        for (const error of one.errors ?? []) {
          if (!(error instanceof GraphQLError) || !unlogged.delete(error)) continue;
          error.extensions.requestId = requestId;
          logger.error({ requestId, err: error.originalError ?? error }, 'unexpected error');
        }
      }
    },
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
  const readerFor = (session: Session, state: RequestState): JiraReader => {
    let credential: JiraCredential | undefined;
    return createJiraReader({
      client: services.jira,
      credential: () => {
        credential ??= services.identities.credentialOf(session.identity);
        return credential;
      },
      // A project-restricted token shares no cache entries with its identity's other tokens.
      scopeKey: `${session.identity.id}|${session.token.projects?.join(',') ?? '*'}`,
      cache: services.readCache,
      deadline: deadlineOf(state),
    });
  };

  return createYoga<ServerContext, GatewayContext>({
    schema: createScopeShield(schema),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // Ours (useGraphiQL below) serves its files itself; Yoga's loads them from a public CDN.
    graphiql: false,
    // POST bodies are JSON only (useJsonRequests below); multipart is not even parsed.
    multipart: false,
    logging: false,
    // useRequestBodyLimit below caps the body for less (see there).
    maxRequestBodySize: false,
    // Only a listed origin gets CORS headers; none without JGG_CORS_ORIGINS. Yoga's
    // default reflects any origin, and an 'Access-Control-Allow-Origin: null' answer
    // would admit sandboxed iframes and file:// pages, which send Origin: null.
    cors: (request) => {
      const origin = request.headers.get('origin');
      if (origin === null || !config.http.corsOrigins.includes(origin)) return false;
      return {
        origin: [origin],
        credentials: false,
        allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
        exposedHeaders: ['X-Token-Scopes', 'X-Request-Id'],
        methods: ['GET', 'POST', 'OPTIONS'],
      };
    },
    maskedErrors: {
      maskError(error, message) {
        const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
        if (typeof code === 'string' && EXPOSED_CODES.has(code)) return error as Error;
        if (isRequestError(error)) {
          return new GraphQLError(error.message, {
            extensions: { code: 'BAD_USER_INPUT', http: error.extensions.http },
          });
        }
        if (isVariableError(error)) {
          return new GraphQLError(error.message, {
            nodes: error.nodes,
            extensions: { code: 'BAD_USER_INPUT' },
          });
        }
        const located = error instanceof GraphQLError ? error : null;
        const cause = located?.originalError ?? error;
        // A GraphQLError, not a plain Error: that one serialises without `message` and `path`.
        // The cause rides along unserialised, for the log line (which needs the request id).
        const masked = new GraphQLError(message, {
          nodes: located?.nodes ?? null,
          path: located?.path ?? null,
          originalError: cause instanceof Error ? cause : new Error(String(cause)),
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        });
        unlogged.add(masked);
        return masked;
      },
    },
    context: ({ request }): GatewayContext => {
      const state = stateOf(request);
      const session = state.session;
      return {
        session,
        scopes: session ? session.scopes : null,
        requestId: state.requestId,
        clientIp: state.clientIp,
        services,
        jira: session ? readerFor(session, state) : null,
        jql: config.jql,
        logger,
        loaders: new Map(),
      };
    },
    // Order matters in onRequest: probes and GraphiQL need no token; the content
    // type is checked before the token; the token before /metrics and any body.
    plugins: [
      operations,
      useSecurityHeaders({ corsConfigured: config.http.corsOrigins.length > 0 }),
      useProbes({ readiness: services.readiness, logger }),
      useGraphiQL({ title: 'jgg: Jira GraphQL Gateway', endpoint: '/graphql' }),
      useJsonRequests(),
      useQueryLimits(config.queryLimits, schema),
      useAuthentication({
        authenticator: services.authenticator,
        stateOf,
        onRejected: (reason) => metrics.authRejected(reason),
      }),
      useMetricsEndpoint({ metrics, stateOf }),
      useRequestBodyLimit((request) =>
        stateOf(request).session ? config.http.maxBodyBytes : UNAUTHENTICATED_MAX_BODY_BYTES,
      ),
      useScopedExecution({
        unguarded: schema,
        onExecute: (path) => metrics.executed(path),
        compiled: config.compileQueries ? createCompiledQueries(schema) : undefined,
      }),
    ],
  });
}
