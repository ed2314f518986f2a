// Forward-only Relay paging over the store's keyset pages: `first` (1 to
// 100, default 20) and `after`. The store cannot page backwards cheaply, so
// `last`/`before` are not offered at all rather than half-supported.

import { gatewayError } from '../errors.ts';
import type { Page, PageRequest } from '../store/store.ts';

export const MAX_PAGE = 100;

export interface ForwardPageArgs {
  first?: number | null;
  after?: string | null;
}

export function pageRequest(args: ForwardPageArgs): PageRequest {
  const first = args.first ?? 20;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw gatewayError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE}.`);
  }
  return { first, after: args.after ?? null };
}

/** A Relay connection answer from a store page. */
export function connectionFrom<T>(page: Page<T>) {
  return {
    edges: page.items.map((node, i) => ({ cursor: page.cursors[i] ?? '', node })),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: false,
      startCursor: page.cursors[0] ?? null,
      endCursor: page.endCursor,
    },
  };
}
