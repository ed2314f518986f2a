// The composition root, `jgg serve`: config -> store -> Jira -> app -> listen.
import { createServer, type Server, type ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { type MetricsListener, startMetricsListener } from './http/metrics-listener.ts';
import { loadWebPage } from './http/web-page.ts';
import { createPointBudget } from './limits/point-budget.ts';
import { createMetrics } from './observability/metrics.ts';
import { openRuntime, type Runtime } from './runtime.ts';

export interface RunningGateway {
  url: string;
  /** The unauthenticated Prometheus listener's /metrics, when JGG_METRICS_PORT is set. */
  metricsUrl: string | null;
  server: Server;
  runtime: Runtime;
  close(): Promise<void>;
}

/**
 * Node's own deadlines for a client's request: the headers, then the whole
 * request with its body (a slow body is answered 408 and cut). Node checks
 * them every connectionsCheckingInterval (30 s unless told), so that is made
 * a fraction of the shortest, or they would hold for up to 30 s longer.
 */
function httpLimits(http: Config['http']): ServerOptions {
  const shortest = Math.min(http.headersTimeoutMs, http.requestTimeoutMs);
  return {
    headersTimeout: http.headersTimeoutMs,
    requestTimeout: http.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(25, Math.min(1_000, Math.floor(shortest / 4))),
  };
}

/** Starts the gateway on config.http (port 0 picks a free one) and answers once it listens. */
export async function startGateway(
  config: Config,
  logger: Logger,
  runtime?: Runtime,
): Promise<RunningGateway> {
  const rt = runtime ?? (await openRuntime(config, logger));
  const metrics = createMetrics();
  const pointBudget = createPointBudget({ redis: rt.redis, logger });
  const webPage = loadWebPage();
  if (!webPage)
    logger.warn('the token page is not built (web/dist): run npm install; / answers 503 until then');
  const yoga = createApp({ config, services: rt.services, logger, metrics, pointBudget, webPage });
  const server = createServer(httpLimits(config.http), yoga);
  // A connection with no traffic either way (a client that stopped reading) is dropped.
  server.setTimeout(config.http.idleTimeoutMs);
  server.keepAliveTimeout = config.http.keepAliveTimeoutMs;
  // Over the cap, Node closes a new connection at once, before reading anything.
  server.maxConnections = config.http.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  let metricsListener: MetricsListener | null = null;
  if (config.metrics.port !== null) {
    metricsListener = await startMetricsListener(
      { port: config.metrics.port, host: config.metrics.host },
      metrics,
    );
    logger.info({ url: metricsListener.url }, 'metrics listening');
  }
  logger.info({ url, flavor: rt.jira.flavor, store: config.store.kind }, 'jgg listening');
  return {
    url,
    metricsUrl: metricsListener?.url ?? null,
    server,
    runtime: rt,
    async close() {
      await metricsListener?.close();
      await new Promise<void>((resolve) => {
        server.closeIdleConnections();
        server.close(() => resolve());
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      });
      await rt.close();
    },
  };
}
