// The gateway under test, in a process of its own so its CPU and memory can be
// measured apart from the load generator and the sandbox. Started by run.ts
// with an IPC channel:
//   node --import tsx scripts/bench/gateway-process.ts <jira url>
// with JGG_* settings in the environment (JGG_CACHE_TTL_MS, JGG_TOKEN_CACHE_MS, ...).
// It opens a throwaway SQLite store, links the sandbox users, and then answers
// messages from run.ts:
//   {op: 'ready'}                          sent once, with the gateway url
//   {op: 'tokens', user, count, scopes}    -> {tokens: string[]}   mints tokens
//   {op: 'usage'}                          -> {cpuUs, rssBytes, heapBytes}
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { startGateway } from '../../src/gateway.ts';
import { createLogger } from '../../src/observability/logger.ts';
import type { IdentityRecord } from '../../src/store/store.ts';

interface SandboxUserInfo {
  name: string;
  token: string;
  emailAddress: string;
}

export type GatewayRequest =
  | { op: 'tokens'; id: number; user: string; count: number; scopes: string[] }
  | { op: 'usage'; id: number };

export type GatewayReply =
  | { op: 'ready'; url: string }
  | { op: 'tokens'; id: number; tokens: string[] }
  | { op: 'usage'; id: number; cpuUs: number; rssBytes: number; heapBytes: number };

const jiraUrl = process.argv[2];
const usersUrl = process.argv[3];
if (!jiraUrl || !usersUrl || !process.send) {
  process.stderr.write('usage: run by scripts/bench/run.ts (needs <jira url> <sandbox users url> and IPC)\n');
  process.exit(2);
}
const send = (reply: GatewayReply): void => {
  process.send?.(reply);
};

const dataDir = mkdtempSync(join(tmpdir(), 'jgg-bench-'));
const config = loadConfig({
  ...process.env,
  JGG_JIRA_URL: jiraUrl,
  JGG_JIRA_FLAVOR: process.env.JGG_JIRA_FLAVOR ?? 'datacenter',
  JGG_DATABASE_URL: `sqlite:${join(dataDir, 'jgg.db')}`,
  JGG_ADMINS: 'admin',
  JGG_PORT: '0',
  JGG_HOST: '127.0.0.1',
  JGG_LOG_LEVEL: process.env.JGG_LOG_LEVEL ?? 'info',
  // The authentication section mints thousands of tokens for one identity.
  JGG_MAX_TOKENS_PER_IDENTITY: '10000',
});
// Logs go where a deployment sends them (stdout, here /dev/null via run.ts): their cost is part of the bench.
const gateway = await startGateway(config, createLogger(config.logLevel));
const { services } = gateway.runtime;

const users = (await (await fetch(usersUrl)).json()) as SandboxUserInfo[];
const identities = new Map<string, IdentityRecord>();
async function identityOf(name: string): Promise<IdentityRecord> {
  const known = identities.get(name);
  if (known) return known;
  const user = users.find((u) => u.name === name);
  if (!user) throw new Error(`no sandbox user ${name}`);
  const email = config.jira.flavor === 'cloud' ? user.emailAddress : null;
  const identity = await services.identities.link({ jiraToken: user.token, email }, { kind: 'cli' });
  identities.set(name, identity);
  return identity;
}

process.on('message', (message: GatewayRequest) => {
  void (async () => {
    if (message.op === 'usage') {
      const cpu = process.cpuUsage();
      const mem = process.memoryUsage();
      send({
        op: 'usage',
        id: message.id,
        cpuUs: cpu.user + cpu.system,
        rssBytes: mem.rss,
        heapBytes: mem.heapUsed,
      });
    } else if (message.op === 'tokens') {
      const identity = await identityOf(message.user);
      const tokens: string[] = [];
      for (let i = 0; i < message.count; i++) {
        const issued = await services.tokens.create(
          identity,
          { name: `bench ${i}`, scopes: message.scopes },
          { kind: 'cli' },
        );
        tokens.push(issued.secret);
      }
      send({ op: 'tokens', id: message.id, tokens });
    }
  })().catch((error: unknown) => {
    process.stderr.write(`gateway-process: ${String(error)}\n`);
    process.exit(1);
  });
});

const stop = (): void => {
  void gateway.close().finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.once('disconnect', stop);
send({ op: 'ready', url: gateway.url });
