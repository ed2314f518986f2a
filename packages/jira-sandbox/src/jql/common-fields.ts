// Field builders and lookups that system and custom fields share: Jira's
// id-or-name lookup, dates, users, issue references and issue-key order.
import type { SandboxCustomField, SandboxIssue, SandboxUser } from '../model.ts';
import { parseDateValue } from './dates.ts';
import { DATE_FORMATS } from './errors.ts';
import {
  type Atom,
  atoms,
  EMPTINESS,
  EQUALITY,
  lower,
  missingValue,
  numeric,
  oneOrNone,
  ops,
  RELATIONAL,
  type Resolution,
  type ValueField,
  valueField,
} from './field-def.ts';
import type { ValueOperand } from './parser.ts';
import type { JqlContext } from './types.ts';

/**
 * Jira's lookup order: an unquoted number is an id first and a name second;
 * anything else is a name first and, when it looks like a number, an id.
 */
export function pick<T>(
  operand: ValueOperand,
  byId: (id: string) => T[],
  byName: (lower: string) => T[],
): T[] {
  const v = operand.value.trim();
  const isNumber = /^\d+$/.test(v);
  if (isNumber && !operand.quoted) {
    const found = byId(v);
    return found.length > 0 ? found : byName(v.toLowerCase());
  }
  const found = byName(v.toLowerCase());
  return found.length > 0 || !isNumber ? found : byId(v);
}

export function byIdOrName<T extends { id: string; name: string }>(
  items: readonly T[],
  operand: ValueOperand,
  field: string,
): Resolution {
  const found = pick(
    operand,
    (id) => items.filter((i) => i.id === id),
    (lower) => items.filter((i) => i.name.toLowerCase() === lower),
  );
  return found.length > 0 ? atoms(found.map((f) => f.id)) : missingValue(operand.value, field);
}

export const keyNumber = (key: string): number => Number(key.slice(key.lastIndexOf('-') + 1));

/** Issue keys sort by project key, then number. */
export const keySortValue = (key: string): string =>
  `${key.slice(0, key.lastIndexOf('-'))}-${String(keyNumber(key)).padStart(15, '0')}`;

export const ISSUE_KEY = /^[A-Za-z][A-Za-z0-9_]*-\d+$/;

export function customValues(issue: SandboxIssue, cf: SandboxCustomField): string[] {
  const raw = issue.customFields[cf.id];
  if (raw === null || raw === undefined) return [];
  if (Array.isArray(raw)) return raw.map(String);
  return [String(raw)];
}

export function dateField(
  shown: string,
  ctx: JqlContext,
  value: (issue: SandboxIssue) => number | null,
  defaultDirection: 'asc' | 'desc',
): ValueField {
  return valueField({
    operators: ops(EQUALITY, EMPTINESS, RELATIONAL),
    values: oneOrNone(value),
    resolve: (operand) => {
      const ms = parseDateValue(operand.value, ctx.now);
      if (ms === null) {
        return {
          kind: 'error',
          message: `Date value '${operand.value}' for field '${shown}' is invalid. ${DATE_FORMATS}`,
        };
      }
      return atoms([ms]);
    },
    functionKind: 'date',
    compare: numeric,
    sortKey: value,
    defaultDirection,
  });
}

/** Data Center knows users by username or key; Cloud by accountId. Both by email. */
export function findUsers(value: string, ctx: JqlContext): SandboxUser[] {
  const l = value.toLowerCase();
  return ctx.store.data.users.filter((u) =>
    ctx.flavor === 'cloud'
      ? u.accountId === value || u.emailAddress.toLowerCase() === l
      : u.name.toLowerCase() === l || u.key === value || u.emailAddress.toLowerCase() === l,
  );
}

export function userField(
  shown: string,
  ctx: JqlContext,
  values: (issue: SandboxIssue) => string[],
): ValueField {
  const displayName = (key: string): string => lower(ctx.store.usersByKey.get(key)?.displayName ?? key);
  return valueField({
    operators: ops(EQUALITY, EMPTINESS),
    values,
    resolve: (operand) => {
      const users = findUsers(operand.value, ctx);
      return users.length > 0 ? atoms(users.map((u) => u.key)) : missingValue(operand.value, shown);
    },
    functionKind: 'user',
    sortKey: (issue) => {
      const first = values(issue)[0];
      return first === undefined ? null : displayName(first);
    },
  });
}

/** An issue key or id the caller can see, in Jira's key wording. */
export function resolveIssue(operand: ValueOperand, shown: string, ctx: JqlContext): Resolution {
  const v = operand.value.trim();
  let issue: SandboxIssue | undefined;
  if (/^\d+$/.test(v)) issue = ctx.store.issuesById.get(v);
  else if (ISSUE_KEY.test(v)) issue = ctx.store.issuesByKey.get(v.toUpperCase());
  else return { kind: 'error', message: `The issue key '${operand.value}' for field '${shown}' is invalid.` };
  if (!issue || !ctx.store.canSeeIssue(ctx.user, issue)) {
    return {
      kind: 'missing',
      message: `An issue with key '${operand.value}' does not exist for field '${shown}'.`,
    };
  }
  return atoms([issue.id]);
}

/** The epic an issue links to, as the epic's issue id (the key when it is gone). */
export function epicIds(issue: SandboxIssue, cf: SandboxCustomField, ctx: JqlContext): Atom[] {
  return customValues(issue, cf).map((key) => ctx.store.issuesByKey.get(key.toUpperCase())?.id ?? key);
}
