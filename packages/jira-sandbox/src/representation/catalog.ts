// Jira's small shared beans: statuses, issue types, priorities, resolutions,
// components and versions, as they appear inside issues and on their own.
import type {
  Flavor,
  SandboxComponent,
  SandboxIssueType,
  SandboxPriority,
  SandboxResolution,
  SandboxStatus,
  SandboxStatusCategory,
  SandboxVersion,
} from '../model.ts';
import type { SandboxStore } from '../store.ts';

export interface CatalogView {
  flavor: Flavor;
  baseUrl: string;
  apiVersion: '2' | '3';
}

function api(view: CatalogView): string {
  return `${view.baseUrl}/rest/api/${view.apiVersion}`;
}

export function statusCategoryJson(c: SandboxStatusCategory, view: CatalogView): Record<string, unknown> {
  return {
    self: `${api(view)}/statuscategory/${c.id}`,
    id: c.id,
    key: c.key,
    colorName: c.colorName,
    name: c.name,
  };
}

export function statusJson(
  s: SandboxStatus,
  store: SandboxStore,
  view: CatalogView,
): Record<string, unknown> {
  const category = store.data.statusCategories.find((c) => c.key === s.categoryKey);
  return {
    self: `${api(view)}/status/${s.id}`,
    description: s.description,
    iconUrl: `${view.baseUrl}/images/icons/statuses/generic.png`,
    name: s.name,
    id: s.id,
    statusCategory: category ? statusCategoryJson(category, view) : undefined,
  };
}

export function issueTypeJson(t: SandboxIssueType, view: CatalogView): Record<string, unknown> {
  return {
    self: `${api(view)}/issuetype/${t.id}`,
    id: t.id,
    description: t.description,
    iconUrl: `${view.baseUrl}/secure/viewavatar?size=xsmall&avatarId=10300&avatarType=issuetype`,
    name: t.name,
    subtask: t.subtask,
    avatarId: 10300,
    hierarchyLevel: t.hierarchyLevel,
  };
}

export function priorityJson(p: SandboxPriority, view: CatalogView): Record<string, unknown> {
  return {
    self: `${api(view)}/priority/${p.id}`,
    statusColor: p.statusColor,
    description: p.description,
    iconUrl: `${view.baseUrl}/images/icons/priorities/${p.name.toLowerCase()}.svg`,
    name: p.name,
    id: p.id,
  };
}

export function resolutionJson(r: SandboxResolution, view: CatalogView): Record<string, unknown> {
  return { self: `${api(view)}/resolution/${r.id}`, id: r.id, description: r.description, name: r.name };
}

export function componentJson(
  c: SandboxComponent,
  projectKey: string,
  view: CatalogView,
): Record<string, unknown> {
  return {
    self: `${api(view)}/component/${c.id}`,
    id: c.id,
    name: c.name,
    description: c.description,
    assigneeType: 'PROJECT_DEFAULT',
    realAssigneeType: 'PROJECT_DEFAULT',
    isAssigneeTypeValid: false,
    project: projectKey,
    projectId: Number(c.projectId),
    // Cloud's ProjectComponent is a closed bean without `archived`.
    ...(view.flavor === 'datacenter' ? { archived: false } : {}),
  };
}

export function versionJson(v: SandboxVersion, view: CatalogView, now: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    self: `${api(view)}/version/${v.id}`,
    id: v.id,
    name: v.name,
    description: v.description,
    archived: v.archived,
    released: v.released,
    projectId: Number(v.projectId),
  };
  if (v.startDate) out.startDate = v.startDate;
  if (v.releaseDate) {
    out.releaseDate = v.releaseDate;
    out.overdue = !v.released && Date.parse(v.releaseDate) < now;
    out.userReleaseDate = v.releaseDate;
  }
  return out;
}
