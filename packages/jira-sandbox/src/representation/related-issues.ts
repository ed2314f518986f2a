// Other issues as an issue shows them: its parent, its sub-tasks and its issue
// links, in the short issue form, leaving out what the caller may not see.
import type { SandboxData, SandboxIssue, SandboxIssueLink } from '../model.ts';
import type { SandboxStore } from '../store.ts';
import { issueTypeJson, priorityJson, statusJson } from './catalog.ts';
import { apiUrl, type IssueView, type Json } from './issue-view.ts';

const subtaskIndexes = new WeakMap<SandboxData, { size: number; byParent: Map<string, SandboxIssue[]> }>();

/** Sub-tasks by parent id, rebuilt when issues are added (parents never change). */
export function subtasksOf(issue: SandboxIssue, store: SandboxStore): SandboxIssue[] {
  let index = subtaskIndexes.get(store.data);
  if (!index || index.size !== store.data.issues.length) {
    const byParent = new Map<string, SandboxIssue[]>();
    for (const i of store.data.issues) {
      if (i.parentId === null) continue;
      const siblings = byParent.get(i.parentId);
      if (siblings) siblings.push(i);
      else byParent.set(i.parentId, [i]);
    }
    index = { size: store.data.issues.length, byParent };
    subtaskIndexes.set(store.data, index);
  }
  return index.byParent.get(issue.id) ?? [];
}

/** The short issue form inside parent, subtasks and issuelinks. */
export function issueRefJson(issue: SandboxIssue, view: IssueView): Json {
  const { store } = view;
  const status = store.statusesById.get(issue.statusId);
  const priority = store.prioritiesById.get(issue.priorityId);
  const type = store.issueTypesById.get(issue.issueTypeId);
  return {
    id: issue.id,
    key: issue.key,
    self: `${apiUrl(view)}/issue/${issue.id}`,
    fields: {
      summary: issue.summary,
      status: status ? statusJson(status, store, view) : null,
      priority: priority ? priorityJson(priority, view) : null,
      issuetype: type ? issueTypeJson(type, view) : null,
    },
  };
}

/** Jira's default link types; ids as a fresh Jira assigns them. */
const LINK_TYPES: Record<string, { id: string; inward: string; outward: string }> = {
  Blocks: { id: '10000', inward: 'is blocked by', outward: 'blocks' },
  Cloners: { id: '10001', inward: 'is cloned by', outward: 'clones' },
  Duplicate: { id: '10002', inward: 'is duplicated by', outward: 'duplicates' },
  Relates: { id: '10003', inward: 'relates to', outward: 'relates to' },
};

export function issueLinkJson(link: SandboxIssueLink, other: SandboxIssue, view: IssueView): Json {
  const type = LINK_TYPES[link.typeName] ?? { id: '10003', inward: link.typeName, outward: link.typeName };
  return {
    id: link.id,
    self: `${apiUrl(view)}/issueLink/${link.id}`,
    type: {
      id: type.id,
      name: link.typeName,
      inward: type.inward,
      outward: type.outward,
      self: `${apiUrl(view)}/issueLinkType/${type.id}`,
    },
    [link.outward ? 'outwardIssue' : 'inwardIssue']: issueRefJson(other, view),
  };
}

/** The issues the caller may see; Jira hides sub-tasks and links the caller cannot browse. */
export function visibleIssues(issues: SandboxIssue[], view: IssueView): SandboxIssue[] {
  return issues.filter((i) => view.store.canSeeIssue(view.user, i));
}
