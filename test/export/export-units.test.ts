// The export's pure parts: how Jira values become cells (custom fields by
// their catalogue type), how updatedSince joins the caller's JQL, and how
// status changes add up to time in status.
import { describe, expect, it } from 'vitest';
import type { Scope } from '../../src/auth/scopes.ts';
import { andJql, instant, updatedSinceClause } from '../../src/export/export-query.ts';
import { resolveFields, uniqueNames } from '../../src/export/export-sources.ts';
import { customField, SYSTEM_FIELDS } from '../../src/export/issue-columns.ts';
import { type ExportCall, issuePages } from '../../src/export/issue-pages.ts';
import type { JiraReader } from '../../src/jira/reader.ts';
import { statusChanges, timeInStatus } from '../../src/jira/status-history.ts';

const cells = (field: ReturnType<typeof customField>, value: unknown, held: Scope[] = ['issues:read']) => {
  const issue = { key: 'PROJ-1', fields: { [field.id]: value } };
  return Object.fromEntries(field.columns(new Set(held)).map((c) => [c.name, c.value(issue)]));
};

describe('custom field cells', () => {
  it('flattens options, cascading options, numbers, dates and lists', () => {
    const select = customField({ id: 'customfield_1', name: 'Severity', schema: { type: 'option' } });
    expect(cells(select, { id: '1', value: 'S2' })).toEqual({ Severity: 'S2' });
    const cascade = customField({ id: 'customfield_2', name: 'Area', schema: { type: 'option-with-child' } });
    expect(cells(cascade, { value: 'Web', child: { value: 'Checkout' } })).toEqual({
      Area: 'Web - Checkout',
    });
    const points = customField({ id: 'customfield_3', name: 'Story Points', schema: { type: 'number' } });
    expect(cells(points, 5)).toEqual({ 'Story Points': 5 });
    expect(cells(points, null)).toEqual({ 'Story Points': null });
    const multi = customField({
      id: 'customfield_4',
      name: 'Teams',
      schema: { type: 'array', items: 'option' },
    });
    expect(cells(multi, [{ value: 'A' }, { value: 'B' }])).toEqual({ Teams: 'A;B' });
    const when = customField({ id: 'customfield_5', name: 'Go live', schema: { type: 'datetime' } });
    expect(cells(when, '2026-12-04T10:30:00.000+0100')).toEqual({ 'Go live': '2026-12-04T09:30:00.000Z' });
    const text = customField({ id: 'customfield_6', name: 'Notes', schema: { type: 'string' } });
    const adf = {
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hi' }] }],
    };
    expect(cells(text, adf)).toEqual({ Notes: 'Hi' });
  });

  it('gives users a name, an id column, and an email column only with users:email', () => {
    const reviewers = customField({
      id: 'customfield_7',
      name: 'Reviewers',
      schema: { type: 'array', items: 'user' },
    });
    const value = [
      { accountId: 'a1', displayName: 'Ann', emailAddress: 'ann@example.com' },
      { key: 'JIRAUSER2', displayName: 'Bo' },
    ];
    expect(cells(reviewers, value)).toEqual({ Reviewers: 'Ann;Bo', 'Reviewers.id': 'a1;JIRAUSER2' });
    expect(cells(reviewers, value, ['issues:read', 'users:email'])).toEqual({
      Reviewers: 'Ann;Bo',
      'Reviewers.id': 'a1;JIRAUSER2',
      'Reviewers.email': 'ann@example.com',
    });
  });

  it('names sprints, from Cloud objects and Data Center legacy strings', () => {
    const sprint = customField({
      id: 'customfield_8',
      name: 'Sprint',
      schema: { type: 'array', items: 'json', custom: 'com.pyxis.greenhopper.jira:gh-sprint' },
    });
    const legacy =
      'com.atlassian.greenhopper.service.sprint.Sprint@1a[id=3,rapidViewId=1,state=CLOSED,name=Sprint 3,goal=a, b,startDate=<null>]';
    expect(cells(sprint, [legacy, { id: 4, name: 'Sprint 4', state: 'active' }])).toEqual({
      Sprint: 'Sprint 3;Sprint 4',
    });
  });

  it('puts durations in seconds and hours', () => {
    const spent = SYSTEM_FIELDS.find((f) => f.name === 'timespent');
    const cols = spent?.columns(new Set()) ?? [];
    const issue = { fields: { timespent: 5400 } };
    expect(cols.map((c) => [c.name, c.value(issue)])).toEqual([
      ['timeSpent.seconds', 5400],
      ['timeSpent.hours', 1.5],
    ]);
    expect(spent?.scopes).toContain('worklogs:read');
  });
});

describe('export query', () => {
  it('ANDs a clause ahead of the ORDER BY, bracketing the caller’s clauses', () => {
    expect(andJql('project = A OR project = B ORDER BY key', 'updated >= "2026-01-01"')).toBe(
      'updated >= "2026-01-01" AND (project = A OR project = B) ORDER BY key',
    );
    expect(andJql('ORDER BY key', 'x = 1')).toBe('x = 1 ORDER BY key');
    expect(andJql('', 'x = 1')).toBe('x = 1');
    expect(() => andJql('a = 1) OR (b = 2', 'x = 1')).toThrow(/without its/);
  });

  it('reads updatedSince a day early in JQL (time zones), and only with an offset', () => {
    expect(updatedSinceClause(new Date('2026-12-02T03:00:00Z'))).toBe('updated >= "2026-12-01"');
    const at = (v: string) => instant(new URLSearchParams({ t: v }), 't');
    expect(at('2026-12-01')?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(at('2026-12-01T08:00:00+02:00')?.toISOString()).toBe('2026-12-01T06:00:00.000Z');
    expect(() => at('2026-12-01T08:00:00')).toThrow(/offset/);
    expect(() => at('yesterday')).toThrow(/ISO-8601/);
  });
});

describe('status history', () => {
  const created = new Date('2026-01-01T00:00:00Z');
  const change = (id: string, at: string, from: string, to: string, field = 'status') => ({
    id,
    created: at,
    author: { accountId: 'u1', displayName: 'Ann' },
    items: [{ field, fieldId: field, fromString: from, toString: to }],
  });

  it('reads status changes oldest first with the time spent in the status left', () => {
    const changes = statusChanges(created, [
      change('3', '2026-01-03T00:00:00.000+0000', 'In Progress', 'Done'),
      change('1', '2026-01-01T01:00:00.000+0000', 'To Do', 'In Progress'),
      change('2', '2026-01-02T00:00:00.000+0000', 'Low', 'High', 'priority'),
    ]);
    expect(changes.map((c) => [c.from, c.to, c.secondsInFrom])).toEqual([
      ['To Do', 'In Progress', 3600],
      ['In Progress', 'Done', 2 * 86400 - 3600],
    ]);
    const times = timeInStatus(created, changes, 'Done', new Date('2026-01-04T00:00:00Z'));
    expect(times).toEqual([
      { status: 'To Do', seconds: 3600, entries: 1, current: false },
      { status: 'In Progress', seconds: 2 * 86400 - 3600, entries: 1, current: false },
      { status: 'Done', seconds: 86400, entries: 1, current: true },
    ]);
  });

  it('counts an issue that never moved in its status since creation', () => {
    expect(timeInStatus(created, [], 'To Do', new Date('2026-01-01T00:01:00Z'))).toEqual([
      { status: 'To Do', seconds: 60, entries: 1, current: true },
    ]);
  });
});

describe('issue pages', () => {
  /** A Data Center of `total` issues answering `cap` a page, counting the searches it is asked. */
  function fakeJira(total: number, cap: number) {
    const asked: number[] = [];
    const reader = {
      flavor: 'datacenter',
      apiPrefix: '/rest/api/2',
      read: async (_path: string, request?: { query?: Record<string, unknown> }) => {
        const startAt = Number(request?.query?.startAt ?? 0);
        asked.push(startAt);
        const count = Math.max(0, Math.min(cap, total - startAt));
        const issues = Array.from({ length: count }, (_, i) => ({ key: `P-${startAt + i + 1}`, fields: {} }));
        return { startAt, maxResults: cap, total, issues };
      },
    } as unknown as JiraReader;
    const call: ExportCall = (work) => work(reader);
    return { asked, call };
  }

  it('pages past the cap in order, and asks for a page only when the one before is taken (one ahead)', async () => {
    const { asked, call } = fakeJira(2500, 1000);
    const pages = issuePages(call, { jql: 'x', projects: null, plan: { fields: [], expand: [] } });
    const first = await pages.next();
    expect(first.value).toHaveLength(1000);
    // The consumer has the first page: the second is on its way, the third not asked for.
    await new Promise((r) => setTimeout(r, 10));
    expect(asked).toEqual([0, 1000]);
    const second = await pages.next();
    expect((second.value as { key: string }[])[0]?.key).toBe('P-1001');
    await new Promise((r) => setTimeout(r, 10));
    expect(asked).toEqual([0, 1000, 2000]);
    const third = await pages.next();
    expect(third.value).toHaveLength(500);
    expect((await pages.next()).done).toBe(true);
    expect(asked).toEqual([0, 1000, 2000]);
  });

  it('stops asking when the consumer stops', async () => {
    const { asked, call } = fakeJira(10_000, 1000);
    const pages = issuePages(call, { jql: 'x', projects: null, plan: { fields: [], expand: [] } });
    await pages.next();
    await pages.return(undefined);
    await new Promise((r) => setTimeout(r, 10));
    expect(asked).toEqual([0, 1000]);
  });
});

describe('export fields', () => {
  const catalog = [
    { id: 'customfield_1', name: 'Status', custom: true, schema: { type: 'string' } },
    { id: 'customfield_2', name: 'Story Points', custom: true, schema: { type: 'number' } },
    { id: 'customfield_3', name: 'Team', custom: true, schema: { type: 'string' } },
    { id: 'customfield_4', name: 'Team', custom: true, schema: { type: 'string' } },
  ];
  const call: ExportCall = (work) => work({ apiPrefix: '/rest/api/2', read: async () => catalog } as never);

  it('gives a field named twice its columns once, and a custom field named like a column its id', async () => {
    const fields = await resolveFields(
      ['status', 'Story Points', 'customfield_2', 'customfield_1', 'STATUS'],
      call,
    );
    expect(fields.map((f) => f.id)).toEqual(['status', 'customfield_2', 'customfield_1']);
    const columns = uniqueNames(fields.flatMap((f) => f.columns(new Set()).map((c) => ({ ...c, field: f }))));
    expect(columns.map((c) => c.name)).toEqual([
      'status',
      'status.category',
      'Story Points',
      'Status (customfield_1)',
    ]);
  });

  it('refuses unknown fields, and names shared by two fields', async () => {
    await expect(resolveFields(['summary', 'Nope'], call)).rejects.toThrow(/Unknown fields: Nope/);
    await expect(resolveFields(['Team'], call)).rejects.toThrow(/customfield_3, customfield_4/);
  });
});
