// Creates the seeded issues one by one, in creation order: what each issue is
// (type, parent, security level, people, outcome), then what happened to it
// (issue-activity.ts), its fields, its place in the plan (issue-planning.ts),
// its words (issue-text.ts) and its links to earlier issues. Every draw comes
// from one seeded stream in a fixed order: reordering two draws changes every
// dataset.
import type {
  SandboxComment,
  SandboxData,
  SandboxHistory,
  SandboxIssue,
  SandboxUser,
  SandboxWorklog,
} from '../model.ts';
import { DAY, HISTORY_DAYS, HOUR, isoDay, SECOND } from './calendar.ts';
import {
  CF_EPIC_LINK,
  CF_REVIEWERS,
  CF_SEVERITY,
  CF_SPRINT,
  CF_STORY_POINTS,
  LEVEL_INTERNAL,
  LEVEL_RESTRICTED,
  RESOLUTION_DONE,
  RESOLUTION_DUPLICATE,
  RESOLUTION_WONT_DO,
  STATUS_DONE,
  STATUS_IN_PROGRESS,
  STATUS_IN_REVIEW,
  STATUS_TO_DO,
  TYPE_BUG,
  TYPE_EPIC,
  TYPE_STORY,
  TYPE_SUBTASK,
  TYPE_TASK,
} from './catalogue.ts';
import { IssueActivity, type Step } from './issue-activity.ts';
import { fixVersionIds, parentSprints, sprintIds } from './issue-planning.ts';
import type { IssueText } from './issue-text.ts';
import { Roster, type UserPool } from './people.ts';
import type { ProjectContext } from './project-context.ts';
import type { Rng } from './random.ts';

const LABELS = ['backend', 'frontend', 'ui', 'performance', 'security', 'customer', 'tech-debt'];
const STORY_POINTS = [1, 2, 3, 5, 8, 13];
const ESTIMATES = [HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR, 16 * HOUR, 24 * HOUR].map((ms) => ms / SECOND);

/** What an issue is, decided when it is created. */
interface Essentials {
  typeId: string;
  parent: SandboxIssue | null;
  levelId: string | null;
  pool: UserPool;
  atCreation: SandboxUser[];
  reporter: SandboxUser;
  creator: SandboxUser;
  statusId: string;
  resolutionId: string | null;
  assignee: SandboxUser | null;
  priorityId: string;
}

function isStandardType(typeId: string): boolean {
  return typeId === TYPE_STORY || typeId === TYPE_TASK || typeId === TYPE_BUG;
}

export class IssueFactory {
  private readonly roster: Roster;
  private readonly activity: IssueActivity;
  readonly issues: SandboxIssue[] = [];
  private nextLink = 10000;

  constructor(
    private readonly rng: Rng,
    private readonly text: IssueText,
    private readonly data: SandboxData,
  ) {
    this.roster = new Roster(rng, data.now);
    this.activity = new IssueActivity(rng, this.roster, text, data);
  }

  get counters(): { comment: number; worklog: number; history: number } {
    return this.activity.counters;
  }

  create(ctx: ProjectContext, created: number, forcedLevel: string | null): SandboxIssue {
    const rng = this.rng;
    const id = String(10000 + this.issues.length);
    const number = ctx.nextNumber++;
    const key = `${ctx.project.key}-${number}`;
    const is = this.essentials(ctx, number, created, forcedLevel);
    const { typeId, pool, statusId, resolutionId, assignee } = is;
    const isEpic = typeId === TYPE_EPIC;

    const history = this.activity.history({ key, created, ...is });
    const comments = this.activity.comments(pool, created, history.window);
    // Only started, non-epic work gets time logged.
    const worklogs =
      isEpic || statusId === STATUS_TO_DO
        ? []
        : this.activity.worklogs(pool, assignee, created, history.window);
    const timeTracking = this.timeTracking(isEpic, statusId, worklogs);
    const customFields = this.customFields(ctx, is, created, history.steps, history.resolutionDate);
    const labels = rng
      .sample(
        LABELS,
        rng.weighted<number>([
          [0, 40],
          [1, 35],
          [2, 18],
          [3, 7],
        ]),
      )
      .sort();
    const componentIds = rng
      .sample(
        ctx.project.components.map((c) => c.id),
        rng.weighted<number>([
          [0, 30],
          [1, 55],
          [2, 15],
        ]),
      )
      .sort();
    const fixVersions = fixVersionIds(
      rng,
      ctx.project.versions,
      statusId,
      resolutionId,
      history.resolutionDate,
    );
    const dueDate = !isEpic && rng.chance(0.2) ? isoDay(created + rng.range(7, 60) * DAY) : null;

    const issue: SandboxIssue = {
      id,
      key,
      projectId: ctx.project.id,
      issueTypeId: typeId,
      summary: this.text.summary(typeId, ctx.project),
      description: this.text.description(typeId),
      statusId,
      priorityId: is.priorityId,
      resolutionId,
      resolutionDate: history.resolutionDate,
      assigneeKey: assignee?.key ?? null,
      reporterKey: is.reporter.key,
      creatorKey: is.creator.key,
      created,
      updated: lastActivity(created, history.changelog, comments, worklogs),
      dueDate,
      labels,
      componentIds,
      fixVersionIds: fixVersions,
      securityLevelId: is.levelId,
      parentId: is.parent?.id ?? null,
      links: [],
      ...timeTracking,
      customFields,
      comments,
      worklogs,
      changelog: history.changelog,
    };
    this.linkToEarlier(ctx, issue);
    this.record(ctx, issue);
    return issue;
  }

  /** Type, parent, level, people, status and priority, in the order they are drawn. */
  private essentials(
    ctx: ProjectContext,
    number: number,
    created: number,
    forcedLevel: string | null,
  ): Essentials {
    const rng = this.rng;
    const { typeId, parent } = this.typeAndParent(ctx, number);
    const levelId = this.securityLevel(ctx, parent, forcedLevel);
    // People on a secured issue are level members, so whoever works on it can see it.
    const pool = ctx.pools.get(levelId ?? '')!;
    const atCreation = this.roster.usersAt(pool, created);
    const reporter = rng.pick(atCreation);
    const creator = rng.chance(0.9) ? reporter : rng.pick(atCreation);
    const { statusId, resolutionId } = this.outcome(ctx, created);
    const assignee = rng.chance(statusId === STATUS_TO_DO ? 0.35 : 0.05) ? null : rng.pick(atCreation);
    const priorityId = rng.weighted<string>([
      ['1', 7],
      ['2', 20],
      ['3', 50],
      ['4', 15],
      ['5', 8],
    ]);
    return {
      typeId,
      parent,
      levelId,
      pool,
      atCreation,
      reporter,
      creator,
      statusId,
      resolutionId,
      assignee,
      priorityId,
    };
  }

  /** Every project starts with an epic so epic links always have a target; sub-tasks need a parent. */
  private typeAndParent(
    ctx: ProjectContext,
    number: number,
  ): { typeId: string; parent: SandboxIssue | null } {
    let typeId =
      number === 1
        ? TYPE_EPIC
        : this.rng.weighted<string>([
            [TYPE_EPIC, 4],
            [TYPE_STORY, 34],
            [TYPE_TASK, 24],
            [TYPE_BUG, 26],
            [TYPE_SUBTASK, 12],
          ]);
    if (typeId === TYPE_SUBTASK && ctx.standard.length === 0) typeId = TYPE_TASK;
    const parent = typeId === TYPE_SUBTASK ? this.rng.pickRecent(ctx.standard, 30) : null;
    return { typeId, parent };
  }

  /** Sub-tasks inherit the parent's level, as in Jira; otherwise a few issues are secured. */
  private securityLevel(
    ctx: ProjectContext,
    parent: SandboxIssue | null,
    forcedLevel: string | null,
  ): string | null {
    const rng = this.rng;
    if (parent !== null) return parent.securityLevelId;
    if (forcedLevel !== null) return forcedLevel;
    if (ctx.project.key === 'PROJ' || ctx.project.key === 'MOB')
      return rng.chance(0.1) ? LEVEL_INTERNAL : null;
    if (ctx.project.key === 'OPS') return rng.chance(0.05) ? LEVEL_RESTRICTED : null;
    return null;
  }

  /** Older issues are likelier finished. */
  private outcome(ctx: ProjectContext, created: number): { statusId: string; resolutionId: string | null } {
    const rng = this.rng;
    const age = (this.data.now - created) / (HISTORY_DAYS * DAY);
    const statusId = rng.chance(0.25 + 0.65 * age)
      ? STATUS_DONE
      : rng.weighted<string>([
          [STATUS_TO_DO, 5],
          [STATUS_IN_PROGRESS, 3],
          [STATUS_IN_REVIEW, 2],
        ]);
    if (statusId !== STATUS_DONE) return { statusId, resolutionId: null };
    let resolutionId = rng.weighted<string>([
      [RESOLUTION_DONE, 80],
      [RESOLUTION_WONT_DO, 12],
      [RESOLUTION_DUPLICATE, 8],
    ]);
    if (resolutionId === RESOLUTION_DUPLICATE && ctx.issues.length === 0) resolutionId = RESOLUTION_DONE;
    return { statusId, resolutionId };
  }

  private timeTracking(
    isEpic: boolean,
    statusId: string,
    worklogs: readonly SandboxWorklog[],
  ): Pick<SandboxIssue, 'timeOriginalEstimate' | 'timeEstimate' | 'timeSpent'> {
    let timeSpent: number | null = null;
    for (const w of worklogs) timeSpent = (timeSpent ?? 0) + w.timeSpentSeconds;
    const timeOriginalEstimate = !isEpic && this.rng.chance(0.6) ? this.rng.pick(ESTIMATES) : null;
    const timeEstimate =
      timeOriginalEstimate === null
        ? null
        : statusId === STATUS_DONE
          ? 0
          : Math.max(0, timeOriginalEstimate - (timeSpent ?? 0));
    return { timeOriginalEstimate, timeEstimate, timeSpent };
  }

  /** Epic link, story points, severity, reviewers and sprints, as the issue's type and history allow. */
  private customFields(
    ctx: ProjectContext,
    is: Essentials,
    created: number,
    steps: readonly Step[],
    resolutionDate: number | null,
  ): SandboxIssue['customFields'] {
    const rng = this.rng;
    const { typeId, assignee } = is;
    const isStandard = isStandardType(typeId);
    const epicLink =
      isStandard && ctx.epics.length > 0 && rng.chance(0.6) ? rng.pickRecent(ctx.epics, 8).key : null;
    const storyPoints = typeId === TYPE_STORY && rng.chance(0.8) ? rng.pick(STORY_POINTS) : null;
    const severity =
      typeId === TYPE_BUG && rng.chance(0.85)
        ? rng.weighted<string>([
            ['10200', 10],
            ['10201', 40],
            ['10202', 50],
          ])
        : null;
    // Reviewed work (it went through In Review) names one or two reviewers other than the assignee.
    const reviewerPool = this.roster.usersAt(is.pool, created).filter((u) => u !== assignee);
    const reviewers =
      isStandard && steps.includes('21') && reviewerPool.length > 0
        ? rng
            .sample(reviewerPool, rng.range(1, 2))
            .map((u) => u.key)
            .sort()
        : null;
    let sprints: number[] | null;
    if (is.parent !== null) sprints = parentSprints(is.parent);
    else if (typeId === TYPE_EPIC) sprints = null;
    else sprints = sprintIds(rng, ctx.sprints, is.statusId, created, resolutionDate);
    return {
      [CF_STORY_POINTS]: storyPoints,
      [CF_SPRINT]: sprints,
      [CF_EPIC_LINK]: epicLink,
      [CF_SEVERITY]: severity,
      [CF_REVIEWERS]: reviewers,
    };
  }

  /** Links point backwards to existing issues; both sides record the same link id. */
  private linkToEarlier(ctx: ProjectContext, issue: SandboxIssue): void {
    const rng = this.rng;
    if (issue.resolutionId === RESOLUTION_DUPLICATE)
      this.link(issue, rng.pickRecent(ctx.issues, 100), 'Duplicate');
    if (this.issues.length > 0 && rng.chance(0.06)) {
      const other =
        rng.chance(0.8) && ctx.issues.length > 0 ? rng.pickRecent(ctx.issues, 200) : rng.pick(this.issues);
      if (!issue.links.some((l) => l.otherIssueId === other.id)) {
        this.link(issue, other, rng.chance(0.4) ? 'Blocks' : 'Relates');
      }
    }
  }

  private link(issue: SandboxIssue, other: SandboxIssue, typeName: string): void {
    const id = String(this.nextLink++);
    // Blocks goes either way; Duplicate always reads "new duplicates old".
    const outward = typeName === 'Blocks' ? this.rng.chance(0.5) : true;
    issue.links.push({ id, typeName, outward, otherIssueId: other.id });
    other.links.push({ id, typeName, outward: !outward, otherIssueId: issue.id });
  }

  private record(ctx: ProjectContext, issue: SandboxIssue): void {
    this.issues.push(issue);
    ctx.issues.push(issue);
    if (issue.issueTypeId === TYPE_EPIC) ctx.epics.push(issue);
    if (isStandardType(issue.issueTypeId)) ctx.standard.push(issue);
  }
}

/** When anything last happened to the issue. */
function lastActivity(
  created: number,
  changelog: readonly SandboxHistory[],
  comments: readonly SandboxComment[],
  worklogs: readonly SandboxWorklog[],
): number {
  let updated = created;
  for (const h of changelog) updated = Math.max(updated, h.created);
  for (const c of comments) updated = Math.max(updated, c.updated);
  for (const w of worklogs) updated = Math.max(updated, w.updated);
  return updated;
}
