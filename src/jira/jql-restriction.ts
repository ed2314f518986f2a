// Narrows a caller's JQL to the projects their token is restricted to:
// `project in ("A", "B") AND (<caller's clauses>) ORDER BY <caller's order>`.
// The caller's clauses are bracketed so an OR in them cannot escape the
// restriction, and a top-level ORDER BY is kept outside the brackets, where
// JQL requires it. Quoted strings are skipped so `summary ~ "order by"` is
// not mistaken for the ORDER BY clause.

/** The caller's JQL cannot be bracketed safely (it would break out of the brackets). */
export class UnsafeJqlError extends Error {}

/**
 * Finds where the top-level ORDER BY starts (-1 when there is none), and
 * refuses unbalanced brackets: `a = 1) OR (b = 2` would otherwise close our
 * bracket early and put its OR outside the restriction.
 */
function orderByIndex(jql: string): number {
  let quote: string | null = null;
  let depth = 0;
  let orderAt = -1;
  for (let i = 0; i < jql.length; i++) {
    const c = jql[i] as string;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth < 0) throw new UnsafeJqlError("The JQL has a ')' without its '('.");
    } else if (
      orderAt === -1 &&
      depth === 0 &&
      (c === 'o' || c === 'O') &&
      (i === 0 || /[\s)]/.test(jql[i - 1] as string))
    ) {
      if (/^order\s+by\b/i.test(jql.slice(i))) orderAt = i;
    }
  }
  if (quote) throw new UnsafeJqlError('The JQL has a quoted string that is not closed.');
  if (depth !== 0) throw new UnsafeJqlError("The JQL has a '(' without its ')'.");
  return orderAt;
}

/** A JQL string literal: double-quoted, with quotes and backslashes escaped. */
export function jqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function restrictJql(jql: string, projects: readonly string[] | null): string {
  if (projects === null) return jql;
  const restriction = `project in (${projects.map(jqlString).join(', ')})`;
  const at = orderByIndex(jql);
  const where = (at === -1 ? jql : jql.slice(0, at)).trim();
  const order = at === -1 ? '' : ` ${jql.slice(at).trim()}`;
  return where === '' ? `${restriction}${order}` : `${restriction} AND (${where})${order}`;
}
