// Issue writes over a caller's JiraWriter, on both flavours: create, edit,
// the transitions offered and taking one, assigning, and the fresh read of
// what a write addresses (its id, key and project). Bodies are Jira's own
// shapes, built by the GraphQL layer; nothing here knows GraphQL.
import { type JiraJson, list, obj, str, strOrNull } from './json.ts';
import type { JiraWriter, WriteRequest } from './writer.ts';

/** What a write addresses, read fresh: the issue's identifiers and project. */
export interface IssueTarget {
  id: string;
  key: string;
  projectKey: string;
}

const issuePath = (ref: string): string => `/issue/${encodeURIComponent(ref)}`;

/** The issue's identifiers and project, past the cache (a write must not act on a stale project). */
export async function readIssueTarget(jira: JiraWriter, ref: string): Promise<IssueTarget> {
  const issue = obj(await jira.readFresh<unknown>(issuePath(ref), { fields: 'project' }));
  const project = obj(obj(issue.fields).project);
  return { id: str(issue.id), key: str(issue.key), projectKey: str(project.key) };
}

/** Jira's edit body: `fields` set values, `update` applies operations (labels add/remove, comment add). */
export interface IssueEdit {
  fields?: Record<string, unknown>;
  update?: Record<string, unknown[]>;
}

type Prefix = WriteRequest['apiPrefix'];
const via = (apiPrefix: Prefix): Pick<WriteRequest, 'apiPrefix'> => (apiPrefix ? { apiPrefix } : {});

/** POST /issue: the new issue's id and key. */
export async function createIssue(
  jira: JiraWriter,
  edit: IssueEdit,
  apiPrefix?: Prefix,
): Promise<{ id: string; key: string }> {
  const created = obj(await jira.write<unknown>('POST', '/issue', { body: edit, ...via(apiPrefix) }));
  return { id: str(created.id), key: str(created.key) };
}

/** PUT /issue/{key}: no answer body (204). notifyUsers stays Jira's default. */
export async function editIssue(
  jira: JiraWriter,
  key: string,
  edit: IssueEdit,
  apiPrefix?: Prefix,
): Promise<void> {
  await jira.write<unknown>('PUT', issuePath(key), { body: edit, ...via(apiPrefix) });
}

export interface OfferedTransition {
  id: string;
  name: string;
  toId: string;
  toName: string;
}

/** The transitions the issue's workflow offers this user now, read fresh. */
export async function offeredTransitions(jira: JiraWriter, key: string): Promise<OfferedTransition[]> {
  const answer = obj(await jira.readFresh<unknown>(`${issuePath(key)}/transitions`));
  return list(answer.transitions).map((raw): OfferedTransition => {
    const t: JiraJson = obj(raw);
    const to = obj(t.to);
    return { id: str(t.id), name: str(t.name), toId: str(to.id), toName: strOrNull(to.name) ?? '' };
  });
}

/** POST /issue/{key}/transitions (204). */
export async function transitionIssue(
  jira: JiraWriter,
  key: string,
  transitionId: string,
  edit: IssueEdit,
  apiPrefix?: Prefix,
): Promise<void> {
  await jira.write<unknown>('POST', `${issuePath(key)}/transitions`, {
    body: { transition: { id: transitionId }, ...edit },
    ...via(apiPrefix),
  });
}

/** PUT /issue/{key}/assignee with a user reference (null unassigns) (204). */
export async function assignIssue(
  jira: JiraWriter,
  key: string,
  user: Record<string, string | null>,
): Promise<void> {
  await jira.write<unknown>('PUT', `${issuePath(key)}/assignee`, { body: user });
}
