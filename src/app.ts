// createApp(deps): the Yoga instance, as its list of plugins. It never
// listens; gateway.ts and the tests put it behind a node:http server.
import type { IncomingMessage } from 'node:http';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { createScopeShield } from './auth/shield.ts';
import type { Config } from './config.ts';
import { createCompiledQueries } from './execution/compiled-queries.ts';
import { useScopedExecution } from './execution/use-scoped-execution.ts';
import { createErrorMasking } from './http/error-masking.ts';
import { useAuthentication } from './http/use-authentication.ts';
import { useExport } from './http/use-export.ts';
import { useGraphiQL } from './http/use-graphiql.ts';
import { useJsonRequests } from './http/use-json-requests.ts';
import { useMetricsEndpoint } from './http/use-metrics-endpoint.ts';
import { useProbes } from './http/use-probes.ts';
import { useQueryLimits } from './http/use-query-limits.ts';
import { RATE_LIMIT_HEADERS, useRateLimit } from './http/use-rate-limit.ts';
import { useRequestBodyLimit } from './http/use-request-body-limit.ts';
import { useRequestLog } from './http/use-request-log.ts';
import { useSecurityHeaders } from './http/use-security-headers.ts';
import { TOKEN_EXPIRATION_HEADER, useTokenExpiration } from './http/use-token-expiration.ts';
import { useUpstreamRateLimitStatus } from './http/use-upstream-rate-limit-status.ts';
import { useUsageRecording } from './http/use-usage-recording.ts';
import { useWebPage } from './http/use-web-page.ts';
import type { WebPage } from './http/web-page.ts';
import type { PointBudget } from './limits/point-budget.ts';
import type { GatewayMetrics } from './observability/metrics.ts';
import { createRequestContexts, type GatewayContext } from './request-context.ts';
import { schema } from './schema/index.ts';
import type { Services } from './services.ts';

/**
 * The body cap for a request with no token, which can only be a signIn: its
 * Jira token (a few hundred bytes at most), an email and the query leave
 * plenty of room in 8 KiB, while unauthenticated callers cannot make the
 * gateway buffer JGG_MAX_BODY_BYTES each.
 */
const UNAUTHENTICATED_MAX_BODY_BYTES = 8 * 1024;

export interface AppDeps {
  config: Config;
  services: Services;
  logger: Logger;
  metrics: GatewayMetrics;
  /** Every token's hourly budget: in memory, or shared through Redis (limits/point-budget.ts). */
  pointBudget: PointBudget;
  /** The token page's built files (http/web-page.ts loadWebPage); null when not built: `/` says so. */
  webPage: WebPage | null;
}

interface ServerContext {
  req?: IncomingMessage;
}

export function createApp(deps: AppDeps): YogaServerInstance<ServerContext, GatewayContext> {
  const { config, services, logger, metrics, pointBudget, webPage } = deps;
  const { stateOf, contextOf } = createRequestContexts({ config, services, logger, budget: pointBudget });
  const masking = createErrorMasking(logger, (request) => stateOf(request).requestId);

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
        exposedHeaders: [
          'X-Token-Scopes',
          'X-Request-Id',
          TOKEN_EXPIRATION_HEADER,
          'Retry-After',
          ...RATE_LIMIT_HEADERS,
        ],
        methods: ['GET', 'POST', 'OPTIONS'],
      };
    },
    maskedErrors: { maskError: masking.maskError },
    context: ({ request }) => contextOf(request),
    // Order matters in onRequest: probes, GraphiQL and the token page need no token; the content
    // type is checked before the token; the token before /metrics and any body.
    plugins: [
      useRequestLog({ stateOf, trustedProxies: config.http.trustedProxies, logger, metrics }),
      masking.plugin,
      useUpstreamRateLimitStatus(),
      useSecurityHeaders({ corsConfigured: config.http.corsOrigins.length > 0 }),
      useProbes({ readiness: services.readiness, logger }),
      useGraphiQL({ title: 'jgg: Jira GraphQL Gateway', endpoint: '/graphql' }),
      useWebPage({ page: webPage }),
      useJsonRequests(),
      useQueryLimits(config.queryLimits, schema, { stateOf }),
      useAuthentication({
        authenticator: services.authenticator,
        stateOf,
        onRejected: (reason) => metrics.authRejected(reason),
      }),
      useTokenExpiration(stateOf),
      useUsageRecording({ stateOf, recorder: services.usage }),
      // After useQueryLimits: its onExecute estimates (and refuses what is too complex) first.
      useRateLimit({
        stateOf,
        budget: pointBudget,
        defaultPointsPerHour: config.rateLimit.pointsPerHour,
        logger,
      }),
      // After authentication and usage recording: exports are answered here, streamed (use-export.ts).
      useExport({
        stateOf,
        contextOf,
        budget: pointBudget,
        defaultPointsPerHour: config.rateLimit.pointsPerHour,
        jiraDeadlineMs: config.jiraDeadlineMs,
        logger,
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
