// Names every request (its id, path and client address) as it arrives, and
// once it is answered ends what it left running, counts it in the metrics and
// writes its log line.
import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { GatewayMetrics } from '../observability/metrics.ts';
import type { RequestState } from '../request-context.ts';
import { clientAddress } from './client-address.ts';

export interface RequestLogOptions {
  stateOf: (request: Request) => RequestState;
  /** JGG_TRUSTED_PROXIES: the proxies whose X-Forwarded-For is believed. */
  trustedProxies: readonly string[];
  logger: Logger;
  metrics: GatewayMetrics;
}

export function useRequestLog({
  stateOf,
  trustedProxies,
  logger,
  metrics,
}: RequestLogOptions): Plugin<object, { req?: IncomingMessage }> {
  return {
    onRequest({ request, serverContext, url }) {
      const state = stateOf(request);
      state.path = url.pathname;
      const incoming = request.headers.get('x-request-id');
      if (incoming && /^[\w.-]{1,100}$/.test(incoming)) state.requestId = incoming;
      state.clientIp = clientAddress(
        serverContext.req,
        request.headers.get('x-forwarded-for'),
        trustedProxies,
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
  };
}
