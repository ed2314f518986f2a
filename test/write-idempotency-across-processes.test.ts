// createIssue's idempotency key holds across processes that share the store:
// two `jgg serve` processes on one store (SQLite always, PostgreSQL when
// JGG_TEST_DATABASE_URL is set), one Jira sandbox. A create on process A
// retried on process B answers A's issue, and two processes sent the same
// create at once make one issue between them.
import { type RunningSandbox, startSandbox } from 'jira-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecretKeyBase64 } from '../src/auth/keyring.ts';
import { type FreshDatabase, postgresBackend, sqliteBackend } from './store/databases.ts';
import { useJggProcesses } from './support/jgg-process.ts';

const CREATE = `mutation($input: CreateIssueInput!) {
  createIssue(input: $input) { clientMutationId issue { key summary } } }`;

let sandbox: RunningSandbox;
let baseEnv: NodeJS.ProcessEnv = {};
const jgg = useJggProcesses(() => baseEnv);

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are checked field by field in tests
  body: any;
}

async function create(
  url: string,
  secret: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ query: CREATE, variables: { input } }),
  });
  return { status: res.status, body: JSON.parse(await res.text()) };
}

const issuesNamed = (summary: string) => sandbox.store.data.issues.filter((i) => i.summary === summary);

beforeAll(async () => {
  sandbox = await startSandbox({ flavor: 'datacenter', issues: 20, seed: 3 });
  baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JGG_')));
  Object.assign(baseEnv, { JGG_JIRA_URL: sandbox.url, JGG_JIRA_FLAVOR: 'datacenter' });
});

afterAll(async () => {
  await sandbox?.close();
});

const BACKENDS = [sqliteBackend(), postgresBackend(process.env.JGG_TEST_DATABASE_URL)];

describe.each(BACKENDS.map((b) => [b.name, b] as const))(
  'idempotent createIssue across processes on %s',
  (_name, backend) => {
    describe.skipIf(!backend.enabled)('two jgg serve processes on one store', () => {
      let database: FreshDatabase;
      let env: NodeJS.ProcessEnv = {};
      let secret = '';

      beforeAll(async () => {
        database = await backend.fresh();
        env = { JGG_DATABASE_URL: database.url };
        // SQLite keeps its generated key beside the file, which every process finds.
        if (database.url.startsWith('postgres')) env.JGG_SECRET_KEY = generateSecretKeyBase64();
        await jgg.ok(['migrate'], env);
        await jgg.ok(
          ['identity', 'link', '--jira-token', sandbox.store.usersByName.get('alice')?.token ?? ''],
          env,
        );
        const issued = JSON.parse(
          await jgg.ok(['token', 'create', '--user', 'alice', '--scopes', 'issues:write', '--json'], env),
        ) as { secret: string };
        secret = issued.secret;
      }, 60_000);

      afterAll(async () => {
        await database?.dispose();
      });

      it('answers a retry on process B with the issue process A created', async () => {
        const [a, b] = await Promise.all([jgg.serve(env), jgg.serve(env)]);
        const summary = `Made on A, retried on B (${backend.name})`;
        const input = {
          projectKey: 'PROJ',
          issueType: 'Task',
          summary,
          clientMutationId: `a-then-b-${backend.name}`,
        };
        const first = await create(a.url, secret, input);
        expect(first.body.errors).toBeUndefined();
        const retry = await create(b.url, secret, input);
        // The replay is the same issue; extensions.rateLimit is each answer's own
        // (per-process counters here, no Redis), so its resetAt may differ by a second.
        expect(retry.body.errors).toBeUndefined();
        expect(retry.body.data).toEqual(first.body.data);
        expect(retry.body.extensions.rateLimit.cost).toBe(first.body.extensions.rateLimit.cost);
        // The other way round, by header: B first, then A.
        const headerSummary = `${summary} by header`;
        const header = { 'Idempotency-Key': `b-then-a-${backend.name}` };
        const onB = await create(
          b.url,
          secret,
          { projectKey: 'PROJ', issueType: 'Task', summary: headerSummary },
          header,
        );
        const onA = await create(
          a.url,
          secret,
          { projectKey: 'PROJ', issueType: 'Task', summary: headerSummary },
          header,
        );
        expect(onA.body.data.createIssue.issue.key).toBe(onB.body.data.createIssue.issue.key);
        // A reused key with another input is refused on the other process too.
        const changed = await create(a.url, secret, { ...input, summary: `${summary}!` });
        expect(changed.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
        expect(issuesNamed(summary)).toHaveLength(1);
        expect(issuesNamed(headerSummary)).toHaveLength(1);
        expect(issuesNamed(`${summary}!`)).toHaveLength(0);
      }, 60_000);

      it('makes one issue when both processes get the same create at once', async () => {
        const [a, b] = await Promise.all([jgg.serve(env), jgg.serve(env)]);
        for (let round = 0; round < 3; round++) {
          const summary = `Raced on ${backend.name}, round ${round}`;
          const input = {
            projectKey: 'PROJ',
            issueType: 'Task',
            summary,
            clientMutationId: `race-${backend.name}-${round}`,
          };
          const answers = await Promise.all(
            [a.url, b.url, a.url, b.url].map((url) => create(url, secret, input)),
          );
          for (const answer of answers)
            expect(answer.body.errors, JSON.stringify(answer.body)).toBeUndefined();
          const keys = new Set(answers.map((answer) => answer.body.data.createIssue.issue.key));
          expect(keys.size).toBe(1);
          expect(issuesNamed(summary)).toHaveLength(1);
        }
      }, 60_000);
    });
  },
);
