// `jgg ...` as child processes, as an operator runs the commands:
// to their end (stdout, stderr, exit code), or `jgg serve` kept running until
// the test ends. Every child is killed after each test.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, expect } from 'vitest';
import { CLI_BUNDLE } from './cli-bundle.ts';

// The bundled CLI (cli-bundle.ts): the same sources as bin/jgg.js, started in half the time.
const JGG = CLI_BUNDLE;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface JggProcesses {
  /** Starts a command and leaves it running. */
  start(args: string[], env?: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams;
  /** Runs a command to its end. */
  run(args: string[], env?: NodeJS.ProcessEnv): Promise<Outcome>;
  /** A command that must succeed; its stderr is shown when it does not. Answers stdout. */
  ok(args: string[], env?: NodeJS.ProcessEnv): Promise<string>;
  /** Starts `jgg serve` on a free port; answers its GraphQL URL once it listens. */
  serve(env?: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcessWithoutNullStreams }>;
}

/**
 * `baseEnv` is read at each start, so a suite can set it in beforeAll.
 * Children are killed after each test, or with `killAfter: 'all'` after the
 * suite (processes started in beforeAll, shared by its tests).
 */
export function useJggProcesses(
  baseEnv: () => NodeJS.ProcessEnv,
  { killAfter = 'each' }: { killAfter?: 'each' | 'all' } = {},
): JggProcesses {
  const running = new Set<ChildProcessWithoutNullStreams>();
  const killAll = () => {
    for (const child of running) child.kill('SIGKILL');
  };
  if (killAfter === 'each') afterEach(killAll);
  afterAll(killAll);

  function start(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcessWithoutNullStreams {
    const child = spawn(process.execPath, [JGG, ...args], {
      cwd: ROOT,
      env: { ...baseEnv(), ...env },
      stdio: 'pipe',
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    return child;
  }

  async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
    const child = start(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += String(c);
    });
    child.stderr.on('data', (c) => {
      stderr += String(c);
    });
    const [code] = (await once(child, 'close')) as [number | null];
    return { code, stdout, stderr };
  }

  async function ok(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
    const out = await run(args, env);
    expect(out.stderr, `jgg ${args.join(' ')}`).toBe('');
    expect(out.code, `jgg ${args.join(' ')}`).toBe(0);
    return out.stdout;
  }

  function serve(
    env: NodeJS.ProcessEnv = {},
  ): Promise<{ url: string; child: ChildProcessWithoutNullStreams }> {
    const child = start(['serve', '--port', '0'], env);
    let out = '';
    let err = '';
    child.stderr.on('data', (c) => {
      err += String(c);
    });
    return new Promise((resolve, reject) => {
      child.stdout.on('data', (c) => {
        out += String(c);
        const found = /^jgg listening on (http:\/\/127\.0\.0\.1:\d+\/graphql) /m.exec(out)?.[1];
        if (found) resolve({ url: found, child });
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}${err}`)));
    });
  }

  return { start, run, ok, serve };
}
