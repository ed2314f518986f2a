// GET /metrics on the API port: Prometheus text for a token with the admin
// scope only, since request counts and refusal reasons describe the gateway's
// users. Prometheus without a token scrapes the separate listener
// (JGG_METRICS_PORT, metrics-listener.ts) instead. Runs after authentication
// (use-authentication.ts), which has named the caller by then.
import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from '../observability/metrics.ts';
import type { RequestState } from '../request-context.ts';
import { errorResponse } from './error-response.ts';

export interface MetricsEndpointOptions {
  metrics: GatewayMetrics;
  stateOf: (request: Request) => RequestState;
}

export function useMetricsEndpoint(options: MetricsEndpointOptions): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== '/metrics') return undefined;
      const { session } = options.stateOf(request);
      if (session === null) {
        endResponse(
          errorResponse(401, 'UNAUTHENTICATED', 'A gateway token with the admin scope is required.', {
            headers: { 'WWW-Authenticate': 'Bearer realm="jgg"' },
          }),
        );
        return undefined;
      }
      if (!session.scopes.has('admin')) {
        const refused = errorResponse(403, 'INSUFFICIENT_SCOPE', 'The metrics need the admin scope.');
        endResponse(refused);
        return undefined;
      }
      return options.metrics
        .render()
        .then((text) =>
          endResponse(new Response(text, { headers: { 'Content-Type': options.metrics.contentType } })),
        );
    },
  };
}
