// JQL functions the sandbox knows. Each produces values of one kind, and a
// field accepts only functions of its kind (Jira: "A value provided by the
// function ... is invalid for the field ...").
import { DATE_FUNCTIONS, evaluateDateFunction, type Increment, parseIncrement } from './dates.ts';
import type { FunctionOperand } from './parser.ts';
import type { JqlContext } from './types.ts';

export type FunctionKind = 'user' | 'date' | 'sprint' | 'issuetype';

/** Values a function yields: user keys, epoch ms, sprint ids or issue type ids. */
export type FunctionResult = { values: Array<string | number> } | { error: string };

export interface JqlFunction {
  name: string;
  kind: FunctionKind;
  /** List functions need IN / NOT IN; the others need a single-value operator. */
  list: boolean;
  minArgs: number;
  maxArgs: number;
  /** Argument problems independent of the data (Jira validates these first). */
  validate?(operand: FunctionOperand): string | null;
  evaluate(operand: FunctionOperand, ctx: JqlContext): FunctionResult;
}

const PERIOD_UNIT: Record<string, 'd' | 'w' | 'M' | 'y'> = { d: 'd', w: 'w', M: 'M', y: 'y' };

function dateFunction(spec: (typeof DATE_FUNCTIONS)[number]): JqlFunction {
  const increment = (operand: FunctionOperand): Increment | null | 'invalid' => {
    const arg = operand.args[0];
    if (arg === undefined) return null;
    return parseIncrement(arg, spec.period === null ? 'd' : PERIOD_UNIT[spec.period]!) ?? 'invalid';
  };
  return {
    name: spec.name,
    kind: 'date',
    list: false,
    minArgs: 0,
    maxArgs: spec.period === null ? 0 : 1,
    validate: (operand) =>
      increment(operand) === 'invalid'
        ? `Duration for function '${operand.name}' should have the format (+/-)n(yMwdm), e.g -1M for 1 month earlier.`
        : null,
    evaluate: (operand, ctx) => {
      const inc = increment(operand);
      return { values: [evaluateDateFunction(spec, inc === 'invalid' ? null : inc, ctx.now)] };
    },
  };
}

function sprintFunction(name: string, state: 'active' | 'closed' | 'future'): JqlFunction {
  return {
    name,
    kind: 'sprint',
    list: true,
    minArgs: 0,
    maxArgs: 0,
    evaluate: (_operand, ctx) => ({
      values: ctx.store.data.sprints.filter((s) => s.state === state).map((s) => s.id),
    }),
  };
}

function issueTypeFunction(name: string, subtask: boolean): JqlFunction {
  return {
    name,
    kind: 'issuetype',
    list: true,
    minArgs: 0,
    maxArgs: 0,
    evaluate: (_operand, ctx) => ({
      values: ctx.store.data.issueTypes.filter((t) => t.subtask === subtask).map((t) => t.id),
    }),
  };
}

const ALL: JqlFunction[] = [
  {
    name: 'currentUser',
    kind: 'user',
    list: false,
    minArgs: 0,
    maxArgs: 0,
    // Anonymous callers get no value, so the clause matches nothing.
    evaluate: (_operand, ctx) => ({ values: ctx.user ? [ctx.user.key] : [] }),
  },
  {
    name: 'membersOf',
    kind: 'user',
    list: true,
    minArgs: 1,
    maxArgs: 1,
    evaluate: (operand, ctx) => {
      const group = (operand.args[0] ?? '').toLowerCase();
      const members = ctx.store.data.users.filter((u) => u.groups.some((g) => g.toLowerCase() === group));
      // Groups exist only through their members in the sandbox model.
      if (members.length === 0) {
        return {
          error: `Function '${operand.name}' can not generate a list of usernames for group '${operand.args[0]}'; the group does not exist.`,
        };
      }
      return { values: members.map((u) => u.key) };
    },
  },
  ...DATE_FUNCTIONS.map(dateFunction),
  sprintFunction('openSprints', 'active'),
  sprintFunction('closedSprints', 'closed'),
  sprintFunction('futureSprints', 'future'),
  issueTypeFunction('standardIssueTypes', false),
  issueTypeFunction('subTaskIssueTypes', true),
];

const BY_NAME = new Map(ALL.map((f) => [f.name.toLowerCase(), f]));

/** Function names match case-insensitively, as in Jira. */
export function findFunction(name: string): JqlFunction | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Jira's display form of a function operand: name(arg1, arg2). */
export function functionDisplay(operand: FunctionOperand): string {
  return `${operand.name}(${operand.args.join(', ')})`;
}

/** Argument-count and format problems, in Jira's wording; null when fine. */
export function validateFunction(fn: JqlFunction, operand: FunctionOperand): string | null {
  const n = operand.args.length;
  if (n < fn.minArgs || n > fn.maxArgs) {
    return fn.minArgs === fn.maxArgs
      ? `Function '${operand.name}' expected '${fn.minArgs}' arguments but received '${n}'.`
      : `Function '${operand.name}' expected between '${fn.minArgs}' and '${fn.maxArgs}' arguments but received '${n}'.`;
  }
  return fn.validate?.(operand) ?? null;
}
