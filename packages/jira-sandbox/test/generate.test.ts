import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSandboxData, SANDBOX_NOW } from '../src/generate/index.ts';
import type { SandboxData, SandboxIssue, SandboxUser } from '../src/model.ts';
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

describe('generateSandboxData: referential integrity (2,000 issues)', () => {
  const data: SandboxData = generateSandboxData({ seed: 3, issues: 2000 });
  const store = new SandboxStore(data);
  const projectOf = (issue: SandboxIssue) => store.projectsById.get(issue.projectId)!;
  // Inactive users keep old work, so check the role, not the live permission.
  const mayBrowse = (userKey: string, issue: SandboxIssue): boolean => {
    const user = store.usersByKey.get(userKey);
    return user !== undefined && store.canBrowseProject({ ...user, active: true }, projectOf(issue));
  };
  const mayWork = (userKey: string, issue: SandboxIssue): boolean => {
    if (!mayBrowse(userKey, issue)) return false;
    const level = data.securityLevels.find((l) => l.id === issue.securityLevelId);
    return level === undefined || level.memberKeys.includes(userKey);
  };

  it('numbers issues in creation order and keys sequentially per project', () => {
    expect(store.issuesById.size).toBe(2000);
    expect(store.issuesByKey.size).toBe(2000);
    const next: Record<string, number> = {};
    let previousCreated = 0;
    for (const [index, issue] of data.issues.entries()) {
      expect(issue.id).toBe(String(10000 + index));
      const project = projectOf(issue);
      const number = (next[project.key] ?? 0) + 1;
      next[project.key] = number;
      expect(issue.key).toBe(`${project.key}-${number}`);
      expect(issue.created).toBeGreaterThan(previousCreated);
      previousCreated = issue.created;
      expect(issue.created).toBeGreaterThanOrEqual(data.now - 731 * 24 * 3_600_000);
      expect(issue.updated).toBeGreaterThanOrEqual(issue.created);
      expect(issue.updated).toBeLessThanOrEqual(data.now);
    }
    const nextFree = Object.fromEntries(Object.entries(next).map(([k, n]) => [k, n + 1]));
    expect(data.projectCounters).toEqual(nextFree);
    // Shares of 40/25/25/10 per cent.
    expect(next).toEqual({ PROJ: 800, MOB: 500, OPS: 500, FIN: 200 });
  });

  it('only involves people who may browse the project (and see the level)', () => {
    for (const issue of data.issues) {
      if (issue.assigneeKey !== null) expect(mayWork(issue.assigneeKey, issue)).toBe(true);
      expect(mayWork(issue.reporterKey, issue)).toBe(true);
      expect(mayWork(issue.creatorKey, issue)).toBe(true);
      const reviewers = issue.customFields.customfield_10101;
      if (reviewers != null) {
        expect(Array.isArray(reviewers)).toBe(true);
        for (const key of reviewers as string[]) expect(mayWork(key, issue)).toBe(true);
      }
      for (const c of issue.comments) expect(mayWork(c.authorKey, issue)).toBe(true);
      for (const w of issue.worklogs) expect(mayWork(w.authorKey, issue)).toBe(true);
      for (const h of issue.changelog) expect(mayWork(h.authorKey, issue)).toBe(true);
    }
    expect(data.issues.some((i) => i.assigneeKey === null)).toBe(true);
    const carol = userByName(store, 'carol').key;
    expect(data.issues.some((i) => i.assigneeKey === carol || i.reporterKey === carol)).toBe(false);
  });

  it('links epics, parents and sprints within the project', () => {
    let epicLinks = 0;
    let subtasks = 0;
    for (const issue of data.issues) {
      const type = store.issueTypesById.get(issue.issueTypeId)!;
      const epicKey = issue.customFields.customfield_10006;
      if (epicKey != null) {
        epicLinks++;
        const epic = store.findIssue(String(epicKey));
        expect(epic?.issueTypeId).toBe('10000');
        expect(epic?.projectId).toBe(issue.projectId);
      }
      expect(issue.parentId !== null).toBe(type.subtask);
      if (issue.parentId !== null) {
        subtasks++;
        const parent = store.issuesById.get(issue.parentId);
        expect(parent?.projectId).toBe(issue.projectId);
        expect(store.issueTypesById.get(parent!.issueTypeId)?.subtask).toBe(false);
        expect(epicKey ?? null).toBeNull();
      }
      const sprintIds = issue.customFields.customfield_10005;
      if (sprintIds != null) {
        const board = data.boards.find((b) => b.projectId === issue.projectId)!;
        expect(board.type).toBe('scrum');
        for (const id of sprintIds as number[])
          expect(store.sprintsById.get(id)?.originBoardId).toBe(board.id);
      }
      const points = issue.customFields.customfield_10002;
      if (points != null) {
        expect(issue.issueTypeId).toBe('10001');
        expect([1, 2, 3, 5, 8, 13]).toContain(points);
      }
      const severity = issue.customFields.customfield_10100;
      if (severity != null) {
        expect(issue.issueTypeId).toBe('10003');
        expect(['10200', '10201', '10202']).toContain(severity);
      }
      const project = projectOf(issue);
      for (const id of issue.componentIds) expect(project.components.map((c) => c.id)).toContain(id);
      for (const id of issue.fixVersionIds) expect(project.versions.map((v) => v.id)).toContain(id);
      if (issue.dueDate !== null) expect(issue.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(store.prioritiesById.has(issue.priorityId)).toBe(true);
    }
    expect(epicLinks).toBeGreaterThan(0);
    expect(subtasks).toBeGreaterThan(0);
    for (const key of ['PROJ', 'MOB', 'OPS', 'FIN']) {
      expect(store.findIssue(`${key}-1`)?.issueTypeId).toBe('10000');
    }
    expect(data.issues.some((i) => i.customFields.customfield_10005 != null)).toBe(true);
  });

  it('resolves exactly the issues that are Done, with a matching changelog', () => {
    for (const issue of data.issues) {
      const done = store.statusesById.get(issue.statusId)?.categoryKey === 'done';
      expect(issue.resolutionId !== null).toBe(done);
      expect(issue.resolutionDate !== null).toBe(done);
      if (issue.resolutionId !== null) expect(store.resolutionsById.has(issue.resolutionId)).toBe(true);
      expect(issue.changelog.length).toBeGreaterThan(0);
      let status = '10000';
      let previous = issue.created;
      for (const history of issue.changelog) {
        expect(history.created).toBeGreaterThan(previous);
        previous = history.created;
        for (const item of history.items.filter((i) => i.field === 'status')) {
          expect(item.from).toBe(status);
          const offered = data.transitions.some(
            (t) => t.toStatusId === item.to && t.fromStatusIds.includes(item.from ?? ''),
          );
          expect(offered).toBe(true);
          status = item.to!;
        }
      }
      expect(status).toBe(issue.statusId);
      if (done) expect(issue.changelog.at(-1)?.created).toBe(issue.resolutionDate);
      const assigneeChanges = issue.changelog.flatMap((h) => h.items).filter((i) => i.field === 'assignee');
      if (assigneeChanges.length > 0) expect(assigneeChanges.at(-1)?.to).toBe(issue.assigneeKey);
    }
  });

  it('keeps comments, worklogs and time tracking consistent', () => {
    const commentIds = new Set<string>();
    const worklogIds = new Set<string>();
    const historyIds = new Set<string>();
    for (const issue of data.issues) {
      let previous = issue.created;
      for (const c of issue.comments) {
        commentIds.add(c.id);
        expect(c.created).toBeGreaterThan(previous);
        expect(c.updated).toBeGreaterThanOrEqual(c.created);
        expect(c.updated).toBeLessThanOrEqual(issue.updated);
        previous = c.created;
      }
      previous = issue.created;
      let spent = 0;
      for (const w of issue.worklogs) {
        worklogIds.add(w.id);
        expect(w.created).toBeGreaterThan(previous);
        expect(w.started).toBeGreaterThanOrEqual(issue.created);
        previous = w.created;
        spent += w.timeSpentSeconds;
      }
      expect(issue.timeSpent).toBe(issue.worklogs.length === 0 ? null : spent);
      if (issue.timeOriginalEstimate === null) expect(issue.timeEstimate).toBeNull();
      else expect(issue.timeEstimate).toBeGreaterThanOrEqual(0);
      for (const h of issue.changelog) historyIds.add(h.id);
    }
    const maxId = (ids: Set<string>) => Math.max(9999, ...[...ids].map(Number));
    expect(data.counters).toEqual({
      issue: 12000,
      comment: maxId(commentIds) + 1,
      worklog: maxId(worklogIds) + 1,
      history: maxId(historyIds) + 1,
      pat: 1,
    });
    expect(commentIds.size).toBe(data.counters.comment - 10000);
    expect(worklogIds.size).toBe(data.counters.worklog - 10000);
    expect(historyIds.size).toBe(data.counters.history - 10000);
  });

  it('records every link on both sides', () => {
    let links = 0;
    for (const issue of data.issues) {
      for (const link of issue.links) {
        links++;
        const other = store.issuesById.get(link.otherIssueId);
        expect(other).toBeDefined();
        expect(other!.links).toContainEqual({
          id: link.id,
          typeName: link.typeName,
          outward: !link.outward,
          otherIssueId: issue.id,
        });
      }
      if (issue.resolutionId === '10002') {
        expect(issue.links.some((l) => l.typeName === 'Duplicate' && l.outward)).toBe(true);
      }
    }
    expect(links).toBeGreaterThan(0);
  });

  it('writes descriptions in wiki markup', () => {
    const descriptions = data.issues.map((i) => i.description).filter((d): d is string => d !== null);
    expect(descriptions.length).toBeGreaterThan(0);
    expect(descriptions.length).toBeLessThan(data.issues.length);
    expect(descriptions.some((d) => d.includes('h2. '))).toBe(true);
    expect(descriptions.some((d) => /^\* /m.test(d))).toBe(true);
    expect(descriptions.some((d) => d.includes('{code'))).toBe(true);
  });
});

describe('generateSandboxData: scale', () => {
  it('generates 100,000 issues', () => {
    const data = generateSandboxData({ seed: 1, issues: 100_000 });
    expect(data.issues).toHaveLength(100_000);
    expect(data.counters.issue).toBe(110_000);
  });
});
