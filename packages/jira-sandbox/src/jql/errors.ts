// JQL failures carry Jira's own wording because the sandbox hands them to API
// clients verbatim (errorMessages of a 400). Parse errors are single-message
// and prefixed like Jira's; validation collects one message per problem.

export class JqlError extends Error {
  /** Jira's error wording, one message per problem. */
  readonly messages: string[];

  constructor(messages: string | string[]) {
    const list = typeof messages === 'string' ? [messages] : messages;
    super(list.join('\n'));
    this.name = 'JqlError';
    this.messages = list;
  }
}

/** Jira's "(line L, character C)" suffix; both are 1-based. */
export function position(source: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return `(line ${line}, character ${offset - lineStart + 1})`;
}

/** A syntax error. Without an offset the message is about the end of the query. */
export function syntaxError(message: string, source: string, offset?: number): JqlError {
  const where = offset === undefined ? '' : ` ${position(source, offset)}`;
  return new JqlError(`Error in the JQL Query: ${message}${where}`);
}

export const VALID_OPERATORS =
  "'=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'";

export const VALID_ESCAPES =
  "The valid escape sequences are \\', \\\", \\t, \\n, \\r, \\\\, '\\ ' and \\uXXXX.";

export const DATE_FORMATS =
  "Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.";
