// Idempotency for the mutations that create things (an issue, a comment, a
// worklog): the key is the input's clientMutationId or the request's
// Idempotency-Key header, scoped to the caller's identity, and the work runs
// through the shared store's record of it (writes/idempotency.ts), so a retry
// on any process returns the first result and never writes twice.
import type { GraphQLResolveInfo, SelectionNode } from 'graphql';
import { Kind } from 'graphql';
import { gatewayError } from '../../errors.ts';
import type { GatewayContext } from '../../request-context.ts';
import type { ResultCodec } from '../../writes/idempotency.ts';

/** The mutations that create something in Jira, the ones an Idempotency-Key header may name. */
export const CREATING_MUTATIONS: ReadonlySet<string> = new Set(['createIssue', 'addComment', 'addWorklog']);

/**
 * The creating mutations an operation runs, those inside fragments on
 * Mutation too (`... on Mutation { b: createIssue(...) }` is a second one).
 * A field under @skip or @include is counted: the header is refused rather
 * than guessed at.
 */
function creatingFields(
  selections: readonly SelectionNode[],
  fragments: GraphQLResolveInfo['fragments'],
): number {
  let count = 0;
  for (const s of selections) {
    if (s.kind === Kind.FIELD) count += CREATING_MUTATIONS.has(s.name.value) ? 1 : 0;
    else if (s.kind === Kind.INLINE_FRAGMENT) count += creatingFields(s.selectionSet.selections, fragments);
    else {
      const fragment = fragments[s.name.value];
      // Validation refuses cycles among fragments, so this recursion ends.
      if (fragment) count += creatingFields(fragment.selectionSet.selections, fragments);
    }
  }
  return count;
}

function keyOf(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  clientMutationId: string | null | undefined,
): string | null {
  const header = ctx.idempotencyKey;
  if (header !== null) {
    if (creatingFields(info.operation.selectionSet.selections, info.fragments) > 1) {
      throw gatewayError(
        'BAD_USER_INPUT',
        'An Idempotency-Key header names one creating mutation; this request has several. Give each its own clientMutationId instead.',
      );
    }
    if (clientMutationId != null && clientMutationId !== header) {
      throw gatewayError(
        'BAD_USER_INPUT',
        'The Idempotency-Key header and clientMutationId differ; send one, or the same.',
      );
    }
  }
  return clientMutationId ?? header;
}

/** Runs a creating mutation's work at most once per (identity, key, input) within the key's lifetime. */
export function idempotently<T>(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  input: { clientMutationId?: string | null },
  work: () => Promise<T>,
  codec: ResultCodec<T>,
): Promise<T> {
  const session = ctx.session;
  if (!session) throw gatewayError('UNAUTHENTICATED', 'This operation needs a gateway token.');
  const { clientMutationId, ...rest } = input;
  return ctx.services.idempotency.run(
    {
      scope: session.identity.id,
      key: keyOf(ctx, info, clientMutationId),
      operation: info.fieldName,
      input: rest,
    },
    work,
    codec,
  );
}
