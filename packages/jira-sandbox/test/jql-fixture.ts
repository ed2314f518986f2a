// A small hand-built sandbox for the JQL tests: four projects (bob cannot
// browse OPS, carol cannot browse DOC), four users, sixteen issues with fixed
// dates around NOW (Tuesday 2026-02-10 12:00 UTC) and one issue behind a
// security level only admin and alice are in.
import type { SandboxData, SandboxIssue, SandboxUser } from '../src/model.ts';

export const NOW = Date.UTC(2026, 1, 10, 12, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function user(
  key: string,
  name: string,
  accountId: string,
  displayName: string,
  extra: Partial<SandboxUser>,
) {
  return {
    key,
    name,
    accountId,
    displayName,
    emailAddress: `${name}@example.com`,
    token: `token-${name}`,
    active: true,
    timeZone: 'UTC',
    isAdmin: false,
    groups: ['jira-software-users'],
    ...extra,
  } satisfies SandboxUser;
}

export const USERS = {
  admin: user('JIRAUSER10000', 'admin', '5b10a2844c20165700ede21g', 'Administrator', {
    isAdmin: true,
    groups: ['jira-administrators', 'jira-software-users'],
  }),
  alice: user('JIRAUSER10001', 'alice', '5b10ac8d82e05b22cc7d4ef5', 'Alice Anderson', {
    groups: ['jira-software-users', 'developers'],
  }),
  bob: user('JIRAUSER10002', 'bob', '5b10ac8d82e05b22cc7d4ef6', 'Bob Brown', {
    groups: ['jira-software-users', 'developers'],
  }),
  carol: user('JIRAUSER10003', 'carol', '5b10ac8d82e05b22cc7d4ef7', 'Carol Clark', {
    groups: ['jira-software-users', 'marketing'],
  }),
};

const { admin, alice, bob, carol } = USERS;

const PROJECT_IDS: Record<string, string> = { ENG: '10000', OPS: '10001', MKT: '10002', DOC: '10003' };

let commentId = 10000;

type IssueSpec = Partial<SandboxIssue> & { key: string; id: string; summary: string };

function issue(spec: IssueSpec & { comments?: SandboxIssue['comments'] }): SandboxIssue {
  const projectKey = spec.key.slice(0, spec.key.indexOf('-'));
  const created = spec.created ?? NOW - DAY;
  return {
    projectId: PROJECT_IDS[projectKey]!,
    issueTypeId: '10002',
    description: null,
    statusId: '10000',
    priorityId: '3',
    resolutionId: null,
    resolutionDate: null,
    assigneeKey: null,
    reporterKey: admin.key,
    creatorKey: spec.reporterKey ?? admin.key,
    created,
    updated: created,
    dueDate: null,
    labels: [],
    componentIds: [],
    fixVersionIds: [],
    securityLevelId: null,
    parentId: null,
    links: [],
    timeOriginalEstimate: null,
    timeEstimate: null,
    timeSpent: null,
    customFields: {},
    comments: [],
    worklogs: [],
    changelog: [],
    ...spec,
  };
}

function comment(author: SandboxUser, body: string, at: number): SandboxIssue['comments'][number] {
  commentId++;
  return {
    id: String(commentId),
    authorKey: author.key,
    updateAuthorKey: author.key,
    body,
    created: at,
    updated: at,
  };
}

const SP = 'customfield_10002';
const SPRINT = 'customfield_10005';
const EPIC = 'customfield_10006';
const SEVERITY = 'customfield_10100';
const REVIEWERS = 'customfield_10101';

function issues(): SandboxIssue[] {
  return [
    issue({
      id: '10100',
      key: 'ENG-1',
      issueTypeId: '10000',
      summary: 'Login overhaul',
      description: 'Epic for the new login flow.',
      statusId: '10002',
      resolutionId: '10000',
      resolutionDate: NOW - 20 * DAY,
      priorityId: '2',
      assigneeKey: alice.key,
      reporterKey: admin.key,
      created: NOW - 60 * DAY,
      updated: NOW - 20 * DAY,
      labels: ['backend', 'auth'],
      componentIds: ['10000'],
      fixVersionIds: ['10000'],
    }),
    issue({
      id: '10101',
      key: 'ENG-2',
      issueTypeId: '10001',
      summary: 'Login page redesign',
      description: 'Redesign the login page with the new brand colours.',
      statusId: '3',
      priorityId: '3',
      assigneeKey: alice.key,
      reporterKey: bob.key,
      created: NOW - 30 * DAY,
      updated: NOW - DAY,
      labels: ['frontend', 'Auth'],
      componentIds: ['10001'],
      fixVersionIds: ['10001'],
      customFields: { [SP]: 5, [SPRINT]: [2], [EPIC]: 'ENG-1', [REVIEWERS]: [bob.key, carol.key] },
      comments: [comment(carol, 'Looks good, but check the password reset link.', NOW - 2 * DAY)],
    }),
    issue({
      id: '10102',
      key: 'ENG-3',
      issueTypeId: '10003',
      summary: 'Crash on logout',
      description: 'The app crashes when logging out twice.',
      statusId: '10000',
      priorityId: '1',
      assigneeKey: bob.key,
      reporterKey: carol.key,
      created: NOW - 10 * DAY,
      updated: NOW - 2 * HOUR,
      dueDate: '2026-02-12',
      labels: ['backend'],
      componentIds: ['10000'],
      customFields: { [SP]: 3, [SPRINT]: [2], [EPIC]: 'ENG-1', [SEVERITY]: '10200' },
      comments: [comment(alice, 'Reproduced on staging.', NOW - 9 * DAY)],
    }),
    issue({
      id: '10103',
      key: 'ENG-4',
      summary: 'Update dependencies',
      statusId: '10001',
      priorityId: '4',
      reporterKey: alice.key,
      created: NOW - 5 * DAY,
      updated: NOW - 3 * HOUR,
      dueDate: '2026-02-10',
      customFields: { [SP]: 1, [SPRINT]: [1, 2] },
    }),
    issue({
      id: '10104',
      key: 'ENG-5',
      issueTypeId: '10004',
      summary: 'Write regression test for logout crash',
      parentId: '10102',
      assigneeKey: carol.key,
      reporterKey: bob.key,
      created: Date.UTC(2026, 1, 10, 9, 0),
      labels: ['testing'],
    }),
    issue({
      id: '10105',
      key: 'ENG-6',
      issueTypeId: '10001',
      summary: 'Password reset emails',
      description: 'Send password reset emails via the new mailer.',
      statusId: '10002',
      resolutionId: '10001',
      resolutionDate: NOW - 35 * DAY,
      priorityId: '5',
      assigneeKey: bob.key,
      reporterKey: alice.key,
      created: Date.UTC(2026, 0, 1, 12, 0),
      updated: NOW - 35 * DAY,
      fixVersionIds: ['10000'],
      customFields: { [SP]: 8, [SPRINT]: [1], [EPIC]: 'ENG-1', [SEVERITY]: '10202' },
    }),
    issue({
      id: '10106',
      key: 'ENG-7',
      issueTypeId: '10003',
      summary: 'Token refresh leaks session',
      statusId: '3',
      priorityId: '1',
      assigneeKey: alice.key,
      reporterKey: admin.key,
      created: NOW - 3 * DAY,
      labels: ['security'],
      securityLevelId: '10000',
      customFields: { [SEVERITY]: '10200' },
    }),
    issue({
      id: '10107',
      key: 'ENG-8',
      issueTypeId: '10001',
      summary: 'Dark mode for settings',
      reporterKey: carol.key,
      created: NOW - 2 * DAY,
      labels: ['frontend'],
      customFields: { [SP]: 13, [SPRINT]: [3] },
    }),
    issue({
      id: '10108',
      key: 'OPS-1',
      summary: 'Rotate database credentials',
      statusId: '3',
      priorityId: '2',
      assigneeKey: carol.key,
      reporterKey: alice.key,
      created: NOW - 15 * DAY,
      updated: NOW - 4 * DAY,
      labels: ['infra'],
      componentIds: ['10002'],
    }),
    issue({
      id: '10109',
      key: 'OPS-2',
      issueTypeId: '10003',
      summary: 'Disk full on build agent',
      statusId: '10002',
      resolutionId: '10000',
      resolutionDate: NOW - 6 * DAY,
      priorityId: '1',
      assigneeKey: alice.key,
      reporterKey: carol.key,
      created: NOW - 8 * DAY,
      updated: NOW - 6 * DAY,
      labels: ['infra', 'urgent'],
      customFields: { [SEVERITY]: '10201' },
    }),
    issue({
      id: '10110',
      key: 'OPS-3',
      summary: 'Quarterly backup drill',
      reporterKey: carol.key,
      created: Date.UTC(2025, 10, 15, 10, 0),
      dueDate: '2026-03-01',
    }),
    issue({
      id: '10111',
      key: 'MKT-1',
      issueTypeId: '10001',
      summary: 'Spring campaign landing page',
      description: 'Landing page for the spring campaign.',
      statusId: '3',
      assigneeKey: bob.key,
      reporterKey: carol.key,
      created: NOW - 12 * DAY,
      updated: NOW - DAY,
      componentIds: ['10003'],
      fixVersionIds: ['10002'],
      customFields: { [SP]: 2, [SPRINT]: [4], [REVIEWERS]: [alice.key] },
    }),
    issue({
      id: '10112',
      key: 'MKT-2',
      summary: 'Newsletter draft',
      priorityId: '4',
      assigneeKey: carol.key,
      reporterKey: carol.key,
      created: NOW - 9 * DAY,
      dueDate: '2026-02-20',
    }),
    issue({
      id: '10113',
      key: 'MKT-3',
      issueTypeId: '10003',
      summary: 'Broken link in footer',
      statusId: '10002',
      resolutionId: '10000',
      resolutionDate: NOW - DAY,
      assigneeKey: alice.key,
      reporterKey: bob.key,
      created: NOW - 20 * DAY,
      updated: NOW - DAY,
      labels: ['website'],
      customFields: { [SEVERITY]: '10202' },
    }),
    issue({
      id: '10114',
      key: 'DOC-1',
      summary: 'Write API guide',
      description: 'Cover authentication and paging.',
      assigneeKey: alice.key,
      reporterKey: alice.key,
      created: NOW - 25 * DAY,
      updated: NOW - 5 * DAY,
      comments: [comment(bob, 'Mention the logout endpoint too.', NOW - 5 * DAY)],
    }),
    issue({
      id: '10115',
      key: 'DOC-2',
      issueTypeId: '10001',
      summary: 'Explain JQL quoting',
      description: 'Show how to search for "In Progress" with quotes.',
      statusId: '3',
      priorityId: '2',
      assigneeKey: bob.key,
      reporterKey: admin.key,
      created: NOW - 18 * DAY,
      labels: ['docs'],
    }),
  ];
}

function project(
  id: string,
  key: string,
  name: string,
  browsers: SandboxUser[],
  components: Array<[string, string]>,
  versions: Array<[string, string, boolean]>,
): SandboxData['projects'][number] {
  return {
    id,
    key,
    name,
    description: `${name} project`,
    leadKey: admin.key,
    projectTypeKey: 'software',
    browseUserKeys: browsers.map((u) => u.key),
    roles: { Administrators: [admin.key], Developers: browsers.map((u) => u.key) },
    issueTypeIds: ['10000', '10001', '10002', '10003', '10004'],
    components: components.map(([cid, cname]) => ({
      id: cid,
      name: cname,
      description: '',
      leadKey: null,
      projectId: id,
    })),
    versions: versions.map(([vid, vname, released]) => ({
      id: vid,
      name: vname,
      description: '',
      archived: false,
      released,
      releaseDate: null,
      startDate: null,
      projectId: id,
    })),
  };
}

/** A fresh copy each call, so tests that mutate data cannot leak into others. */
export function buildFixture(): SandboxData {
  commentId = 10000;
  return {
    seed: 1,
    now: NOW,
    users: [admin, alice, bob, carol].map((u) => ({ ...u, groups: [...u.groups] })),
    statusCategories: [
      { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
      { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
      { id: 3, key: 'done', colorName: 'green', name: 'Done' },
    ],
    statuses: [
      { id: '10000', name: 'To Do', description: '', categoryKey: 'new' },
      { id: '3', name: 'In Progress', description: '', categoryKey: 'indeterminate' },
      { id: '10001', name: 'In Review', description: '', categoryKey: 'indeterminate' },
      { id: '10002', name: 'Done', description: '', categoryKey: 'done' },
    ],
    transitions: [],
    issueTypes: [
      { id: '10000', name: 'Epic', description: '', subtask: false, hierarchyLevel: 1 },
      { id: '10001', name: 'Story', description: '', subtask: false, hierarchyLevel: 0 },
      { id: '10002', name: 'Task', description: '', subtask: false, hierarchyLevel: 0 },
      { id: '10003', name: 'Bug', description: '', subtask: false, hierarchyLevel: 0 },
      { id: '10004', name: 'Sub-task', description: '', subtask: true, hierarchyLevel: -1 },
    ],
    priorities: [
      { id: '1', name: 'Highest', statusColor: '#d04437', description: '' },
      { id: '2', name: 'High', statusColor: '#f15c75', description: '' },
      { id: '3', name: 'Medium', statusColor: '#f79232', description: '' },
      { id: '4', name: 'Low', statusColor: '#707070', description: '' },
      { id: '5', name: 'Lowest', statusColor: '#999999', description: '' },
    ],
    resolutions: [
      { id: '10000', name: 'Done', description: '' },
      { id: '10001', name: "Won't Do", description: '' },
    ],
    projects: [
      project(
        '10000',
        'ENG',
        'Engineering',
        [alice, bob, carol],
        [
          ['10000', 'Backend'],
          ['10001', 'Frontend'],
        ],
        [
          ['10000', '1.0', true],
          ['10001', '2.0', false],
        ],
      ),
      project('10001', 'OPS', 'Operations', [alice, carol], [['10002', 'Database']], []),
      project(
        '10002',
        'MKT',
        'Marketing',
        [alice, bob, carol],
        [['10003', 'Website']],
        [['10002', 'Spring 2026', false]],
      ),
      project('10003', 'DOC', 'Documentation', [alice, bob], [], []),
    ],
    securityLevels: [{ id: '10000', name: 'Internal', description: '', memberKeys: [admin.key, alice.key] }],
    customFields: [
      {
        numericId: 10002,
        id: SP,
        name: 'Story Points',
        kind: 'storyPoints',
        schemaType: 'number',
        schemaCustom: 'com.atlassian.jira.plugin.system.customfieldtypes:float',
      },
      {
        numericId: 10005,
        id: SPRINT,
        name: 'Sprint',
        kind: 'sprint',
        schemaType: 'array',
        schemaItems: 'json',
        schemaCustom: 'com.pyxis.greenhopper.jira:gh-sprint',
      },
      {
        numericId: 10006,
        id: EPIC,
        name: 'Epic Link',
        kind: 'epicLink',
        schemaType: 'any',
        schemaCustom: 'com.pyxis.greenhopper.jira:gh-epic-link',
      },
      {
        numericId: 10100,
        id: SEVERITY,
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
        id: REVIEWERS,
        name: 'Reviewers',
        kind: 'multiUser',
        schemaType: 'array',
        schemaItems: 'user',
        schemaCustom: 'com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker',
      },
    ],
    issues: issues(),
    boards: [
      { id: 1, name: 'ENG board', type: 'scrum', projectId: '10000' },
      { id: 2, name: 'MKT board', type: 'scrum', projectId: '10002' },
    ],
    sprints: [
      sprint(1, 'ENG Sprint 1', 'closed', 1),
      sprint(2, 'ENG Sprint 2', 'active', 1),
      sprint(3, 'ENG Sprint 3', 'future', 1),
      sprint(4, 'MKT Sprint 1', 'active', 2),
    ],
    pats: [],
    counters: { issue: 10116, comment: 10100, worklog: 10000, history: 10000, pat: 1 },
    projectCounters: { ENG: 9, OPS: 4, MKT: 4, DOC: 3 },
  };
}

function sprint(
  id: number,
  name: string,
  state: 'closed' | 'active' | 'future',
  board: number,
): SandboxData['sprints'][number] {
  const start = state === 'future' ? null : NOW - (state === 'closed' ? 21 : 7) * DAY;
  return {
    id,
    name,
    state,
    originBoardId: board,
    goal: '',
    startDate: start,
    endDate: start === null ? null : start + 14 * DAY,
    completeDate: state === 'closed' && start !== null ? start + 14 * DAY : null,
  };
}
