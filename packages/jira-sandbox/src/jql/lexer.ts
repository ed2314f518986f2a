// Hand-written JQL tokenizer. Keywords are not distinguished here (the parser
// decides by position), but Jira's reserved words and characters are refused
// at this stage, as Jira's own lexer does.
import { type JqlError, syntaxError, VALID_ESCAPES } from './errors.ts';

export type TokenKind = 'word' | 'string' | 'op' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Decoded value: escapes resolved, quotes removed. */
  value: string;
  /** 0-based offset of the token's first character. */
  offset: number;
}

/** Words Jira refuses unquoted ("'for' is a reserved JQL word"), from JqlStringSupportImpl. */
const RESERVED_WORDS = new Set(
  (
    'abort access add alias all alter any as audit avg begin between boolean break byte catch char character ' +
    'check checkpoint collate collation column commit connect continue count create current date decimal ' +
    'declare decrement default defaults define delete delimiter difference distinct divide do double drop ' +
    'else encoding end equals escape exclusive exec execute exists explain false fetch file field first float ' +
    'for function go goto grant greater group having identified if immediate increment index initial inner ' +
    'inout input insert int integer intersect intersection into isempty isnull join last left less like limit ' +
    'lock long max min minus mode modify modulo more multiply next noaudit notin nowait number object of ' +
    'option outer output power previous prior privileges public raise raw remainder rename resource return ' +
    'returns revoke right row rowid rownum rows select session set share size sqrt start strict string ' +
    'subtract sum synonym table then trans transaction trigger true uid union unique update user validate ' +
    'values view when whenever where while with'
  ).split(' '),
);

/** Characters Jira reserves outside strings (it suggests the \u escape instead). */
const RESERVED_CHARS = new Set(['{', '}', '#']);

/** Characters that end an unquoted word. */
const WORD_STOP = new Set(['"', "'", '=', '!', '<', '>', '~', '(', ')', ',', '[', ']', '|', '&']);

const isSpace = (c: string): boolean => /\s/.test(c);

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;

  // Decodes one escape at source[i] === '\\'; returns the character and the new index.
  const decodeEscape = (at: number): [string, number] => {
    const next = source[at + 1];
    if (next === undefined) {
      throw syntaxError(`The escape sequence has not been completed. ${VALID_ESCAPES}`, source, at);
    }
    const simple: Record<string, string> = {
      "'": "'",
      '"': '"',
      t: '\t',
      n: '\n',
      r: '\r',
      '\\': '\\',
      ' ': ' ',
    };
    const decoded = simple[next];
    if (decoded !== undefined) return [decoded, at + 2];
    if (next === 'u') {
      let hex = '';
      let j = at + 2;
      while (hex.length < 4 && j < source.length && /[0-9a-fA-F]/.test(source[j]!)) hex += source[j++];
      if (hex.length === 4) return [String.fromCharCode(Number.parseInt(hex, 16)), j];
      const shown = `\\u${hex}${source[j] ?? ''}`;
      throw syntaxError(`'${shown}' is an illegal JQL escape sequence. ${VALID_ESCAPES}`, source, at);
    }
    throw syntaxError(`'\\${next}' is an illegal JQL escape sequence. ${VALID_ESCAPES}`, source, at);
  };

  while (i < source.length) {
    const c = source[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '"' || c === "'") {
      let value = '';
      i++;
      let closed = false;
      while (i < source.length) {
        const ch = source[i]!;
        if (ch === c) {
          closed = true;
          i++;
          break;
        }
        if (ch === '\\') {
          const [decoded, next] = decodeEscape(i);
          value += decoded;
          i = next;
          continue;
        }
        value += ch;
        i++;
      }
      if (!closed) {
        // Jira shows line breaks inside the unfinished string as spaces.
        const shown = value.replace(/\r?\n/g, ' ');
        const message =
          shown === ''
            ? 'The quoted string has not been completed.'
            : `The quoted string '${shown}' has not been completed.`;
        throw syntaxError(message, source, start);
      }
      tokens.push({ kind: 'string', value, offset: start });
      continue;
    }
    const two = source.slice(i, i + 2);
    if (two === '!=' || two === '!~' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'op', value: two, offset: start });
      i += 2;
      continue;
    }
    if (two === '&&' || two === '||') {
      tokens.push({ kind: 'punct', value: two, offset: start });
      i += 2;
      continue;
    }
    if (c === '=' || c === '~' || c === '<' || c === '>') {
      tokens.push({ kind: 'op', value: c, offset: start });
      i++;
      continue;
    }
    if (WORD_STOP.has(c)) {
      tokens.push({ kind: 'punct', value: c, offset: start });
      i++;
      continue;
    }
    if (RESERVED_CHARS.has(c)) throw reservedChar(source, c, start);
    let value = '';
    while (i < source.length) {
      const ch = source[i]!;
      if (isSpace(ch) || WORD_STOP.has(ch)) break;
      if (RESERVED_CHARS.has(ch)) throw reservedChar(source, ch, i);
      if (ch === '\\') {
        const [decoded, next] = decodeEscape(i);
        value += decoded;
        i = next;
        continue;
      }
      value += ch;
      i++;
    }
    if (RESERVED_WORDS.has(value.toLowerCase())) {
      throw syntaxError(
        `'${value}' is a reserved JQL word. You must surround it in quotation marks to use it in a query.`,
        source,
        start,
      );
    }
    tokens.push({ kind: 'word', value, offset: start });
  }
  tokens.push({ kind: 'eof', value: '', offset: source.length });
  return tokens;
}

function reservedChar(source: string, c: string, offset: number): JqlError {
  const code = c.charCodeAt(0).toString(16).padStart(4, '0');
  return syntaxError(
    `The character '${c}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u${code}' instead.`,
    source,
    offset,
  );
}
