// The JQL fields the sandbox searches and sorts by, found by name: system
// fields (system-fields.ts), custom fields by name or cf[n]
// (custom-fields.ts), and Rank, which only sorts.
import { customField } from './custom-fields.ts';
import { type FieldDef, missingValue, ops } from './field-def.ts';
import type { FieldRef } from './parser.ts';
import { systemField } from './system-fields.ts';
import type { JqlContext } from './types.ts';

/** Resolves a field name (as written, or cf[n]) to its definition; null when unknown. */
export function lookupField(ref: FieldRef, ctx: JqlContext): FieldDef | null {
  const { store } = ctx;
  if (ref.cfId !== null) {
    const cf = store.customFieldsById.get(`customfield_${ref.cfId}`);
    return cf ? customField(cf, ref.name, ctx) : null;
  }
  const system = systemField(ref.name.toLowerCase(), ref.name, ctx);
  if (system) return system;
  const cf = store.data.customFields.find((f) => f.name.toLowerCase() === ref.name.toLowerCase());
  if (cf) return customField(cf, ref.name, ctx);
  if (ref.name.toLowerCase() === 'rank') {
    // Rank orders boards; the model has no rank, so creation order stands in.
    return {
      type: 'value',
      operators: ops(),
      values: () => [],
      resolve: (operand) => missingValue(operand.value, ref.name),
      functionKind: null,
      compare: null,
      sortKey: (issue) => Number(issue.id),
      defaultDirection: 'asc',
      searchable: false,
    };
  }
  return null;
}
