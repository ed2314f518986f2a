// Where a generated issue sits in the plan: its sprints and fix versions,
// consistent with its status and when it was resolved.
import type { SandboxIssue, SandboxSprint, SandboxVersion } from '../model.ts';
import { isoDay } from './calendar.ts';
import {
  CF_SPRINT,
  RESOLUTION_DONE,
  STATUS_DONE,
  STATUS_IN_PROGRESS,
  STATUS_IN_REVIEW,
} from './catalogue.ts';
import type { Rng } from './random.ts';

/** A sub-task sits in its parent's sprints, as in Jira. */
export function parentSprints(parent: SandboxIssue): number[] | null {
  const value = parent.customFields[CF_SPRINT];
  return Array.isArray(value) ? (value.slice() as number[]) : null;
}

/** Sprint membership consistent with status: done work sits in the sprint it
 *  was resolved in, open work in the active or future sprint, some carried over.
 *  `sprints` are the board's in order (closed×3, active, future); empty on kanban. */
export function sprintIds(
  rng: Rng,
  sprints: readonly SandboxSprint[],
  statusId: string,
  created: number,
  resolutionDate: number | null,
): number[] | null {
  if (sprints.length === 0) return null;
  const active = sprints[3]!;
  const future = sprints[4]!;
  if (statusId === STATUS_DONE) {
    const at = resolutionDate!;
    const index = sprints.findIndex(
      (s) => s.startDate !== null && s.endDate !== null && at >= s.startDate && at < s.endDate,
    );
    if (index < 0 || rng.chance(0.2)) return null;
    const sprint = sprints[index]!;
    const previous = index > 0 ? sprints[index - 1]! : null;
    if (previous !== null && previous.endDate !== null && created < previous.endDate && rng.chance(0.2)) {
      return [previous.id, sprint.id];
    }
    return [sprint.id];
  }
  if (statusId === STATUS_IN_PROGRESS || statusId === STATUS_IN_REVIEW) {
    if (!rng.chance(0.85)) return null;
    // Unfinished work carried over from one or two closed sprints.
    const ids = [active.id];
    for (let i = 2; i >= 0; i--) {
      const closed = sprints[i]!;
      if (closed.endDate === null || created >= closed.endDate || !rng.chance(i === 2 ? 0.3 : 0.4)) break;
      ids.unshift(closed.id);
    }
    return ids;
  }
  const r = rng.next();
  return r < 0.35 ? [active.id] : r < 0.6 ? [future.id] : null;
}

/** Fixed work ships in the first release after the fix; open work may target the upcoming one. */
export function fixVersionIds(
  rng: Rng,
  versions: readonly SandboxVersion[],
  statusId: string,
  resolutionId: string | null,
  resolutionDate: number | null,
): string[] {
  const unreleased = versions.find((v) => !v.released);
  if (statusId === STATUS_DONE) {
    if (resolutionId !== RESOLUTION_DONE || !rng.chance(0.7)) return [];
    // The first release that shipped after the fix, else the upcoming one.
    const day = isoDay(resolutionDate!);
    const shipped = versions.find((v) => v.released && v.releaseDate !== null && v.releaseDate >= day);
    const version = shipped ?? unreleased;
    return version === undefined ? [] : [version.id];
  }
  return unreleased !== undefined && rng.chance(0.3) ? [unreleased.id] : [];
}
