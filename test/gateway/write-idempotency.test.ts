// Writes that must not happen twice, and what is said of them, on both
// flavours: createIssue's idempotency key (clientMutationId or the
// Idempotency-Key header) gives one issue for any number of retries and
// refuses a reused key with another input; a write Jira got but did not
// answer in time is "outcome unknown", never sent again; a Jira that refuses
// connections is plainly unavailable; and every write is logged with who and
// what, never with the values written.
import { beforeAll, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { useJiraProxy } from '../support/jira-proxy.ts';
import { withoutRateLimit } from '../support/rate-limit.ts';

const CREATE = `mutation($input: CreateIssueInput!) {
  createIssue(input: $input) { clientMutationId issue { key summary } } }`;
const UPDATE = 'mutation($input: UpdateIssueInput!) { updateIssue(input: $input) { issue { key } } }';
const TRANSITION =
  'mutation($input: TransitionIssueInput!) { transitionIssue(input: $input) { issue { key } } }';
const ASSIGN = 'mutation($input: AssignIssueInput!) { assignIssue(input: $input) { issue { key } } }';

let unique = 0;
/** A summary no other test uses, so issues can be counted by it. */
const summaryOf = (what: string) => `${what} ${process.pid}-${Date.now()}-${++unique}`;

describe.each(['datacenter', 'cloud'] as const)('%s: idempotent createIssue', (flavor) => {
  const env: Record<string, string> = { JGG_CACHE_TTL_MS: '0' };
  const proxy = useJiraProxy(() => gw().sandbox.url, env);
  const gw = useGateway({ flavor, issues: 40, env });
  const createIssuePath = `POST ${flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2'}/issue`;
  let alice = { secret: '', id: '' };

  beforeAll(async () => {
    alice = await gw().token('alice', { scopes: ['issues:write'] });
  });

  const issuesNamed = (summary: string) =>
    gw().sandbox.store.data.issues.filter((i) => i.summary === summary);
  const posts = () => proxy().seen.filter((s) => s === createIssuePath).length;
  const task = (summary: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    projectKey: 'PROJ',
    issueType: 'Task',
    summary,
    ...extra,
  });

  it('creates once for any number of retries with one clientMutationId', async () => {
    const summary = summaryOf('Retried by clientMutationId');
    const input = task(summary, { clientMutationId: `cmi-${summary}`, labels: ['b', 'a'] });
    const before = posts();
    const first = await gw().gql(alice.secret, CREATE, { input });
    const again = await gw().gql(alice.secret, CREATE, { input });
    // The same input spelled in another key order is the same request.
    const reordered = await gw().gql(alice.secret, CREATE, {
      input: Object.fromEntries(Object.entries(input).reverse()),
    });
    expect(first.body.errors).toBeUndefined();
    expect(withoutRateLimit(again.body)).toEqual(withoutRateLimit(first.body));
    expect(withoutRateLimit(reordered.body)).toEqual(withoutRateLimit(first.body));
    expect(first.body.data.createIssue.clientMutationId).toBe(input.clientMutationId);
    expect(issuesNamed(summary)).toHaveLength(1);
    expect(posts() - before).toBe(1);
  });

  it('creates once with one Idempotency-Key header, and refuses a key reused with another input', async () => {
    const summary = summaryOf('Retried by header');
    const header = { 'Idempotency-Key': `hdr-${summary}` };
    const first = await gw().gql(alice.secret, CREATE, { input: task(summary) }, header);
    const again = await gw().gql(alice.secret, CREATE, { input: task(summary) }, header);
    expect(first.body.errors).toBeUndefined();
    expect(again.body.data.createIssue.issue.key).toBe(first.body.data.createIssue.issue.key);
    // The header counts as the clientMutationId: sending both, the same, is one key.
    const both = await gw().gql(
      alice.secret,
      CREATE,
      { input: task(summary, { clientMutationId: header['Idempotency-Key'] }) },
      header,
    );
    expect(both.body.data.createIssue.issue.key).toBe(first.body.data.createIssue.issue.key);

    const changed = await gw().gql(alice.secret, CREATE, { input: task(`${summary} (edited)`) }, header);
    expect(changed.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(changed.body.errors[0].message).toContain('different request');
    expect(issuesNamed(summary)).toHaveLength(1);
    expect(issuesNamed(`${summary} (edited)`)).toHaveLength(0);
  });

  it('refuses a header and a clientMutationId that differ, and two creating mutations under one header', async () => {
    const summary = summaryOf('Conflicting keys');
    const before = posts();
    const differ = await gw().gql(
      alice.secret,
      CREATE,
      { input: task(summary, { clientMutationId: 'one' }) },
      { 'Idempotency-Key': 'another' },
    );
    expect(differ.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const two = `mutation($a: CreateIssueInput!, $b: CreateIssueInput!) {
      a: createIssue(input: $a) { issue { key } } b: createIssue(input: $b) { issue { key } } }`;
    // A second one hidden in a fragment on Mutation is still a second one.
    const hidden = `mutation($a: CreateIssueInput!, $b: CreateIssueInput!) {
      a: createIssue(input: $a) { issue { key } } ... on Mutation { b: createIssue(input: $b) { issue { key } } } }`;
    const spread = `mutation($a: CreateIssueInput!, $b: CreateIssueInput!) { ...A ...B }
      fragment A on Mutation { a: createIssue(input: $a) { issue { key } } }
      fragment B on Mutation { b: createIssue(input: $b) { issue { key } } }`;
    for (const [n, query] of [two, hidden, spread].entries()) {
      const res = await gw().gql(
        alice.secret,
        query,
        { a: task(summary), b: task(`${summary} b`) },
        { 'Idempotency-Key': `two-${n}-${summary}` },
      );
      expect(res.body.errors[0].extensions.code, query).toBe('BAD_USER_INPUT');
      expect(res.body.errors[0].message).toContain('several');
    }
    expect(issuesNamed(summary)).toHaveLength(0);
    expect(issuesNamed(`${summary} b`)).toHaveLength(0);
    expect(posts() - before).toBe(0);
  });

  it('refuses a key that is not printable ASCII, or too long, before anything is sent', async () => {
    const before = posts();
    for (const key of ['line\nbreak', 'x'.repeat(256), ' padded ', '']) {
      const res = await gw().gql(alice.secret, CREATE, {
        input: task(summaryOf('Bad key'), { clientMutationId: key }),
      });
      expect(res.body.errors[0].extensions.code, JSON.stringify(key)).toBe('BAD_USER_INPUT');
      expect(res.body.errors[0].message).toContain('idempotency key is not valid');
    }
    expect(posts() - before).toBe(0);
  });

  it('releases the key of a create Jira refused, so the corrected retry creates', async () => {
    const summary = summaryOf('Refused then corrected');
    const key = `fix-${summary}`;
    const refused = await gw().gql(alice.secret, CREATE, {
      input: task(summary, { clientMutationId: key, priority: 'No Such Priority' }),
    });
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', jiraStatus: 400 });
    const corrected = await gw().gql(alice.secret, CREATE, {
      input: task(summary, { clientMutationId: key, priority: 'Low' }),
    });
    expect(corrected.body.errors).toBeUndefined();
    const retried = await gw().gql(alice.secret, CREATE, {
      input: task(summary, { clientMutationId: key, priority: 'Low' }),
    });
    expect(withoutRateLimit(retried.body)).toEqual(withoutRateLimit(corrected.body));
    expect(issuesNamed(summary)).toHaveLength(1);
  });

  it("keeps keys per identity: another user's same key and input is their own create", async () => {
    const bob = await gw().token('bob', { scopes: ['issues:write'] });
    const summary = summaryOf('Same key, two people');
    const input = task(summary, { clientMutationId: `shared-${summary}` });
    const mine = await gw().gql(alice.secret, CREATE, { input });
    const theirs = await gw().gql(bob.secret, CREATE, { input });
    expect(theirs.body.data.createIssue.issue.key).not.toBe(mine.body.data.createIssue.issue.key);
    expect(issuesNamed(summary)).toHaveLength(2);
  });

  it('logs every write with token, identity, operation and issue key, and never a value written', async () => {
    const secret = summaryOf('zq-summary');
    const words = { summary: secret, description: `zq-description-${unique}`, label: `zq-label-${unique}` };
    const identity = await gw().gateway.runtime.services.store.findIdentity(
      flavor === 'cloud' ? gw().sandboxUser('alice').accountId : 'alice',
    );
    const from = gw().logs.length;
    const made = await gw().gql(alice.secret, CREATE, {
      input: task(words.summary, { description: { text: words.description }, labels: [words.label] }),
    });
    const key = made.body.data.createIssue.issue.key as string;
    await gw().gql(alice.secret, UPDATE, { input: { key, addLabels: [`${words.label}-2`] } });
    await gw().gql(alice.secret, TRANSITION, {
      input: { key, to: 'In Progress', comment: { text: words.description } },
    });
    await gw().gql(alice.secret, ASSIGN, { input: { key, assignee: null } });
    // Jira's refusal echoes the value; the log still does not hold it.
    const refused = await gw().gql(alice.secret, UPDATE, {
      input: { key, set: { components: [`${words.label}-c`] } },
    });
    expect(refused.body.errors[0].message).toContain(`${words.label}-c`);

    const lines = gw()
      .logs.slice(from)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.event === 'jira.write');
    const who = { tokenId: alice.id, identityId: identity?.id, issueKey: key };
    expect(lines.map((l) => [l.operation, l.outcome])).toEqual([
      ['createIssue', 'applied'],
      ['updateIssue', 'applied'],
      ['transitionIssue', 'applied'],
      ['assignIssue', 'applied'],
      ['updateIssue', 'refused'],
    ]);
    for (const line of lines) expect(line).toMatchObject(who);
    expect(lines.at(-1)?.code).toBe('BAD_USER_INPUT');
    const logged = gw().logs.slice(from).join('\n');
    for (const word of Object.values(words)) expect(logged).not.toContain(word);
  });
});

describe.each(['datacenter', 'cloud'] as const)('%s: a write whose outcome is unknown', (flavor) => {
  // Jira is given 1.5 s per request; the proxy holds the answers of writes for 3 s.
  const env: Record<string, string> = { JGG_CACHE_TTL_MS: '0', JGG_JIRA_DEADLINE_MS: '1500' };
  const proxy = useJiraProxy(() => gw().sandbox.url, env);
  const gw = useGateway({ flavor, issues: 40, env });
  const api = flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  let alice = '';

  beforeAll(async () => {
    alice = (await gw().token('alice', { scopes: ['issues:write'] })).secret;
  });

  it('answers outcome "unknown", never sends the write again, and a retry with the key says so too', async () => {
    const summary = summaryOf('Held by the proxy');
    const input = { projectKey: 'PROJ', issueType: 'Task', summary, clientMutationId: `held-${summary}` };
    const from = proxy().seen.length;
    proxy().hold = { method: 'POST', path: new RegExp(`^${api}/issue$`), ms: 3000 };
    try {
      const first = await gw().gql(alice, CREATE, { input });
      expect(first.body.errors[0].extensions).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        outcome: 'unknown',
      });
      const retry = await gw().gql(alice, CREATE, { input });
      expect(retry.body.errors[0].extensions).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        outcome: 'unknown',
      });
    } finally {
      proxy().hold = null;
    }
    // Jira did apply it, once: "unknown" was the honest answer, and nothing was repeated.
    expect(
      proxy()
        .seen.slice(from)
        .filter((s) => s === `POST ${api}/issue`),
    ).toHaveLength(1);
    expect(gw().sandbox.store.data.issues.filter((i) => i.summary === summary)).toHaveLength(1);
    const logged = gw()
      .logs.map((l) => JSON.parse(l))
      .filter((l) => l.event === 'jira.write');
    expect(logged.at(-1)).toMatchObject({ operation: 'createIssue', outcome: 'unknown', issueKey: null });
  });

  it('answers an edit held past the deadline as outcome "unknown", sent once', async () => {
    const key = gw().sandbox.store.data.issues.find(
      (i) => i.key.startsWith('PROJ-') && i.securityLevelId === null,
    )?.key as string;
    const from = proxy().seen.length;
    proxy().hold = { method: 'PUT', path: /\/issue\/[^/]+$/, ms: 3000 };
    try {
      const res = await gw().gql(alice, UPDATE, { input: { key, set: { summary: 'Held edit' } } });
      expect(res.body.errors[0].extensions).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        outcome: 'unknown',
      });
    } finally {
      proxy().hold = null;
    }
    expect(
      proxy()
        .seen.slice(from)
        .filter((s) => s.startsWith('PUT ')),
    ).toHaveLength(1);
  });
});

describe.each(['datacenter', 'cloud'] as const)(
  '%s: a write to a Jira that refuses connections',
  (flavor) => {
    const env: Record<string, string> = { JGG_CACHE_TTL_MS: '0' };
    const proxy = useJiraProxy(() => gw().sandbox.url, env);
    const gw = useGateway({ flavor, issues: 20, env });

    it('answers UPSTREAM_UNAVAILABLE without outcome "unknown", and frees the key for a retry', async () => {
      const alice = await gw().token('alice', { scopes: ['issues:write'] });
      const store = gw().gateway.runtime.services.store;
      const identity = await store.findIdentity(
        flavor === 'cloud' ? gw().sandboxUser('alice').accountId : 'alice',
      );
      const before = gw().sandbox.store.data.issues.length;
      await proxy().close();
      // Let the gateway's pooled connections see the close, so the next one is a new, refused connection.
      await new Promise((r) => setTimeout(r, 200));
      const res = await gw().gql(alice.secret, CREATE, {
        input: { projectKey: 'PROJ', issueType: 'Task', summary: 'Nobody home', clientMutationId: 'down-1' },
      });
      expect(res.body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(res.body.errors[0].extensions.outcome).toBeUndefined();
      // Jira certainly did not get it, so the key is not held against a retry.
      expect(await store.getIdempotencyKey(identity?.id ?? '', 'down-1')).toBeNull();
      expect(gw().sandbox.store.data.issues.length).toBe(before);
    });
  },
);
