// Turns a parsed query into a predicate and a comparator. Validation runs
// first over the whole query and collects every problem (Jira reports them
// together); NOT is pushed down to the clauses by flipping their operators,
// as Jira's De Morgan rewrite does, so `NOT assignee = x` also skips
// unassigned issues exactly like `assignee != x`.
import type { SandboxIssue } from '../model.ts';
import { JqlError } from './errors.ts';
import type { Atom, FieldDef, SortValue, TextField, ValueField } from './field-def.ts';
import { lookupField } from './fields.ts';
import { findFunction, functionDisplay, validateFunction } from './functions.ts';
import type {
  Clause,
  FunctionOperand,
  Operand,
  Operator,
  Query,
  SortItem,
  TerminalClause,
} from './parser.ts';
import { parseTextQuery, type TextQuery, textMatches } from './text.ts';
import type { CompiledJql, JqlContext } from './types.ts';

type Predicate = (issue: SandboxIssue) => boolean;
type Comparator = (a: SandboxIssue, b: SandboxIssue) => number;

const NEGATED: Record<Operator, Operator> = {
  '=': '!=',
  '!=': '=',
  in: 'not in',
  'not in': 'in',
  '~': '!~',
  '!~': '~',
  is: 'is not',
  'is not': 'is',
  '<': '>=',
  '>=': '<',
  '>': '<=',
  '<=': '>',
};

const NEVER: Predicate = () => false;

/** Collected messages; "missing value" ones become warnings when validation is off. */
class Problems {
  readonly errors = new Set<string>();
  readonly warnings = new Set<string>();

  constructor(private readonly validate: boolean) {}

  error(message: string): void {
    this.errors.add(message);
  }

  missing(message: string): void {
    (this.validate ? this.errors : this.warnings).add(message);
  }
}

/** A validated clause tree; terminals build their predicate for the operator NOT leaves them with. */
type Plan =
  | { kind: 'and' | 'or'; parts: Plan[] }
  | { kind: 'not'; part: Plan }
  | { kind: 'terminal'; operator: Operator; build: (operator: Operator) => Predicate };

export function compileQuery(query: Query, ctx: JqlContext, validate: boolean): CompiledJql {
  const problems = new Problems(validate);
  const plan = query.where ? planClause(query.where, ctx, problems) : null;
  const compare = compileOrder(query.orderBy, ctx, problems);
  if (problems.errors.size > 0) throw new JqlError([...problems.errors]);
  return {
    matches: plan ? toPredicate(plan, false) : () => true,
    compare,
    unbounded: query.where === null,
    ordered: query.orderBy.length > 0,
    warnings: [...problems.warnings],
  };
}

function toPredicate(plan: Plan, negated: boolean): Predicate {
  switch (plan.kind) {
    case 'not':
      return toPredicate(plan.part, !negated);
    case 'terminal':
      return plan.build(negated ? NEGATED[plan.operator] : plan.operator);
    default: {
      const parts = plan.parts.map((p) => toPredicate(p, negated));
      // De Morgan: a negated AND is an OR of negations, and vice versa.
      const all = (plan.kind === 'and') !== negated;
      return all ? (issue) => parts.every((p) => p(issue)) : (issue) => parts.some((p) => p(issue));
    }
  }
}

function planClause(clause: Clause, ctx: JqlContext, problems: Problems): Plan {
  switch (clause.kind) {
    case 'and':
    case 'or':
      return { kind: clause.kind, parts: clause.clauses.map((c) => planClause(c, ctx, problems)) };
    case 'not':
      return { kind: 'not', part: planClause(clause.clause, ctx, problems) };
    case 'terminal':
      return {
        kind: 'terminal',
        operator: clause.operator,
        build: planTerminal(clause, ctx, problems) ?? (() => NEVER),
      };
  }
}

// ---- terminal clauses -------------------------------------------------------

function flatten(operand: Operand): Exclude<Operand, { kind: 'list' }>[] {
  return operand.kind === 'list' ? operand.items.flatMap(flatten) : [operand];
}

/** Jira's display form of an operand in operator-usage messages. */
function display(operand: Operand): string {
  switch (operand.kind) {
    case 'empty':
      return 'EMPTY';
    case 'function':
      return functionDisplay(operand);
    case 'list':
      return `(${operand.items.map(display).join(', ')})`;
    case 'value':
      return !operand.quoted && /^-?\d+$/.test(operand.value) ? operand.value : `"${operand.value}"`;
  }
}

/** Operator/operand shape checks (Jira's OperatorUsageValidator). */
function usageProblem(operator: Operator, operand: Operand, field: string): string | null {
  const isList =
    operand.kind === 'list' || (operand.kind === 'function' && findFunction(operand.name)?.list === true);
  const shown = display(operand);
  const prefix = `Operator '${operator}'`;
  switch (operator) {
    case 'in':
    case 'not in':
      if (operand.kind === 'empty') {
        return `${prefix} does not support the empty value representation 'EMPTY' for field '${field}'.`;
      }
      return isList ? null : `${prefix} does not support the non-list value '${shown}' for field '${field}'.`;
    case 'is':
    case 'is not':
      return operand.kind === 'empty'
        ? null
        : `${prefix} does not support searching for non-empty values for field '${field}'.`;
    case '<':
    case '<=':
    case '>':
    case '>=':
      if (operand.kind === 'empty') {
        return `${prefix} does not support the empty value representation 'EMPTY' for field '${field}'.`;
      }
      return isList ? `${prefix} does not support the list value '${shown}' for field '${field}'.` : null;
    default:
      return isList ? `${prefix} does not support the list value '${shown}' for field '${field}'.` : null;
  }
}

function planTerminal(
  clause: TerminalClause,
  ctx: JqlContext,
  problems: Problems,
): ((operator: Operator) => Predicate) | null {
  const name = clause.field.name;
  const field = lookupField(clause.field, ctx);
  if (!field) {
    problems.error(`Field '${name}' does not exist or you do not have permission to view it.`);
    return null;
  }
  if (!field.searchable) {
    problems.error(`Field '${name}' is not searchable, it is only sortable.`);
    return null;
  }
  // Functions are checked first: whether one yields a list decides the usage check.
  const leaves = flatten(clause.operand);
  let ok = true;
  for (const leaf of leaves) {
    if (leaf.kind !== 'function') continue;
    const fn = findFunction(leaf.name);
    const problem = fn
      ? validateFunction(fn, leaf)
      : `Unable to find JQL function '${functionDisplay(leaf)}'.`;
    if (problem) {
      problems.error(problem);
      ok = false;
    }
  }
  if (!ok) return null;
  const usage = usageProblem(clause.operator, clause.operand, name);
  if (usage) {
    problems.error(usage);
    return null;
  }
  if (!field.operators.has(clause.operator)) {
    problems.error(`The operator '${clause.operator}' is not supported by the '${name}' field.`);
    return null;
  }
  return field.type === 'text'
    ? planText(field, name, leaves, problems)
    : planValue(field, name, leaves, ctx, problems);
}

function wrongFunction(fn: FunctionOperand, field: string): string {
  return `A value provided by the function '${fn.name}' is invalid for the field '${field}'.`;
}

function planValue(
  field: ValueField,
  name: string,
  leaves: Exclude<Operand, { kind: 'list' }>[],
  ctx: JqlContext,
  problems: Problems,
): ((operator: Operator) => Predicate) | null {
  const wanted = new Set<Atom>();
  let wantsEmpty = false;
  let ok = true;
  for (const leaf of leaves) {
    if (leaf.kind === 'empty') {
      wantsEmpty = true;
    } else if (leaf.kind === 'function') {
      const fn = findFunction(leaf.name)!;
      if (fn.kind !== field.functionKind) {
        problems.error(wrongFunction(leaf, name));
        ok = false;
        continue;
      }
      const result = fn.evaluate(leaf, ctx);
      if ('error' in result) {
        problems.error(result.error);
        ok = false;
      } else {
        for (const v of result.values) wanted.add(v);
      }
    } else {
      const resolved = field.resolve(leaf);
      if (resolved.kind === 'atoms') for (const v of resolved.atoms) wanted.add(v);
      else if (resolved.kind === 'empty') wantsEmpty = true;
      else if (resolved.kind === 'missing') problems.missing(resolved.message);
      else {
        problems.error(resolved.message);
        ok = false;
      }
    }
  }
  if (!ok) return null;
  const target = [...wanted];
  return (operator) => {
    // Nothing to compare with (unknown values under validateQuery=false, or
    // currentUser() for anonymous): the clause matches nothing either way.
    if (target.length === 0 && !wantsEmpty) return NEVER;
    switch (operator) {
      case '=':
      case 'in':
        return (issue) => {
          const values = field.values(issue);
          return values.length === 0 ? wantsEmpty : values.some((v) => wanted.has(v));
        };
      case '!=':
      case 'not in':
        // Jira never matches an EMPTY field with != or NOT IN.
        return (issue) => {
          const values = field.values(issue);
          return values.length > 0 && !values.some((v) => wanted.has(v));
        };
      case 'is':
        return (issue) => field.values(issue).length === 0;
      case 'is not':
        return (issue) => field.values(issue).length > 0;
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const operand = target[0];
        const compare = field.compare;
        if (operand === undefined || compare === null) return NEVER;
        const test = relational(operator);
        return (issue) =>
          field.values(issue).some((v) => {
            const c = compare(v, operand);
            return c !== null && test(c);
          });
      }
      default:
        return NEVER;
    }
  };
}

function relational(operator: '<' | '<=' | '>' | '>='): (c: number) => boolean {
  switch (operator) {
    case '<':
      return (c) => c < 0;
    case '<=':
      return (c) => c <= 0;
    case '>':
      return (c) => c > 0;
    case '>=':
      return (c) => c >= 0;
  }
}

function planText(
  field: TextField,
  name: string,
  leaves: Exclude<Operand, { kind: 'list' }>[],
  problems: Problems,
): ((operator: Operator) => Predicate) | null {
  const leaf = leaves[0];
  if (leaf === undefined) return null;
  if (leaf.kind === 'function') {
    problems.error(wrongFunction(leaf, name));
    return null;
  }
  if (leaf.kind === 'empty') {
    return (operator) => {
      const wantEmpty = operator === '~' || operator === '=' || operator === 'is';
      return (issue) => field.isEmpty(issue) === wantEmpty;
    };
  }
  const parsed = parseTextQuery(leaf.value);
  if (parsed === 'empty') {
    problems.error(`The field '${name}' does not support searching for an empty string.`);
    return null;
  }
  if (parsed === 'wildcard') {
    problems.error(
      `The text query '${leaf.value}' for field '${name}' is not valid: probably your use of wildcard characters is not correct.`,
    );
    return null;
  }
  const query: TextQuery = parsed;
  return (operator) => {
    if (operator === '~') return (issue) => textMatches(query, field.documents(issue));
    if (operator === '!~') return (issue) => !textMatches(query, field.documents(issue));
    return NEVER;
  };
}

// ---- ORDER BY ---------------------------------------------------------------

function compareValues(x: SortValue, y: SortValue): number {
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
  const a = String(x);
  const b = String(y);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Newest first by numeric id: the default order and the final tie-breaker, so paging is stable. */
function byIdDesc(a: SandboxIssue, b: SandboxIssue): number {
  const x = Number(a.id);
  const y = Number(b.id);
  if (Number.isFinite(x) && Number.isFinite(y) && x !== y) return y - x;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Sorting calls a key O(n log n) times; compute it once per issue and comparator. */
function memoize(key: (issue: SandboxIssue) => SortValue): (issue: SandboxIssue) => SortValue {
  const cache = new WeakMap<SandboxIssue, SortValue>();
  return (issue) => {
    if (cache.has(issue)) return cache.get(issue) ?? null;
    const value = key(issue);
    cache.set(issue, value);
    return value;
  };
}

function compileOrder(items: SortItem[], ctx: JqlContext, problems: Problems): Comparator {
  const keys: Array<{ key: (issue: SandboxIssue) => SortValue; sign: number }> = [];
  for (const item of items) {
    const field: FieldDef | null = lookupField(item.field, ctx);
    if (!field) {
      problems.error(`Not able to sort using field '${item.field.name}'.`);
    } else if (!field.sortKey) {
      problems.error(`Field '${item.field.name}' does not support sorting.`);
    } else {
      keys.push({
        key: memoize(field.sortKey),
        sign: (item.direction ?? field.defaultDirection) === 'desc' ? -1 : 1,
      });
    }
  }
  return (a, b) => {
    for (const { key, sign } of keys) {
      const c = compareValues(key(a), key(b));
      if (c !== 0) return c * sign;
    }
    return byIdDesc(a, b);
  };
}
