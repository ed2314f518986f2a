// Deterministic data for the Jira sandbox: a fixed catalogue (users, projects,
// workflow, fields, boards) that routes and tests address by id, plus seeded
// issues. The same seed and size always give deep-equal data, and nothing
// depends on the wall clock, so failures reproduce.
import { base, en, Faker } from '@faker-js/faker';
import type { SandboxData } from '../model.ts';
import { DAY, HISTORY_DAYS, HOUR, SANDBOX_NOW, SECOND } from './calendar.ts';
import {
  buildCustomFields,
  buildIssueTypes,
  buildPriorities,
  buildResolutions,
  buildSecurityLevels,
  buildStatusCategories,
  buildStatuses,
  buildTransitions,
  LEVEL_INTERNAL,
  LEVEL_RESTRICTED,
} from './catalogue.ts';
import { IssueFactory } from './issue-factory.ts';
import { buildTextPools, IssueText } from './issue-text.ts';
import { addReaders, buildUsers, MAX_READERS } from './people.ts';
import { type ProjectContext, projectContexts } from './project-context.ts';
import { buildBoards, buildProjects, buildSprints, projectCounts } from './projects.ts';
import { Rng } from './random.ts';

export { SANDBOX_NOW } from './calendar.ts';
export { MAX_READERS } from './people.ts';

export const DEFAULT_SEED = 1;
export const DEFAULT_ISSUE_COUNT = 1000;

export interface GenerateOptions {
  seed: number;
  issues: number;
  /**
   * Extra read-only users reader1..readerN (the Users role, so Browse, in
   * every project; in no security level), for load tests with many
   * identities. Added after the issues, so the data of a seed is unchanged.
   */
  readers: number;
}

/** Builds a full sandbox dataset; deterministic in `seed` and `issues`. */
export function generateSandboxData(options: Partial<GenerateOptions> = {}): SandboxData {
  const seed = options.seed ?? DEFAULT_SEED;
  const issueCount = options.issues ?? DEFAULT_ISSUE_COUNT;
  const readers = options.readers ?? 0;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isSafeInteger(readers) || readers < 0 || readers > MAX_READERS) {
    throw new RangeError(`readers must be an integer from 0 to ${MAX_READERS}, got ${readers}`);
  }
  if (!Number.isSafeInteger(issueCount) || issueCount < 0) {
    throw new RangeError(`issues must be a non-negative integer, got ${issueCount}`);
  }

  // A private instance: the global faker is shared and seeding it would leak.
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  const rng = new Rng(faker);

  const data = catalogue(seed);
  const contexts = projectContexts(data);
  const factory = new IssueFactory(rng, new IssueText(faker, rng, buildTextPools(faker)), data);
  createIssues(rng, factory, contexts, issueCount);

  data.issues = factory.issues;
  data.counters = { issue: 10000 + data.issues.length, ...factory.counters, pat: 1 };
  for (const ctx of contexts) data.projectCounters[ctx.project.key] = ctx.nextNumber;
  addReaders(data, readers);
  return data;
}

/** Everything but the issues: the same for every seed. */
function catalogue(seed: number): SandboxData {
  const users = buildUsers();
  const boards = buildBoards();
  return {
    seed,
    now: SANDBOX_NOW,
    users,
    statusCategories: buildStatusCategories(),
    statuses: buildStatuses(),
    transitions: buildTransitions(),
    issueTypes: buildIssueTypes(),
    priorities: buildPriorities(),
    resolutions: buildResolutions(),
    projects: buildProjects(users),
    securityLevels: buildSecurityLevels(),
    customFields: buildCustomFields(),
    issues: [],
    boards,
    sprints: buildSprints(boards),
    pats: [],
    counters: { issue: 10000, comment: 10000, worklog: 10000, history: 10000, pat: 1 },
    projectCounters: {},
  };
}

function createIssues(rng: Rng, factory: IssueFactory, contexts: ProjectContext[], issueCount: number): void {
  const sequence = creationSequence(rng, issueCount);
  // Creation times ascend over the history window, jittered within even slots.
  const start = SANDBOX_NOW - HISTORY_DAYS * DAY;
  const slot = (SANDBOX_NOW - HOUR - start) / Math.max(1, issueCount);
  let previous = start - SECOND;
  for (const [i, projectIndex] of sequence.entries()) {
    const created = Math.max(
      Math.floor((start + (i + rng.next()) * slot) / SECOND) * SECOND,
      previous + SECOND,
    );
    previous = created;
    const ctx = contexts[projectIndex]!;
    factory.create(ctx, created, forcedLevel(ctx));
  }
}

/** Exact per-project counts shuffled into creation order: shares hold even for tiny datasets. */
function creationSequence(rng: Rng, issueCount: number): number[] {
  const sequence: number[] = [];
  for (const [i, n] of projectCounts(issueCount).entries()) for (let k = 0; k < n; k++) sequence.push(i);
  for (let i = sequence.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = sequence[i]!;
    sequence[i] = sequence[j]!;
    sequence[j] = tmp;
  }
  return sequence;
}

/** PROJ-2 and OPS-2 always carry a level so every dataset of 20+ issues
 *  has issues alice sees and dave does not, and the other way round. */
function forcedLevel(ctx: ProjectContext): string | null {
  if (ctx.nextNumber !== 2) return null;
  if (ctx.project.key === 'PROJ') return LEVEL_INTERNAL;
  if (ctx.project.key === 'OPS') return LEVEL_RESTRICTED;
  return null;
}
