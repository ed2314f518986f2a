// The setters of the sandbox's custom fields: the input each kind accepts
// (story points, epic link, sprint, select, multi-user) and the strings its
// history items show.
import { asObject, type RouteContext } from '../http.ts';
import type { SandboxCustomField, SandboxIssue } from '../model.ts';
import { type FieldSetter, scalar, userRefInput } from './issue-field-setters.ts';
import { changeItem } from './issue-history.ts';

export function customSetter(field: SandboxCustomField): FieldSetter {
  return scalar(field.id, (ctx, issue, value) => {
    const parsed = customFieldInput(ctx, field, value);
    if ('error' in parsed) return parsed;
    const before = issue.customFields[field.id] ?? null;
    const [from, fromText] = customFieldStrings(ctx, field, before);
    const [to, toText] = customFieldStrings(ctx, field, parsed.value);
    if (from === to && fromText === toText) return null;
    return {
      apply: () => {
        issue.customFields[field.id] = parsed.value;
      },
      items: [changeItem(field.name, field.id, from, fromText, to, toText, 'custom')],
    };
  });
}

type CustomValue = SandboxIssue['customFields'][string];

function customFieldInput(
  ctx: RouteContext,
  field: SandboxCustomField,
  value: unknown,
): { value: CustomValue } | { error: string } {
  if (value === null) return { value: null };
  switch (field.kind) {
    case 'storyPoints':
      return typeof value === 'number' && Number.isFinite(value)
        ? { value }
        : { error: 'Operation value must be a number' };
    case 'epicLink': {
      const epic = typeof value === 'string' ? ctx.store.findIssue(value) : undefined;
      const isEpic = epic !== undefined && ctx.store.issueTypesById.get(epic.issueTypeId)?.name === 'Epic';
      return isEpic && epic ? { value: epic.key } : { error: `Epic '${String(value)}' does not exist.` };
    }
    case 'sprint': {
      const sprint = typeof value === 'number' ? ctx.store.sprintsById.get(value) : undefined;
      return sprint ? { value: [sprint.id] } : { error: `Sprint with id '${String(value)}' does not exist.` };
    }
    case 'select': {
      const obj = asObject(value);
      const option = field.options?.find((o) =>
        typeof obj?.id === 'string' ? o.id === obj.id : o.value === obj?.value,
      );
      if (option) return { value: option.id };
      return typeof obj?.id === 'string'
        ? { error: `Option id '${obj.id}' is not valid` }
        : { error: `Option value '${String(obj?.value)}' is not valid` };
    }
    case 'multiUser': {
      const keys: string[] = [];
      for (const ref of Array.isArray(value) ? value : [value]) {
        const { ref: name, user } = userRefInput(ctx, ref);
        if (!user) return { error: `The user '${name ?? String(ref)}' does not exist.` };
        keys.push(user.key);
      }
      return { value: keys.length > 0 ? [...new Set(keys)].sort() : null };
    }
  }
}

/** History from/to strings of a custom field value. */
function customFieldStrings(
  ctx: RouteContext,
  field: SandboxCustomField,
  value: CustomValue,
): [string | null, string | null] {
  if (value === null) return [null, null];
  switch (field.kind) {
    case 'storyPoints':
    case 'epicLink':
      return [null, String(value)];
    case 'sprint': {
      const ids = (Array.isArray(value) ? value : [value]).map(String);
      const names = ids.map((id) => ctx.store.sprintsById.get(Number(id))?.name ?? id);
      return [ids.join(', '), names.join(', ')];
    }
    case 'select':
      return [String(value), field.options?.find((o) => o.id === String(value))?.value ?? null];
    case 'multiUser': {
      const keys = (Array.isArray(value) ? value : [value]).map(String);
      return [keys.join(', '), keys.map((k) => ctx.store.usersByKey.get(k)?.displayName ?? k).join(', ')];
    }
  }
}
