// Issue.customFields and Query.fields through the gateway, on both flavours:
// typed values equal the sandbox's data (story points, sprints, epic link,
// severity, reviewers), lookups by id and by name, what each costs in Jira
// requests, and that system fields (comments, worklogs) never leak through.

import type { SandboxIssue } from 'jira-sandbox';
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';

const STORY_POINTS = 'customfield_10002';
const SPRINT = 'customfield_10005';
const EPIC_LINK = 'customfield_10006';
const SEVERITY = 'customfield_10100';
const REVIEWERS = 'customfield_10101';
const ALL = [STORY_POINTS, SPRINT, EPIC_LINK, SEVERITY, REVIEWERS];

const VALUE = `id name type items isSet number string text strings json
  option { id value } users { accountId displayName } sprints { id name state }`;

interface Value {
  id: string;
  name: string;
  type: string;
  items: string | null;
  isSet: boolean;
  number: number | null;
  string: string | null;
  text: string | null;
  strings: string[] | null;
  json: string | null;
  option: { id: string; value: string } | null;
  users: { accountId: string; displayName: string }[] | null;
  sprints: { id: string; name: string; state: string }[] | null;
}

describe.each(['datacenter', 'cloud'] as const)('%s: custom fields', (flavor) => {
  // 40 issues' sprints' boards is over the default Jira-call budget (each sprint may be on its own board).
  const gw = useGateway({ flavor, env: { JGG_CACHE_TTL_MS: '0', JGG_MAX_JIRA_CALLS: '10000' } });
  const store = () => gw().sandbox.store;
  async function resetStats(): Promise<void> {
    await fetch(`${gw().sandbox.url}/__sandbox/reset`, { method: 'POST' });
  }
  const stats = () => gw().sandbox.stats;
  const api = flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';

  /** What the gateway should answer for one custom field of an issue, from the sandbox's raw data. */
  function expected(issue: SandboxIssue, id: string): Partial<Value> {
    const field = store().customFieldsById.get(id)!;
    const raw = issue.customFields[id] ?? null;
    const base = { id, name: field.name, type: field.schemaType, items: field.schemaItems ?? null };
    if (raw === null) return { ...base, isSet: false, number: null, string: null, text: null, json: null };
    switch (field.kind) {
      case 'storyPoints':
        return { ...base, isSet: true, number: Number(raw), text: String(raw), string: null, option: null };
      case 'epicLink':
        return { ...base, isSet: true, string: String(raw), text: String(raw), number: null };
      case 'select': {
        const option = field.options!.find((o) => o.id === String(raw))!;
        return { ...base, isSet: true, option: { id: option.id, value: option.value }, string: option.value };
      }
      case 'sprint': {
        const sprints = (raw as number[]).map((s) => store().sprintsById.get(Number(s))!);
        return {
          ...base,
          isSet: true,
          strings: sprints.map((s) => s.name),
          text: sprints.map((s) => s.name).join(', '),
          sprints: sprints.map((s) => ({ id: String(s.id), name: s.name, state: s.state.toUpperCase() })),
          number: null,
        };
      }
      case 'multiUser': {
        const users = (raw as string[]).map((k) => store().usersByKey.get(k)!);
        return {
          ...base,
          isSet: true,
          users: users.map((u) => ({
            accountId: flavor === 'cloud' ? u.accountId : u.key,
            displayName: u.displayName,
          })),
          strings: users.map((u) => u.displayName),
        };
      }
    }
  }

  /** Issues of PROJ in key order with every custom field set at least somewhere. */
  const JQL = 'project = PROJ ORDER BY key ASC';

  async function search(secret: string, selection: string, first = 40) {
    const res = await gw().gql(
      secret,
      `{ issues(jql: "${JQL}", first: ${first}) { edges { node { key ${selection} } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    return res.body.data.issues.edges.map((e: { node: { key: string } & Record<string, Value[]> }) => e.node);
  }

  it('answers typed values by name equal to the sandbox data', async () => {
    const { secret } = await gw().token('admin', { scopes: ['issues:read', 'agile:read'] });
    const found = await search(
      secret,
      `customFields(names: ["Story Points", "sprint", "Epic Link", "Severity", "Reviewers"]) { ${VALUE} }`,
    );
    const seen = new Set<string>();
    for (const node of found) {
      const issue = store().findIssue(node.key)!;
      expect(
        node.customFields.map((v: Value) => v.id),
        node.key,
      ).toEqual(ALL);
      node.customFields.forEach((value: Value, i: number) => {
        const id = ALL[i]!;
        expect(value, `${node.key} ${id}`).toMatchObject(expected(issue, id));
        if (value.isSet) {
          seen.add(id);
          expect(value.json).not.toBeNull();
        }
      });
    }
    // The page holds a value of every kind.
    expect([...seen].sort()).toEqual([...ALL].sort());
  });

  it('answers the Sprint field as each flavour sends it in json, and as the same sprints', async () => {
    const { secret } = await gw().token('admin', { scopes: ['issues:read', 'agile:read'] });
    const found = await search(
      secret,
      `customFields(ids: ["${SPRINT}"]) { json sprints { id name board { id } } }`,
    );
    const withSprint = found.find(
      (n: { customFields: { json: string | null }[] }) => n.customFields[0]!.json !== null,
    );
    expect(withSprint).toBeDefined();
    const raw = JSON.parse(withSprint.customFields[0].json);
    if (flavor === 'cloud')
      expect(raw[0]).toMatchObject({ id: expect.any(Number), name: expect.any(String) });
    else expect(raw[0]).toMatch(/^com\.atlassian\.greenhopper\.service\.sprint\.Sprint@[0-9a-f]+\[id=\d+,/);
    const sprintIds = store().findIssue(withSprint.key)!.customFields[SPRINT] as number[];
    expect(withSprint.customFields[0].sprints).toEqual(
      sprintIds.map((id) => {
        const s = store().sprintsById.get(Number(id))!;
        return { id: String(s.id), name: s.name, board: { id: String(s.originBoardId) } };
      }),
    );
  });

  it('needs agile:read for the sprints of the Sprint field, not for its names', async () => {
    const { secret } = await gw().token('admin', { scopes: ['issues:read'] });
    const res = await gw().gql(
      secret,
      `{ issues(jql: "${JQL}", first: 40) { edges { node { customFields(ids: ["${SPRINT}"]) { strings sprints { name } } } } } }`,
    );
    const values = res.body.data.issues.edges.map(
      (e: { node: { customFields: unknown[] } }) => e.node.customFields[0],
    );
    const set = values.filter((v: { strings: string[] | null }) => v.strings !== null);
    expect(set.length).toBeGreaterThan(0);
    const codes = new Set(res.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code));
    expect([...codes]).toEqual(['INSUFFICIENT_SCOPE']);
  });

  it('pushes fields asked for by id down into the search: the search and the catalogue, nothing more', async () => {
    const { secret } = await gw().token('admin', { scopes: ['issues:read'] });
    await resetStats();
    const found = await search(
      secret,
      `customFields(ids: ["${STORY_POINTS}", "${SEVERITY}"]) { id number option { value } }`,
    );
    expect(found).toHaveLength(40);
    for (const node of found) {
      const issue = store().findIssue(node.key)!;
      expect(node.customFields[0].number).toBe(issue.customFields[STORY_POINTS] ?? null);
    }
    // One search (whatever method the search uses) and one catalogue read.
    expect(stats().requests).toBe(2);
    expect(stats().byRoute[`GET ${api}/field`]).toBe(1);
  });

  it('reads fields asked for by name in one more request per page, and the catalogue once', async () => {
    const { secret } = await gw().token('admin', { scopes: ['issues:read'] });
    await resetStats();
    const found = await search(secret, 'customFields(names: ["Story Points", "Severity"]) { number string }');
    expect(found).toHaveLength(40);
    for (const node of found) {
      const issue = store().findIssue(node.key)!;
      expect(node.customFields[0].number).toBe(issue.customFields[STORY_POINTS] ?? null);
    }
    // The search, the catalogue, and one batch read of the named fields for the whole page.
    expect(stats().requests).toBe(3);
    expect(stats().byRoute[`GET ${api}/field`]).toBe(1);

    await resetStats();
    const res = await gw().gql(
      secret,
      `{ a: issues(jql: "${JQL}", first: 10) { edges { node { customFields(names: ["Story Points"]) { number } } } }
         b: issue(key: "PROJ-1") { customFields(names: ["Severity"]) { string } }
         c: fields { id } }`,
    );
    expect(res.body.errors).toBeUndefined();
    expect(stats().byRoute[`GET ${api}/field`]).toBe(1);
  });

  it('answers every custom field the issue has a value for without arguments', async () => {
    const { secret } = await gw().token('admin', { scopes: ['issues:read'] });
    const found = await search(secret, 'customFields { id isSet }', 20);
    for (const node of found) {
      const issue = store().findIssue(node.key)!;
      const set = ALL.filter((id) => {
        const v = issue.customFields[id];
        return v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0);
      });
      expect(node.customFields, node.key).toEqual(set.map((id) => ({ id, isSet: true })));
    }
  });

  it('leaves out unknown fields and system fields, so comments and worklogs never come through', async () => {
    const { secret } = await gw().token('admin', { scopes: ['issues:read'] });
    const issue = store().data.issues.find((i) => i.comments.length > 0 && i.worklogs.length > 0)!;
    const res = await gw().gql(
      secret,
      `{ issue(key: "${issue.key}") { customFields(ids: ["comment", "worklog", "summary", "customfield_99999"],
           names: ["Comment", "Nope"]) { id json } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.issue.customFields).toEqual([]);
    expect(JSON.stringify(res.body)).not.toContain(issue.comments[0]!.body.slice(0, 20));
  });

  it('needs issues:read', async () => {
    const { secret } = await gw().token('admin', { scopes: ['agile:read'] });
    const res = await gw().gql(secret, '{ fields { id } }');
    expect(res.body.data).toBeNull();
    expect(res.body.errors[0].extensions).toEqual({
      code: 'INSUFFICIENT_SCOPE',
      requiredScopes: ['issues:read'],
    });
  });

  it("answers Jira's field catalogue", async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:read'] });
    await resetStats();
    const res = await gw().gql(
      secret,
      `{ fields { id name custom navigable orderable searchable clauseNames schema { type items system custom customId } }
         custom: fields(custom: true) { id name } }`,
    );
    expect(res.body.errors).toBeUndefined();
    expect(stats().byRoute).toEqual({ [`GET ${api}/field`]: 1 });
    const byId = new Map(res.body.data.fields.map((f: { id: string }) => [f.id, f]));
    expect(byId.get(STORY_POINTS)).toEqual({
      id: STORY_POINTS,
      name: 'Story Points',
      custom: true,
      navigable: true,
      orderable: true,
      searchable: true,
      clauseNames: ['cf[10002]', 'Story Points'],
      schema: {
        type: 'number',
        items: null,
        system: null,
        custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float',
        customId: 10002,
      },
    });
    expect(byId.get('summary')).toMatchObject({
      custom: false,
      schema: { type: 'string', system: 'summary' },
    });
    expect(res.body.data.custom).toEqual(store().data.customFields.map((f) => ({ id: f.id, name: f.name })));
  });
});

// Raw JSON obeys the scopes of the typed fields it contains (interface.md, "Scopes"):
// the Reviewers field's users as User would show them, the Sprint field's sprints as Sprint would.
describe.each(['datacenter', 'cloud'] as const)('%s: custom field json under the token scopes', (flavor) => {
  const gw = useGateway({ flavor, env: { JGG_CACHE_TTL_MS: '0' } });
  const QUERY = `{ issues(jql: "project = PROJ AND cf[10101] is not EMPTY ORDER BY key ASC", first: 20) {
    edges { node { key customFields(ids: ["${REVIEWERS}"]) { json users { accountId displayName } } } } } }`;

  /** Every reviewer of the answer as raw JSON, with the sandbox users they stand for. */
  async function reviewers(scopes: string[]) {
    const { secret } = await gw().token('admin', { scopes });
    const res = await gw().gql(secret, QUERY);
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data.issues.edges.map(
      (e: { node: { key: string; customFields: { json: string }[] } }) => e.node,
    );
    expect(nodes.length).toBeGreaterThan(0);
    const raw: Record<string, unknown>[] = nodes.flatMap((n: { customFields: { json: string }[] }) =>
      JSON.parse(n.customFields[0]!.json),
    );
    const users = raw.map((r) => {
      const id = String(flavor === 'cloud' ? r.accountId : r.key);
      const u = gw().sandbox.store.data.users.find((s) => (flavor === 'cloud' ? s.accountId : s.key) === id);
      expect(u, id).toBeDefined();
      return u!;
    });
    return { raw, users, text: JSON.stringify(res.body) };
  }

  it('keeps only accountId (or key) and displayName of users without users:read', async () => {
    const { raw, users, text } = await reviewers(['issues:read']);
    const idKey = flavor === 'cloud' ? 'accountId' : 'key';
    raw.forEach((r, i) => {
      expect(r).toEqual({ [idKey]: r[idKey], displayName: users[i]!.displayName });
    });
    for (const u of users) expect(text).not.toContain(u.emailAddress);
    if (flavor === 'datacenter') for (const u of users) expect(text).not.toContain(`username=${u.name}`);
  });

  it('adds the details with users:read, but never the email address without users:email', async () => {
    const { raw, users, text } = await reviewers(['issues:read', 'users:read']);
    raw.forEach((r, i) => {
      expect(r).not.toHaveProperty('emailAddress');
      expect(r).toMatchObject({ displayName: users[i]!.displayName, active: expect.any(Boolean) });
      expect(r).toHaveProperty('avatarUrls');
      if (flavor === 'datacenter') expect(r.name).toBe(users[i]!.name);
    });
    for (const u of users) expect(text).not.toContain(u.emailAddress);
  });

  it('answers the whole user with users:read and users:email', async () => {
    const { raw, users } = await reviewers(['issues:read', 'users:read', 'users:email']);
    raw.forEach((r, i) => {
      expect(r.emailAddress).toBe(users[i]!.emailAddress);
      if (flavor === 'datacenter') expect(r.name).toBe(users[i]!.name);
    });
  });

  it('answers the email address with users:email alone, as User.emailAddress does', async () => {
    const { raw, users } = await reviewers(['issues:read', 'users:email']);
    raw.forEach((r, i) => {
      expect(r.emailAddress).toBe(users[i]!.emailAddress);
      expect(r).not.toHaveProperty('avatarUrls');
      expect(r).not.toHaveProperty('name');
    });
  });

  it("needs agile:read for the Sprint field's raw sprints", async () => {
    const { secret } = await gw().token('admin', { scopes: ['issues:read'] });
    const res = await gw().gql(
      secret,
      `{ issues(jql: "project = PROJ AND sprint is not EMPTY", first: 5) {
         edges { node { customFields(ids: ["${SPRINT}"]) { strings json } } } } }`,
    );
    const values = res.body.data.issues.edges.map(
      (e: { node: { customFields: { strings: string[]; json: string | null }[] } }) => e.node.customFields[0],
    );
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) {
      expect(v.json).toBeNull();
      expect(v.strings.length).toBeGreaterThan(0);
    }
    expect(res.body.errors[0].extensions).toEqual({
      code: 'INSUFFICIENT_SCOPE',
      requiredScopes: ['agile:read'],
    });
  });
});
