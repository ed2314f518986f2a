// What a JQL field is to the evaluator: the operators its clause supports,
// the issue's values (or text documents), how a literal resolves to values,
// and its ORDER BY key; with the small builders every field definition uses.
import type { SandboxIssue } from '../model.ts';
import type { FunctionKind } from './functions.ts';
import type { Operator, ValueOperand } from './parser.ts';

/** A comparable value of a field: an id, a user key, epoch ms, a number or a folded label. */
export type Atom = string | number;

/** ORDER BY key; null (no value) sorts after every value in ascending order. */
export type SortValue = string | number | null;

export type Resolution =
  | { kind: 'atoms'; atoms: Atom[] }
  /** The literal means "no value" (resolution = Unresolved). */
  | { kind: 'empty' }
  /** The value does not exist (or is hidden): a warning when validateQuery=false. */
  | { kind: 'missing'; message: string }
  | { kind: 'error'; message: string };

interface FieldCommon {
  operators: ReadonlySet<Operator>;
  /** null: the field exists but cannot be sorted by. */
  sortKey: ((issue: SandboxIssue) => SortValue) | null;
  /** Direction when ORDER BY names none (Jira's per-field default). */
  defaultDirection: 'asc' | 'desc';
  /** false for sort-only fields such as Rank. */
  searchable: boolean;
}

export interface ValueField extends FieldCommon {
  type: 'value';
  /** The issue's values; empty means the field is EMPTY. */
  values(issue: SandboxIssue): Atom[];
  resolve(operand: ValueOperand): Resolution;
  /** Kind of function whose values this field accepts. */
  functionKind: FunctionKind | null;
  /** Orders an issue value against an operand value for < <= > >=; null means "not comparable". */
  compare: ((issueValue: Atom, operandValue: Atom) => number | null) | null;
}

export interface TextField extends FieldCommon {
  type: 'text';
  /** Separately searched documents (each comment is its own document). */
  documents(issue: SandboxIssue): string[];
  isEmpty(issue: SandboxIssue): boolean;
}

export type FieldDef = ValueField | TextField;

export const EQUALITY: Operator[] = ['=', '!=', 'in', 'not in'];
export const EMPTINESS: Operator[] = ['is', 'is not'];
export const RELATIONAL: Operator[] = ['<', '<=', '>', '>='];
export const LIKE: Operator[] = ['~', '!~'];
export const ops = (...groups: Operator[][]): ReadonlySet<Operator> => new Set(groups.flat());

export const atoms = (values: Atom[]): Resolution => ({ kind: 'atoms', atoms: values });

export const missingValue = (value: string, field: string): Resolution => ({
  kind: 'missing',
  message: `The value '${value}' does not exist for the field '${field}'.`,
});

/** The values of a single-valued field: none when it is empty. */
export function oneOrNone(value: (issue: SandboxIssue) => Atom | null): (issue: SandboxIssue) => Atom[] {
  return (issue) => {
    const v = value(issue);
    return v === null ? [] : [v];
  };
}

export const numeric = (a: Atom, b: Atom): number | null =>
  typeof a === 'number' && typeof b === 'number' ? a - b : null;

export const lower = (s: string): string => s.toLowerCase();

export function minOf(values: SortValue[]): SortValue {
  let best: SortValue = null;
  for (const v of values) if (v !== null && (best === null || v < best)) best = v;
  return best;
}

export interface ValueFieldSpec {
  operators: ReadonlySet<Operator>;
  values(issue: SandboxIssue): Atom[];
  resolve(operand: ValueOperand): Resolution;
  functionKind?: FunctionKind;
  compare?: (a: Atom, b: Atom) => number | null;
  sortKey: ((issue: SandboxIssue) => SortValue) | null;
  defaultDirection?: 'asc' | 'desc';
}

export function valueField(spec: ValueFieldSpec): ValueField {
  return {
    type: 'value',
    operators: spec.operators,
    values: spec.values,
    resolve: spec.resolve,
    functionKind: spec.functionKind ?? null,
    compare: spec.compare ?? null,
    sortKey: spec.sortKey,
    defaultDirection: spec.defaultDirection ?? 'asc',
    searchable: true,
  };
}

export function textField(
  operators: ReadonlySet<Operator>,
  documents: (issue: SandboxIssue) => string[],
  sortKey: ((issue: SandboxIssue) => SortValue) | null,
): TextField {
  return {
    type: 'text',
    operators,
    documents,
    isEmpty: (issue) => documents(issue).every((d) => d.trim() === ''),
    sortKey,
    defaultDirection: 'asc',
    searchable: true,
  };
}
