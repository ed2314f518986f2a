// The gateway's commands as an operator runs them: `node bin/jgg.js ...` as
// child processes against a real sandbox and a temp SQLite store, and the
// secret `jgg token create` prints used against a running `jgg serve`.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningSandbox, type SandboxUser, startSandbox } from 'jira-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Outcome, useJggProcesses } from './support/jgg-process.ts';
import { withoutRateLimit } from './support/rate-limit.ts';

let sandbox: RunningSandbox;
let dataDir = '';
let baseEnv: NodeJS.ProcessEnv = {};
const { start, run: jgg, ok } = useJggProcesses(() => baseEnv);

/** A command that must fail with `code` and exactly one line on stderr. */
async function fails(args: string[], code: number, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const out = await jgg(args, env);
  expect(out.code, `jgg ${args.join(' ')}`).toBe(code);
  expect(out.stderr.endsWith('\n')).toBe(true);
  expect(out.stderr.trimEnd().split('\n'), out.stderr).toHaveLength(1);
  return out.stderr.trimEnd();
}

function user(name: string): SandboxUser {
  const u = sandbox.store.usersByName.get(name);
  if (!u) throw new Error(`no sandbox user ${name}`);
  return u;
}

beforeAll(async () => {
  sandbox = await startSandbox({ flavor: 'datacenter', issues: 20, seed: 3 });
  dataDir = mkdtempSync(join(tmpdir(), 'jgg-cli-'));
  // Nothing of the caller's own JGG_* settings leaks in.
  baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JGG_')));
  Object.assign(baseEnv, {
    JGG_JIRA_URL: sandbox.url,
    JGG_DATABASE_URL: `sqlite:${join(dataDir, 'jgg.db')}`,
    JGG_ADMINS: 'admin',
  });
});

afterAll(async () => {
  await sandbox?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

// The tests build on each other: the store is migrated, alice linked, then tokens minted.
describe('jgg migrate, identity and token against a real Jira', () => {
  it('migrates the store, and again without harm', async () => {
    expect(await ok(['migrate'])).toBe('token store is up to date (sqlite)\n');
    expect(await ok(['migrate'])).toBe('token store is up to date (sqlite)\n');
  });

  it("links alice's Jira token and prints the identity without the token", async () => {
    const alice = user('alice');
    const out = await ok(['identity', 'link', '--jira-token', alice.token, '--json']);
    const identity = JSON.parse(out) as Record<string, unknown>;
    expect(identity).toMatchObject({
      name: 'alice',
      displayName: 'Alice Anderson',
      accountId: alice.key,
      flavor: 'datacenter',
      credentialInvalidAt: null,
    });
    expect(identity.id).toEqual(expect.any(String));
    expect(out).not.toContain(alice.token);
  });

  it('refuses a Jira token Jira does not accept, in one line that never repeats it', async () => {
    const wrong = 'NjQ2MTc5Mjc4NDE5OnWrongTokenValue0123456789';
    const line = await fails(['identity', 'link', '--jira-token', wrong], 1);
    expect(line).toMatch(/^jgg identity link: Jira refused \(UPSTREAM_CREDENTIAL_INVALID\)/);
    expect(line).not.toContain(wrong);
    const list = JSON.parse(await ok(['identity', 'list', '--json'])) as unknown[];
    expect(list).toHaveLength(1);
  });

  it('lists identities as JSON and as a table', async () => {
    const [json, table] = await Promise.all([ok(['identity', 'list', '--json']), ok(['identity', 'list'])]);
    const list = JSON.parse(json) as { name: string; displayName: string }[];
    expect(list.map((i) => [i.name, i.displayName])).toEqual([['alice', 'Alice Anderson']]);
    expect(json).not.toContain(user('alice').token);
    expect(table.split('\n')[0]).toMatch(/^ID +USER +NAME +FLAVOR +CREDENTIAL$/);
    expect(table).toMatch(/ alice +Alice Anderson +datacenter +ok\n/);
  });

  it('mints a token whose secret works against `jgg serve` until `jgg token revoke`', async () => {
    const created = await ok([
      'token',
      'create',
      '--user',
      'alice',
      '--scopes',
      'issues:read,comments:read',
      '--name',
      'ci',
      '--expires-in',
      '30d',
      '--projects',
      'PROJ',
      '--allowed-ips',
      '127.0.0.1/32',
      '--json',
    ]);
    const issued = JSON.parse(created) as {
      secret: string;
      token: {
        id: string;
        name: string;
        scopes: string[];
        projects: string[];
        allowedIps: string[];
        expiresAt: string;
        revokedAt: string | null;
      };
    };
    expect(Object.keys(issued).sort()).toEqual(['secret', 'token']);
    expect(issued.secret).toMatch(/^jgg_[0-9A-Za-z]{36}$/);
    expect(issued.token).toMatchObject({
      name: 'ci',
      // Held in the canonical order of the scope list, whatever order they were asked in.
      scopes: ['issues:read', 'comments:read'],
      projects: ['PROJ'],
      allowedIps: ['127.0.0.1/32'],
      revokedAt: null,
    });
    const days = (Date.parse(issued.token.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.99);
    expect(days).toBeLessThanOrEqual(30);

    // With the token cache off, serve looks the token up on every request, so
    // the CLI's revocation below shows at once; with it on, it shows within the
    // revision poll's second (test/revocation-across-processes.test.ts).
    const serve = start(['serve', '--port', '0'], { JGG_TOKEN_CACHE_MS: '0' });
    let served = '';
    let serveErr = '';
    serve.stderr.on('data', (c) => {
      serveErr += String(c);
    });
    const listening = /^jgg listening on (http:\/\/127\.0\.0\.1:\d+\/graphql) \(Jira datacenter\)$/m;
    const url = await new Promise<string>((resolve, reject) => {
      serve.stdout.on('data', (c) => {
        served += String(c);
        const found = listening.exec(served)?.[1];
        if (found) resolve(found);
      });
      serve.once('exit', (code) => reject(new Error(`serve exited ${code}: ${served}${serveErr}`)));
    });
    const ask = async () => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${issued.secret}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          query: '{ viewer { user { displayName } token { id name } } issue(key: "PROJ-1") { key } }',
        }),
      });
      return { status: res.status, scopes: res.headers.get('x-token-scopes'), body: await res.text() };
    };
    const before = await ask();
    expect(before.status).toBe(200);
    expect(before.scopes).toBe('issues:read, comments:read');
    expect(withoutRateLimit(JSON.parse(before.body))).toEqual({
      data: {
        viewer: {
          user: { displayName: 'Alice Anderson' },
          token: { id: issued.token.id, name: 'ci' },
        },
        issue: { key: 'PROJ-1' },
      },
    });

    const listed = await ok(['token', 'list', '--user', 'alice', '--json']);
    const tokens = JSON.parse(listed) as { id: string; name: string }[];
    expect(tokens.map((t) => [t.id, t.name])).toContainEqual([issued.token.id, 'ci']);
    expect(listed).not.toContain(issued.secret);
    expect(listed).not.toContain('secret');

    expect(await ok(['token', 'revoke', issued.token.id])).toBe(`revoked ${issued.token.id} (ci)\n`);
    const after = await ask();
    expect(after.status).toBe(401);
    expect(JSON.parse(after.body).errors[0].message).toBe('The token has been revoked.');
    const live = JSON.parse(await ok(['token', 'list', '--user', 'alice', '--json'])) as { id: string }[];
    expect(live.map((t) => t.id)).not.toContain(issued.token.id);

    const exited = once(serve, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    serve.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(serveErr).toBe('');
    // Its log (JSON lines on stdout) saw both requests, and never the secret.
    expect(served.match(/"msg":"request"/g)?.length).toBeGreaterThanOrEqual(2);
    expect(served).not.toContain(issued.secret);
  }, 60_000);

  it('refuses what the token policy forbids, in one line', async () => {
    const create = (...args: string[]) => ['token', 'create', ...args];
    const [unknownScope, adminScope, unknownUser, badExpiry] = await Promise.all([
      fails(create('--user', 'alice', '--scopes', 'issues:read,issues:delete'), 1),
      fails(create('--user', 'alice', '--scopes', 'admin'), 1),
      fails(create('--user', 'nobody', '--scopes', 'issues:read'), 2),
      fails(create('--user', 'alice', '--scopes', 'issues:read', '--expires-in', 'soon'), 2),
    ]);
    expect(unknownScope).toMatch(/^jgg token create: Unknown scope: issues:delete\. /);
    expect(adminScope).toMatch(/^jgg token create: Alice Anderson may not hold admin: .*JGG_ADMINS/);
    expect(unknownUser).toBe(
      "jgg token create: no identity 'nobody': link it first with `jgg identity link --jira-token ...`",
    );
    expect(badExpiry).toBe("jgg token create: --expires-in: 'soon' is not a duration like 30d, 12h or 2w");
    // Nothing was minted by any of them.
    const tokens = JSON.parse(await ok(['token', 'list', '--all', '--json'])) as { name: string }[];
    expect(tokens.map((t) => t.name)).toEqual(['ci']);
  });

  it('grants the admin scope to an identity named in JGG_ADMINS', async () => {
    await ok(['identity', 'link', '--jira-token', user('admin').token]);
    const out = JSON.parse(
      await ok(['token', 'create', '--user', 'admin', '--scopes', 'admin,tokens:read', '--json']),
    ) as { token: { scopes: string[] } };
    expect(out.token.scopes).toEqual(['tokens:read', 'admin']);
  });

  it('stops `jgg serve` without JGG_JIRA_URL with one line naming it', async () => {
    const [unset, bad] = await Promise.all([
      fails(['serve', '--port', '0'], 2, { JGG_JIRA_URL: '' }),
      fails(['serve', '--port', '0'], 2, { JGG_JIRA_URL: 'ftp://jira' }),
    ]);
    expect(unset).toBe('jgg serve: JGG_JIRA_URL: is required (the base URL of your Jira)');
    expect(bad).toMatch(/^jgg serve: JGG_JIRA_URL: must be an http or https URL/);
  });
});

describe('jgg --help', () => {
  const commands: [string[], string[]][] = [
    [['serve'], ['--port', '--host']],
    [['migrate'], ['--help']],
    [
      ['sandbox'],
      [
        '--port',
        '--host',
        '--flavor',
        '--issues',
        '--seed',
        '--latency-ms',
        '--error-rate',
        '--slow-rate',
        '--slow-ms',
        '--rate-limit',
        '--max-results-cap',
      ],
    ],
    [['demo'], ['--port', '--sandbox-port', '--host', '--flavor', '--issues', '--seed', '--latency-ms']],
    [
      ['identity', 'link'],
      ['--jira-token', '--email', '--json'],
    ],
    [['identity', 'list'], ['--json']],
    [
      ['token', 'create'],
      ['--user', '--scopes', '--name', '--expires-in', '--projects', '--allowed-ips', '--json'],
    ],
    [
      ['token', 'list'],
      ['--user', '--all', '--json'],
    ],
    [
      ['token', 'revoke'],
      ['<id>', '--json'],
    ],
  ];

  it('explains every subcommand and names its options', async () => {
    const outs = await Promise.all(commands.map(([command]) => jgg([...command, '--help'])));
    commands.forEach(([command, options], i) => {
      const out = outs[i] as Outcome;
      const name = `jgg ${command.join(' ')}`;
      expect(out.code, name).toBe(0);
      expect(out.stderr, name).toBe('');
      expect(out.stdout, name).toMatch(new RegExp(`^Usage: ${name} `));
      for (const option of options) expect(out.stdout, `${name} ${option}`).toContain(option);
    });
  }, 60_000);
});

describe('jgg identity link in the audit log', () => {
  it('records the operator (the CLI) as the actor, not the identity it links', async () => {
    const { createTokenStore } = await import('../src/store/kysely-store.ts');
    const bob = user('bob');
    const linked = JSON.parse(await ok(['identity', 'link', '--jira-token', bob.token, '--json'])) as {
      id: string;
    };
    const store = createTokenStore(String(baseEnv.JGG_DATABASE_URL));
    try {
      const page = await store.listAudit({ targetId: linked.id, action: 'identity.link' }, { first: 5 });
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toMatchObject({
        actorId: null,
        ip: null,
        targetType: 'identity',
        details: { jiraName: 'bob', via: 'cli' },
      });
    } finally {
      await store.close();
    }
  });
});
