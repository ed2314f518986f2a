// GET /healthz (the process answers) and GET /readyz (the store and Jira
// answer), for load balancers and orchestrators, without a token. /readyz
// answers a status only: the checks' details (Jira's address, its error) go to
// the log, not to whoever asks.
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Readiness } from '../services.ts';

export interface ProbesOptions {
  readiness: () => Promise<Readiness>;
  logger: Logger;
}

export function useProbes(options: ProbesOptions): Plugin {
  return {
    onRequest({ url, endResponse }) {
      const path = url.pathname;
      if (path === '/healthz') {
        endResponse(Response.json({ status: 'ok' }));
      } else if (path === '/readyz') {
        return options.readiness().then((checks) => {
          const ready = Object.values(checks).every((c) => c === 'ok');
          if (!ready) options.logger.warn({ checks }, 'not ready');
          endResponse(
            Response.json({ status: ready ? 'ready' : 'not ready' }, { status: ready ? 200 : 503 }),
          );
        });
      }
      return undefined;
    },
  };
}
