// The generated data holds together: every reference resolves, people on an
// issue may work on it, and histories, sprints and versions agree with status.
import { describe, expect, it } from 'vitest';
import { generateSandboxData } from '../src/generate/index.ts';
import type { SandboxData, SandboxIssue } from '../src/model.ts';
import { SandboxStore } from '../src/store.ts';

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
    const carol = store.usersByName.get('carol')!.key;
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
