// Which fields of the schema a set of executed operations resolved, read from
// their answers. Used to show that every field of the schema is resolved by
// some test on each flavour. (Operations here use no fragments.)
import { randomUUID } from 'node:crypto';
import {
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isLeafType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  type SelectionNode,
} from 'graphql';
import type { Flavor, RunningSandbox } from 'jira-sandbox';
import { expect } from 'vitest';

export interface ExecutedOperation {
  query: string;
  /** The answer's data. */
  data: unknown;
}

/** Every Type.field of the schema's own object types (no introspection types). */
export function allFields(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter((t) => isObjectType(t) && !t.name.startsWith('__'))
    .flatMap((t) => (isObjectType(t) ? Object.keys(t.getFields()).map((f) => `${t.name}.${f}`) : []));
}

/**
 * Fields whose resolvers ran: walks each answer's data alongside its
 * operation, so a field counts only where its parent object was there to
 * resolve it (a field under a null parent or an empty list does not).
 */
export function resolvedFields(schema: GraphQLSchema, operations: readonly ExecutedOperation[]): Set<string> {
  const covered = new Set<string>();
  const walk = (selections: readonly SelectionNode[], type: GraphQLObjectType, value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) walk(selections, type, item);
      return;
    }
    const record = value as Record<string, unknown>;
    for (const selection of selections) {
      if (selection.kind !== Kind.FIELD || selection.name.value.startsWith('__')) continue;
      const key = selection.alias?.value ?? selection.name.value;
      const def = type.getFields()[selection.name.value];
      if (!def || !(key in record)) continue;
      covered.add(`${type.name}.${def.name}`);
      const named = getNamedType(def.type);
      if (selection.selectionSet && isObjectType(named))
        walk(selection.selectionSet.selections, named, record[key]);
    }
  };
  for (const op of operations) {
    const document = parse(op.query);
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const root = definition.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
      if (root) walk(definition.selectionSet.selections, root, op.data);
    }
  }
  return covered;
}

/** Every field of `type`, objects followed to `depth` levels; fields with required arguments only when given. */
export function selectAll(type: GraphQLObjectType, depth: number, args: Record<string, string> = {}): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
    const coordinate = `${type.name}.${field.name}`;
    const given = args[coordinate];
    if (field.args.some((a) => isNonNullType(a.type)) && given === undefined) continue;
    const call = given ? `${field.name}${given}` : field.name;
    const named = getNamedType(field.type);
    if (isLeafType(named) || isEnumType(named)) parts.push(call);
    else if (isObjectType(named) && depth > 0) {
      const inner = selectAll(named, depth - 1, args);
      if (inner) parts.push(`${call} { ${inner} }`);
    }
  }
  return parts.join(' ');
}

/**
 * For queries that select everything: an issue with everything (a sub-task
 * with links, comments, worklogs, custom fields), one with links, and the
 * arguments each root field needs, by Type.field.
 */
export function everythingArguments(
  store: RunningSandbox['store'],
  flavor: Flavor,
): { rich: { key: string }; linked: { key: string }; args: Record<string, string> } {
  const alice = store.usersByName.get('alice')!;
  const rich =
    store.data.issues.find((i) => i.parentId !== null && i.comments.length > 0 && i.worklogs.length > 0) ??
    store.data.issues.find((i) => i.parentId !== null)!;
  const linked = store.data.issues.find((i) => i.links.length > 0)!;
  const sprint = store.data.sprints.find((s) => s.state === 'active')!;
  const args: Record<string, string> = {
    'Query.issue': `(key: "${rich.key}")`,
    'Query.issues': `(jql: "key in (${rich.key}, ${linked.key}) ORDER BY key", first: 5)`,
    'Query.project': '(key: "PROJ")',
    'Query.user': flavor === 'cloud' ? `(accountId: "${alice.accountId}")` : '(name: "alice")',
    'Query.board': '(id: 1)',
    'Query.sprint': `(id: ${sprint.id})`,
    'Query.sprints': `(boardId: ${sprint.originBoardId})`,
  };
  return { rich, linked, args };
}

/** Runs one operation; answers its data (the caller's runner checks the answer's errors). */
export type RunOperation = (query: string, variables?: Record<string, unknown>) => Promise<unknown>;

/** The string at `path` in an answer's data; throws (failing the test) when the answer lacks it. */
export function stringAt(data: unknown, path: readonly string[]): string {
  let value: unknown = data;
  for (const key of path) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new Error(`no ${path.join('.')} in ${JSON.stringify(data).slice(0, 500)}`);
  return String(value);
}

/**
 * Every write mutation once, in the order an issue lives through them
 * (create, update, transition, assign, comment added, edited, deleted,
 * worklog logged, edited, deleted), each with its payload selected by
 * `payload(typeName)`, as `store`'s Jira administrator may write in PROJ.
 * Inputs take the costlier paths the Jira-call estimate prices: custom
 * fields, a parent, a transition comment, and wiki markup (read again through
 * /rest/api/3 on Cloud). Each payload must name what it wrote (its issue,
 * comment, worklog, transition or deleted id), so a payload field that
 * resolves to nothing fails here. Answers the Mutation fields run, in order.
 */
export async function runEveryWrite(
  run: RunOperation,
  payload: (typeName: string) => string,
  store: RunningSandbox['store'],
  flavor: Flavor,
): Promise<string[]> {
  const ran: string[] = [];
  // Fresh idempotency keys each time: a replay would make no Jira call.
  const once = randomUUID().slice(0, 8);
  const write = async (field: string, inputType: string, input: Record<string, unknown>) => {
    const payloadType = `${field[0]?.toUpperCase()}${field.slice(1)}Payload`;
    const data = await run(
      `mutation($input: ${inputType}!) { ${field}(input: $input) { ${payload(payloadType)} } }`,
      { input },
    );
    ran.push(field);
    return data;
  };
  const alice = store.usersByName.get('alice')!;
  const epic = store.data.issues.find(
    (i) =>
      store.projectsById.get(i.projectId)?.key === 'PROJ' &&
      store.issueTypesById.get(i.issueTypeId)?.name === 'Epic',
  )!;

  const parentKey = stringAt(
    await write('createIssue', 'CreateIssueInput', {
      clientMutationId: `coverage-${once}-parent`,
      projectKey: 'PROJ',
      issueType: 'Task',
      summary: 'Coverage: every write mutation',
      description: { markdown: 'Made by **every** write mutation.' },
      labels: ['coverage'],
      customFields: [
        { name: 'Story Points', value: 3 },
        { name: 'Epic Link', value: epic.key },
      ],
    }),
    ['createIssue', 'issue', 'key'],
  );
  const created = await write('createIssue', 'CreateIssueInput', {
    projectKey: 'PROJ',
    issueType: 'Sub-task',
    summary: 'Coverage: a sub-task',
    parent: parentKey,
  });
  const key = stringAt(created, ['createIssue', 'issue', 'key']);
  expect(stringAt(created, ['createIssue', 'issue', 'parent', 'key'])).toBe(parentKey);

  const updated = await write('updateIssue', 'UpdateIssueInput', {
    key,
    set: {
      summary: 'Coverage: a sub-task, edited',
      description: { wiki: 'Edited in *wiki* markup.' },
      priority: 'High',
      customFields: [{ name: 'Story Points', value: 5 }],
    },
    addLabels: ['edited'],
  });
  expect(stringAt(updated, ['updateIssue', 'issue', 'summary'])).toBe('Coverage: a sub-task, edited');

  const transitioned = await write('transitionIssue', 'TransitionIssueInput', {
    key,
    to: 'In Progress',
    comment: { wiki: 'Started, in *wiki* markup.' },
  });
  expect(stringAt(transitioned, ['transitionIssue', 'transition', 'toStatus'])).toBe('In Progress');
  expect(stringAt(transitioned, ['transitionIssue', 'issue', 'status', 'name'])).toBe('In Progress');

  const assigned = await write('assignIssue', 'AssignIssueInput', {
    key,
    assignee: flavor === 'cloud' ? alice.accountId : 'alice',
  });
  expect(stringAt(assigned, ['assignIssue', 'issue', 'assignee', 'displayName'])).toBe(alice.displayName);

  const commented = await write('addComment', 'AddCommentInput', {
    clientMutationId: `coverage-${once}-comment`,
    key,
    body: { wiki: 'A comment in *wiki* markup, for administrators.' },
    visibility: { type: 'ROLE', value: 'Administrators' },
  });
  const commentId = stringAt(commented, ['addComment', 'comment', 'id']);
  expect(stringAt(commented, ['addComment', 'comment', 'visibility', 'value'])).toBe('Administrators');
  expect(stringAt(commented, ['addComment', 'issue', 'key'])).toBe(key);

  const editedComment = await write('updateComment', 'UpdateCommentInput', {
    key,
    id: commentId,
    body: { wiki: 'The comment, edited in *wiki* markup.' },
  });
  expect(stringAt(editedComment, ['updateComment', 'comment', 'id'])).toBe(commentId);
  expect(stringAt(editedComment, ['updateComment', 'issue', 'key'])).toBe(key);

  const deletedComment = await write('deleteComment', 'DeleteCommentInput', { key, id: commentId });
  expect(stringAt(deletedComment, ['deleteComment', 'deletedCommentId'])).toBe(commentId);
  expect(stringAt(deletedComment, ['deleteComment', 'issue', 'key'])).toBe(key);

  const logged = await write('addWorklog', 'AddWorklogInput', {
    clientMutationId: `coverage-${once}-worklog`,
    key,
    timeSpent: '1h 30m',
    started: '2026-12-01T09:00:00.000Z',
    comment: { wiki: 'Work in *wiki* markup.' },
    adjustEstimate: { mode: 'NEW', newEstimate: '4h' },
  });
  const worklogId = stringAt(logged, ['addWorklog', 'worklog', 'id']);
  expect(stringAt(logged, ['addWorklog', 'worklog', 'timeSpentSeconds'])).toBe('5400');
  expect(stringAt(logged, ['addWorklog', 'issue', 'key'])).toBe(key);

  const editedWorklog = await write('updateWorklog', 'UpdateWorklogInput', {
    key,
    id: worklogId,
    timeSpent: '2h',
    comment: { wiki: 'The work, edited in *wiki* markup.' },
  });
  expect(stringAt(editedWorklog, ['updateWorklog', 'worklog', 'timeSpentSeconds'])).toBe('7200');
  expect(stringAt(editedWorklog, ['updateWorklog', 'issue', 'key'])).toBe(key);

  const deletedWorklog = await write('deleteWorklog', 'DeleteWorklogInput', {
    key,
    id: worklogId,
    adjustEstimate: { mode: 'LEAVE' },
  });
  expect(stringAt(deletedWorklog, ['deleteWorklog', 'deletedWorklogId'])).toBe(worklogId);
  expect(stringAt(deletedWorklog, ['deleteWorklog', 'issue', 'key'])).toBe(key);
  return ran;
}
