// Issues, read as the caller's own Jira user. The minimum read API of the
// identities issue; the full one (connections, batching, pushdown) is issue 4's.
import { requires } from '../auth/field-scopes.ts';
import type { GatewayContext } from '../context.ts';
import { builder } from './builder.ts';
import { gatewayError } from './errors.ts';
import { callJira } from './jira-call.ts';
import { UserRef, type UserShape } from './user.ts';

const read = requires('issues:read');

interface NamedShape {
  id: string;
  name: string;
}

interface IssueShape {
  id: string;
  key: string;
  summary: string;
  description: string | null;
  status: NamedShape & { category: string };
  issueType: NamedShape;
  priority: NamedShape | null;
  assignee: UserShape | null;
  reporter: UserShape | null;
  project: { id: string; key: string; name: string };
  created: Date;
  updated: Date;
  labels: string[];
}

type Json = Record<string, unknown>;

const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);

function named(v: unknown): NamedShape {
  const o = obj(v);
  return { id: str(o.id), name: str(o.name) };
}

function user(v: unknown): UserShape | null {
  if (v === null || v === undefined) return null;
  const o = obj(v);
  return {
    // Data Center identifies users by key; Cloud by accountId.
    accountId: str(o.accountId ?? o.key),
    name: typeof o.name === 'string' ? o.name : null,
    displayName: str(o.displayName),
    emailAddress: typeof o.emailAddress === 'string' ? o.emailAddress : null,
    active: o.active !== false,
  };
}

/** Plain text of a description: wiki markup as is, Atlassian Document Format flattened. */
function plainText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  const parts: string[] = [];
  const walk = (node: unknown, depth: number): void => {
    const n = obj(node);
    if (typeof n.text === 'string') parts.push(n.text);
    if (Array.isArray(n.content)) for (const c of n.content) walk(c, depth + 1);
    if (depth === 1 && n.type !== undefined) parts.push('\n');
  };
  walk(v, 0);
  return parts.join('').trim();
}

function jiraDate(v: unknown): Date {
  // Jira writes +0000 offsets; Date.parse wants +00:00.
  return new Date(str(v).replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

function toIssue(raw: Json): IssueShape {
  const f = obj(raw.fields);
  const status = obj(f.status);
  const project = obj(f.project);
  return {
    id: str(raw.id),
    key: str(raw.key),
    summary: str(f.summary),
    description: plainText(f.description),
    status: { ...named(status), category: str(obj(status.statusCategory).key) },
    issueType: named(f.issuetype),
    priority: f.priority ? named(f.priority) : null,
    assignee: user(f.assignee),
    reporter: user(f.reporter),
    project: { id: str(project.id), key: str(project.key), name: str(project.name) },
    created: jiraDate(f.created),
    updated: jiraDate(f.updated),
    labels: Array.isArray(f.labels) ? f.labels.map(str) : [],
  };
}

const FIELDS = [
  'summary',
  'description',
  'status',
  'issuetype',
  'priority',
  'assignee',
  'reporter',
  'project',
  'created',
  'updated',
  'labels',
];

const StatusRef = builder.objectRef<IssueShape['status']>('Status').implement({
  fields: (t) => ({
    id: t.exposeID('id', { extensions: read }),
    name: t.exposeString('name', { extensions: read }),
    category: t.exposeString('category', { description: 'new, indeterminate or done.', extensions: read }),
  }),
});

const IssueTypeRef = builder.objectRef<NamedShape>('IssueType').implement({
  fields: (t) => ({
    id: t.exposeID('id', { extensions: read }),
    name: t.exposeString('name', { extensions: read }),
  }),
});

const PriorityRef = builder.objectRef<NamedShape>('Priority').implement({
  fields: (t) => ({
    id: t.exposeID('id', { extensions: read }),
    name: t.exposeString('name', { extensions: read }),
  }),
});

const ProjectRef = builder.objectRef<IssueShape['project']>('Project').implement({
  fields: (t) => ({
    id: t.exposeID('id', { extensions: read }),
    key: t.exposeString('key', { extensions: read }),
    name: t.exposeString('name', { extensions: read }),
  }),
});

const IssueRef = builder.objectRef<IssueShape>('Issue').implement({
  fields: (t) => ({
    id: t.exposeID('id', { extensions: read }),
    key: t.exposeString('key', { extensions: read }),
    summary: t.exposeString('summary', { extensions: read }),
    description: t.exposeString('description', { nullable: true, extensions: read }),
    status: t.field({ type: StatusRef, extensions: read, resolve: (i) => i.status }),
    issueType: t.field({ type: IssueTypeRef, extensions: read, resolve: (i) => i.issueType }),
    priority: t.field({ type: PriorityRef, nullable: true, extensions: read, resolve: (i) => i.priority }),
    assignee: t.field({ type: UserRef, nullable: true, extensions: read, resolve: (i) => i.assignee }),
    reporter: t.field({ type: UserRef, nullable: true, extensions: read, resolve: (i) => i.reporter }),
    project: t.field({ type: ProjectRef, extensions: read, resolve: (i) => i.project }),
    created: t.expose('created', { type: 'DateTime', extensions: read }),
    updated: t.expose('updated', { type: 'DateTime', extensions: read }),
    labels: t.exposeStringList('labels', { extensions: read }),
  }),
});

/** A project-restricted token sees other projects' issues as missing. */
function outsideRestriction(ctx: GatewayContext, projectKey: string): boolean {
  const projects = ctx.session?.token.projects ?? null;
  return projects !== null && !projects.includes(projectKey.toUpperCase());
}

builder.queryField('issue', (t) =>
  t.field({
    type: IssueRef,
    nullable: true,
    extensions: read,
    args: { key: t.arg.string({ required: true }) },
    resolve: async (_root, { key }, ctx) => {
      const trimmed = key.trim();
      if (!/^[A-Za-z][A-Za-z0-9_]*-\d+$|^\d+$/.test(trimmed)) {
        throw gatewayError('BAD_USER_INPUT', `'${key}' is not an issue key like PROJ-123.`);
      }
      const prefix = trimmed.includes('-') ? trimmed.slice(0, trimmed.lastIndexOf('-')) : null;
      const hidden = () =>
        gatewayError('NOT_FOUND', `Issue ${trimmed} does not exist or you may not see it.`);
      if (prefix !== null && outsideRestriction(ctx, prefix)) throw hidden();
      const raw = await callJira(ctx, (jira) =>
        jira.read<Json>(`${jira.apiPrefix}/issue/${encodeURIComponent(trimmed)}`, {
          query: { fields: FIELDS.join(',') },
        }),
      );
      const issue = toIssue(raw);
      if (outsideRestriction(ctx, issue.project.key)) throw hidden();
      return issue;
    },
  }),
);
