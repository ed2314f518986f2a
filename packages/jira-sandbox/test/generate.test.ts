import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSandboxData, SANDBOX_NOW } from '../src/generate/index.ts';
import type { SandboxUser } from '../src/model.ts';
import { SandboxStore } from '../src/store.ts';

function userByName(store: SandboxStore, name: string): SandboxUser {
  const user = store.usersByName.get(name);
  if (!user) throw new Error(`no user ${name}`);
  return user;
}

function visibleKeys(store: SandboxStore, name: string): string[] {
  return store.visibleProjects(userByName(store, name)).map((p) => p.key);
}

describe('generateSandboxData: determinism', () => {
  it('gives deep-equal data for the same seed and size', () => {
    expect(generateSandboxData({ seed: 7, issues: 300 })).toEqual(
      generateSandboxData({ seed: 7, issues: 300 }),
    );
  });

  it('defaults to seed 1 and 1000 issues', () => {
    const data = generateSandboxData();
    expect(data.seed).toBe(1);
    expect(data.issues).toHaveLength(1000);
    expect(data).toEqual(generateSandboxData({ seed: 1, issues: 1000 }));
  });

  it('changes the issues but not the catalogue with the seed', () => {
    const a = generateSandboxData({ seed: 1, issues: 200 });
    const b = generateSandboxData({ seed: 2, issues: 200 });
    expect(a.issues.map((i) => i.summary)).not.toEqual(b.issues.map((i) => i.summary));
    expect(a.issues).not.toEqual(b.issues);
    for (const field of [
      'users',
      'projects',
      'statuses',
      'transitions',
      'customFields',
      'boards',
      'sprints',
    ] as const) {
      expect(b[field]).toEqual(a[field]);
    }
  });

  it('does not depend on the wall clock', () => {
    expect(generateSandboxData({ seed: 1, issues: 10 }).now).toBe(Date.UTC(2026, 10, 1));
    expect(SANDBOX_NOW).toBe(Date.UTC(2026, 10, 1));
  });

  it('rejects nonsense sizes', () => {
    expect(() => generateSandboxData({ seed: 1, issues: -1 })).toThrow(RangeError);
    expect(() => generateSandboxData({ seed: 1.5, issues: 1 })).toThrow(RangeError);
  });
});

describe('generateSandboxData: readers', () => {
  it('adds reader1..N who may browse every project but no security level, leaving the rest alone', () => {
    const plain = generateSandboxData({ seed: 3, issues: 200 });
    const withReaders = generateSandboxData({ seed: 3, issues: 200, readers: 3 });
    expect(withReaders.issues).toEqual(plain.issues);
    expect(withReaders.users.slice(0, plain.users.length)).toEqual(plain.users);
    const readers = withReaders.users.slice(plain.users.length);
    expect(readers.map((u) => [u.name, u.key, u.displayName])).toEqual([
      ['reader1', 'JIRAUSER20001', 'Reader 1'],
      ['reader2', 'JIRAUSER20002', 'Reader 2'],
      ['reader3', 'JIRAUSER20003', 'Reader 3'],
    ]);
    expect(new Set(withReaders.users.map((u) => u.token)).size).toBe(withReaders.users.length);
    for (const project of withReaders.projects) {
      for (const reader of readers) {
        expect(project.browseUserKeys).toContain(reader.key);
        expect(project.roles.Users).toContain(reader.key);
        expect(project.roles.Developers).not.toContain(reader.key);
      }
    }
    for (const level of withReaders.securityLevels) {
      expect(level.memberKeys.some((k) => k.startsWith('JIRAUSER2'))).toBe(false);
    }
    const store = new SandboxStore(withReaders);
    const reader = store.usersByName.get('reader2')!;
    const visible = withReaders.issues.filter((i) => store.canSeeIssue(reader, i));
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.every((i) => i.securityLevelId === null)).toBe(true);
  });

  it('rejects a reader count out of range', () => {
    expect(() => generateSandboxData({ issues: 10, readers: -1 })).toThrow(RangeError);
    expect(() => generateSandboxData({ issues: 10, readers: 10_001 })).toThrow(RangeError);
  });
});

describe('generateSandboxData: catalogue', () => {
  const data = generateSandboxData({ seed: 1, issues: 20 });
  const store = new SandboxStore(data);

  it('has the fixed users with keys, tokens and account ids', () => {
    expect(data.users.map((u) => [u.key, u.name, u.displayName])).toEqual([
      ['JIRAUSER10000', 'admin', 'Ada Admin'],
      ['JIRAUSER10001', 'alice', 'Alice Anderson'],
      ['JIRAUSER10002', 'bob', 'Bob Brown'],
      ['JIRAUSER10003', 'carol', 'Carol Clark'],
      ['JIRAUSER10004', 'dave', 'Dave Davis'],
      ['JIRAUSER10005', 'erin', 'Erin Evans'],
      ['JIRAUSER10006', 'frank', 'Frank Foster'],
    ]);
    for (const u of data.users) {
      expect(u.token).toBe(createHash('sha256').update(`jgg-sandbox:${u.name}`).digest('base64'));
      expect(u.token).toHaveLength(44);
      expect(u.accountId).toMatch(/^[0-9a-f]{24}$/);
      expect(u.emailAddress).toBe(`${u.name}@example.com`);
      expect(u.groups).toContain('jira-software-users');
      expect(u.groups.includes('jira-administrators')).toBe(u.name === 'admin');
      expect(u.active).toBe(u.name !== 'frank');
    }
    expect(new Set(data.users.map((u) => u.token)).size).toBe(data.users.length);
    expect(new Set(data.users.map((u) => u.accountId)).size).toBe(data.users.length);
    expect(data.users.filter((u) => u.isAdmin).map((u) => u.name)).toEqual(['admin']);
  });

  it('has the fixed projects and who may browse them', () => {
    expect(data.projects.map((p) => [p.id, p.key, p.name, p.projectTypeKey])).toEqual([
      ['10000', 'PROJ', 'Platform', 'software'],
      ['10001', 'MOB', 'Mobile', 'software'],
      ['10002', 'OPS', 'Operations', 'software'],
      ['10003', 'FIN', 'Finance', 'business'],
    ]);
    expect(visibleKeys(store, 'admin')).toEqual(['PROJ', 'MOB', 'OPS', 'FIN']);
    expect(visibleKeys(store, 'alice')).toEqual(['PROJ', 'MOB', 'OPS']);
    expect(visibleKeys(store, 'bob')).toEqual(['PROJ', 'MOB']);
    expect(visibleKeys(store, 'carol')).toEqual([]);
    expect(visibleKeys(store, 'dave')).toEqual(['PROJ', 'MOB', 'OPS']);
    expect(visibleKeys(store, 'erin')).toEqual(['PROJ', 'OPS']);
    // frank holds a FIN role but, being inactive, browses nothing.
    expect(store.findProject('FIN')?.browseUserKeys).toEqual(['JIRAUSER10000', 'JIRAUSER10006']);
    expect(visibleKeys(store, 'frank')).toEqual([]);
    const ops = store.findProject('OPS')!;
    expect(store.canBrowseProject(userByName(store, 'bob'), ops)).toBe(false);
    expect(store.canBrowseProject(userByName(store, 'alice'), ops)).toBe(true);
    expect(data.projects.map((p) => [p.key, store.usersByKey.get(p.leadKey)?.name])).toEqual([
      ['PROJ', 'admin'],
      ['MOB', 'alice'],
      ['OPS', 'dave'],
      ['FIN', 'admin'],
    ]);
  });

  it('derives browse from roles and keeps components and versions per project', () => {
    let componentId = 10000;
    for (const p of data.projects) {
      const roleUsers = new Set(Object.values(p.roles).flat());
      expect([...roleUsers].sort()).toEqual([...p.browseUserKeys].sort());
      expect(p.roles.Administrators).toEqual([p.leadKey]);
      expect(p.issueTypeIds).toEqual(['10000', '10001', '10002', '10003', '10004']);
      expect(p.components.length).toBeGreaterThanOrEqual(2);
      expect(p.components.length).toBeLessThanOrEqual(4);
      for (const c of p.components) {
        expect(c.id).toBe(String(componentId++));
        expect(c.projectId).toBe(p.id);
      }
      expect(p.versions.length).toBeGreaterThanOrEqual(3);
      expect(p.versions.length).toBeLessThanOrEqual(5);
      expect(p.versions.filter((v) => !v.released)).toHaveLength(1);
      expect(p.versions.filter((v) => v.archived)).toHaveLength(1);
      for (const v of p.versions) {
        expect(v.projectId).toBe(p.id);
        if (v.released) expect(v.releaseDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });

  it('has the fixed workflow, types, priorities, resolutions and fields', () => {
    expect(data.statusCategories.map((c) => [c.id, c.key])).toEqual([
      [2, 'new'],
      [4, 'indeterminate'],
      [3, 'done'],
    ]);
    expect(data.statuses.map((s) => [s.id, s.name, s.categoryKey])).toEqual([
      ['10000', 'To Do', 'new'],
      ['3', 'In Progress', 'indeterminate'],
      ['10001', 'In Review', 'indeterminate'],
      ['10002', 'Done', 'done'],
    ]);
    expect(data.transitions.map((t) => [t.id, t.name, t.fromStatusIds, t.toStatusId])).toEqual([
      ['11', 'Start Progress', ['10000'], '3'],
      ['21', 'Submit for Review', ['3'], '10001'],
      ['31', 'Done', ['10001', '3'], '10002'],
      ['41', 'Reopen', ['10002'], '10000'],
      ['51', 'Stop Progress', ['3'], '10000'],
      ['61', 'Request Changes', ['10001'], '3'],
    ]);
    expect(data.issueTypes.map((t) => [t.id, t.name, t.subtask, t.hierarchyLevel])).toEqual([
      ['10000', 'Epic', false, 1],
      ['10001', 'Story', false, 0],
      ['10002', 'Task', false, 0],
      ['10003', 'Bug', false, 0],
      ['10004', 'Sub-task', true, -1],
    ]);
    expect(data.priorities.map((p) => [p.id, p.name])).toEqual([
      ['1', 'Highest'],
      ['2', 'High'],
      ['3', 'Medium'],
      ['4', 'Low'],
      ['5', 'Lowest'],
    ]);
    for (const p of data.priorities) expect(p.statusColor).toMatch(/^#[0-9a-f]{6}$/i);
    expect(data.resolutions.map((r) => [r.id, r.name])).toEqual([
      ['10000', 'Done'],
      ['10001', "Won't Do"],
      ['10002', 'Duplicate'],
    ]);
    expect(data.customFields.map((f) => [f.id, f.numericId, f.name, f.kind, f.schemaType])).toEqual([
      ['customfield_10002', 10002, 'Story Points', 'storyPoints', 'number'],
      ['customfield_10005', 10005, 'Sprint', 'sprint', 'array'],
      ['customfield_10006', 10006, 'Epic Link', 'epicLink', 'any'],
      ['customfield_10100', 10100, 'Severity', 'select', 'option'],
      ['customfield_10101', 10101, 'Reviewers', 'multiUser', 'array'],
    ]);
    expect(store.customFieldsById.get('customfield_10100')?.options?.map((o) => o.id)).toEqual([
      '10200',
      '10201',
      '10202',
    ]);
    expect(data.securityLevels.map((l) => [l.id, l.name, l.memberKeys])).toEqual([
      ['10100', 'Internal', ['JIRAUSER10000', 'JIRAUSER10001']],
      ['10101', 'Restricted', ['JIRAUSER10000', 'JIRAUSER10004']],
    ]);
  });

  it('has one board per project and five sprints per scrum board', () => {
    expect(data.boards.map((b) => [b.id, b.name, b.type, store.projectsById.get(b.projectId)?.key])).toEqual([
      [1, 'PROJ board', 'scrum', 'PROJ'],
      [2, 'MOB board', 'scrum', 'MOB'],
      [3, 'OPS board', 'kanban', 'OPS'],
      [4, 'FIN board', 'scrum', 'FIN'],
    ]);
    expect(data.sprints.map((s) => s.id)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    for (const boardId of [1, 2, 4]) {
      const sprints = data.sprints.filter((s) => s.originBoardId === boardId);
      expect(sprints.map((s) => s.state)).toEqual(['closed', 'closed', 'closed', 'active', 'future']);
      const key = data.boards.find((b) => b.id === boardId)?.name.split(' ')[0];
      expect(sprints.map((s) => s.name)).toEqual([1, 2, 3, 4, 5].map((n) => `${key} Sprint ${n}`));
      for (const s of sprints.filter((s) => s.state === 'closed')) {
        expect(s.completeDate).not.toBeNull();
        expect(s.endDate! - s.startDate!).toBe(14 * 24 * 3_600_000);
        expect(s.endDate!).toBeLessThanOrEqual(data.now);
      }
      const active = sprints[3]!;
      expect(active.startDate!).toBeLessThanOrEqual(data.now);
      expect(active.endDate!).toBeGreaterThan(data.now);
      expect(active.completeDate).toBeNull();
      const future = sprints[4]!;
      expect(future.startDate === null || future.startDate > data.now).toBe(true);
    }
    expect(data.sprints.some((s) => s.originBoardId === 3)).toBe(false);
  });

  it('puts issues at both security levels even in tiny datasets', () => {
    for (const seed of [1, 2, 3, 42]) {
      const small = generateSandboxData({ seed, issues: 20 });
      const levels = new Set(small.issues.map((i) => i.securityLevelId));
      expect(levels.has('10100')).toBe(true);
      expect(levels.has('10101')).toBe(true);
    }
    const alice = userByName(store, 'alice');
    const dave = userByName(store, 'dave');
    for (const key of ['PROJ', 'MOB', 'OPS']) {
      const project = store.findProject(key)!;
      expect(store.canBrowseProject(alice, project)).toBe(true);
      expect(store.canBrowseProject(dave, project)).toBe(true);
    }
    const seenByAliceOnly = data.issues.filter(
      (i) => store.canSeeIssue(alice, i) && !store.canSeeIssue(dave, i),
    );
    const seenByDaveOnly = data.issues.filter(
      (i) => store.canSeeIssue(dave, i) && !store.canSeeIssue(alice, i),
    );
    expect(seenByAliceOnly.length).toBeGreaterThan(0);
    expect(seenByDaveOnly.length).toBeGreaterThan(0);
  });

  it('starts with no personal access tokens', () => {
    expect(data.pats).toEqual([]);
    expect(data.counters.pat).toBe(1);
  });
});

describe('generateSandboxData: scale', () => {
  it('generates 100,000 issues', () => {
    const data = generateSandboxData({ seed: 1, issues: 100_000 });
    expect(data.issues).toHaveLength(100_000);
    expect(data.counters.issue).toBe(110_000);
  });
});
