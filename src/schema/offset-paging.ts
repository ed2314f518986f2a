// Forward Relay paging over Jira's startAt/maxResults lists (projects,
// boards, sprints, a sprint's issues): a cursor is an item's position in
// the list, opaque to callers; `after` resumes just past it.
import { type ForwardPageArgs, pageRequest } from './connections.ts';
import { gatewayError } from './errors.ts';

export interface OffsetWindow {
  /** Jira's startAt. */
  offset: number;
  /** How many items the page holds at most (1..100). */
  first: number;
}

const PREFIX = 'offset:';

export function offsetCursor(position: number): string {
  return Buffer.from(`${PREFIX}${position}`).toString('base64url');
}

/** The window `first`/`after` ask for; a cursor this module did not write is BAD_USER_INPUT. */
export function offsetWindow(args: ForwardPageArgs): OffsetWindow {
  const { first, after } = pageRequest(args);
  if (after === null || after === undefined || after === '') return { offset: 0, first };
  const text = Buffer.from(after, 'base64url').toString('utf8');
  const position = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(position) || position < 0 || offsetCursor(position) !== after) {
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
): OffsetConnection<T> {
  const edges = nodes.map((node, i) => ({ cursor: offsetCursor(offset + i), node }));
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
