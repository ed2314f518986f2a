// How system field values are written: rendered dates, version and security
// level references, time tracking and its sub-task aggregates, watchers.
import type { SandboxIssue, SandboxVersion } from '../model.ts';
import { versionJson } from './catalog.ts';
import { formatDuration } from './durations.ts';
import { apiUrl, type IssueView, type Json } from './issue-view.ts';
import { subtasksOf } from './related-issues.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** renderedFields dates, in Jira's default "dd/MMM/yy h:mm a" (UTC here). */
export function renderedDateTime(ms: number | null): string | null {
  if (ms === null) return null;
  const d = new Date(ms);
  const hours = d.getUTCHours();
  const minutes = String(d.getUTCMinutes()).padStart(2, '0');
  return `${renderedDay(d)} ${hours % 12 === 0 ? 12 : hours % 12}:${minutes} ${hours < 12 ? 'AM' : 'PM'}`;
}

export function renderedDay(d: Date): string {
  return `${String(d.getUTCDate()).padStart(2, '0')}/${MONTHS[d.getUTCMonth()]}/${String(d.getUTCFullYear()).slice(2)}`;
}

export function versionRefJson(v: SandboxVersion, view: IssueView): Json {
  const full = versionJson(v, view, view.store.data.now);
  const out: Json = {};
  for (const key of ['self', 'id', 'description', 'name', 'archived', 'released', 'releaseDate']) {
    if (full[key] !== undefined) out[key] = full[key];
  }
  return out;
}

export function securityLevelJson(id: string | null, view: IssueView): Json | null {
  const level = view.store.data.securityLevels.find((l) => l.id === id);
  if (!level) return null;
  return {
    self: `${apiUrl(view)}/securitylevel/${level.id}`,
    id: level.id,
    description: level.description,
    name: level.name,
  };
}

export function timetrackingJson(issue: SandboxIssue): Json {
  const out: Json = {};
  const add = (name: string, seconds: number | null): void => {
    if (seconds === null) return;
    out[name] = formatDuration(seconds);
    out[`${name}Seconds`] = seconds;
  };
  add('originalEstimate', issue.timeOriginalEstimate);
  add('remainingEstimate', issue.timeEstimate);
  add('timeSpent', issue.timeSpent);
  return out;
}

/** Sum over the issue and its sub-tasks; null when none has a value. */
export function aggregate(
  issue: SandboxIssue,
  view: IssueView,
  pick: (i: SandboxIssue) => number | null,
): number | null {
  let total: number | null = null;
  for (const i of [issue, ...subtasksOf(issue, view.store)]) {
    const v = pick(i);
    if (v !== null) total = (total ?? 0) + v;
  }
  return total;
}

export function progressJson(spent: number | null, remaining: number | null): Json {
  const progress = spent ?? 0;
  const total = progress + (remaining ?? 0);
  return total > 0 ? { progress, total, percent: Math.floor((progress * 100) / total) } : { progress, total };
}

/** Jira auto-watches the creator and commenters; the sandbox derives watchers from that. */
export function watcherKeys(issue: SandboxIssue): Set<string> {
  return new Set([issue.creatorKey, ...issue.comments.map((c) => c.authorKey)]);
}

export function versionsOf(issue: SandboxIssue, ids: string[], view: IssueView): Json[] {
  const project = view.store.projectsById.get(issue.projectId);
  return ids.flatMap((id) => {
    const version = project?.versions.find((x) => x.id === id);
    return version ? [versionRefJson(version, view)] : [];
  });
}

/** When the status category last changed: the latest status change into a new category. */
export function statusCategoryChangeDate(issue: SandboxIssue): number {
  let at = issue.created;
  for (const history of issue.changelog) {
    if (history.items.some((item) => item.field === 'status')) at = history.created;
  }
  return at;
}
