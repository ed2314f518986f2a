// An export's body as a pull stream: the header and the first batch of rows,
// then one batch per Jira page, each read only when the response pulls for
// more (the HTTP layer pulls as the socket drains), so a slow client holds
// the export back instead of letting pages pile up. A failure of the rows
// ends the body with the format's error line; a client that went away just
// ends it.
import type { ExportSource } from './export-sources.ts';
import type { Cell } from './issue-columns.ts';
import type { TableFormat } from './table-output.ts';

export interface TableStreamHooks {
  /** Called once, when the body ends: null when it is complete, else the failure's code (CLIENT_GONE included). */
  onEnd(error: string | null, rows: number): void;
  /** What the caller is told of a failure of the rows. */
  failureOf(error: unknown): { code: string; message: string };
  /** Aborted when the client went away: the body then ends without an error line. */
  gone: AbortSignal;
  /** The response's reader cancelled the body. */
  onCancel(): void;
}

export interface TableStream {
  body: ReadableStream<Uint8Array>;
  /** Ends the export now (the client went away; pull() may never run again). */
  abandon(): void;
}

export function tableStream(
  format: TableFormat,
  source: ExportSource,
  first: IteratorResult<Cell[][]>,
  hooks: TableStreamHooks,
): TableStream {
  const encoder = new TextEncoder();
  let pending: string | null = format.start(source.columns);
  let next: IteratorResult<Cell[][]> | null = first;
  let done = false;
  let rows = 0;
  const end = (error: string | null): void => {
    done = true;
    hooks.onEnd(error, rows);
  };
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          for (;;) {
            if (done) {
              controller.close();
              return;
            }
            const batch = next ?? (await source.rows.next());
            next = null;
            let text = pending ?? '';
            pending = null;
            if (batch.done) end(null);
            else {
              rows += batch.value.length;
              text += format.rows(batch.value);
            }
            if (text !== '') {
              controller.enqueue(encoder.encode(text));
              return;
            }
          }
        } catch (error) {
          if (done) return;
          if (hooks.gone.aborted) {
            end('CLIENT_GONE');
            controller.close();
            return;
          }
          const failure = hooks.failureOf(error);
          end(failure.code);
          controller.enqueue(
            encoder.encode(`${pending ?? ''}${format.error(failure.code, failure.message)}`),
          );
          controller.close();
        }
      },
      cancel() {
        hooks.onCancel();
      },
    },
    // Nothing is read ahead of what the response asks for (issue-pages.ts reads one Jira page ahead).
    { highWaterMark: 0 },
  );
  return {
    body,
    abandon() {
      if (done) return;
      end('CLIENT_GONE');
      source.rows.return(undefined).catch(() => {});
    },
  };
}
