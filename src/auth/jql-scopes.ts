// What a caller's JQL reads, in scopes. A clause filters on its field, so a
// search is an oracle for that field even though no field of the answer shows
// it: `comment ~ "salary"` with totalCount tells comment text to a token
// without comments:read. interface.md: "JQL may not filter on what the token
// may not read (comments, worklogs, user emails)."
import { isKeyword, type JqlToken } from '../jira/jql-lexer.ts';
import type { JqlParts } from '../jira/jql-restriction.ts';
import type { Scope } from './scopes.ts';

/** Field names as Jira compares them: case-insensitive (spaces dropped, so "Time Spent" counts too). */
function fieldKey(name: string): string {
  return name.toLowerCase().replace(/\s+/g, '');
}

/** Fields whose values only another scope may read. `text` is Jira's master search, comments included. */
const FIELD_SCOPES: ReadonlyMap<string, Scope> = new Map<string, Scope>([
  ['comment', 'comments:read'],
  ['text', 'comments:read'],
  ['textfields', 'comments:read'],
  ...[
    'worklogauthor',
    'worklogcomment',
    'worklogdate',
    'timespent',
    'timeestimate',
    'timeoriginalestimate',
    'originalestimate',
    'remainingestimate',
    'workratio',
    'aggregatetimespent',
    'aggregatetimeestimate',
    'aggregatetimeoriginalestimate',
  ].map((f): [string, Scope] => [f, 'worklogs:read']),
]);

/**
 * Fields whose values are free text, where an '@' is just text. On every
 * other field (user fields, custom fields that may hold users, history
 * predicates' BY) a value with an '@' is taken for an email address.
 */
const FREE_TEXT = new Set([
  'summary',
  'description',
  'environment',
  'text',
  'textfields',
  'comment',
  'worklogcomment',
  'labels',
]);

const CLAUSE_OPERATORS = new Set(['=', '!=', '~', '!~', '<', '>', '<=', '>=']);

/** Whether tokens[i] starts a clause operator: = != ~ ..., IN, NOT IN, IS, WAS, CHANGED. */
function operatorAt(tokens: readonly JqlToken[], i: number): boolean {
  const t = tokens[i];
  if (t?.kind === 'operator') return CLAUSE_OPERATORS.has(t.value);
  return (
    isKeyword(t, 'in') ||
    isKeyword(t, 'is') ||
    isKeyword(t, 'was') ||
    isKeyword(t, 'changed') ||
    (isKeyword(t, 'not') && isKeyword(tokens[i + 1], 'in'))
  );
}

interface Clause {
  /** Index of the field's first token. */
  at: number;
  /** Index of the operator. */
  operatorAt: number;
  field: string;
}

/** The clauses' fields: a word or string (or `cf[10001]`) right before an operator. */
function clausesOf(tokens: readonly JqlToken[]): Clause[] {
  const out: Clause[] = [];
  for (let i = 1; i < tokens.length; i++) {
    if (!operatorAt(tokens, i)) continue;
    const before = tokens[i - 1] as JqlToken;
    if (before.kind === 'word' || before.kind === 'string') {
      out.push({ at: i - 1, operatorAt: i, field: before.value });
    } else if (before.kind === ']') {
      // cf[10001], or a field with a property: the name before '[' and what is inside.
      let open = i - 2;
      while (open >= 0 && tokens[open]?.kind !== '[') open--;
      const name = tokens[open - 1];
      if (open < 1 || name === undefined) continue;
      const inside = tokens
        .slice(open + 1, i - 1)
        .map((t) => t.value)
        .join('');
      out.push({ at: open - 1, operatorAt: i, field: `${name.value}[${inside}]` });
    }
  }
  return out;
}

export interface JqlScopeNeed {
  scope: Scope;
  /** What in the JQL needs it, for the error message. */
  because: string;
}

/** The scopes the JQL needs beyond issues:read, each with its reason. */
export function jqlScopeNeeds(parts: JqlParts): JqlScopeNeed[] {
  const needs: JqlScopeNeed[] = [];
  const tokens = parts.where;
  const clauses = clausesOf(tokens);
  const fieldTokens = new Set(clauses.map((c) => c.at));
  for (const clause of clauses) {
    const scope = FIELD_SCOPES.get(fieldKey(clause.field));
    if (scope) needs.push({ scope, because: `a clause on ${clause.field}` });
  }
  tokens.forEach((token, i) => {
    if ((token.kind !== 'word' && token.kind !== 'string') || !token.value.includes('@')) return;
    if (fieldTokens.has(i)) return;
    const clause = clauses.findLast((c) => c.operatorAt < i);
    const byUser = clause !== undefined && tokens.slice(clause.operatorAt, i).some((t) => isKeyword(t, 'by'));
    if (clause !== undefined && FREE_TEXT.has(fieldKey(clause.field)) && !byUser) return;
    needs.push({ scope: 'users:email', because: `an email address (${clause?.field ?? 'a value'} = '…@…')` });
  });
  for (const token of parts.orderBy ?? []) {
    if (token.kind !== 'word' && token.kind !== 'string') continue;
    const scope = FIELD_SCOPES.get(fieldKey(token.value));
    if (scope) needs.push({ scope, because: `sorting by ${token.value}` });
    if (token.value.includes('@')) needs.push({ scope: 'users:email', because: 'an email address' });
  }
  return needs;
}
