// `jgg sandbox`: a Jira REST server with seeded data, for trying and testing
// the gateway without a Jira.
import { type Command, InvalidArgumentError } from 'commander';
import {
  CLOUD_RATE_LIMIT_REASONS,
  type CloudRateLimitReason,
  type Flavor,
  INJECTABLE_STATUSES,
  type InjectableStatus,
  isCloudRateLimitReason,
  isInjectableStatus,
  MAX_READERS,
  type RunningSandbox,
  startSandbox,
} from 'jira-sandbox';
import { flavorOption, integerOption, rateOption } from './options.ts';

export interface SandboxFlags {
  port: number;
  host: string;
  flavor: Flavor;
  issues: number;
  seed: number;
  readers: number;
  latencyMs: number;
  errorRate: number;
  errorStatus: InjectableStatus;
  slowRate: number;
  slowMs: number;
  rateLimit: number;
  /** --rate-limit-interval, in seconds (commander names it after the flag). */
  rateLimitInterval: number;
  rateLimitReason: CloudRateLimitReason;
  maxResultsCap: number;
}

export function addSandboxOptions(command: Command, defaultPort: number): Command {
  return command
    .option('--port <port>', 'port to listen on (0 picks a free one)', integerOption(0, 65535), defaultPort)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--flavor <flavor>', 'datacenter or cloud', flavorOption, 'datacenter')
    .option('--issues <n>', 'how many issues to generate', integerOption(0, 1_000_000), 1000)
    .option('--seed <s>', 'seed of the data generator', integerOption(0), 1)
    .option(
      '--readers <n>',
      'extra read-only users reader1..N (Browse in every project), for load tests with many identities',
      integerOption(0, MAX_READERS),
      0,
    )
    .option('--latency-ms <n>', 'delay added to every REST answer', integerOption(0, 600_000), 0)
    .option('--error-rate <share>', 'share of REST answers that fail (with --error-status)', rateOption, 0)
    .option(
      '--error-status <status>',
      `status of a failed answer: ${INJECTABLE_STATUSES.join(', ')}`,
      errorStatusOption,
      503,
    )
    .option('--slow-rate <share>', 'share of REST answers delayed by --slow-ms', rateOption, 0)
    .option('--slow-ms <n>', 'delay of a slow answer', integerOption(0, 600_000), 3000)
    .option(
      '--rate-limit <n>',
      'requests per interval per user (Cloud: per what --rate-limit-reason names) before 429 (0: off)',
      integerOption(0),
      0,
    )
    .option(
      '--rate-limit-interval <s>',
      'seconds over which --rate-limit requests are allowed (a longer one makes Jira ask for longer waits)',
      integerOption(1, 86_400),
      1,
    )
    .option(
      '--rate-limit-reason <reason>',
      `Cloud's RateLimit-Reason, and with it what is limited: ${CLOUD_RATE_LIMIT_REASONS.join(', ')}`,
      rateLimitReasonOption,
      'jira-burst-based',
    )
    .option('--max-results-cap <n>', 'Data Center admin cap on /search maxResults', integerOption(1), 1000);
}

export async function runSandbox(flags: SandboxFlags): Promise<RunningSandbox> {
  const started = performance.now();
  const sandbox = await startSandbox({ ...flags, rateLimitIntervalSeconds: flags.rateLimitInterval }).catch(
    (error: unknown) => {
      process.stderr.write(`jgg sandbox: ${listenProblem(error, flags)}\n`);
      process.exit(1);
    },
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const s = sandbox.store.data;
  process.stdout.write(
    `Jira sandbox (${flags.flavor}) at ${sandbox.url}: ${s.issues.length} issues in ${s.projects.length} projects, ` +
      `seed ${flags.seed}, ready in ${seconds}s\n`,
  );
  return sandbox;
}

export function registerSandboxCommand(program: Command): void {
  addSandboxOptions(
    program.command('sandbox').description('run the Jira sandbox (a Jira REST server with seeded data)'),
    8080,
  ).action(async (flags: SandboxFlags) => {
    const sandbox = await runSandbox(flags);
    process.stdout.write(`Users and their Jira tokens: ${sandbox.url}/__sandbox/users\n`);
    const stop = () => {
      void sandbox.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

function errorStatusOption(raw: string): InjectableStatus {
  const n = Number(raw);
  if (!isInjectableStatus(n)) {
    throw new InvalidArgumentError(`expected one of ${INJECTABLE_STATUSES.join(', ')}, got '${raw}'.`);
  }
  return n;
}

function rateLimitReasonOption(raw: string): CloudRateLimitReason {
  if (!isCloudRateLimitReason(raw)) {
    throw new InvalidArgumentError(`expected one of ${CLOUD_RATE_LIMIT_REASONS.join(', ')}, got '${raw}'.`);
  }
  return raw;
}

function listenProblem(error: unknown, flags: SandboxFlags): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return `port ${flags.port} on ${flags.host} is already in use (choose another with --port)`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return `cannot listen on ${flags.host} (--host)`;
  return error instanceof Error ? error.message : String(error);
}
