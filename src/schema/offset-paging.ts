// Forward Relay paging over Jira's startAt/maxResults lists (projects,
// boards, sprints, a sprint's issues, an issue's comments, worklogs and
// changelog): a cursor is an item's position in the list, opaque to callers
// and bound to the list's name, so one list's cursor is refused by another;
// `after` resumes just past it.

import type { ObjectRef } from '@pothos/core';
import { authenticated } from '../auth/field-scopes.ts';
import { gatewayError } from '../errors.ts';
import { type BuilderTypes, builder } from './builder.ts';
import { type ForwardPageArgs, pageRequest } from './connections.ts';

export interface OffsetWindow {
  /** Jira's startAt. */
  offset: number;
  /** How many items the page holds at most (1..100). */
  first: number;
}

export function offsetCursor(position: number, list = 'offset'): string {
  return Buffer.from(`${list}:${position}`).toString('base64url');
}

/** The window `first`/`after` ask for; a cursor this module did not write for `list` is BAD_USER_INPUT. */
export function offsetWindow(args: ForwardPageArgs, list = 'offset'): OffsetWindow {
  const { first, after } = pageRequest(args);
  if (after === null || after === undefined || after === '') return { offset: 0, first };
  const text = Buffer.from(after, 'base64url').toString('utf8');
  const position = text.startsWith(`${list}:`) ? Number(text.slice(list.length + 1)) : Number.NaN;
  // Only a cursor this module wrote decodes: the same text must encode back.
  if (!Number.isSafeInteger(position) || position < 0 || offsetCursor(position, list) !== after) {
    throw gatewayError('BAD_USER_INPUT', `'${after}' is not a cursor of this list.`);
  }
  return { offset: position + 1, first };
}

export interface OffsetConnection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  /** Null where Jira does not count (sprint lists). */
  totalCount: number | null;
}

/** A connection from the items at `offset`; `hasNextPage` as Jira told it (total or isLast). */
export function offsetConnection<T>(
  nodes: readonly T[],
  offset: number,
  hasNextPage: boolean,
  totalCount: number | null,
  list = 'offset',
): OffsetConnection<T> {
  const edges = nodes.map((node, i) => ({ cursor: offsetCursor(offset + i, list), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}

/**
 * The connection type `${name}Connection` (edges `${name}Edge`) of a list
 * Jira counts, with its totalCount; `counts` says what it counts, where the
 * schema tells. Its parts need only a token: the field returning it carries
 * the rule.
 */
export function countedConnection<T>(node: ObjectRef<BuilderTypes, T>, name: string, counts?: string) {
  return builder.connectionObject(
    {
      type: node,
      name: `${name}Connection`,
      fields: (t) => ({
        totalCount: t.int({
          ...(counts === undefined ? {} : { description: counts }),
          extensions: authenticated(),
          resolve: (c) => (c as unknown as OffsetConnection<T>).totalCount ?? 0,
        }),
      }),
    },
    { name: `${name}Edge` },
  );
}
