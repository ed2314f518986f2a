// What happens to a generated issue after it is created: the workflow steps
// that lead to its status (its changelog), its comments and its worklogs, all
// within one window of activity that ends before now, by people who could act
// at the time.
import type {
  SandboxChangeItem,
  SandboxComment,
  SandboxData,
  SandboxHistory,
  SandboxPriority,
  SandboxTransition,
  SandboxUser,
  SandboxWorklog,
} from '../model.ts';
import { DAY, HOUR, MINUTE, SECOND } from './calendar.ts';
import {
  RESOLUTION_DONE,
  STATUS_DONE,
  STATUS_IN_PROGRESS,
  STATUS_IN_REVIEW,
  STATUS_TO_DO,
} from './catalogue.ts';
import type { IssueText } from './issue-text.ts';
import type { Roster, UserPool } from './people.ts';
import type { Rng } from './random.ts';

/** A change in the changelog: a reassignment, a priority change or a workflow transition (by id). */
export type Step = 'assignee' | 'priority' | '11' | '21' | '31' | '41' | '51' | '61';

/** The issue as created, before anything happened to it. */
export interface CreatedIssue {
  key: string;
  pool: UserPool;
  /** The pool's users who had an account when the issue was created. */
  atCreation: SandboxUser[];
  created: number;
  statusId: string;
  resolutionId: string | null;
  assignee: SandboxUser | null;
  priorityId: string;
}

export interface IssueHistory {
  steps: Step[];
  /** Milliseconds after creation within which all activity happens. */
  window: number;
  changelog: SandboxHistory[];
  resolutionDate: number | null;
}

export class IssueActivity {
  private readonly statusNames: Map<string, string>;
  private readonly transitions: Map<string, SandboxTransition>;
  private readonly priorities: SandboxPriority[];
  private readonly resolutionNames: Map<string, string>;
  private readonly now: number;
  private nextComment = 10000;
  private nextWorklog = 10000;
  private nextHistory = 10000;

  constructor(
    private readonly rng: Rng,
    private readonly roster: Roster,
    private readonly text: IssueText,
    data: SandboxData,
  ) {
    this.statusNames = new Map(data.statuses.map((s) => [s.id, s.name]));
    this.transitions = new Map(data.transitions.map((t) => [t.id, t]));
    this.priorities = data.priorities;
    this.resolutionNames = new Map(data.resolutions.map((r) => [r.id, r.name]));
    this.now = data.now;
  }

  get counters(): { comment: number; worklog: number; history: number } {
    return { comment: this.nextComment, worklog: this.nextWorklog, history: this.nextHistory };
  }

  /** The changelog that leads from To Do to the issue's status, maybe after a reassignment. */
  history(issue: CreatedIssue): IssueHistory {
    const rng = this.rng;
    let steps = this.workflowSteps(issue.statusId, issue.resolutionId);
    const previousAssignees = issue.atCreation.filter((u) => u !== issue.assignee);
    let previousAssignee: SandboxUser | null = null;
    if (previousAssignees.length > 0 && rng.chance(0.25)) {
      previousAssignee = rng.pick(previousAssignees);
      steps = ['assignee', ...steps];
    }

    // All activity happens within a per-issue window that ends before now.
    const span = rng.range(2 * HOUR, (issue.statusId === STATUS_DONE ? 90 : 40) * DAY);
    const window = Math.min(span, this.now - issue.created - MINUTE);

    const changelog: SandboxHistory[] = [];
    let status = STATUS_TO_DO;
    let resolutionDate: number | null = null;
    const stepTimes = this.times(steps.length, issue.created, window);
    for (const [i, step] of steps.entries()) {
      const t = stepTimes[i]!;
      let change: { author: SandboxUser; items: SandboxChangeItem[] };
      if (step === 'assignee') change = this.reassignment(issue, previousAssignee, t);
      else if (step === 'priority') change = this.priorityChange(issue, t);
      else {
        const final = i === steps.length - 1;
        change = this.transition(issue, step, status, final, t);
        status = this.transitions.get(step)!.toStatusId;
        if (final && status === STATUS_DONE) resolutionDate = t;
      }
      changelog.push({
        id: String(this.nextHistory++),
        authorKey: change.author.key,
        created: t,
        items: change.items,
      });
    }
    if (status !== issue.statusId) {
      throw new Error(`changelog of ${issue.key} ends in ${status}, not ${issue.statusId}`);
    }
    return { steps, window, changelog, resolutionDate };
  }

  /** Zero to three comments by anyone who could see the issue at the time. */
  comments(pool: UserPool, created: number, window: number): SandboxComment[] {
    const rng = this.rng;
    const count = rng.weighted<number>([
      [0, 35],
      [1, 30],
      [2, 20],
      [3, 15],
    ]);
    return this.times(count, created, window).map((t) => {
      const author = rng.pick(this.roster.usersAt(pool, t));
      return {
        id: String(this.nextComment++),
        authorKey: author.key,
        updateAuthorKey: author.key,
        body: this.text.commentBody(),
        created: t,
        updated: t,
      };
    });
  }

  /** Zero to two worklogs, by the assignee when they could still act. */
  worklogs(pool: UserPool, assignee: SandboxUser | null, created: number, window: number): SandboxWorklog[] {
    const rng = this.rng;
    const count = rng.weighted<number>([
      [0, 45],
      [1, 35],
      [2, 20],
    ]);
    return this.times(count, created, window).map((t) => {
      const author = this.roster.actorAt(pool, assignee, t);
      const seconds = rng.range(1, 24) * 15 * 60;
      return {
        id: String(this.nextWorklog++),
        authorKey: author.key,
        updateAuthorKey: author.key,
        comment: this.text.worklogComment(),
        started: Math.max(created, t - seconds * SECOND),
        timeSpentSeconds: seconds,
        created: t,
        updated: t,
      };
    });
  }

  /** Workflow transitions that lead from To Do to the status, sometimes by a detour. */
  private workflowSteps(statusId: string, resolutionId: string | null): Step[] {
    const rng = this.rng;
    switch (statusId) {
      case STATUS_TO_DO: {
        const r = rng.next();
        return r < 0.5 ? ['priority'] : r < 0.8 ? ['11', '51'] : ['11', '31', '41'];
      }
      case STATUS_IN_PROGRESS:
        return rng.chance(0.75) ? ['11'] : ['11', '21', '61'];
      case STATUS_IN_REVIEW:
        return ['11', '21'];
      default:
        return resolutionId === RESOLUTION_DONE && rng.chance(0.6) ? ['11', '21', '31'] : ['11', '31'];
    }
  }

  private reassignment(
    issue: CreatedIssue,
    previousAssignee: SandboxUser | null,
    t: number,
  ): { author: SandboxUser; items: SandboxChangeItem[] } {
    const author = this.rng.pick(this.roster.usersAt(issue.pool, t));
    const item: SandboxChangeItem = {
      field: 'assignee',
      fieldtype: 'jira',
      fieldId: 'assignee',
      from: previousAssignee?.key ?? null,
      fromString: previousAssignee?.displayName ?? null,
      to: issue.assignee?.key ?? null,
      toString: issue.assignee?.displayName ?? null,
    };
    return { author, items: [item] };
  }

  private priorityChange(
    issue: CreatedIssue,
    t: number,
  ): { author: SandboxUser; items: SandboxChangeItem[] } {
    const author = this.rng.pick(this.roster.usersAt(issue.pool, t));
    const from = this.rng.pick(this.priorities.filter((p) => p.id !== issue.priorityId));
    const to = this.priorities.find((p) => p.id === issue.priorityId)!;
    const item: SandboxChangeItem = {
      field: 'priority',
      fieldtype: 'jira',
      fieldId: 'priority',
      from: from.id,
      fromString: from.name,
      to: to.id,
      toString: to.name,
    };
    return { author, items: [item] };
  }

  /** A status change, with the resolution set on the way to Done and cleared on the way out. */
  private transition(
    issue: CreatedIssue,
    step: Step,
    status: string,
    final: boolean,
    t: number,
  ): { author: SandboxUser; items: SandboxChangeItem[] } {
    const author = this.roster.actorAt(issue.pool, issue.assignee, t);
    const transition = this.transitions.get(step)!;
    // A broken step table would silently produce an impossible history.
    if (!transition.fromStatusIds.includes(status)) {
      throw new Error(`transition ${step} is not offered from status ${status}`);
    }
    const to = transition.toStatusId;
    const items: SandboxChangeItem[] = [];
    if (to === STATUS_DONE)
      items.push(this.resolutionItem(null, final ? issue.resolutionId! : RESOLUTION_DONE));
    else if (status === STATUS_DONE) items.push(this.resolutionItem(RESOLUTION_DONE, null));
    items.push({
      field: 'status',
      fieldtype: 'jira',
      fieldId: 'status',
      from: status,
      fromString: this.statusNames.get(status)!,
      to,
      toString: this.statusNames.get(to)!,
    });
    return { author, items };
  }

  /** k ascending whole-second times in (from, from + window], at least a second apart. */
  private times(k: number, from: number, window: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < k; i++) out.push(from + this.rng.next() * window);
    out.sort((a, b) => a - b);
    let prev = from;
    for (let i = 0; i < k; i++) {
      const t = Math.max(Math.floor(out[i]! / SECOND) * SECOND, prev + SECOND);
      out[i] = t;
      prev = t;
    }
    return out;
  }

  private resolutionItem(from: string | null, to: string | null): SandboxChangeItem {
    return {
      field: 'resolution',
      fieldtype: 'jira',
      fieldId: 'resolution',
      from,
      fromString: from === null ? null : this.resolutionNames.get(from)!,
      to,
      toString: to === null ? null : this.resolutionNames.get(to)!,
    };
  }
}
