// The four projects: their roles, components, versions, boards and sprints,
// and each one's share of the generated issues.
import type {
  SandboxBoard,
  SandboxComponent,
  SandboxProject,
  SandboxSprint,
  SandboxUser,
  SandboxVersion,
} from '../model.ts';
import { DAY, HOUR, isoDay, SANDBOX_NOW } from './calendar.ts';
import { TYPE_BUG, TYPE_EPIC, TYPE_STORY, TYPE_SUBTASK, TYPE_TASK } from './catalogue.ts';
import { userKey } from './people.ts';

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

export function buildProjects(users: SandboxUser[]): SandboxProject[] {
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

export function buildBoards(): SandboxBoard[] {
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
export function buildSprints(boards: SandboxBoard[]): SandboxSprint[] {
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

/** Exact per-project issue counts by largest remainder, so small datasets keep the shares. */
export function projectCounts(total: number): number[] {
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
