// Structured JSON logs (pino). Authorization headers, tokens and credentials
// never reach a log line: nothing logs headers, and these paths are redacted
// as a second line of defence.
import { type DestinationStream, type Logger, pino } from 'pino';

export function createLogger(level: string, destination?: DestinationStream): Logger {
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
    destination,
  );
}
