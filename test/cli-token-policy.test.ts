// `jgg token create` is held to the operator's token policies exactly as the
// GraphQL mutations are (the token service applies them): real child
// processes against a real sandbox and a temp SQLite store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningSandbox, startSandbox } from 'jira-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useJggProcesses } from './support/jgg-process.ts';

let sandbox: RunningSandbox;
let dataDir = '';
let baseEnv: NodeJS.ProcessEnv = {};
const { run, ok } = useJggProcesses(() => baseEnv);

/** A command that must fail with exit code 1 and one line on stderr; answers the line. */
async function refused(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const out = await run(args, env);
  expect(out.code, out.stderr).toBe(1);
  expect(out.stdout).toBe('');
  expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
  return out.stderr.trimEnd();
}

beforeAll(async () => {
  sandbox = await startSandbox({ flavor: 'datacenter', issues: 20, seed: 3 });
  dataDir = mkdtempSync(join(tmpdir(), 'jgg-cli-policy-'));
  baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JGG_')));
  Object.assign(baseEnv, {
    JGG_JIRA_URL: sandbox.url,
    JGG_JIRA_FLAVOR: 'datacenter',
    JGG_DATABASE_URL: `sqlite:${join(dataDir, 'jgg.db')}`,
    JGG_ADMINS: 'admin',
    // Everyone is in jira-software-users: read-only there; admin is also in jira-administrators.
    JGG_GROUP_SCOPES: JSON.stringify({
      'jira-administrators': ['*'],
      'jira-software-users': ['issues:read'],
    }),
    JGG_TOKENS_REQUIRE_PROJECTS: 'on',
    JGG_TOKEN_MAX_DAYS: '30',
    JGG_MAX_TOKENS_PER_IDENTITY: '1',
  });
});

afterAll(async () => {
  await sandbox?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const create = (...args: string[]) => ['token', 'create', '--user', 'alice', ...args];

describe('jgg token create under the token policies', () => {
  it('refuses what the policies forbid, one line each, and mints nothing', async () => {
    const alice = sandbox.store.usersByName.get('alice');
    await ok(['identity', 'link', '--jira-token', alice?.token ?? '']);
    const [creator, scopes, projects, lifetime] = await Promise.all([
      refused(create('--scopes', 'issues:read', '--projects', 'PROJ'), {
        JGG_TOKEN_CREATOR_GROUPS: 'jira-administrators',
      }),
      refused(create('--scopes', 'issues:write', '--projects', 'PROJ')),
      refused(create('--scopes', 'issues:read')),
      refused(create('--scopes', 'issues:read', '--projects', 'PROJ', '--expires-in', '31d')),
    ]);
    expect(creator).toBe(
      'jgg token create: Alice Anderson may not create tokens: only members of the Jira group jira-administrators may (JGG_TOKEN_CREATOR_GROUPS).',
    );
    expect(scopes).toBe(
      "jgg token create: Alice Anderson's Jira groups allow at most: issues:read; refused: issues:write (JGG_GROUP_SCOPES).",
    );
    expect(projects).toMatch(
      /^jgg token create: Every token must name the projects .*JGG_TOKENS_REQUIRE_PROJECTS/,
    );
    expect(lifetime).toMatch(/^jgg token create: expiresAt is beyond the longest lifetime allowed \(30 days/);
    expect(JSON.parse(await ok(['token', 'list', '--all', '--json']))).toEqual([]);
  }, 120_000);

  it('mints what they allow, up to JGG_MAX_TOKENS_PER_IDENTITY', async () => {
    const made = JSON.parse(
      await ok([...create('--scopes', 'issues:read', '--projects', 'PROJ'), '--json']),
    ) as {
      token: { scopes: string[]; projects: string[]; expiresAt: string };
    };
    expect(made.token).toMatchObject({ scopes: ['issues:read'], projects: ['PROJ'] });
    expect(Math.abs(Date.parse(made.token.expiresAt) - (Date.now() + 30 * 86_400_000))).toBeLessThan(60_000);
    const quota = await refused(create('--scopes', 'issues:read', '--projects', 'PROJ'));
    expect(quota).toMatch(
      /^jgg token create: This identity already has 1 live tokens.*JGG_MAX_TOKENS_PER_IDENTITY/,
    );
  });

  it('refuses when Jira cannot be asked for the groups', async () => {
    await ok(['identity', 'link', '--jira-token', sandbox.store.usersByName.get('bob')?.token ?? '']);
    // Port 9 (discard) on this host: nothing listens, the connection is refused.
    const line = await refused(
      ['token', 'create', '--user', 'bob', '--scopes', 'issues:read', '--projects', 'PROJ'],
      {
        JGG_JIRA_URL: 'http://127.0.0.1:9',
      },
    );
    expect(line).toBe(
      "jgg token create: The token policy needs Bob Brown's Jira groups (JGG_TOKEN_CREATOR_GROUPS, JGG_GROUP_SCOPES), and Jira did not answer when asked; no token was made. Try again later.",
    );
    expect(line).not.toContain(sandbox.store.usersByName.get('bob')?.token ?? 'never');
  }, 60_000);
});
