// Sends a mutation's writes to Jira as the caller, and says what happened in
// the log. Jira's refusals map as for reads (jira-call.ts), with Jira's
// per-field words in extensions.fieldErrors; a write whose outcome is unknown
// (sent, then no answer) answers UPSTREAM_UNAVAILABLE with
// extensions.outcome "unknown", because writes are never retried blindly.
// Every write is logged with the token id, the identity, the operation and
// the issue key, never with field values.
import { GraphQLError } from 'graphql';
import { gatewayError } from '../../errors.ts';
import { writeOutcomeUnknown } from '../../jira/write-outcome.ts';
import type { JiraWriter } from '../../jira/writer.ts';
import type { GatewayContext } from '../../request-context.ts';
import { callJira } from '../jira-call.ts';

/** What the log says of a write; the work fills in the issue key once Jira names it (a created issue). */
export interface WriteRecord {
  /** The mutation, e.g. "createIssue". */
  operation: string;
  issueKey: string | null;
  /** A comment or worklog id the write touched. */
  itemId?: string | null;
}

/** Thrown past callJira's mapping so the caller learns the outcome is unknown. */
class OutcomeUnknown extends Error {
  constructor(readonly original: unknown) {
    super('the write was sent and Jira did not answer');
  }
}

export function jiraWriterOf(ctx: GatewayContext): JiraWriter {
  if (!ctx.session || !ctx.jiraWriter)
    throw gatewayError('UNAUTHENTICATED', 'This operation needs a gateway token.');
  return ctx.jiraWriter;
}

/**
 * Runs `work` (one or more Jira calls of one mutation) as the caller and logs
 * its outcome. Reads inside `work` that fail are refusals like any other.
 */
export async function writeToJira<T>(
  ctx: GatewayContext,
  record: WriteRecord,
  work: (jira: JiraWriter) => Promise<T>,
): Promise<T> {
  const writer = jiraWriterOf(ctx);
  // The request's loaders hold what was read before this write (a mutation
  // earlier in the same request): the payload must read afresh.
  ctx.loaders.clear();
  try {
    const result = await callJira(ctx, async () => {
      try {
        return await work(writer);
      } catch (error) {
        throw writeOutcomeUnknown(error) ? new OutcomeUnknown(error) : error;
      }
    });
    ctx.loaders.clear();
    logWrite(ctx, record, 'applied');
    return result;
  } catch (error) {
    ctx.loaders.clear();
    if (error instanceof OutcomeUnknown) {
      logWrite(ctx, record, 'unknown', error.original);
      throw gatewayError(
        'UPSTREAM_UNAVAILABLE',
        'The write was sent to Jira but no answer came, so it may or may not have been applied. Read the issue before trying again.',
        { outcome: 'unknown' },
      );
    }
    logWrite(ctx, record, 'refused', error);
    throw error;
  }
}

function logWrite(
  ctx: GatewayContext,
  record: WriteRecord,
  outcome: 'applied' | 'refused' | 'unknown',
  error?: unknown,
): void {
  const code = error instanceof GraphQLError ? error.extensions.code : undefined;
  ctx.logger.info(
    {
      event: 'jira.write',
      requestId: ctx.requestId,
      tokenId: ctx.session?.token.id,
      identityId: ctx.session?.identity.id,
      operation: record.operation,
      issueKey: record.issueKey,
      ...(record.itemId ? { itemId: record.itemId } : {}),
      outcome,
      ...(code ? { code } : {}),
    },
    `jira write ${record.operation} ${outcome}`,
  );
}
