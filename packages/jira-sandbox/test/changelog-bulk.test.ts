// Cloud's POST /rest/api/3/changelog/bulkfetch: the change histories of many
// issues, only those touching the asked fields, oldest first and then by
// issue id, paged by token, without issues the caller may not see. Every
// answer is checked against Atlassian's OpenAPI document by the support client.
import { describe, expect, it } from 'vitest';
import { useSandbox } from './support/sandbox.ts';

type Json = Record<string, unknown>;
interface Page {
  issueChangeLogs: { issueId: string; changeHistories: Json[] }[];
  nextPageToken?: string;
}

describe('cloud: /changelog/bulkfetch', () => {
  const jira = useSandbox({ flavor: 'cloud', issues: 200, seed: 5 });
  const path = '/rest/api/3/changelog/bulkfetch';

  it('pages every status change of the visible issues, oldest first, and leaves hidden issues out', async () => {
    const store = jira().sandbox.store;
    const bob = store.usersByName.get('bob')!;
    const issues = store.data.issues.slice(0, 150);
    const refs = issues.map((i) => i.key);
    const expected = issues
      .filter((i) => store.canSeeIssue(bob, i))
      .flatMap((i) =>
        i.changelog
          .filter((h) => h.items.some((item) => (item.fieldId ?? item.field) === 'status'))
          .map((h) => ({ issueId: i.id, id: h.id, created: h.created })),
      )
      .sort((a, b) => a.created - b.created || Number(a.issueId) - Number(b.issueId));
    expect(expected.length).toBeGreaterThan(20);
    expect(issues.some((i) => !store.canSeeIssue(bob, i))).toBe(true);

    const seen: { issueId: string; id: string }[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await jira().call('bob', 'POST', path, {
        issueIdsOrKeys: refs,
        fieldIds: ['status'],
        maxResults: 20,
        ...(token ? { nextPageToken: token } : {}),
      });
      expect(res.status).toBe(200);
      const page = res.body as Page;
      for (const log of page.issueChangeLogs) {
        for (const h of log.changeHistories) {
          const items = h.items as Json[];
          expect(items.every((item) => item.fieldId === 'status')).toBe(true);
          seen.push({ issueId: log.issueId, id: String(h.id) });
        }
      }
      token = page.nextPageToken;
      pages++;
    } while (token);
    expect(pages).toBe(Math.ceil(expected.length / 20));
    expect(seen).toEqual(expected.map(({ issueId, id }) => ({ issueId, id })));
  });

  it('refuses no issues, more than 1000, and a token of another request', async () => {
    expect((await jira().call('alice', 'POST', path, { issueIdsOrKeys: [] })).status).toBe(400);
    const many = Array.from({ length: 1001 }, (_, i) => `PROJ-${i + 1}`);
    expect((await jira().call('alice', 'POST', path, { issueIdsOrKeys: many })).status).toBe(400);
    const first = await jira().call('alice', 'POST', path, {
      issueIdsOrKeys: ['PROJ-1', 'PROJ-2'],
      maxResults: 1,
    });
    const token = (first.body as Page).nextPageToken;
    expect(token).toBeTypeOf('string');
    const other = await jira().call('alice', 'POST', path, {
      issueIdsOrKeys: ['PROJ-3'],
      nextPageToken: token,
    });
    expect(other.status).toBe(400);
  });
});
