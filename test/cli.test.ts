// The `jgg` command as a user runs it: a real child process, its output read
// and the server it starts queried over HTTP.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const JGG = fileURLToPath(new URL('../bin/jgg.js', import.meta.url));
const running: ChildProcessWithoutNullStreams[] = [];

function jgg(...args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [JGG, ...args], { stdio: 'pipe' });
  running.push(child);
  return child;
}

/** Collects stdout until `done` says the output is complete. */
async function readUntil(
  child: ChildProcessWithoutNullStreams,
  done: (out: string) => boolean,
): Promise<string> {
  let out = '';
  for await (const chunk of child.stdout) {
    out += String(chunk);
    if (done(out)) return out;
  }
  throw new Error(`jgg ended before printing what was expected:\n${out}`);
}

async function exitOf(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr.on('data', (c) => {
    stderr += String(c);
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

async function stdoutOf(child: ChildProcessWithoutNullStreams): Promise<string> {
  let out = '';
  for await (const chunk of child.stdout) out += String(chunk);
  return out;
}

// Commands load their modules on demand (src/cli/main.ts); help and mistakes
// must still see every command.
describe('jgg commands', () => {
  it('lists every command in --help', async () => {
    const out = await stdoutOf(jgg('--help'));
    for (const command of ['serve', 'migrate', 'sandbox', 'demo', 'identity', 'token'])
      expect(out).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('suggests the command a misspelt one meant', async () => {
    const { code, stderr } = await exitOf(jgg('tokn'));
    expect(code).toBe(1);
    expect(stderr).toContain("unknown command 'tokn'");
    expect(stderr).toContain('Did you mean token?');
  });

  it("shows one command's own help with only that command loaded", async () => {
    const out = await stdoutOf(jgg('token', '--help'));
    expect(out).toMatch(/^Usage: jgg token/m);
    for (const sub of ['create', 'list', 'revoke']) expect(out).toMatch(new RegExp(`^  ${sub}\\b`, 'm'));
  });
});

describe('jgg sandbox', () => {
  it('starts on a free port, serves the chosen flavour and stops cleanly on SIGTERM', async () => {
    const child = jgg(
      'sandbox',
      '--port',
      '0',
      '--flavor',
      'cloud',
      '--issues',
      '30',
      '--seed',
      '5',
      '--readers',
      '2',
    );
    const out = await readUntil(child, (o) => o.includes('__sandbox/users'));
    const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    expect(out).toMatch(/30 issues in 4 projects, seed 5/);
    expect(url).toBeDefined();
    const info = (await (await fetch(`${url}/rest/api/3/serverInfo`)).json()) as { deploymentType: string };
    expect(info.deploymentType).toBe('Cloud');
    // --readers adds reader1..N, each signing in with a token of its own.
    const users = (await (await fetch(`${url}/__sandbox/users`)).json()) as {
      name: string;
      token: string;
      emailAddress: string;
    }[];
    const reader = users.find((u) => u.name === 'reader2');
    expect(users.filter((u) => u.name.startsWith('reader')).map((u) => u.name)).toEqual([
      'reader1',
      'reader2',
    ]);
    const basic = Buffer.from(`${reader?.emailAddress}:${reader?.token}`).toString('base64');
    const me = await fetch(`${url}/rest/api/3/myself`, { headers: { Authorization: `Basic ${basic}` } });
    expect(((await me.json()) as { displayName: string }).displayName).toBe('Reader 2');
    const exited = exitOf(child);
    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
  });

  it('refuses a bad flag with one line naming it', async () => {
    const { code, stderr } = await exitOf(jgg('sandbox', '--flavor', 'mars'));
    expect(code).toBe(1);
    expect(stderr.split('\n')[0]).toBe(
      "error: option '--flavor <flavor>' argument 'mars' is invalid. expected 'datacenter' or 'cloud', got 'mars'.",
    );
  });

  it('says so in one line when the port is taken', async () => {
    const first = jgg('sandbox', '--port', '0', '--issues', '5');
    const port = /127\.0\.0\.1:(\d+)/.exec(await readUntil(first, (o) => o.includes('__sandbox/users')))?.[1];
    const { code, stderr } = await exitOf(jgg('sandbox', '--port', String(port), '--issues', '5'));
    expect(code).toBe(1);
    expect(stderr).toBe(
      `jgg sandbox: port ${port} on 127.0.0.1 is already in use (choose another with --port)\n`,
    );
  });
});

describe('jgg demo', () => {
  it('runs sandbox and gateway together and prints tokens that answer with what each user may see', async () => {
    const out = await readUntil(jgg('demo', '--port', '0', '--sandbox-port', '0', '--issues', '60'), (o) =>
      o.includes('Ctrl+C'),
    );
    const gateway = /jgg gateway: (http:\/\/\S+\/graphql)/.exec(out)?.[1];
    expect(gateway).toBeDefined();
    const tokens = Object.fromEntries(
      [...out.matchAll(/^ {2}(\w+) +(jgg_\w{36}) {2}(.+)$/gm)].map((m) => [
        `${m[1]}: ${m[3]}`,
        m[2] as string,
      ]),
    );
    expect(Object.keys(tokens)).toHaveLength(5);
    const ask = async (secret: string | undefined, query: string) => {
      const res = await fetch(gateway!, {
        method: 'POST',
        headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      return (await res.json()) as {
        data: Record<string, unknown> | null;
        errors?: { extensions: { code: string } }[];
      };
    };
    const alice = await ask(
      tokens['alice: reads everything she may see in Jira'],
      '{ viewer { user { displayName } } }',
    );
    expect(alice.data).toEqual({ viewer: { user: { displayName: 'Alice Anderson' } } });
    const bob = await ask(
      tokens['bob: issues, without OPS (Jira hides it from bob)'],
      '{ issue(key: "OPS-1") { key } }',
    );
    expect(bob.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const admin = await ask(
      tokens['admin: gateway admin: every token, the audit log'],
      '{ admin { accessTokens(first: 10) { edges { node { name } } } } }',
    );
    expect(JSON.stringify(admin.data)).toContain('demo: issues of PROJ only');
  });
});
