// Projects, their components and versions. A Project's parent is the raw
// Jira project JSON it came from: the short form Jira embeds in an issue
// (fields.project: id, key, name, projectTypeKey, avatarUrls) or a board's
// location, a list item, or the full GET /project/{key}. Key and name come
// from whatever reached the project and never cost a Jira call; details the
// short forms lack load the full project once per request (a DataLoader over
// the caller's cached reader).
import type { GraphQLResolveInfo } from 'graphql';
import { authenticated, requires } from '../auth/field-scopes.ts';
import { gatewayError } from '../errors.ts';
import { type JiraJson, list, obj, str, strOrNull } from '../jira/json.ts';
import { readProject, readProjectPage, readProjectStatuses } from '../jira/project-reads.ts';
import type { GatewayContext } from '../request-context.ts';
import { builder } from './builder.ts';
import { jiraNeeds, selectionNeeds } from './issue/selection-plan.ts';
import { callJira } from './jira-call.ts';
import { loaderFor } from './loaders.ts';
import { countedConnection, offsetConnection, offsetWindow } from './offset-paging.ts';
import { outsideRestriction, projectRestriction } from './project-restriction.ts';
import { ComponentRef, IssueTypeRef, ProjectRef, StatusRef, VersionRef } from './refs.ts';
import { avatarUrlOf, jiraUser, UserRef } from './user.ts';

const details = requires('projects:read');
const anyToken = authenticated();

// ---------------------------------------------------------------- restriction

function hiddenProject(key: string) {
  return gatewayError('NOT_FOUND', `No project ${key} exists, or you may not see it.`);
}

// ---------------------------------------------------------------- loading what the short forms lack

/** Loader keys: project keys upper-cased (Jira's keys are), ids as they are. */
function loaderKey(keyOrId: string): string {
  return /^\d+$/.test(keyOrId) ? keyOrId : keyOrId.toUpperCase();
}

/** A failed read becomes that key's error in a DataLoader batch, not the whole batch's. */
export async function settle<T>(work: Promise<T>): Promise<T | Error> {
  try {
    return await work;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function projectLoader(ctx: GatewayContext) {
  return loaderFor<string, JiraJson>(ctx, 'project:full', (keys) =>
    Promise.all(keys.map((key) => settle(callJira(ctx, (jira) => readProject(jira, key))))),
  );
}

/** The full project (GET /project/{key}), once per request per project. */
export function loadProject(ctx: GatewayContext, keyOrId: string): Promise<JiraJson> {
  return projectLoader(ctx).load(loaderKey(keyOrId));
}

function primeProject(ctx: GatewayContext, raw: JiraJson): void {
  const loader = projectLoader(ctx);
  for (const ref of [raw.key, raw.id]) {
    if (typeof ref === 'string' && ref !== '') loader.prime(loaderKey(ref), raw);
  }
}

function statusesLoader(ctx: GatewayContext) {
  return loaderFor<string, JiraJson[]>(ctx, 'project:statuses', (keys) =>
    Promise.all(keys.map((key) => settle(callJira(ctx, (jira) => readProjectStatuses(jira, key))))),
  );
}

function refOf(project: JiraJson): string {
  const ref = str(project.key) || str(project.id);
  if (ref === '') throw new Error('a project without key or id');
  return ref;
}

/** `project[name]` when the JSON at hand has it, else from the full project. */
async function detail(ctx: GatewayContext, project: JiraJson, name: string): Promise<unknown> {
  if (name in project) return project[name];
  return (await loadProject(ctx, refOf(project)))[name];
}

/** The site's base URL from a `self` link (…/rest/api/2/project/10000). */
function siteOf(self: unknown): string | null {
  if (typeof self !== 'string') return null;
  const at = self.indexOf('/rest/api/');
  return at === -1 ? null : self.slice(0, at);
}

// ---------------------------------------------------------------- types

ProjectRef.implement({
  description:
    'A Jira project. Key and name come with whatever reached the project; the other fields need projects:read.',
  fields: (t) => ({
    id: t.id({ extensions: anyToken, resolve: (p) => str(p.id) }),
    key: t.string({ extensions: anyToken, resolve: (p) => str(p.key) }),
    name: t.string({ extensions: anyToken, resolve: (p) => str(p.name) }),
    description: t.string({
      nullable: true,
      extensions: { ...details, ...jiraNeeds({ expand: ['description'] }) },
      resolve: async (p, _args, ctx) => strOrNull(await detail(ctx, p, 'description')),
    }),
    lead: t.field({
      type: UserRef,
      nullable: true,
      extensions: { ...details, ...jiraNeeds({ expand: ['lead'] }) },
      resolve: async (p, _args, ctx) => jiraUser(await detail(ctx, p, 'lead')),
    }),
    projectTypeKey: t.string({
      nullable: true,
      description: 'software, business or service_desk.',
      extensions: details,
      resolve: async (p, _args, ctx) => strOrNull(await detail(ctx, p, 'projectTypeKey')),
    }),
    avatarUrl: t.string({
      nullable: true,
      description: "The URL of the project's 48x48 avatar.",
      extensions: details,
      resolve: async (p, _args, ctx) => avatarUrlOf(await detail(ctx, p, 'avatarUrls')),
    }),
    url: t.string({
      nullable: true,
      description: "The project's page in Jira (…/browse/KEY).",
      extensions: details,
      resolve: async (p, _args, ctx) => {
        const site = siteOf(await detail(ctx, p, 'self'));
        return site === null ? null : `${site}/browse/${encodeURIComponent(str(p.key) || refOf(p))}`;
      },
    }),
    components: t.field({
      type: [ComponentRef],
      extensions: details,
      resolve: async (p, _args, ctx) => list(await detail(ctx, p, 'components')).map(obj),
    }),
    versions: t.field({
      type: [VersionRef],
      description: 'The versions in Jira order, optionally only (un)released or (un)archived ones.',
      extensions: details,
      args: {
        released: t.arg.boolean({ required: false }),
        archived: t.arg.boolean({ required: false }),
      },
      resolve: async (p, args, ctx) =>
        list(await detail(ctx, p, 'versions'))
          .map(obj)
          .filter(
            (v) =>
              (args.released === null ||
                args.released === undefined ||
                (v.released === true) === args.released) &&
              (args.archived === null ||
                args.archived === undefined ||
                (v.archived === true) === args.archived),
          ),
    }),
    issueTypes: t.field({
      type: [IssueTypeRef],
      extensions: { ...details, ...jiraNeeds({ expand: ['issueTypes'] }) },
      resolve: async (p, _args, ctx) => list(await detail(ctx, p, 'issueTypes')).map(obj),
    }),
    statuses: t.field({
      type: [StatusRef],
      description:
        "The statuses of the project's workflows: for one issue type (its id or name) or, without one, " +
        'every status any of its issue types can be in, each once.',
      extensions: details,
      args: { issueType: t.arg.string({ required: false }) },
      resolve: async (p, args, ctx) => {
        const perType = await statusesLoader(ctx).load(loaderKey(refOf(p)));
        const wanted = args.issueType ?? null;
        const types =
          wanted === null
            ? perType
            : perType.filter((type) => str(type.id) === wanted || str(type.name) === wanted);
        const seen = new Set<string>();
        const out: JiraJson[] = [];
        for (const type of types) {
          for (const status of list(type.statuses).map(obj)) {
            const id = str(status.id);
            if (seen.has(id)) continue;
            seen.add(id);
            out.push(status);
          }
        }
        return out;
      },
    }),
  }),
});

// Their fields need only a token: Issue.components and Issue.fixVersions
// reach them with issues:read, Project.components with projects:read.
ComponentRef.implement({
  description: 'A project component.',
  fields: (t) => ({
    id: t.id({ extensions: anyToken, resolve: (c) => str(c.id) }),
    name: t.string({ extensions: anyToken, resolve: (c) => str(c.name) }),
    description: t.string({ nullable: true, extensions: anyToken, resolve: (c) => strOrNull(c.description) }),
    lead: t.field({
      type: UserRef,
      nullable: true,
      description: 'The component lead, when Jira includes one.',
      extensions: anyToken,
      resolve: (c) => jiraUser(c.lead),
    }),
  }),
});

VersionRef.implement({
  description: 'A project version (a release).',
  fields: (t) => ({
    id: t.id({ extensions: anyToken, resolve: (v) => str(v.id) }),
    name: t.string({ extensions: anyToken, resolve: (v) => str(v.name) }),
    description: t.string({ nullable: true, extensions: anyToken, resolve: (v) => strOrNull(v.description) }),
    released: t.boolean({ extensions: anyToken, resolve: (v) => v.released === true }),
    archived: t.boolean({ extensions: anyToken, resolve: (v) => v.archived === true }),
    releaseDate: t.field({
      type: 'Date',
      nullable: true,
      description: 'The release date, yyyy-mm-dd.',
      extensions: anyToken,
      resolve: (v) => strOrNull(v.releaseDate)?.slice(0, 10) ?? null,
    }),
    startDate: t.field({
      type: 'Date',
      nullable: true,
      description: 'The start date, yyyy-mm-dd.',
      extensions: anyToken,
      resolve: (v) => strOrNull(v.startDate)?.slice(0, 10) ?? null,
    }),
    overdue: t.boolean({
      nullable: true,
      description: 'Unreleased past its release date; null when Jira does not say (no release date).',
      extensions: anyToken,
      resolve: (v) => (typeof v.overdue === 'boolean' ? v.overdue : null),
    }),
  }),
});

export const ProjectConnection = countedConnection(
  ProjectRef,
  'Project',
  'How many projects the caller may see.',
);

// ---------------------------------------------------------------- queries

builder.queryField('project', (t) =>
  t.field({
    type: ProjectRef,
    nullable: true,
    description: 'A project by key (or id). One the caller may not see answers null with NOT_FOUND.',
    extensions: details,
    args: { key: t.arg.string({ required: true }) },
    resolve: async (_root, { key }, ctx) => {
      const ref = key.trim();
      if (!/^[A-Za-z][A-Za-z0-9_]*$|^\d+$/.test(ref)) {
        throw gatewayError('BAD_USER_INPUT', `'${key}' is not a project key like PROJ.`);
      }
      if (!/^\d+$/.test(ref) && outsideRestriction(ctx, ref)) throw hiddenProject(ref);
      const raw = await loadProject(ctx, ref);
      // By id, the key is known only now.
      if (outsideRestriction(ctx, str(raw.key))) throw hiddenProject(ref);
      primeProject(ctx, raw);
      return raw;
    },
  }),
);

/** A page of the projects the caller may browse and the token reaches (Query.projects, TokenPolicy.projects). */
export async function projectPage(
  args: { first?: number | null; after?: string | null },
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
) {
  const { offset, first } = offsetWindow(args);
  // Ask Jira to expand what the selection reads, where it can (real Jira honours
  // description and lead on both flavours); what it leaves out loads per project.
  const { expand } = selectionNeeds(info, ['edges', 'node'], 'Project');
  const page = await callJira(ctx, (jira) =>
    readProjectPage(jira, { startAt: offset, maxResults: first, keys: projectRestriction(ctx), expand }),
  );
  return offsetConnection(page.values, offset, offset + page.values.length < page.total, page.total);
}

builder.queryField('projects', (t) =>
  t.field({
    type: ProjectConnection,
    description: 'The projects the caller may browse (and the token may reach), by key.',
    extensions: details,
    args: {
      first: t.arg.int({ required: false }),
      after: t.arg.string({ required: false }),
    },
    resolve: (_root, args, ctx, info) => projectPage(args, ctx, info),
  }),
);
