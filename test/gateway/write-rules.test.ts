// The rules every issue write keeps, on both flavours, through a proxy that
// records what reached Jira: Jira's refusals keep Jira's words (fieldErrors,
// NOT_FOUND, FORBIDDEN); bad input the gateway can see is refused before
// anything is sent, so nothing changes in Jira; and issues:write is needed to
// write and enough to read the payload's issue.
import type { SandboxIssue } from 'jira-sandbox';
import { beforeAll, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { useJiraProxy } from '../support/jira-proxy.ts';

const CREATE = `mutation($input: CreateIssueInput!) {
  createIssue(input: $input) { issue { key summary labels } } }`;
const UPDATE = 'mutation($input: UpdateIssueInput!) { updateIssue(input: $input) { issue { key summary } } }';
const TRANSITION = `mutation($input: TransitionIssueInput!) {
  transitionIssue(input: $input) { issue { key status { name } } } }`;
const ASSIGN = 'mutation($input: AssignIssueInput!) { assignIssue(input: $input) { issue { key } } }';

/** A request that writes (the reads that POST, searches and bulk fetches, are left out). */
const isWrite = (request: string): boolean =>
  /^(PUT|DELETE) /.test(request) ||
  (request.startsWith('POST ') &&
    !/\/(search|search\/jql|search\/approximate-count|bulkfetch)$/.test(request));

const EMPTY_ADF = { type: 'doc', version: 1, content: [] };

describe.each(['datacenter', 'cloud'] as const)('%s: issue write rules', (flavor) => {
  const env: Record<string, string> = { JGG_CACHE_TTL_MS: '0' };
  const proxy = useJiraProxy(() => gw().sandbox.url, env);
  const gw = useGateway({ flavor, issues: 120, env });
  let alice = '';
  let erin = '';

  beforeAll(async () => {
    alice = (await gw().token('alice', { scopes: ['issues:write'] })).secret;
    erin = (await gw().token('erin', { scopes: ['issues:write'] })).secret;
  });

  const store = () => gw().sandbox.store;
  const issuesIn = (project: string): number =>
    store().data.issues.filter((i) => store().projectsById.get(i.projectId)?.key === project).length;
  const firstIssue = (project: string, also: (i: SandboxIssue) => boolean = () => true): SandboxIssue => {
    const found = store().data.issues.find(
      (i) => store().projectsById.get(i.projectId)?.key === project && i.securityLevelId === null && also(i),
    );
    if (!found) throw new Error(`no ${project} issue`);
    return found;
  };
  const snapshot = (key: string): string => JSON.stringify(store().findIssue(key));
  const userRef = (name: string) => (flavor === 'cloud' ? gw().sandboxUser(name).accountId : name);

  /** Runs `work` and answers the writes Jira saw meanwhile. */
  async function writesDuring<T>(work: () => Promise<T>): Promise<{ result: T; writes: string[] }> {
    const from = proxy().seen.length;
    const result = await work();
    return { result, writes: proxy().seen.slice(from).filter(isWrite) };
  }

  const task = (extra: Record<string, unknown>) => ({
    input: { projectKey: 'PROJ', issueType: 'Task', summary: 'A well-formed summary', ...extra },
  });

  describe("Jira's refusals keep Jira's words", () => {
    it('answers a 400 with errors as BAD_USER_INPUT with fieldErrors, and creates nothing', async () => {
      const before = issuesIn('PROJ');
      const { result: res, writes } = await writesDuring(() =>
        gw().gql(alice, CREATE, task({ priority: 'Urgent', components: ['Backend', 'Nope'] })),
      );
      // Only Jira knows its priorities and components: the POST went out, and Jira said no.
      expect(writes).toHaveLength(1);
      const error = res.body.errors[0];
      expect(error.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        jiraStatus: 400,
        fieldErrors: {
          priority: 'The priority selected is invalid.',
          components: "Component name 'Nope' is not valid",
        },
      });
      expect(error.message).toContain('The priority selected is invalid.');
      expect(issuesIn('PROJ')).toBe(before);
    });

    it('answers NOT_FOUND for an issue the user cannot see, alike for one that does not exist', async () => {
      const fin = firstIssue('FIN').key;
      const hidden = snapshot(fin);
      const { result, writes } = await writesDuring(async () => ({
        hidden: await gw().gql(alice, UPDATE, { input: { key: fin, set: { summary: 'Mine now' } } }),
        missing: await gw().gql(alice, UPDATE, {
          input: { key: 'PROJ-999999', set: { summary: 'Mine now' } },
        }),
        assign: await gw().gql(alice, ASSIGN, { input: { key: fin, assignee: null } }),
      }));
      for (const res of Object.values(result)) expect(res.body.errors[0].extensions.code).toBe('NOT_FOUND');
      const shape = (res: typeof result.hidden, key: string) =>
        res.body.errors[0].message.replace(key, '<key>');
      expect(shape(result.hidden, fin)).toBe(shape(result.missing, 'PROJ-999999'));
      expect(writes).toEqual([]);
      expect(snapshot(fin)).toBe(hidden);
    });

    it('answers a 403 as FORBIDDEN: a reporter-only user may not assign', async () => {
      const key = firstIssue('PROJ').key;
      const held = snapshot(key);
      const res = await gw().gql(erin, ASSIGN, { input: { key, assignee: userRef('bob') } });
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', jiraStatus: 403 });
      expect(res.body.errors[0].message).toBe('You do not have permission to assign issues.');
      expect(snapshot(key)).toBe(held);
      // Her edits are refused field by field, and no transition is offered to her.
      const edit = await gw().gql(erin, UPDATE, { input: { key, set: { summary: 'Renamed by erin' } } });
      expect(edit.body.errors[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fieldErrors: { summary: expect.stringContaining("Field 'summary' cannot be set") },
      });
      const move = await gw().gql(erin, TRANSITION, { input: { key, to: 'Done' } });
      expect(move.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', transitions: [] });
      expect(snapshot(key)).toBe(held);
    });
  });

  describe('bad input changes nothing in Jira', () => {
    const CASES: Array<[string, Record<string, unknown>, string]> = [
      ['an empty summary', { summary: '   ' }, 'summary'],
      ['a summary with a newline', { summary: 'first line\nsecond line' }, 'summary'],
      ['a label with a space', { labels: ['fine', 'not fine'] }, 'labels'],
      [
        'an unknown custom field name',
        { customFields: [{ name: 'No Such Field', value: 1 }] },
        'No Such Field',
      ],
      [
        'an unknown custom field id',
        { customFields: [{ id: 'customfield_99999', value: 1 }] },
        'customfield_99999',
      ],
      [
        'a number field given text',
        { customFields: [{ name: 'Story Points', value: 'five' }] },
        'customfield_10002',
      ],
      [
        'an option field given a number',
        { customFields: [{ name: 'Severity', value: 7 }] },
        'customfield_10100',
      ],
      [
        'a custom field named by both id and name',
        { customFields: [{ id: 'customfield_10002', name: 'Story Points', value: 3 }] },
        'customfield_10002',
      ],
      ['a rich text with two forms', { description: { text: 'a', markdown: 'b' } }, 'description'],
    ];
    if (flavor === 'datacenter')
      CASES.push(['ADF on Data Center', { description: { adf: EMPTY_ADF } }, 'description']);

    it.each(CASES)('createIssue with %s', async (_what, extra, field) => {
      const before = issuesIn('PROJ');
      const { result: res, writes } = await writesDuring(() => gw().gql(alice, CREATE, task(extra)));
      expect(res.body.data).toBeNull();
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(Object.keys(res.body.errors[0].extensions.fieldErrors ?? {})).toContain(field);
      expect(writes).toEqual([]);
      expect(issuesIn('PROJ')).toBe(before);
    });

    it('lists every problem at once', async () => {
      const res = await gw().gql(
        alice,
        CREATE,
        task({ summary: '', labels: ['a b'], customFields: [{ name: 'Nope' }] }),
      );
      expect(Object.keys(res.body.errors[0].extensions.fieldErrors).sort()).toEqual([
        'Nope',
        'labels',
        'summary',
      ]);
    });

    it('refuses a wrong-typed GraphQL variable before any resolver runs', async () => {
      const before = issuesIn('PROJ');
      for (const extra of [{ dueDate: 'next tuesday' }, { summary: 42 }, { labels: [{ name: 'x' }] }]) {
        const { result: res, writes } = await writesDuring(() => gw().gql(alice, CREATE, task(extra)));
        expect(res.body.errors[0].extensions.code, JSON.stringify(extra)).toBe('BAD_USER_INPUT');
        expect(res.body.errors[0].message).toMatch(/^Variable "\$input" got invalid value/);
        expect(writes).toEqual([]);
      }
      expect(issuesIn('PROJ')).toBe(before);
    });

    it('refuses bad edits, transitions and assignments without touching the issue', async () => {
      const key = firstIssue('PROJ').key;
      const held = snapshot(key);
      const attempts: Array<[string, Record<string, unknown>]> = [
        [UPDATE, { key, set: { summary: '' } }],
        [UPDATE, { key, set: { summary: null } }],
        [UPDATE, { key, set: { labels: ['x'] }, addLabels: ['y'] }],
        [UPDATE, { key, addLabels: ['two words'] }],
        [UPDATE, { key }],
        [UPDATE, { key, set: { customFields: [{ name: 'Story Points', value: [1] }] } }],
        [UPDATE, { key: '   ', set: { summary: 'x' } }],
        [TRANSITION, { key, to: '  ' }],
        [TRANSITION, { key, to: 'Done', fields: { customFields: [{ name: 'Nope', value: 1 }] } }],
      ];
      for (const [query, input] of attempts) {
        const { result: res, writes } = await writesDuring(() => gw().gql(alice, query, { input }));
        expect(res.body.errors?.[0]?.extensions.code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
        expect(writes, JSON.stringify(input)).toEqual([]);
      }
      expect(snapshot(key)).toBe(held);
    });
  });

  describe('scopes', () => {
    it('refuses every issue mutation to a token without issues:write, and writes nothing', async () => {
      const reader = (await gw().token('alice', { scopes: ['issues:read', 'comments:write'] })).secret;
      const key = firstIssue('PROJ').key;
      const held = snapshot(key);
      const before = issuesIn('PROJ');
      const { result, writes } = await writesDuring(async () => [
        await gw().gql(reader, CREATE, task({})),
        await gw().gql(reader, UPDATE, { input: { key, set: { summary: 'x' } } }),
        await gw().gql(reader, TRANSITION, { input: { key, to: 'Done' } }),
        await gw().gql(reader, ASSIGN, { input: { key, assignee: null } }),
      ]);
      for (const res of result) {
        expect(res.body.data).toBeNull();
        expect(res.body.errors[0].extensions).toMatchObject({
          code: 'INSUFFICIENT_SCOPE',
          requiredScopes: ['issues:write'],
        });
      }
      expect(writes).toEqual([]);
      expect(issuesIn('PROJ')).toBe(before);
      expect(snapshot(key)).toBe(held);
    });

    it("lets issues:write alone read the payload's issue (it implies issues:read)", async () => {
      const res = await gw().gql(alice, CREATE, task({ summary: 'Written and read', labels: ['w'] }));
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.createIssue.issue).toMatchObject({ summary: 'Written and read', labels: ['w'] });
      expect(store().findIssue(res.body.data.createIssue.issue.key)?.summary).toBe('Written and read');
    });
  });
});
