// Neither a gateway token secret nor a Jira credential is ever stored or
// logged in clear: the SQLite file (and its WAL), the PostgreSQL tables and
// every log line the gateway wrote are searched for each secret it handled.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { type GatewayHarness, useGateway } from '../support/gateway.ts';

const HAS_POSTGRES = Boolean(process.env.JGG_TEST_DATABASE_URL);

/** Signs people in, mints, uses, rotates and fails tokens; answers every secret seen. */
async function exercise(gw: GatewayHarness): Promise<string[]> {
  const secrets: string[] = [];
  for (const name of ['alice', 'bob']) {
    const jiraToken = gw.sandboxUser(name).token;
    secrets.push(jiraToken);
    const signIn = await gw.gql(
      null,
      'mutation($t: String!) { signIn(input: { jiraToken: $t }) { secret } }',
      {
        t: jiraToken,
      },
    );
    const session = signIn.body.data.signIn.secret as string;
    secrets.push(session);
    const created = await gw.gql(
      session,
      'mutation { createAccessToken(input: { name: "script", scopes: ["issues:read"] }) { secret token { id } } }',
    );
    const { secret, token } = created.body.data.createAccessToken;
    secrets.push(secret);
    await gw.gql(secret, '{ issue(key: "PROJ-1") { key } }');
    const rotated = await gw.gql(session, 'mutation($id: ID!) { rotateAccessToken(id: $id) { secret } }', {
      id: token.id,
    });
    secrets.push(rotated.body.data.rotateAccessToken.secret);
    await gw.gql(secret, '{ viewer { user { displayName } } }'); // rotated away: a 401 to log
  }
  // A refused sign-in logs its failure, and must not log the token it was given.
  const wrong = 'MDM0MjM5NDc2MDxxYWJjZGVmZ2hpamtsbW5vcHFyc3R1';
  secrets.push(wrong);
  await gw.gql(null, 'mutation($t: String!) { signIn(input: { jiraToken: $t }) { secret } }', { t: wrong });
  return secrets;
}

function expectNoneIn(haystack: string, secrets: string[], where: string): void {
  for (const secret of secrets) {
    expect(haystack.includes(secret), `${where} contains a secret in clear`).toBe(false);
  }
}

describe('secrets at rest with the SQLite store', () => {
  const gw = useGateway({ flavor: 'datacenter', store: 'sqlite' });

  it('keeps them out of the database file and the logs', async () => {
    const secrets = await exercise(gw());
    const base = join(gw().dataDir, 'jgg.db');
    const files = [base, `${base}-wal`, `${base}-shm`].filter((f) => existsSync(f));
    const bytes = files.map((f) => readFileSync(f).toString('latin1')).join('');
    expect(bytes.length).toBeGreaterThan(0);
    // The file does hold the tokens' records: it is the secrets that are missing.
    expect(bytes).toContain('script');
    expectNoneIn(bytes, secrets, 'the SQLite file');
    const logs = gw().logs.join('');
    expect(logs).toContain('"msg":"request"');
    expectNoneIn(logs, secrets, 'the log');
  });
});

describe.skipIf(!HAS_POSTGRES)(
  'secrets at rest with the PostgreSQL store (set JGG_TEST_DATABASE_URL to run)',
  () => {
    const gw = useGateway({ flavor: 'datacenter', store: 'postgres' });

    it('keeps them out of every table and the logs', async () => {
      const secrets = await exercise(gw());
      const url = gw().gateway.runtime.config.store.url;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const tables = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
      );
      let dump = '';
      for (const { table_name } of tables.rows) {
        const rows = await client.query(`SELECT row_to_json(t)::text AS j FROM "${table_name}" t`);
        dump += rows.rows.map((r: { j: string }) => r.j).join('\n');
      }
      await client.end();
      expect(tables.rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining(['identities', 'tokens', 'audit_events']),
      );
      expect(dump).toContain('script');
      expectNoneIn(dump, secrets, 'the PostgreSQL tables');
      expectNoneIn(gw().logs.join(''), secrets, 'the log');
    });
  },
);
