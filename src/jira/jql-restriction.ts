// Narrows a caller's JQL to the projects their token is restricted to:
// `project in ("A", "B") AND (<caller's clauses>) ORDER BY <caller's order>`.
// The caller's clauses are bracketed so an OR in them cannot escape the
// restriction, and a top-level ORDER BY is kept outside the brackets, where
// JQL requires it. Brackets and ORDER BY are found from Jira-exact tokens
// (jql-lexer.ts), never from raw characters, so nothing quoted or escaped can
// open or close a bracket that Jira would not.
import { isKeyword, type JqlToken, lexJql, UnsafeJqlError } from './jql-lexer.ts';

export { UnsafeJqlError } from './jql-lexer.ts';

/** A JQL string literal: double-quoted, with quotes and backslashes escaped. */
export function jqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The caller's JQL split at its top-level ORDER BY. */
export interface JqlParts {
  /** The tokens before ORDER BY. */
  where: JqlToken[];
  /** The tokens after ORDER BY (the sort fields); null without an ORDER BY. */
  orderBy: JqlToken[] | null;
  /** The ORDER BY clause as written, from ORDER to its last sort field; '' without one. */
  orderText: string;
}

/**
 * Splits the tokens at the top-level ORDER BY and refuses unbalanced brackets:
 * `a = 1) OR (b = 2` would otherwise close our bracket early and put its OR
 * outside the restriction.
 */
export function splitJql(jql: string, tokens: readonly JqlToken[]): JqlParts {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as JqlToken;
    if (token.kind === '(') depth++;
    else if (token.kind === ')') {
      depth--;
      if (depth < 0) throw new UnsafeJqlError("The JQL has a ')' without its '('.");
    } else if (depth === 0 && isKeyword(token, 'order') && isKeyword(tokens[i + 1], 'by')) {
      const orderBy = tokens.slice(i + 2);
      // ORDER BY ends a query in Jira: only sort fields may follow, so nothing after it can be a clause or a bracket.
      const stray = orderBy.find(
        (t) => t.kind !== 'word' && t.kind !== 'string' && t.kind !== ',' && t.kind !== '[' && t.kind !== ']',
      );
      if (stray) throw new UnsafeJqlError(`Only sort fields may follow ORDER BY, not '${stray.raw}'.`);
      return { where: tokens.slice(0, i), orderBy, orderText: textOf(jql, tokens.slice(i)) };
    }
  }
  if (depth !== 0) throw new UnsafeJqlError("The JQL has a '(' without its ')'.");
  return { where: [...tokens], orderBy: null, orderText: '' };
}

/** The JQL's text from the first to the last of these tokens, as the caller wrote it. */
function textOf(jql: string, tokens: readonly JqlToken[]): string {
  const first = tokens[0];
  const last = tokens.at(-1);
  return first && last ? jql.slice(first.start, last.end) : '';
}

/** The JQL as Jira must run it for a token restricted to `projects` (unchanged when null). */
export function restrictJql(jql: string, projects: readonly string[] | null): string {
  // Read even when unrestricted: what cannot be read with certainty is refused for everyone alike.
  return narrowJql(jql, splitJql(jql, lexJql(jql)), projects);
}

/** restrictJql for a JQL already split (by splitJql over lexJql of the same text). */
export function narrowJql(jql: string, parts: JqlParts, projects: readonly string[] | null): string {
  if (projects === null) return jql;
  return andClause(jql, parts, `project in (${projects.map(jqlString).join(', ')})`);
}

/**
 * The JQL (split as for narrowJql) with `clause` ANDed ahead of it and its
 * ORDER BY kept last: `<clause> AND (<where>) ORDER BY ...`. The caller's
 * clauses are bracketed, so none of their ORs can reach past `clause`.
 */
export function andClause(jql: string, parts: JqlParts, clause: string): string {
  const where = textOf(jql, parts.where);
  const order = parts.orderText === '' ? '' : ` ${parts.orderText}`;
  return where === '' ? `${clause}${order}` : `${clause} AND (${where})${order}`;
}
