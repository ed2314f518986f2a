// `jgg serve`: runs the gateway. `jgg migrate`: brings the store's schema up to date.
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { startGateway } from '../gateway.ts';
import { createLogger } from '../observability/logger.ts';
import { openStore } from '../runtime.ts';
import { runCommand } from './errors.ts';
import { integerOption } from './options.ts';

export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('run the gateway (GraphQL at /graphql)')
    .option('--port <port>', 'port to listen on (JGG_PORT, default 4000)', integerOption(0, 65535))
    .option('--host <host>', 'address to listen on (JGG_HOST, default 127.0.0.1)')
    .action((flags: { port?: number; host?: string }) =>
      runCommand('serve', async () => {
        const config = loadConfig(undefined, {
          JGG_PORT: flags.port === undefined ? undefined : String(flags.port),
          JGG_HOST: flags.host,
        });
        const logger = createLogger(config.logLevel);
        const gateway = await startGateway(config, logger);
        process.stdout.write(
          `jgg listening on ${gateway.url}/graphql (Jira ${gateway.runtime.jira.flavor})\n`,
        );
        const stop = () => {
          void gateway.close().then(() => process.exit(0));
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }),
    );

  program
    .command('migrate')
    .description("bring the token store's schema up to date (serve does this too)")
    .action(() =>
      runCommand('migrate', async () => {
        const config = loadConfig();
        const store = await openStore(config);
        await store.close();
        process.stdout.write(`token store is up to date (${config.store.kind})\n`);
      }),
    );
}
