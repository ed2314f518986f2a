// Structured JSON logs (pino). Authorization headers, tokens and credentials
// never reach a log line: nothing logs headers, and these paths are redacted
// as a second line of defence.
import { type DestinationStream, type Logger, pino } from 'pino';

/** How long a log line may wait in the buffer when little is logged. */
const FLUSH_EVERY_MS = 1000;

/**
 * Without a destination, lines go to stdout through a 4 KB buffer, written
 * asynchronously: one write per line (the request log writes one per request)
 * was a visible share of a single-issue query's CPU (BENCHMARKS.md, "What changed, and what it saved"). The buffer is written when it
 * fills, every second, and when the process exits (pino flushes its
 * destinations on exit, uncaught exceptions and `jgg serve`'s SIGTERM/SIGINT
 * shutdown); a crash of the machine itself can lose up to 4 KB of lines.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  let target = destination;
  if (!target) {
    const buffered = pino.destination({ dest: 1, minLength: 4096, sync: false });
    setInterval(() => {
      try {
        buffered.flush();
      } catch {
        // Destroyed (stdout closed): there is nothing left to write to.
      }
    }, FLUSH_EVERY_MS).unref();
    target = buffered;
  }
  return pino(
    {
      level,
      base: { service: 'jgg' },
      redact: {
        paths: [
          'req.headers.authorization',
          'headers.authorization',
          'authorization',
          'secret',
          'token.secret',
          'jiraToken',
          'credential',
          'sealedCredential',
          '*.sealedCredential',
          '*.secretHash',
        ],
        censor: '[redacted]',
      },
    },
    target,
  );
}
