// The opt-in Prometheus listener (JGG_METRICS_PORT on JGG_METRICS_HOST,
// loopback by default): GET /metrics without a token, nothing else. Its own
// port, so it can be kept off the network the API is served on.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayMetrics } from '../observability/metrics.ts';

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

export async function startMetricsListener(
  where: { port: number; host: string },
  metrics: GatewayMetrics,
): Promise<MetricsListener> {
  const server: Server = createServer(
    // Prometheus sends a small GET: a short deadline for headers, none for bodies.
    { headersTimeout: 10_000, requestTimeout: 10_000 },
    (req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404, {
          'Content-Type': 'text/plain; charset=utf-8',
          'X-Content-Type-Options': 'nosniff',
        });
        res.end('Not found: this listener serves GET /metrics only.\n');
        return;
      }
      metrics.render().then(
        (text) => {
          res.writeHead(200, {
            'Content-Type': metrics.contentType,
            'Cache-Control': 'no-store',
            'X-Content-Type-Options': 'nosniff',
          });
          res.end(req.method === 'HEAD' ? undefined : text);
        },
        () => {
          res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end('The metrics could not be rendered.\n');
        },
      );
    },
  );
  server.maxConnections = 20;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
