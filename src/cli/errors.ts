// How a command fails: one line on stderr, saying what to fix, and an exit
// code (2 for bad configuration or flags, 1 for everything else).
import { ConfigError } from '../config.ts';
import { PublicError } from '../errors.ts';
import { JiraError } from '../jira/errors.ts';
import { printable } from './output.ts';

export class UsageError extends Error {}

export function describeFailure(error: unknown): { line: string; code: number } {
  if (error instanceof ConfigError || error instanceof UsageError) return { line: error.message, code: 2 };
  // A token rule or an identity input broken: the message says which.
  if (error instanceof PublicError) return { line: error.message, code: 1 };
  if (error instanceof JiraError) {
    const said = error.jiraMessages.length > 0 ? `: ${error.jiraMessages.join(' ')}` : '';
    return { line: `Jira refused (${error.code})${said}`, code: 1 };
  }
  return { line: error instanceof Error ? error.message : String(error), code: 1 };
}

/** Runs a command body, turning any failure into one line and an exit code. */
export async function runCommand(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const { line, code } = describeFailure(error);
    // Messages can carry names from Jira or the store: no control character reaches the terminal.
    process.stderr.write(`jgg ${name}: ${printable(line)}\n`);
    process.exit(code);
  }
}
