// `jgg demo`: the sandbox and the gateway in one process, with a throwaway
// embedded store, the demo users linked and a token for each printed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { type Flavor, startSandbox } from 'jira-sandbox';
import { SCOPES, type Scope } from '../auth/scopes.ts';
import { loadConfig, loadDemoSettings } from '../config.ts';
import { startGateway } from '../gateway.ts';
import { createLogger } from '../observability/logger.ts';
import { runCommand } from './errors.ts';
import { flavorOption, integerOption } from './options.ts';

interface DemoFlags {
  port?: number;
  sandboxPort?: number;
  host?: string;
  flavor: Flavor;
  issues: number;
  seed: number;
  latencyMs: number;
}

interface DemoToken {
  user: string;
  label: string;
  scopes: Scope[];
  projects?: string[];
}

const DEMO_TOKENS: DemoToken[] = [
  {
    user: 'alice',
    label: 'reads everything she may see in Jira',
    // Every read scope, the email address, and managing her own tokens.
    scopes: SCOPES.filter((s) => s.endsWith(':read') || s === 'users:email' || s === 'tokens:write'),
  },
  { user: 'alice', label: 'issues of PROJ only', scopes: ['issues:read'], projects: ['PROJ'] },
  {
    user: 'bob',
    label: 'issues, without OPS (Jira hides it from bob)',
    scopes: ['issues:read', 'users:read'],
  },
  { user: 'carol', label: 'issues, but carol may browse no project', scopes: ['issues:read'] },
  {
    user: 'admin',
    label: 'gateway admin: every token, the audit log',
    scopes: ['admin', 'tokens:read', 'tokens:write', 'issues:read'],
  },
];

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the sandbox and the gateway together, with demo users linked and tokens printed')
    .option(
      '--port <port>',
      'gateway port (JGG_PORT, default 4000; 0 picks a free one)',
      integerOption(0, 65535),
    )
    .option(
      '--sandbox-port <port>',
      'Jira sandbox port (JGG_SANDBOX_PORT, default 8080; 0 picks a free one)',
      integerOption(0, 65535),
    )
    .option('--host <host>', 'address both listen on (JGG_HOST for the gateway; default 127.0.0.1)')
    .option('--flavor <flavor>', 'datacenter or cloud', flavorOption, 'datacenter')
    .option('--issues <n>', 'how many issues the sandbox generates', integerOption(0, 1_000_000), 1000)
    .option('--seed <s>', 'seed of the sandbox data', integerOption(0), 1)
    .option('--latency-ms <n>', 'delay the sandbox adds to every Jira answer', integerOption(0, 600_000), 0)
    .action((flags: DemoFlags) =>
      runCommand('demo', async () => {
        const { sandboxPort } = loadDemoSettings(undefined, {
          JGG_SANDBOX_PORT: flags.sandboxPort === undefined ? undefined : String(flags.sandboxPort),
        });
        const sandbox = await startSandbox({
          flavor: flags.flavor,
          issues: flags.issues,
          seed: flags.seed,
          latencyMs: flags.latencyMs,
          host: flags.host ?? '127.0.0.1',
          port: sandboxPort,
        });
        const dataDir = mkdtempSync(join(tmpdir(), 'jgg-demo-'));
        const admin = sandbox.store.usersByName.get('admin');
        // The environment's settings apply (JGG_PORT among them); the demo's own store and Jira win.
        const config = loadConfig(undefined, {
          JGG_JIRA_URL: sandbox.url,
          JGG_JIRA_FLAVOR: flags.flavor,
          JGG_DATABASE_URL: `sqlite:${join(dataDir, 'jgg.db')}`,
          JGG_ADMINS: flags.flavor === 'cloud' ? (admin?.accountId ?? '') : 'admin',
          // The operator's group and project policies are for their Jira, not the sandbox's
          // users: left set, they would refuse the demo's own tokens.
          JGG_TOKEN_CREATOR_GROUPS: '',
          JGG_GROUP_SCOPES: '',
          JGG_TOKENS_REQUIRE_PROJECTS: 'off',
          JGG_PORT: flags.port === undefined ? undefined : String(flags.port),
          JGG_HOST: flags.host,
          JGG_LOG_LEVEL: 'warn',
        });
        const gateway = await startGateway(config, createLogger(config.logLevel));
        const { services } = gateway.runtime;

        const lines = [
          `Jira sandbox (${flags.flavor}, ${sandbox.store.data.issues.length} issues): ${sandbox.url}`,
          `jgg gateway: ${gateway.url}/graphql   (GraphiQL: open it in a browser, put the token in the Headers tab)`,
          `Token page:  ${gateway.url}/   (sign in with a sandbox user's Jira token, from ${sandbox.url}/__sandbox/users)`,
          '',
          'Demo tokens (the store is throwaway: they end with the demo):',
          '',
        ];
        for (const demo of DEMO_TOKENS) {
          const user = sandbox.store.usersByName.get(demo.user);
          if (!user) continue;
          const identity = await services.identities.link(
            { jiraToken: user.token, email: flags.flavor === 'cloud' ? user.emailAddress : null },
            { kind: 'cli' },
          );
          const issued = await services.tokens.create(
            identity,
            { name: `demo: ${demo.label}`, scopes: demo.scopes, projects: demo.projects ?? null },
            { kind: 'cli' },
          );
          lines.push(`  ${demo.user.padEnd(6)} ${issued.secret}  ${demo.label}`);
          lines.push(
            `         scopes: ${demo.scopes.join(', ')}${demo.projects ? `; projects: ${demo.projects.join(', ')}` : ''}`,
          );
        }
        lines.push(
          '',
          'Try it:',
          `  curl -s ${gateway.url}/graphql -H 'Authorization: Bearer <token>' -H 'Content-Type: application/json' \\`,
          `       -d '{"query":"{ viewer { user { displayName } token { scopes } } issue(key: \\"PROJ-1\\") { key summary status { name } } }"}'`,
          '',
          `Sandbox users and their Jira tokens: ${sandbox.url}/__sandbox/users`,
          'Press Ctrl+C to stop.',
          '',
        );
        process.stdout.write(lines.join('\n'));
        const stop = () => {
          void Promise.allSettled([gateway.close(), sandbox.close()]).then(() => {
            rmSync(dataDir, { recursive: true, force: true });
            process.exit(0);
          });
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }),
    );
}
