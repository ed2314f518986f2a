// An IssueUpdateBean ({fields, update}) gathered into operations per field,
// validated by each field's setter into a plan (or the errors by field), and
// applied with one history entry. Nothing is applied until every field has
// validated, so a 400 never half-applies.
import { asObject, type RouteContext } from '../http.ts';
import type { SandboxIssue, SandboxUser } from '../model.ts';
import type { SandboxStore } from '../store.ts';
import { customSetter } from './custom-field-setters.ts';
import {
  cannotBeSet,
  type FieldChange,
  type FieldOperation,
  type FieldSetter,
  SYSTEM_SETTERS,
} from './issue-field-setters.ts';
import { recordHistory, writeClock } from './issue-history.ts';

function setterFor(store: SandboxStore, field: string): FieldSetter | undefined {
  const custom = store.customFieldsById.get(field);
  return custom ? customSetter(custom) : SYSTEM_SETTERS[field];
}

/** Gathers {fields, update} of an IssueUpdateBean into operations per field. */
export function collectOperations(body: Record<string, unknown>): Map<string, FieldOperation[]> {
  const ops = new Map<string, FieldOperation[]>();
  const push = (field: string, op: FieldOperation): void => {
    ops.set(field, [...(ops.get(field) ?? []), op]);
  };
  for (const [field, value] of Object.entries(asObject(body.fields) ?? {})) push(field, { op: 'set', value });
  for (const [field, list] of Object.entries(asObject(body.update) ?? {})) {
    for (const entry of Array.isArray(list) ? list : [list]) {
      for (const [op, value] of Object.entries(asObject(entry) ?? {})) push(field, { op, value });
    }
  }
  return ops;
}

/** Validates every requested field; answers the changes or the errors by field. */
export function planChanges(
  ctx: RouteContext,
  issue: SandboxIssue,
  ops: Map<string, FieldOperation[]>,
  allowed: (field: string) => boolean = () => true,
): FieldChange[] | Record<string, string> {
  const changes: FieldChange[] = [];
  const errors: Record<string, string> = {};
  for (const [field, fieldOps] of ops) {
    const setter = allowed(field) ? setterFor(ctx.store, field) : undefined;
    const outcome = setter ? setter(ctx, issue, fieldOps) : { error: cannotBeSet(field) };
    if (outcome && 'error' in outcome) errors[field] = outcome.error;
    else if (outcome) changes.push(outcome);
  }
  return Object.keys(errors).length > 0 ? errors : changes;
}

export function applyChanges(
  ctx: RouteContext,
  issue: SandboxIssue,
  user: SandboxUser,
  changes: FieldChange[],
): void {
  if (changes.length === 0) return;
  for (const change of changes) change.apply();
  recordHistory(
    ctx.store,
    issue,
    user,
    changes.flatMap((c) => c.items),
    writeClock(ctx.store),
  );
}
