// Projects in list form (what /project and /project/search page through) and
// in full form (GET /project/{key}).
import type { Flavor, SandboxProject } from '../model.ts';
import type { SandboxStore } from '../store.ts';
import { componentJson, issueTypeJson, versionJson } from './catalog.ts';
import { avatarUrls } from './common.ts';
import { userJson } from './users.ts';

export interface ProjectView {
  flavor: Flavor;
  baseUrl: string;
  apiVersion: '2' | '3';
}

/** The short form, also embedded in issues as fields.project. */
export function projectRefJson(p: SandboxProject, view: ProjectView): Record<string, unknown> {
  const out: Record<string, unknown> = {
    self: `${view.baseUrl}/rest/api/${view.apiVersion}/project/${p.id}`,
    id: p.id,
    key: p.key,
    name: p.name,
    projectTypeKey: p.projectTypeKey,
    avatarUrls: avatarUrls(view.baseUrl, 'project', p.id),
  };
  if (view.flavor === 'cloud') out.simplified = false;
  return out;
}

export function projectListItemJson(p: SandboxProject, view: ProjectView): Record<string, unknown> {
  const out: Record<string, unknown> = {
    expand: 'description,lead,url,projectKeys',
    ...projectRefJson(p, view),
  };
  if (view.flavor === 'datacenter') out.archived = false;
  else {
    out.style = 'classic';
    out.isPrivate = false;
    out.properties = {};
  }
  return out;
}

export function projectFullJson(
  p: SandboxProject,
  store: SandboxStore,
  view: ProjectView,
): Record<string, unknown> {
  const lead = store.usersByKey.get(p.leadKey);
  const roles: Record<string, string> = {};
  Object.keys(p.roles).forEach((name, i) => {
    roles[name] = `${view.baseUrl}/rest/api/${view.apiVersion}/project/${p.id}/role/${10002 + i}`;
  });
  return {
    ...projectListItemJson(p, view),
    expand: 'description,lead,url,projectKeys',
    description: p.description,
    lead: lead ? userJson(lead, view) : undefined,
    components: p.components.map((c) => componentJson(c, p.key, view)),
    issueTypes: p.issueTypeIds.flatMap((id) => {
      const t = store.issueTypesById.get(id);
      return t ? [issueTypeJson(t, view)] : [];
    }),
    assigneeType: 'UNASSIGNED',
    versions: p.versions.map((v) => versionJson(v, view, store.data.now)),
    roles,
  };
}
