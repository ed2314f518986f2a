// Custom fields in JQL, by kind: story points, sprint, epic link, select
// options and multi-user pickers.
import type { SandboxCustomField, SandboxIssue } from '../model.ts';
import { customValues, epicIds, keySortValue, pick, resolveIssue, userField } from './common-fields.ts';
import {
  atoms,
  EMPTINESS,
  EQUALITY,
  type FieldDef,
  missingValue,
  numeric,
  oneOrNone,
  ops,
  RELATIONAL,
  valueField,
} from './field-def.ts';
import type { JqlContext } from './types.ts';

export function customField(cf: SandboxCustomField, shown: string, ctx: JqlContext): FieldDef {
  const { data } = ctx.store;
  switch (cf.kind) {
    case 'storyPoints': {
      const value = (issue: SandboxIssue): number | null => {
        const n = Number(customValues(issue, cf)[0]);
        return customValues(issue, cf).length > 0 && Number.isFinite(n) ? n : null;
      };
      return valueField({
        operators: ops(EQUALITY, EMPTINESS, RELATIONAL),
        values: oneOrNone(value),
        resolve: (operand) => {
          const n = Number(operand.value.trim());
          return operand.value.trim() !== '' && Number.isFinite(n)
            ? atoms([n])
            : missingValue(operand.value, shown);
        },
        compare: numeric,
        sortKey: value,
      });
    }
    case 'sprint': {
      const ids = (issue: SandboxIssue): number[] => customValues(issue, cf).map(Number);
      return valueField({
        operators: ops(EQUALITY, EMPTINESS),
        values: ids,
        resolve: (operand) => {
          const found = pick(
            operand,
            (id) => data.sprints.filter((s) => String(s.id) === id),
            (l) => data.sprints.filter((s) => s.name.toLowerCase() === l),
          );
          return found.length > 0 ? atoms(found.map((s) => s.id)) : missingValue(operand.value, shown);
        },
        functionKind: 'sprint',
        // The latest sprint an issue was in decides its place.
        sortKey: (issue) => {
          const list = ids(issue);
          return list.length > 0 ? Math.max(...list) : null;
        },
      });
    }
    case 'epicLink':
      return valueField({
        operators: ops(EQUALITY, EMPTINESS),
        values: (issue) => epicIds(issue, cf, ctx),
        resolve: (operand) => resolveIssue(operand, shown, ctx),
        sortKey: (issue) => {
          const key = customValues(issue, cf)[0];
          return key === undefined ? null : keySortValue(key.toUpperCase());
        },
      });
    case 'select': {
      const options = cf.options ?? [];
      return valueField({
        operators: ops(EQUALITY, EMPTINESS),
        values: (issue) => customValues(issue, cf),
        resolve: (operand) => {
          const found = pick(
            operand,
            (id) => options.filter((o) => o.id === id),
            (l) => options.filter((o) => o.value.toLowerCase() === l),
          );
          return found.length > 0
            ? atoms(found.map((o) => o.id))
            : {
                kind: 'missing',
                message: `The option '${operand.value}' for field '${shown}' does not exist.`,
              };
        },
        sortKey: (issue) => {
          const id = customValues(issue, cf)[0];
          return id === undefined ? null : options.findIndex((o) => o.id === id);
        },
      });
    }
    case 'multiUser':
      return userField(shown, ctx, (issue) => customValues(issue, cf));
  }
}
