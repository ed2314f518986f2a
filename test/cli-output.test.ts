// `jgg token list` and `jgg identity list` against a store holding rows made
// before names were checked: a name with ESC sequences, newlines or a bidi
// override is printed escaped, so it cannot forge or hide rows on the
// operator's terminal; --json stays JSON and stays harmless too.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenStore } from '../src/store/kysely-store.ts';
import { CLI_BUNDLE } from './support/cli-bundle.ts';

const JGG = CLI_BUNDLE;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NAMES = [
  'row\u001b[2K\u001b[1Aforged',
  'two\nlines  fake-row',
  'evil\u202Etxt.exe',
  'c1\u009b2Jend',
  'back\\u001bslash',
];
// Anything a terminal acts on rather than shows, but the newline ending each row.
const STEERING = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

let dataDir = '';
let env: NodeJS.ProcessEnv = {};

async function jgg(...args: string[]): Promise<string> {
  const child = spawn(process.execPath, [JGG, ...args], { cwd: ROOT, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => {
    stdout += String(c);
  });
  child.stderr.on('data', (c) => {
    stderr += String(c);
  });
  const [code] = (await once(child, 'close')) as [number | null];
  expect(stderr, args.join(' ')).toBe('');
  expect(code).toBe(0);
  return stdout;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'jgg-cli-output-'));
  env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JGG_')));
  env.JGG_DATABASE_URL = `sqlite:${join(dataDir, 'jgg.db')}`;
  // Straight into the store, as rows made before the name check would be.
  const store = createTokenStore(env.JGG_DATABASE_URL);
  await store.migrate();
  const at = new Date();
  const identity = await store.upsertIdentity(
    {
      flavor: 'datacenter',
      jiraAccountId: 'JIRAUSER1',
      jiraName: 'mallory',
      displayName: 'Mal\u001b[31mlory\r\nJIRAUSER2  eve',
      email: null,
      sealedCredential: 'sealed',
    },
    at,
  );
  for (const name of NAMES) {
    await store.insertToken({
      identityId: identity.id,
      kind: 'personal',
      name,
      secretHash: randomBytes(32).toString('hex'),
      hashKeyId: 'k1',
      scopes: ['issues:read'],
      projects: null,
      allowedIps: null,
      createdAt: at,
      expiresAt: new Date(at.getTime() + 86_400_000),
      rotatedFromId: null,
      createdById: null,
    });
  }
  await store.close();
});

afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('CLI listings of untrusted names', () => {
  it('jgg token list prints one escaped row per token', async () => {
    const out = await jgg('token', 'list');
    expect(out).not.toMatch(STEERING);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(1 + NAMES.length);
    expect(out).toContain('row\\u001b[2K\\u001b[1Aforged');
    expect(out).toContain('two\\u000alines  fake-row');
    expect(out).toContain('evil\\u202etxt.exe');
    expect(out).toContain('c1\\u009b2Jend');
    // A name that spells an escape is told apart from one that holds it.
    expect(out).toContain('back\\\\u001bslash');
  });

  it('jgg token list --json is JSON with the names intact, and nothing a terminal acts on', async () => {
    const out = await jgg('token', 'list', '--json');
    expect(out).not.toMatch(STEERING);
    const tokens = JSON.parse(out) as { name: string }[];
    expect(tokens.map((t) => t.name).sort()).toEqual([...NAMES].sort());
  });

  it('jgg identity list escapes display names from Jira', async () => {
    const out = await jgg('identity', 'list');
    expect(out).not.toMatch(STEERING);
    expect(out.trimEnd().split('\n')).toHaveLength(2);
    expect(out).toContain('Mal\\u001b[31mlory\\u000d\\u000aJIRAUSER2  eve');
    const json = JSON.parse(await jgg('identity', 'list', '--json')) as { displayName: string }[];
    expect(json[0]?.displayName).toBe('Mal\u001b[31mlory\r\nJIRAUSER2  eve');
  });
});
