// `jgg demo` as a person runs it, as a child process: it listens where it is
// told (flag or environment), so two demos, or a demo beside anything else on
// 4000 or 8080, can run at once; and the tokens it prints work.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const JGG = fileURLToPath(new URL('../bin/jgg.js', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const running = new Set<ChildProcessWithoutNullStreams>();

afterEach(() => {
  for (const child of running) child.kill('SIGTERM');
});

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts `jgg demo` and answers what it printed once it is ready (the sandbox users line). */
async function demo(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, [JGG, 'demo', '--issues', '50', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: 'pipe',
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let out = '';
  child.stderr.on('data', (c) => {
    out += String(c);
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => {
      out += String(c);
      if (out.includes('Press Ctrl+C')) resolve(out);
    });
    child.once('exit', (code) => reject(new Error(`demo exited (${code}): ${out}`)));
  });
}

describe('jgg demo', () => {
  it('serves on --port and the sandbox on --sandbox-port, and its tokens work there', async () => {
    const [port, sandboxPort] = [await freePort(), await freePort()];
    const out = await demo(['--port', String(port), '--sandbox-port', String(sandboxPort)], {});
    expect(out).toContain(`jgg gateway: http://127.0.0.1:${port}/graphql`);
    expect(out).toContain(`http://127.0.0.1:${sandboxPort}`);
    const secret = /alice\s+(jgg_\w+)/.exec(out)?.[1];
    expect(secret).toBeDefined();
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { user { displayName } } }' }),
    });
    expect((await res.json()).data.viewer.user.displayName).toBeTruthy();

    // The token page is there, and every demo user signs in on it with the Jira token the sandbox lists.
    expect(out).toContain(`Token page:  http://127.0.0.1:${port}/`);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="/assets/main-');
    const users = (await (await fetch(`http://127.0.0.1:${sandboxPort}/__sandbox/users`)).json()) as {
      name: string;
      token: string;
      displayName: string;
    }[];
    for (const name of ['alice', 'bob', 'carol', 'admin']) {
      const user = users.find((u) => u.name === name);
      const signIn = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation($t: String!) { signIn(input: { jiraToken: $t }) { user { displayName } } }',
          variables: { t: user?.token },
        }),
      });
      expect((await signIn.json()).data?.signIn.user.displayName, name).toBe(user?.displayName);
    }
  });

  it('takes its ports from JGG_PORT and JGG_SANDBOX_PORT when no flag names them', async () => {
    const [port, sandboxPort] = [await freePort(), await freePort()];
    const out = await demo([], { JGG_PORT: String(port), JGG_SANDBOX_PORT: String(sandboxPort) });
    expect(out).toContain(`jgg gateway: http://127.0.0.1:${port}/graphql`);
    expect(out).toContain(`http://127.0.0.1:${sandboxPort}`);
  });

  it('lets the flag win over the environment', async () => {
    const [port, other] = [await freePort(), await freePort()];
    const out = await demo(['--port', String(port), '--sandbox-port', '0'], { JGG_PORT: String(other) });
    expect(out).toContain(`jgg gateway: http://127.0.0.1:${port}/graphql`);
  });
});
