// Deterministic data for the Jira sandbox: a fixed catalogue (users, projects,
// workflow, fields, boards) that routes and tests address by id, plus seeded
// issues. The same seed and size always give deep-equal data, and nothing
// depends on the wall clock, so failures reproduce.
import { createHash } from 'node:crypto';
import { base, en, Faker } from '@faker-js/faker';
import type {
  SandboxBoard,
  SandboxChangeItem,
  SandboxComment,
  SandboxComponent,
  SandboxCustomField,
  SandboxData,
  SandboxHistory,
  SandboxIssue,
  SandboxIssueType,
  SandboxPriority,
  SandboxProject,
  SandboxResolution,
  SandboxSecurityLevel,
  SandboxSprint,
  SandboxStatus,
  SandboxStatusCategory,
  SandboxTransition,
  SandboxUser,
  SandboxVersion,
  SandboxWorklog,
} from './model.ts';

/** "Now" of every generated dataset (2026-11-01T00:00Z), independent of the wall clock. */
export const SANDBOX_NOW = Date.UTC(2026, 10, 1);
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

/** At most this many readers: keys JIRAUSER20001.. stay clear of the catalogue's. */
export const MAX_READERS = 10_000;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Issues are created over this many days before now. */
const HISTORY_DAYS = 730;

// ---------------------------------------------------------------------------
// Fixed catalogue
// ---------------------------------------------------------------------------

interface UserSpec {
  name: string;
  displayName: string;
  timeZone: string;
  isAdmin: boolean;
  /** Days before now the account was deactivated; null while active. Lets an
   *  inactive user own old issues without acting after they left. */
  deactivatedDaysAgo: number | null;
}

const USER_SPECS: readonly UserSpec[] = [
  { name: 'admin', displayName: 'Ada Admin', timeZone: 'UTC', isAdmin: true, deactivatedDaysAgo: null },
  {
    name: 'alice',
    displayName: 'Alice Anderson',
    timeZone: 'Europe/Berlin',
    isAdmin: false,
    deactivatedDaysAgo: null,
  },
  {
    name: 'bob',
    displayName: 'Bob Brown',
    timeZone: 'America/New_York',
    isAdmin: false,
    deactivatedDaysAgo: null,
  },
  {
    name: 'carol',
    displayName: 'Carol Clark',
    timeZone: 'Europe/London',
    isAdmin: false,
    deactivatedDaysAgo: null,
  },
  {
    name: 'dave',
    displayName: 'Dave Davis',
    timeZone: 'Asia/Tokyo',
    isAdmin: false,
    deactivatedDaysAgo: null,
  },
  {
    name: 'erin',
    displayName: 'Erin Evans',
    timeZone: 'Australia/Sydney',
    isAdmin: false,
    deactivatedDaysAgo: null,
  },
  { name: 'frank', displayName: 'Frank Foster', timeZone: 'UTC', isAdmin: false, deactivatedDaysAgo: 120 },
];

/** A user's fixed personal access token: 32 sha256 bytes are 44 base64 characters, like a Jira PAT. */
export function sandboxToken(name: string): string {
  return createHash('sha256').update(`jgg-sandbox:${name}`).digest('base64');
}

/** A user's fixed Cloud accountId, shaped like real ones (24 hex characters). */
export function sandboxAccountId(name: string): string {
  return createHash('sha256').update(name).digest('hex').slice(0, 24);
}

function userKey(name: string): string {
  const index = USER_SPECS.findIndex((u) => u.name === name);
  if (index < 0) throw new Error(`unknown sandbox user ${name}`);
  return `JIRAUSER${10000 + index}`;
}

function buildUsers(): SandboxUser[] {
  return USER_SPECS.map((spec, index) => ({
    key: `JIRAUSER${10000 + index}`,
    name: spec.name,
    accountId: sandboxAccountId(spec.name),
    displayName: spec.displayName,
    emailAddress: `${spec.name}@example.com`,
    token: sandboxToken(spec.name),
    active: spec.deactivatedDaysAgo === null,
    timeZone: spec.timeZone,
    isAdmin: spec.isAdmin,
    groups: spec.isAdmin ? ['jira-administrators', 'jira-software-users'] : ['jira-software-users'],
  }));
}

interface VersionSpec {
  name: string;
  /** Days relative to now (negative: past). */
  startDays: number;
  releaseDays: number | null;
  released: boolean;
  archived: boolean;
}

interface ProjectSpec {
  id: string;
  key: string;
  name: string;
  description: string;
  lead: string;
  projectTypeKey: 'software' | 'business';
  /** Role -> user names; their union is who may browse the project. */
  roles: { Administrators: string[]; Developers: string[]; Users: string[] };
  /** Share of generated issues. */
  share: number;
  board: { id: number; type: 'scrum' | 'kanban' };
  components: readonly { name: string; description: string; lead: string | null }[];
  versions: readonly VersionSpec[];
}

const PROJECT_SPECS: readonly ProjectSpec[] = [
  {
    id: '10000',
    key: 'PROJ',
    name: 'Platform',
    description: 'Core platform services: backend, web frontend and public API.',
    lead: 'admin',
    projectTypeKey: 'software',
    roles: { Administrators: ['admin'], Developers: ['alice', 'bob', 'dave'], Users: ['erin'] },
    share: 0.4,
    board: { id: 1, type: 'scrum' },
    components: [
      { name: 'Backend', description: 'Services and background jobs', lead: 'alice' },
      { name: 'Frontend', description: 'Web application', lead: 'bob' },
      { name: 'API', description: 'Public REST and GraphQL API', lead: 'dave' },
      { name: 'Database', description: 'Schema and migrations', lead: null },
    ],
    versions: [
      { name: '1.0', startDays: -760, releaseDays: -620, released: true, archived: true },
      { name: '1.1', startDays: -620, releaseDays: -440, released: true, archived: false },
      { name: '2.0', startDays: -440, releaseDays: -230, released: true, archived: false },
      { name: '2.1', startDays: -230, releaseDays: -50, released: true, archived: false },
      { name: '3.0', startDays: -50, releaseDays: 60, released: false, archived: false },
    ],
  },
  {
    id: '10001',
    key: 'MOB',
    name: 'Mobile',
    description: 'iOS and Android apps.',
    lead: 'alice',
    projectTypeKey: 'software',
    roles: { Administrators: ['alice'], Developers: ['bob', 'dave'], Users: ['admin'] },
    share: 0.25,
    board: { id: 2, type: 'scrum' },
    components: [
      { name: 'iOS', description: 'iPhone and iPad app', lead: 'bob' },
      { name: 'Android', description: 'Android app', lead: 'dave' },
      { name: 'Push Notifications', description: 'APNs and FCM delivery', lead: null },
    ],
    versions: [
      { name: '4.0', startDays: -730, releaseDays: -540, released: true, archived: true },
      { name: '4.1', startDays: -540, releaseDays: -300, released: true, archived: false },
      { name: '4.2', startDays: -300, releaseDays: -90, released: true, archived: false },
      { name: '5.0', startDays: -90, releaseDays: null, released: false, archived: false },
    ],
  },
  {
    id: '10002',
    key: 'OPS',
    name: 'Operations',
    description: 'Infrastructure, monitoring and on-call work.',
    lead: 'dave',
    projectTypeKey: 'software',
    roles: { Administrators: ['dave'], Developers: ['alice', 'erin'], Users: ['admin'] },
    share: 0.25,
    board: { id: 3, type: 'kanban' },
    components: [
      { name: 'Infrastructure', description: 'Clusters, networks and storage', lead: 'dave' },
      { name: 'Monitoring', description: 'Metrics, logs and alerts', lead: 'erin' },
      { name: 'On-call', description: 'Incident response', lead: null },
    ],
    versions: [
      { name: '2025.1', startDays: -700, releaseDays: -480, released: true, archived: true },
      { name: '2025.2', startDays: -480, releaseDays: -120, released: true, archived: false },
      { name: '2026.1', startDays: -120, releaseDays: 90, released: false, archived: false },
    ],
  },
  {
    id: '10003',
    key: 'FIN',
    name: 'Finance',
    description: 'Billing, invoicing and financial reporting.',
    lead: 'admin',
    projectTypeKey: 'business',
    roles: { Administrators: ['admin'], Developers: ['frank'], Users: [] },
    share: 0.1,
    board: { id: 4, type: 'scrum' },
    components: [
      { name: 'Billing', description: 'Invoices and payments', lead: 'frank' },
      { name: 'Reporting', description: 'Monthly and quarterly reports', lead: 'admin' },
    ],
    versions: [
      { name: 'FY2025', startDays: -730, releaseDays: -400, released: true, archived: true },
      { name: 'FY2026 H1', startDays: -400, releaseDays: -220, released: true, archived: false },
      { name: 'FY2026 H2', startDays: -220, releaseDays: -40, released: true, archived: false },
      { name: 'FY2027 H1', startDays: -40, releaseDays: 140, released: false, archived: false },
    ],
  },
];

const STATUS_TO_DO = '10000';
const STATUS_IN_PROGRESS = '3';
const STATUS_IN_REVIEW = '10001';
const STATUS_DONE = '10002';

const TYPE_EPIC = '10000';
const TYPE_STORY = '10001';
const TYPE_TASK = '10002';
const TYPE_BUG = '10003';
const TYPE_SUBTASK = '10004';

const RESOLUTION_DONE = '10000';
const RESOLUTION_WONT_DO = '10001';
const RESOLUTION_DUPLICATE = '10002';

const LEVEL_INTERNAL = '10100';
const LEVEL_RESTRICTED = '10101';

const CF_STORY_POINTS = 'customfield_10002';
const CF_SPRINT = 'customfield_10005';
const CF_EPIC_LINK = 'customfield_10006';
const CF_SEVERITY = 'customfield_10100';
const CF_REVIEWERS = 'customfield_10101';

function buildStatusCategories(): SandboxStatusCategory[] {
  return [
    { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
    { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
    { id: 3, key: 'done', colorName: 'green', name: 'Done' },
  ];
}

function buildStatuses(): SandboxStatus[] {
  return [
    { id: STATUS_TO_DO, name: 'To Do', description: 'Work that has not started.', categoryKey: 'new' },
    {
      id: STATUS_IN_PROGRESS,
      name: 'In Progress',
      description: 'Someone is working on this issue.',
      categoryKey: 'indeterminate',
    },
    {
      id: STATUS_IN_REVIEW,
      name: 'In Review',
      description: 'The work is waiting for review.',
      categoryKey: 'indeterminate',
    },
    { id: STATUS_DONE, name: 'Done', description: 'The work is finished.', categoryKey: 'done' },
  ];
}

function buildTransitions(): SandboxTransition[] {
  return [
    { id: '11', name: 'Start Progress', toStatusId: STATUS_IN_PROGRESS, fromStatusIds: [STATUS_TO_DO] },
    {
      id: '21',
      name: 'Submit for Review',
      toStatusId: STATUS_IN_REVIEW,
      fromStatusIds: [STATUS_IN_PROGRESS],
    },
    {
      id: '31',
      name: 'Done',
      toStatusId: STATUS_DONE,
      fromStatusIds: [STATUS_IN_REVIEW, STATUS_IN_PROGRESS],
    },
    { id: '41', name: 'Reopen', toStatusId: STATUS_TO_DO, fromStatusIds: [STATUS_DONE] },
    { id: '51', name: 'Stop Progress', toStatusId: STATUS_TO_DO, fromStatusIds: [STATUS_IN_PROGRESS] },
    { id: '61', name: 'Request Changes', toStatusId: STATUS_IN_PROGRESS, fromStatusIds: [STATUS_IN_REVIEW] },
  ];
}

function buildIssueTypes(): SandboxIssueType[] {
  return [
    {
      id: TYPE_EPIC,
      name: 'Epic',
      description: 'A big user story that needs to be broken down.',
      subtask: false,
      hierarchyLevel: 1,
    },
    {
      id: TYPE_STORY,
      name: 'Story',
      description: 'Functionality or a feature expressed as a user goal.',
      subtask: false,
      hierarchyLevel: 0,
    },
    {
      id: TYPE_TASK,
      name: 'Task',
      description: 'A task that needs to be done.',
      subtask: false,
      hierarchyLevel: 0,
    },
    {
      id: TYPE_BUG,
      name: 'Bug',
      description: 'A problem which impairs or prevents the functions of the product.',
      subtask: false,
      hierarchyLevel: 0,
    },
    {
      id: TYPE_SUBTASK,
      name: 'Sub-task',
      description: 'The sub-task of the issue.',
      subtask: true,
      hierarchyLevel: -1,
    },
  ];
}

function buildPriorities(): SandboxPriority[] {
  return [
    { id: '1', name: 'Highest', statusColor: '#d04437', description: 'This problem will block progress.' },
    {
      id: '2',
      name: 'High',
      statusColor: '#f15c75',
      description: 'Serious problem that could block progress.',
    },
    { id: '3', name: 'Medium', statusColor: '#f79232', description: 'Has the potential to affect progress.' },
    { id: '4', name: 'Low', statusColor: '#707070', description: 'Minor problem or easily worked around.' },
    {
      id: '5',
      name: 'Lowest',
      statusColor: '#999999',
      description: 'Trivial problem with little or no impact.',
    },
  ];
}

function buildResolutions(): SandboxResolution[] {
  return [
    { id: RESOLUTION_DONE, name: 'Done', description: 'Work has been completed on this issue.' },
    { id: RESOLUTION_WONT_DO, name: "Won't Do", description: 'This issue will not be actioned.' },
    {
      id: RESOLUTION_DUPLICATE,
      name: 'Duplicate',
      description: 'The problem is a duplicate of an existing issue.',
    },
  ];
}

function buildSecurityLevels(): SandboxSecurityLevel[] {
  return [
    {
      id: LEVEL_INTERNAL,
      name: 'Internal',
      description: 'Only staff with internal clearance.',
      memberKeys: [userKey('admin'), userKey('alice')],
    },
    {
      id: LEVEL_RESTRICTED,
      name: 'Restricted',
      description: 'Only the operations leads.',
      memberKeys: [userKey('admin'), userKey('dave')],
    },
  ];
}

function buildCustomFields(): SandboxCustomField[] {
  return [
    {
      numericId: 10002,
      id: CF_STORY_POINTS,
      name: 'Story Points',
      kind: 'storyPoints',
      schemaType: 'number',
      schemaCustom: 'com.atlassian.jira.plugin.system.customfieldtypes:float',
    },
    {
      numericId: 10005,
      id: CF_SPRINT,
      name: 'Sprint',
      kind: 'sprint',
      schemaType: 'array',
      schemaItems: 'string',
      schemaCustom: 'com.pyxis.greenhopper.jira:gh-sprint',
    },
    {
      numericId: 10006,
      id: CF_EPIC_LINK,
      name: 'Epic Link',
      kind: 'epicLink',
      schemaType: 'any',
      schemaCustom: 'com.pyxis.greenhopper.jira:gh-epic-link',
    },
    {
      numericId: 10100,
      id: CF_SEVERITY,
      name: 'Severity',
      kind: 'select',
      schemaType: 'option',
      schemaCustom: 'com.atlassian.jira.plugin.system.customfieldtypes:select',
      options: [
        { id: '10200', value: 'S1 - Critical' },
        { id: '10201', value: 'S2 - Major' },
        { id: '10202', value: 'S3 - Minor' },
      ],
    },
    {
      numericId: 10101,
      id: CF_REVIEWERS,
      name: 'Reviewers',
      kind: 'multiUser',
      schemaType: 'array',
      schemaItems: 'user',
      schemaCustom: 'com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker',
    },
  ];
}

/** yyyy-mm-dd in UTC. */
function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function buildProjects(users: SandboxUser[]): SandboxProject[] {
  const order = new Map(users.map((u, i) => [u.key, i]));
  let componentId = 10000;
  let versionId = 10000;
  return PROJECT_SPECS.map((spec) => {
    const roles = {
      Administrators: spec.roles.Administrators.map(userKey),
      Developers: spec.roles.Developers.map(userKey),
      Users: spec.roles.Users.map(userKey),
    };
    // Browse follows from holding any role; kept in user order for stable output.
    const browseUserKeys = [...new Set([...roles.Administrators, ...roles.Developers, ...roles.Users])].sort(
      (a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0),
    );
    const components: SandboxComponent[] = spec.components.map((c) => ({
      id: String(componentId++),
      name: c.name,
      description: c.description,
      leadKey: c.lead === null ? null : userKey(c.lead),
      projectId: spec.id,
    }));
    const versions: SandboxVersion[] = spec.versions.map((v) => ({
      id: String(versionId++),
      name: v.name,
      description: `${spec.name} release ${v.name}`,
      archived: v.archived,
      released: v.released,
      releaseDate: v.releaseDays === null ? null : isoDay(SANDBOX_NOW + v.releaseDays * DAY),
      startDate: isoDay(SANDBOX_NOW + v.startDays * DAY),
      projectId: spec.id,
    }));
    return {
      id: spec.id,
      key: spec.key,
      name: spec.name,
      description: spec.description,
      leadKey: userKey(spec.lead),
      projectTypeKey: spec.projectTypeKey,
      browseUserKeys,
      roles,
      issueTypeIds: [TYPE_EPIC, TYPE_STORY, TYPE_TASK, TYPE_BUG, TYPE_SUBTASK],
      components,
      versions,
    };
  });
}

function buildBoards(): SandboxBoard[] {
  return PROJECT_SPECS.map((spec) => ({
    id: spec.board.id,
    name: `${spec.key} board`,
    type: spec.board.type,
    projectId: spec.id,
  })).sort((a, b) => a.id - b.id);
}

const SPRINT_GOALS = [
  'Stabilise the release candidate',
  'Pay down tech debt',
  'Ship the onboarding flow',
  'Finish the reporting MVP',
  'Plan the next milestone',
];

/** Per scrum board: 3 closed, 1 active (containing now) and 1 future two-week sprint. */
function buildSprints(boards: SandboxBoard[]): SandboxSprint[] {
  const sprints: SandboxSprint[] = [];
  let id = 1;
  const activeStart = SANDBOX_NOW - 7 * DAY;
  for (const board of boards) {
    if (board.type !== 'scrum') continue;
    const key = board.name.replace(/ board$/, '');
    for (let n = 1; n <= 5; n++) {
      const start = activeStart + (n - 4) * 14 * DAY;
      const state = n < 4 ? 'closed' : n === 4 ? 'active' : 'future';
      sprints.push({
        id: id++,
        name: `${key} Sprint ${n}`,
        state,
        originBoardId: board.id,
        goal: SPRINT_GOALS[n - 1] ?? '',
        startDate: state === 'future' ? null : start,
        endDate: state === 'future' ? null : start + 14 * DAY,
        // Closed a couple of hours after the planned end, as teams do.
        completeDate: state === 'closed' ? start + 14 * DAY + 2 * HOUR : null,
      });
    }
  }
  return sprints;
}

// ---------------------------------------------------------------------------
// Randomness and text
// ---------------------------------------------------------------------------

/** Thin helpers over one seeded faker stream, so every draw is reproducible. */
class Rng {
  constructor(private readonly faker: Faker) {}

  /** Uniform in [0, 1). */
  next(): number {
    return this.faker.number.float();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.min(n - 1, Math.floor(this.next() * n));
  }

  /** Integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  /** Picks among the last `window` items (recent issues are likelier relatives). */
  pickRecent<T>(items: readonly T[], window: number): T {
    const from = Math.max(0, items.length - window);
    return items[from + this.int(items.length - from)]!;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [value, w] of items) {
      r -= w;
      if (r < 0) return value;
    }
    return items[items.length - 1]![0];
  }

  /** `count` distinct items in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = items.slice();
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + this.int(copy.length - i);
      const tmp = copy[i]!;
      copy[i] = copy[j]!;
      copy[j] = tmp;
    }
    return copy.slice(0, n);
  }
}

function capitalize(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

const LABELS = ['backend', 'frontend', 'ui', 'performance', 'security', 'customer', 'tech-debt'];
const STORY_POINTS = [1, 2, 3, 5, 8, 13];
const ESTIMATES = [HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR, 16 * HOUR, 24 * HOUR].map((ms) => ms / SECOND);
const CANNED_COMMENTS = [
  'Looks good to me.',
  "I'll take a look today.",
  'Deployed to staging, please verify.',
  'Can we add a test for this?',
  'Still reproducible on the latest build.',
  'Moving this to the next sprint.',
];
const WORKLOG_COMMENTS = ['Implementation', 'Code review', 'Investigation', 'Testing', 'Pairing session', ''];

/** Text pools drawn once per dataset from the seeded faker: far cheaper than
 *  calling faker's sentence builders per issue, and still seed-dependent. */
interface TextPools {
  phrases: string[];
  codeBlocks: string[];
}

function buildTextPools(faker: Faker): TextPools {
  const phrases = Array.from({ length: 400 }, () => capitalize(faker.hacker.phrase()));
  const codeBlocks = Array.from({ length: 40 }, (_, i) => {
    const noun = faker.hacker.noun().replace(/\W+/g, '');
    const cls = `${capitalize(noun)}Service`;
    switch (i % 4) {
      case 0:
        return [
          '{code:java}',
          `java.lang.IllegalStateException: ${noun} is not ready`,
          `    at com.example.${noun}.${cls}.${faker.hacker.verb().replace(/\W+/g, '')}(${cls}.java:${faker.number.int({ min: 20, max: 900 })})`,
          `    at com.example.${noun}.${cls}Handler.handle(${cls}Handler.java:${faker.number.int({ min: 20, max: 400 })})`,
          '{code}',
        ].join('\n');
      case 1:
        return [
          '{code:json}',
          `{ "${noun}": "${faker.hacker.adjective()}", "retries": ${faker.number.int(9)}, "enabled": true }`,
          '{code}',
        ].join('\n');
      case 2:
        return [
          '{code:bash}',
          `curl -s -H "Authorization: Bearer $TOKEN" https://jira.example.com/rest/api/2/${noun}`,
          '{code}',
        ].join('\n');
      default:
        return [
          '{noformat}',
          `ERROR [${noun}-worker-${faker.number.int(16)}] ${capitalize(faker.hacker.ingverb())} ${noun} failed after ${faker.number.int({ min: 100, max: 30000 })} ms`,
          '{noformat}',
        ].join('\n');
    }
  });
  return { phrases, codeBlocks };
}

// ---------------------------------------------------------------------------
// Issues
// ---------------------------------------------------------------------------

interface UserPool {
  all: SandboxUser[];
}

interface ProjectContext {
  project: SandboxProject;
  /** Browse users per security level id ('' = no level): the people who may touch an issue. */
  pools: Map<string, UserPool>;
  issues: SandboxIssue[];
  epics: SandboxIssue[];
  /** Stories, tasks and bugs: candidate parents of sub-tasks. */
  standard: SandboxIssue[];
  /** The project's board sprints in order (closed×3, active, future); empty on kanban. */
  sprints: SandboxSprint[];
  nextNumber: number;
}

type Step = 'assignee' | 'priority' | '11' | '21' | '31' | '41' | '51' | '61';

class IssueFactory {
  private readonly rng: Rng;
  private readonly statusNames: Map<string, string>;
  private readonly transitions: Map<string, SandboxTransition>;
  private readonly priorities: SandboxPriority[];
  private readonly resolutionNames: Map<string, string>;
  private readonly deactivatedAt: Map<string, number>;
  /** Earliest deactivation; before it every pool is used unfiltered. */
  private readonly firstDeactivation: number;
  readonly issues: SandboxIssue[] = [];
  private nextComment = 10000;
  private nextWorklog = 10000;
  private nextHistory = 10000;
  private nextLink = 10000;

  constructor(
    private readonly faker: Faker,
    private readonly text: TextPools,
    private readonly data: SandboxData,
  ) {
    this.rng = new Rng(faker);
    this.statusNames = new Map(data.statuses.map((s) => [s.id, s.name]));
    this.transitions = new Map(data.transitions.map((t) => [t.id, t]));
    this.priorities = data.priorities;
    this.resolutionNames = new Map(data.resolutions.map((r) => [r.id, r.name]));
    this.deactivatedAt = new Map();
    for (const [i, spec] of USER_SPECS.entries()) {
      if (spec.deactivatedDaysAgo !== null) {
        this.deactivatedAt.set(`JIRAUSER${10000 + i}`, data.now - spec.deactivatedDaysAgo * DAY);
      }
    }
    this.firstDeactivation = Math.min(Number.POSITIVE_INFINITY, ...this.deactivatedAt.values());
  }

  get counters(): { comment: number; worklog: number; history: number } {
    return { comment: this.nextComment, worklog: this.nextWorklog, history: this.nextHistory };
  }

  /** Users of the pool who still had an account at time t. */
  private usersAt(pool: UserPool, t: number): SandboxUser[] {
    if (t < this.firstDeactivation) return pool.all;
    return pool.all.filter((u) => {
      const gone = this.deactivatedAt.get(u.key);
      return gone === undefined || t < gone;
    });
  }

  /** The assignee when they could act at time t, otherwise someone who could. */
  private actorAt(pool: UserPool, preferred: SandboxUser | null, t: number): SandboxUser {
    const users = this.usersAt(pool, t);
    if (preferred !== null && users.includes(preferred)) return preferred;
    return this.rng.pick(users);
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

  create(ctx: ProjectContext, created: number, forcedLevel: string | null): SandboxIssue {
    const rng = this.rng;
    const now = this.data.now;
    const id = String(10000 + this.issues.length);
    const number = ctx.nextNumber++;
    const key = `${ctx.project.key}-${number}`;

    // Type: every project starts with an epic so epic links always have a target.
    let typeId =
      number === 1
        ? TYPE_EPIC
        : rng.weighted<string>([
            [TYPE_EPIC, 4],
            [TYPE_STORY, 34],
            [TYPE_TASK, 24],
            [TYPE_BUG, 26],
            [TYPE_SUBTASK, 12],
          ]);
    if (typeId === TYPE_SUBTASK && ctx.standard.length === 0) typeId = TYPE_TASK;
    const parent = typeId === TYPE_SUBTASK ? rng.pickRecent(ctx.standard, 30) : null;
    const isEpic = typeId === TYPE_EPIC;

    // Sub-tasks inherit the parent's level, as in Jira.
    let levelId: string | null;
    if (parent !== null) levelId = parent.securityLevelId;
    else if (forcedLevel !== null) levelId = forcedLevel;
    else if (ctx.project.key === 'PROJ' || ctx.project.key === 'MOB')
      levelId = rng.chance(0.1) ? LEVEL_INTERNAL : null;
    else if (ctx.project.key === 'OPS') levelId = rng.chance(0.05) ? LEVEL_RESTRICTED : null;
    else levelId = null;
    // People on a secured issue are level members, so whoever works on it can see it.
    const pool = ctx.pools.get(levelId ?? '')!;
    const atCreation = this.usersAt(pool, created);

    const reporter = rng.pick(atCreation);
    const creator = rng.chance(0.9) ? reporter : rng.pick(atCreation);

    // Older issues are likelier finished.
    const age = (now - created) / (HISTORY_DAYS * DAY);
    const statusId = rng.chance(0.25 + 0.65 * age)
      ? STATUS_DONE
      : rng.weighted<string>([
          [STATUS_TO_DO, 5],
          [STATUS_IN_PROGRESS, 3],
          [STATUS_IN_REVIEW, 2],
        ]);
    let resolutionId: string | null = null;
    if (statusId === STATUS_DONE) {
      resolutionId = rng.weighted<string>([
        [RESOLUTION_DONE, 80],
        [RESOLUTION_WONT_DO, 12],
        [RESOLUTION_DUPLICATE, 8],
      ]);
      if (resolutionId === RESOLUTION_DUPLICATE && ctx.issues.length === 0) resolutionId = RESOLUTION_DONE;
    }
    const assignee = rng.chance(statusId === STATUS_TO_DO ? 0.35 : 0.05) ? null : rng.pick(atCreation);
    const priorityId = rng.weighted<string>([
      ['1', 7],
      ['2', 20],
      ['3', 50],
      ['4', 15],
      ['5', 8],
    ]);

    // Workflow steps that lead from To Do to the current status.
    let steps: Step[];
    switch (statusId) {
      case STATUS_TO_DO: {
        const r = rng.next();
        steps = r < 0.5 ? ['priority'] : r < 0.8 ? ['11', '51'] : ['11', '31', '41'];
        break;
      }
      case STATUS_IN_PROGRESS:
        steps = rng.chance(0.75) ? ['11'] : ['11', '21', '61'];
        break;
      case STATUS_IN_REVIEW:
        steps = ['11', '21'];
        break;
      default:
        steps = resolutionId === RESOLUTION_DONE && rng.chance(0.6) ? ['11', '21', '31'] : ['11', '31'];
    }
    const previousAssignees = atCreation.filter((u) => u !== assignee);
    let previousAssignee: SandboxUser | null = null;
    if (previousAssignees.length > 0 && rng.chance(0.25)) {
      previousAssignee = rng.pick(previousAssignees);
      steps = ['assignee', ...steps];
    }

    // All activity happens within a per-issue window that ends before now.
    const span = rng.range(2 * HOUR, (statusId === STATUS_DONE ? 90 : 40) * DAY);
    const window = Math.min(span, now - created - MINUTE);

    const changelog: SandboxHistory[] = [];
    let status = STATUS_TO_DO;
    let resolutionDate: number | null = null;
    const stepTimes = this.times(steps.length, created, window);
    for (const [i, step] of steps.entries()) {
      const t = stepTimes[i]!;
      const items: SandboxChangeItem[] = [];
      let author: SandboxUser;
      if (step === 'assignee') {
        author = rng.pick(this.usersAt(pool, t));
        items.push({
          field: 'assignee',
          fieldtype: 'jira',
          fieldId: 'assignee',
          from: previousAssignee?.key ?? null,
          fromString: previousAssignee?.displayName ?? null,
          to: assignee?.key ?? null,
          toString: assignee?.displayName ?? null,
        });
      } else if (step === 'priority') {
        author = rng.pick(this.usersAt(pool, t));
        const from = rng.pick(this.priorities.filter((p) => p.id !== priorityId));
        const to = this.priorities.find((p) => p.id === priorityId)!;
        items.push({
          field: 'priority',
          fieldtype: 'jira',
          fieldId: 'priority',
          from: from.id,
          fromString: from.name,
          to: to.id,
          toString: to.name,
        });
      } else {
        author = this.actorAt(pool, assignee, t);
        const transition = this.transitions.get(step)!;
        // A broken step table would silently produce an impossible history.
        if (!transition.fromStatusIds.includes(status)) {
          throw new Error(`transition ${step} is not offered from status ${status}`);
        }
        const to = transition.toStatusId;
        if (to === STATUS_DONE) {
          const final = i === steps.length - 1;
          const res = final ? resolutionId! : RESOLUTION_DONE;
          items.push(this.resolutionItem(null, res));
          if (final) resolutionDate = t;
        } else if (status === STATUS_DONE) {
          items.push(this.resolutionItem(RESOLUTION_DONE, null));
        }
        items.push({
          field: 'status',
          fieldtype: 'jira',
          fieldId: 'status',
          from: status,
          fromString: this.statusNames.get(status)!,
          to,
          toString: this.statusNames.get(to)!,
        });
        status = to;
      }
      changelog.push({ id: String(this.nextHistory++), authorKey: author.key, created: t, items });
    }
    if (status !== statusId) throw new Error(`changelog of ${key} ends in ${status}, not ${statusId}`);

    const commentCount = rng.weighted<number>([
      [0, 35],
      [1, 30],
      [2, 20],
      [3, 15],
    ]);
    const comments: SandboxComment[] = this.times(commentCount, created, window).map((t) => {
      const author = rng.pick(this.usersAt(pool, t));
      return {
        id: String(this.nextComment++),
        authorKey: author.key,
        updateAuthorKey: author.key,
        body: this.commentBody(),
        created: t,
        updated: t,
      };
    });

    // Only started, non-epic work gets time logged.
    const worklogCount =
      isEpic || statusId === STATUS_TO_DO
        ? 0
        : rng.weighted<number>([
            [0, 45],
            [1, 35],
            [2, 20],
          ]);
    const worklogs: SandboxWorklog[] = this.times(worklogCount, created, window).map((t) => {
      const author = this.actorAt(pool, assignee, t);
      const seconds = rng.range(1, 24) * 15 * 60;
      return {
        id: String(this.nextWorklog++),
        authorKey: author.key,
        updateAuthorKey: author.key,
        comment: rng.pick(WORKLOG_COMMENTS),
        started: Math.max(created, t - seconds * SECOND),
        timeSpentSeconds: seconds,
        created: t,
        updated: t,
      };
    });
    let timeSpent: number | null = null;
    for (const w of worklogs) timeSpent = (timeSpent ?? 0) + w.timeSpentSeconds;
    const timeOriginalEstimate = !isEpic && rng.chance(0.6) ? rng.pick(ESTIMATES) : null;
    const timeEstimate =
      timeOriginalEstimate === null
        ? null
        : statusId === STATUS_DONE
          ? 0
          : Math.max(0, timeOriginalEstimate - (timeSpent ?? 0));

    let updated = created;
    for (const h of changelog) updated = Math.max(updated, h.created);
    for (const c of comments) updated = Math.max(updated, c.updated);
    for (const w of worklogs) updated = Math.max(updated, w.updated);

    const isStandard = typeId === TYPE_STORY || typeId === TYPE_TASK || typeId === TYPE_BUG;
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
    const reviewerPool = this.usersAt(pool, created).filter((u) => u !== assignee);
    const reviewers =
      isStandard && steps.includes('21') && reviewerPool.length > 0
        ? rng
            .sample(reviewerPool, rng.range(1, 2))
            .map((u) => u.key)
            .sort()
        : null;
    let sprintIds: number[] | null;
    if (parent !== null) sprintIds = this.parentSprints(parent);
    else if (isEpic) sprintIds = null;
    else sprintIds = this.sprintIds(ctx, statusId, created, resolutionDate);

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
    const fixVersionIds = this.fixVersions(ctx, statusId, resolutionId, resolutionDate);
    const dueDate = !isEpic && rng.chance(0.2) ? isoDay(created + rng.range(7, 60) * DAY) : null;

    const issue: SandboxIssue = {
      id,
      key,
      projectId: ctx.project.id,
      issueTypeId: typeId,
      summary: this.summary(typeId, ctx),
      description: this.description(typeId),
      statusId,
      priorityId,
      resolutionId,
      resolutionDate,
      assigneeKey: assignee?.key ?? null,
      reporterKey: reporter.key,
      creatorKey: creator.key,
      created,
      updated,
      dueDate,
      labels,
      componentIds,
      fixVersionIds,
      securityLevelId: levelId,
      parentId: parent?.id ?? null,
      links: [],
      timeOriginalEstimate,
      timeEstimate,
      timeSpent,
      customFields: {
        [CF_STORY_POINTS]: storyPoints,
        [CF_SPRINT]: sprintIds,
        [CF_EPIC_LINK]: epicLink,
        [CF_SEVERITY]: severity,
        [CF_REVIEWERS]: reviewers,
      },
      comments,
      worklogs,
      changelog,
    };

    // Links point backwards to existing issues; both sides record the same link id.
    if (resolutionId === RESOLUTION_DUPLICATE) this.link(issue, rng.pickRecent(ctx.issues, 100), 'Duplicate');
    if (this.issues.length > 0 && rng.chance(0.06)) {
      const other =
        rng.chance(0.8) && ctx.issues.length > 0 ? rng.pickRecent(ctx.issues, 200) : rng.pick(this.issues);
      if (!issue.links.some((l) => l.otherIssueId === other.id)) {
        this.link(issue, other, rng.chance(0.4) ? 'Blocks' : 'Relates');
      }
    }

    this.issues.push(issue);
    ctx.issues.push(issue);
    if (isEpic) ctx.epics.push(issue);
    if (isStandard) ctx.standard.push(issue);
    return issue;
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

  private link(issue: SandboxIssue, other: SandboxIssue, typeName: string): void {
    const id = String(this.nextLink++);
    // Blocks goes either way; Duplicate always reads "new duplicates old".
    const outward = typeName === 'Blocks' ? this.rng.chance(0.5) : true;
    issue.links.push({ id, typeName, outward, otherIssueId: other.id });
    other.links.push({ id, typeName, outward: !outward, otherIssueId: issue.id });
  }

  private parentSprints(parent: SandboxIssue): number[] | null {
    const value = parent.customFields[CF_SPRINT];
    return Array.isArray(value) ? (value.slice() as number[]) : null;
  }

  /** Sprint membership consistent with status: done work sits in the sprint it
   *  was resolved in, open work in the active or future sprint, some carried over. */
  private sprintIds(
    ctx: ProjectContext,
    statusId: string,
    created: number,
    resolutionDate: number | null,
  ): number[] | null {
    const rng = this.rng;
    const sprints = ctx.sprints;
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

  private fixVersions(
    ctx: ProjectContext,
    statusId: string,
    resolutionId: string | null,
    resolutionDate: number | null,
  ): string[] {
    const versions = ctx.project.versions;
    const unreleased = versions.find((v) => !v.released);
    if (statusId === STATUS_DONE) {
      if (resolutionId !== RESOLUTION_DONE || !this.rng.chance(0.7)) return [];
      // The first release that shipped after the fix, else the upcoming one.
      const day = isoDay(resolutionDate!);
      const shipped = versions.find((v) => v.released && v.releaseDate !== null && v.releaseDate >= day);
      const version = shipped ?? unreleased;
      return version === undefined ? [] : [version.id];
    }
    return unreleased !== undefined && this.rng.chance(0.3) ? [unreleased.id] : [];
  }

  private summary(typeId: string, ctx: ProjectContext): string {
    const h = this.faker.hacker;
    const r = this.rng.int(3);
    switch (typeId) {
      case TYPE_EPIC:
        return capitalize(this.faker.company.buzzPhrase());
      case TYPE_STORY:
        if (r === 0) return `As a user I want to ${h.verb()} the ${h.adjective()} ${h.noun()}`;
        if (r === 1) return `Allow users to ${h.verb()} the ${h.noun()}`;
        return `Support ${h.adjective()} ${h.noun()} in ${this.rng.pick(ctx.project.components).name}`;
      case TYPE_BUG:
        if (r === 0)
          return `${capitalize(h.noun())} fails to ${h.verb()} when ${h.ingverb()} the ${h.noun()}`;
        if (r === 1) return `Error when ${h.ingverb()} the ${h.adjective()} ${h.noun()}`;
        return `${capitalize(h.adjective())} ${h.noun()} shows the wrong ${h.noun()}`;
      case TYPE_SUBTASK:
        if (r === 0) return `Write tests for the ${h.noun()}`;
        if (r === 1) return `Review ${h.noun()} changes`;
        return `Implement the ${h.adjective()} ${h.noun()}`;
      default:
        if (r === 0) return `${capitalize(h.verb())} the ${h.adjective()} ${h.noun()}`;
        if (r === 1) return `Upgrade the ${h.noun()} dependencies`;
        return `Document the ${h.adjective()} ${h.noun()}`;
    }
  }

  private bullets(prefix: string, min: number, max: number): string {
    const n = this.rng.range(min, max);
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(`${prefix} ${this.rng.pick(this.text.phrases)}`);
    return lines.join('\n');
  }

  /** Jira wiki markup, shaped by issue type; sometimes absent. */
  private description(typeId: string): string | null {
    const rng = this.rng;
    if (rng.chance(0.15)) return null;
    const phrase = () => rng.pick(this.text.phrases);
    const parts: string[] = [];
    if (typeId === TYPE_BUG) {
      parts.push('h2. Steps to reproduce', this.bullets('#', 2, 4));
      parts.push(`*Expected:* ${phrase()}`, `*Actual:* ${phrase()}`);
      if (rng.chance(0.4)) parts.push(rng.pick(this.text.codeBlocks));
    } else if (typeId === TYPE_EPIC) {
      parts.push('h2. Goal', `${phrase()} ${phrase()}`, 'h2. Scope', this.bullets('*', 2, 4));
    } else {
      parts.push('h2. Context', phrase());
      if (rng.chance(0.7)) parts.push('h2. Acceptance criteria', this.bullets('*', 1, 3));
      if (rng.chance(0.15)) parts.push(rng.pick(this.text.codeBlocks));
    }
    return parts.join('\n\n');
  }

  private commentBody(): string {
    const rng = this.rng;
    const r = rng.next();
    if (r < 0.25) return rng.pick(CANNED_COMMENTS);
    if (r < 0.35) return `${rng.pick(this.text.phrases)}\n\n${rng.pick(this.text.codeBlocks)}`;
    if (r < 0.5) return `Some notes:\n${this.bullets('*', 2, 3)}`;
    if (r < 0.6) return `*Update:* ${rng.pick(this.text.phrases)}`;
    return rng.pick(this.text.phrases);
  }
}

/** Exact per-project issue counts by largest remainder, so small datasets keep the shares. */
function projectCounts(total: number): number[] {
  const raw = PROJECT_SPECS.map((p) => p.share * total);
  const counts = raw.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = raw
    .map((v, i) => [v - Math.floor(v), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    counts[i] = counts[i]! + 1;
  }
  return counts;
}

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

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

  const users = buildUsers();
  const projects = buildProjects(users);
  const boards = buildBoards();
  const sprints = buildSprints(boards);
  const securityLevels = buildSecurityLevels();
  const data: SandboxData = {
    seed,
    now: SANDBOX_NOW,
    users,
    statusCategories: buildStatusCategories(),
    statuses: buildStatuses(),
    transitions: buildTransitions(),
    issueTypes: buildIssueTypes(),
    priorities: buildPriorities(),
    resolutions: buildResolutions(),
    projects,
    securityLevels,
    customFields: buildCustomFields(),
    issues: [],
    boards,
    sprints,
    pats: [],
    counters: { issue: 10000, comment: 10000, worklog: 10000, history: 10000, pat: 1 },
    projectCounters: {},
  };

  const usersByKey = new Map(users.map((u) => [u.key, u]));
  const contexts = projects.map((project): ProjectContext => {
    const browse = project.browseUserKeys.map((k) => usersByKey.get(k)!);
    const pools = new Map<string, UserPool>([['', { all: browse }]]);
    for (const level of securityLevels) {
      pools.set(level.id, { all: browse.filter((u) => level.memberKeys.includes(u.key)) });
    }
    const board = boards.find((b) => b.projectId === project.id);
    return {
      project,
      pools,
      issues: [],
      epics: [],
      standard: [],
      sprints: board === undefined ? [] : sprints.filter((s) => s.originBoardId === board.id),
      nextNumber: 1,
    };
  });

  const factory = new IssueFactory(faker, buildTextPools(faker), data);

  // Exact counts shuffled into creation order: shares hold even for tiny datasets.
  const sequence: number[] = [];
  for (const [i, n] of projectCounts(issueCount).entries()) for (let k = 0; k < n; k++) sequence.push(i);
  for (let i = sequence.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = sequence[i]!;
    sequence[i] = sequence[j]!;
    sequence[j] = tmp;
  }

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
    // PROJ-2 and OPS-2 always carry a level so every dataset of 20+ issues
    // has issues alice sees and dave does not, and the other way round.
    const number = ctx.nextNumber;
    const forced =
      number === 2 && ctx.project.key === 'PROJ'
        ? LEVEL_INTERNAL
        : number === 2 && ctx.project.key === 'OPS'
          ? LEVEL_RESTRICTED
          : null;
    factory.create(ctx, created, forced);
  }

  data.issues = factory.issues;
  data.counters = { issue: 10000 + data.issues.length, ...factory.counters, pat: 1 };
  for (const ctx of contexts) data.projectCounters[ctx.project.key] = ctx.nextNumber;
  addReaders(data, readers);
  return data;
}

function addReaders(data: SandboxData, count: number): void {
  for (const project of data.projects) project.roles.Users ??= [];
  for (let i = 1; i <= count; i++) {
    const name = `reader${i}`;
    const key = `JIRAUSER${20000 + i}`;
    data.users.push({
      key,
      name,
      accountId: sandboxAccountId(name),
      displayName: `Reader ${i}`,
      emailAddress: `${name}@example.com`,
      token: sandboxToken(name),
      active: true,
      timeZone: 'UTC',
      isAdmin: false,
      groups: ['jira-software-users'],
    });
    for (const project of data.projects) {
      project.browseUserKeys.push(key);
      project.roles.Users?.push(key);
    }
  }
}
