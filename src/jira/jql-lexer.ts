// Splits a caller's JQL into tokens exactly where Jira's own lexer (Jql.g)
// does, so the project restriction can bracket it with certainty. Anything
// whose reading is not certain is refused rather than guessed: characters
// Jira reserves, control and invisible characters, typographic quote marks,
// comment-like sequences and unknown escapes. Refusing costs the caller a pair
// of quotes; guessing wrong once leaked other projects' issues.

/** The caller's JQL cannot be read with certainty, or cannot be bracketed safely. */
export class UnsafeJqlError extends Error {
  override readonly name = 'UnsafeJqlError';
}

export type JqlTokenKind =
  /** An unquoted word: field, value, keyword or function name (Jira's STRING). */
  | 'word'
  /** A "double" or 'single' quoted string. */
  | 'string'
  /** = != ~ !~ < > <= >=, and & && | || (Jira's AND and OR). */
  | 'operator'
  | '('
  | ')'
  | ','
  | '['
  | ']';

export interface JqlToken {
  kind: JqlTokenKind;
  /** The text as written. */
  raw: string;
  /** Words and strings with escapes decoded and quotes removed; otherwise the raw text. */
  value: string;
  /** Offsets into the JQL: start inclusive, end exclusive. */
  start: number;
  end: number;
}

/** Jira's whitespace: space, tab, CR, LF. Any other space is part of a word in Jira, so it is refused. */
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/** Characters that end an unquoted word and are tokens of their own (Jira's STRINGSTOP, less quotes). */
const PUNCTUATION = new Set(['(', ')', ',', '[', ']']);
const OPERATOR_START = new Set(['=', '!', '<', '>', '~', '&', '|']);
const OPERATORS = new Set(['=', '!=', '~', '!~', '<', '>', '<=', '>=', '&', '&&', '|', '||']);

/** Jira's RESERVED_CHARS: refused outside quotes ("enclose it in a string"). */
const RESERVED = new Set(['{', '}', '*', '/', '%', '+', '^', '$', '#', '@', '?', ';']);

/** Quote-like marks Jira reads as plain word characters; a caller likely meant a quote. */
const QUOTE_LIKE = /[`\u00ab\u00bb\u2018-\u201f\u2032-\u2037\u2039\u203a\u300c-\u300f\uff02\uff07]/u;

/** Control, format (bidi, zero-width), separator, private and unassigned characters, lone surrogates. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Jira's escapes: \" \' \\ \t \n \r \<space> and \uXXXX; any other is an error in Jira. */
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  t: '\t',
  n: '\n',
  r: '\r',
  ' ': ' ',
};

function shown(c: string): string {
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function refuse(message: string, at: number): never {
  throw new UnsafeJqlError(`${message} (at character ${at + 1}).`);
}

/** Decodes the escape at jql[at] === '\\': the character and the index after it. */
function escapeAt(jql: string, at: number): [string, number] {
  const next = jql[at + 1];
  if (next === undefined) refuse('The JQL ends in the middle of an escape (\\)', at);
  const simple = SIMPLE_ESCAPES[next];
  if (simple !== undefined) return [simple, at + 2];
  const hex = jql.slice(at + 2, at + 6);
  if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(hex))
    return [String.fromCharCode(Number.parseInt(hex, 16)), at + 6];
  return refuse(
    `'\\${next === 'u' ? `u${hex}` : next}' is not a JQL escape; Jira knows \\" \\' \\\\ \\t \\n \\r \\<space> and \\uXXXX`,
    at,
  );
}

/** A quoted string starting at jql[start] (its quote mark); the token. */
function quoted(jql: string, start: number): JqlToken {
  const quote = jql[start] as string;
  let value = '';
  let i = start + 1;
  while (i < jql.length) {
    const c = jql[i] as string;
    if (c === quote) {
      return { kind: 'string', raw: jql.slice(start, i + 1), value, start, end: i + 1 };
    }
    if (c === '\\') {
      const [decoded, next] = escapeAt(jql, i);
      value += decoded;
      i = next;
      continue;
    }
    // Jira refuses control characters inside strings (it wants \t, \n, \r written as escapes or kept as line breaks).
    if (/\p{Cc}/u.test(c) && c !== '\n' && c !== '\r' && c !== '\t') {
      refuse(`The JQL has the control character ${shown(c)} inside a quoted string`, i);
    }
    value += c;
    i++;
  }
  return refuse(`The JQL has a quoted string (${quote}) that is not closed`, start);
}

/** Why a character cannot stand outside quotes, or null if it may be part of a word. */
function unquotedProblem(c: string): string | null {
  if (RESERVED.has(c)) return `'${c}' is a reserved JQL character: put the value in quotes`;
  if (QUOTE_LIKE.test(c)) return `'${c}' (${shown(c)}) is not a JQL quote mark: use " or ' around the value`;
  if (INVISIBLE.test(c)) return `The JQL has the invisible or control character ${shown(c)} outside quotes`;
  return null;
}

/** An unquoted word starting at jql[start]; escapes belong to the word (`a\"` is ONE word, as in Jira). */
function word(jql: string, start: number): JqlToken {
  let value = '';
  let i = start;
  while (i < jql.length) {
    // By code point, so a character beyond U+FFFF (an emoji) is one character, not two lone surrogates.
    const c = String.fromCodePoint(jql.codePointAt(i) ?? 0);
    if (WHITESPACE.has(c) || PUNCTUATION.has(c) || OPERATOR_START.has(c) || c === '"' || c === "'") break;
    if (c === '\\') {
      const [decoded, next] = escapeAt(jql, i);
      value += decoded;
      i = next;
      continue;
    }
    const problem = unquotedProblem(c);
    if (problem !== null) refuse(problem, i);
    if (c === '-' && jql[i + 1] === '-')
      refuse("'--' looks like a comment, which JQL has none of: quote it", i);
    value += c;
    i += c.length;
  }
  return { kind: 'word', raw: jql.slice(start, i), value, start, end: i };
}

/** The tokens of a JQL string; throws UnsafeJqlError on anything not read with certainty. */
export function lexJql(jql: string): JqlToken[] {
  const tokens: JqlToken[] = [];
  let i = 0;
  while (i < jql.length) {
    const c = jql[i] as string;
    if (WHITESPACE.has(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      const token = quoted(jql, i);
      tokens.push(token);
      i = token.end;
    } else if (PUNCTUATION.has(c)) {
      tokens.push({ kind: c as JqlTokenKind, raw: c, value: c, start: i, end: i + 1 });
      i++;
    } else if (OPERATOR_START.has(c)) {
      const two = jql.slice(i, i + 2);
      const op = OPERATORS.has(two) ? two : c;
      if (!OPERATORS.has(op)) refuse(`'${c}' is not a JQL operator here`, i);
      tokens.push({ kind: 'operator', raw: op, value: op, start: i, end: i + op.length });
      i += op.length;
    } else {
      const token = word(jql, i);
      tokens.push(token);
      i = token.end;
    }
  }
  return tokens;
}

/** Whether a token is the unquoted, unescaped keyword (case-insensitive), as Jira's lexer matches keywords. */
export function isKeyword(token: JqlToken | undefined, keyword: string): boolean {
  return token?.kind === 'word' && token.raw.toLowerCase() === keyword;
}
