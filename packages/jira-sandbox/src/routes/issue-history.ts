// What every issue write leaves behind: a write time that moves `updated`
// forward, and the change history (changelog) entry with its items.
import type { SandboxChangeItem, SandboxIssue, SandboxUser } from '../model.ts';
import type { SandboxStore } from '../store.ts';

/** Write time: the wall clock, but never before the dataset's "now" and always
 *  after the previous write, so `updated` moves forward on every write. */
const lastWrite = new WeakMap<SandboxStore, number>();

export function writeClock(store: SandboxStore): number {
  const now = Math.max(Date.now(), store.data.now, (lastWrite.get(store) ?? 0) + 1);
  lastWrite.set(store, now);
  return now;
}

export function recordHistory(
  store: SandboxStore,
  issue: SandboxIssue,
  user: SandboxUser,
  items: SandboxChangeItem[],
  at: number,
): void {
  if (items.length > 0) {
    issue.changelog.push({
      id: String(store.data.counters.history++),
      authorKey: user.key,
      created: at,
      items,
    });
  }
  issue.updated = at;
}

export function changeItem(
  field: string,
  fieldId: string,
  from: string | null,
  fromText: string | null,
  to: string | null,
  toText: string | null,
  fieldtype: SandboxChangeItem['fieldtype'] = 'jira',
): SandboxChangeItem {
  return { field, fieldtype, fieldId, from, fromString: fromText, to, toString: toText };
}
