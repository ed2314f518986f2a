// `jgg serve`: config -> store -> Jira -> app -> listen.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { createMetrics } from './observability/metrics.ts';
import { openRuntime, type Runtime } from './runtime.ts';

export interface RunningGateway {
  url: string;
  server: Server;
  runtime: Runtime;
  close(): Promise<void>;
}

/** Starts the gateway on config.http (port 0 picks a free one) and answers once it listens. */
export async function startGateway(
  config: Config,
  logger: Logger,
  runtime?: Runtime,
): Promise<RunningGateway> {
  const rt = runtime ?? (await openRuntime(config, logger));
  const yoga = createApp({ config, services: rt.services, logger, metrics: createMetrics() });
  const server = createServer(yoga);
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
  logger.info({ url, flavor: rt.jira.flavor, store: config.store.kind }, 'jgg listening');
  return {
    url,
    server,
    runtime: rt,
    async close() {
      await new Promise<void>((resolve) => {
        server.closeIdleConnections();
        server.close(() => resolve());
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      });
      await rt.close();
    },
  };
}
