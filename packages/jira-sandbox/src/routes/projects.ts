// Project routes. A project the caller may not browse does not exist for
// them: Jira answers 404 with the same words as for a missing one.
import {
  intParam,
  isRouteResult,
  jiraError,
  ok,
  platformRoutes,
  type RouteContext,
  type RouteDefinition,
  type RouteResult,
} from '../http.ts';
import type { Flavor, SandboxProject } from '../model.ts';
import { componentJson, issueTypeJson, statusJson, versionJson } from '../representation/catalog.ts';
import { projectFullJson, projectListItemJson } from '../representation/projects.ts';

export function projectRoutes(flavor: Flavor): RouteDefinition[] {
  const routes = [
    ...platformRoutes(flavor, 'GET', '/project', (ctx) =>
      ok(ctx.store.visibleProjects(ctx.user).map((p) => projectListItemJson(p, ctx))),
    ),
    ...platformRoutes(
      flavor,
      'GET',
      '/project/:projectIdOrKey',
      withProject((ctx, p) => ok(projectFullJson(p, ctx.store, ctx))),
    ),
    ...platformRoutes(
      flavor,
      'GET',
      '/project/:projectIdOrKey/statuses',
      withProject((ctx, p) =>
        ok(
          p.issueTypeIds.flatMap((id) => {
            const t = ctx.store.issueTypesById.get(id);
            if (!t) return [];
            const { self, name, subtask } = issueTypeJson(t, ctx);
            return [
              {
                self,
                id,
                name,
                subtask,
                statuses: ctx.store.data.statuses.map((s) => statusJson(s, ctx.store, ctx)),
              },
            ];
          }),
        ),
      ),
    ),
    ...platformRoutes(
      flavor,
      'GET',
      '/project/:projectIdOrKey/components',
      withProject((ctx, p) => ok(p.components.map((c) => componentJson(c, p.key, ctx)))),
    ),
    ...platformRoutes(
      flavor,
      'GET',
      '/project/:projectIdOrKey/versions',
      withProject((ctx, p) => ok(p.versions.map((v) => versionJson(v, ctx, ctx.store.data.now)))),
    ),
  ];
  if (flavor === 'cloud') routes.push(...platformRoutes(flavor, 'GET', '/project/search', searchProjects));
  return routes;
}

function withProject(handler: (ctx: RouteContext, project: SandboxProject) => RouteResult) {
  return (ctx: RouteContext): RouteResult => {
    const ref = ctx.params.projectIdOrKey ?? '';
    const project = ctx.store.findProject(ref);
    if (!project || !ctx.store.canBrowseProject(ctx.user, project)) {
      return jiraError(404, [`No project could be found with key '${ref}'.`]);
    }
    return handler(ctx, project);
  };
}

/** Cloud's paged project list (PageBeanProject). */
function searchProjects(ctx: RouteContext): RouteResult {
  const startAt = intParam(ctx.query, 'startAt', 0);
  if (isRouteResult(startAt)) return startAt;
  const maxResults = intParam(ctx.query, 'maxResults', 50);
  if (isRouteResult(maxResults)) return maxResults;
  const query = ctx.query.get('query')?.toLowerCase();
  const keys = ctx.query.getAll('keys').flatMap((k) => k.split(','));
  const orderBy = ctx.query.get('orderBy') ?? 'key';
  let projects = ctx.store.visibleProjects(ctx.user);
  if (query)
    projects = projects.filter(
      (p) => p.key.toLowerCase().includes(query) || p.name.toLowerCase().includes(query),
    );
  if (keys.length > 0) projects = projects.filter((p) => keys.includes(p.key) || keys.includes(p.id));
  const desc = orderBy.startsWith('-');
  const by = orderBy.replace(/^[-+]/, '');
  if (by !== 'key' && by !== 'name' && by !== 'id') {
    return jiraError(400, [`Invalid orderBy value '${orderBy}'.`]);
  }
  projects = [...projects].sort((a, b) => {
    const r = by === 'id' ? Number(a.id) - Number(b.id) : a[by].localeCompare(b[by]);
    return desc ? -r : r;
  });
  const size = Math.max(0, Math.min(maxResults, 100));
  const page = projects.slice(startAt, startAt + size);
  const isLast = startAt + size >= projects.length;
  const self = `${ctx.baseUrl}/rest/api/${ctx.apiVersion}/project/search?startAt=${startAt}&maxResults=${size}`;
  const body: Record<string, unknown> = {
    self,
    maxResults: size,
    startAt,
    total: projects.length,
    isLast,
    values: page.map((p) => projectListItemJson(p, ctx)),
  };
  if (!isLast) {
    body.nextPage = `${ctx.baseUrl}/rest/api/${ctx.apiVersion}/project/search?startAt=${startAt + size}&maxResults=${size}`;
  }
  return ok(body);
}
