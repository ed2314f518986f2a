// Counts every authenticated request in its token's usage once it is
// answered: the points it was charged, whether it failed (HTTP >= 400, or
// GraphQL errors in a 200 answer), the client address and the time. Only
// memory is touched here; tokens/usage-recorder.ts writes in batches.
// Requests without a session (no token, a refused one, probes) count nothing.
import type { Plugin } from 'graphql-yoga';
import type { RequestState } from '../request-context.ts';
import type { UsageRecorder } from '../tokens/usage-recorder.ts';

export interface UsageRecordingOptions {
  stateOf: (request: Request) => RequestState;
  recorder: Pick<UsageRecorder, 'record'>;
  now?: () => Date;
}

export function useUsageRecording({ stateOf, recorder, now }: UsageRecordingOptions): Plugin {
  const clock = now ?? (() => new Date());
  // Requests whose GraphQL result held errors (their answer may still be a 200).
  const failed = new WeakSet<Request>();
  return {
    onResultProcess({ request, result }) {
      for (const one of Array.isArray(result) ? result : [result]) {
        if (Symbol.asyncIterator in one) continue;
        if (one.errors !== undefined && one.errors.length > 0) {
          failed.add(request);
          return;
        }
      }
    },
    onResponse({ request, response }) {
      const state = stateOf(request);
      if (state.session === null) return;
      const session = state.session;
      const record = (streamFailed: boolean) =>
        recorder.record({
          tokenId: session.token.id,
          at: clock(),
          ip: state.clientIp,
          points: state.points,
          error: response.status >= 400 || failed.has(request) || streamFailed,
        });
      // A streamed export is counted once its body ends, with every point it was charged on the way.
      if (state.streamed && response.status < 400)
        void state.streamed.then((outcome) => record(outcome.error));
      else record(false);
    },
  };
}
