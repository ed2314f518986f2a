import { describe, expect, it } from 'vitest';
import { compileJql } from '../src/jql/index.ts';
import { SandboxStore } from '../src/store.ts';
import { buildFixture, NOW } from './jql-fixture.ts';
import {
  ALL,
  DATE_FORMATS,
  DOC,
  ENG,
  errors,
  keys,
  MKT,
  OPS,
  RESOLVED,
  search,
  setup,
  UNRESOLVED,
} from './jql-harness.ts';

describe('JQL: fields and operators', () => {
  it.each<[string, string[]]>([
    // project: key (any case), name, id
    ['project = ENG', ENG],
    ['project = eng', ENG],
    ['project = "Marketing"', MKT],
    ['project = 10003', DOC],
    ['project != ENG AND project != OPS', [...MKT, ...DOC]],
    ['project in (OPS, DOC)', [...OPS, ...DOC]],
    ['project not in (ENG, MKT, OPS)', DOC],
    // issue keys and ids
    ['key = ENG-3', ['ENG-3']],
    ['issuekey = eng-3', ['ENG-3']],
    ['key in (ENG-1, MKT-2)', ['ENG-1', 'MKT-2']],
    ['id = 10102', ['ENG-3']],
    ['key > ENG-5', ['ENG-6', 'ENG-7', 'ENG-8']],
    ['issue <= ENG-2', ['ENG-1', 'ENG-2']],
    // status and status category
    ['status = "In Progress"', ['ENG-2', 'ENG-7', 'OPS-1', 'MKT-1', 'DOC-2']],
    ['status = 10001', ['ENG-4']],
    ['status in ("To Do", "in review")', ['ENG-3', 'ENG-4', 'ENG-5', 'ENG-8', 'OPS-3', 'MKT-2', 'DOC-1']],
    ['status != Done', UNRESOLVED],
    ['statusCategory = "In Progress"', ['ENG-2', 'ENG-4', 'ENG-7', 'OPS-1', 'MKT-1', 'DOC-2']],
    ['statusCategory = done', RESOLVED],
    ['statusCategory = 2', ['ENG-3', 'ENG-5', 'ENG-8', 'OPS-3', 'MKT-2', 'DOC-1']],
    // users (Data Center: username, key or email)
    ['assignee = alice', ['ENG-1', 'ENG-2', 'ENG-7', 'OPS-2', 'MKT-3', 'DOC-1']],
    ['assignee = JIRAUSER10002', ['ENG-3', 'ENG-6', 'MKT-1', 'DOC-2']],
    ['assignee = "carol@example.com"', ['ENG-5', 'OPS-1', 'MKT-2']],
    ['assignee is EMPTY', ['ENG-4', 'ENG-8', 'OPS-3']],
    ['assignee IS NULL', ['ENG-4', 'ENG-8', 'OPS-3']],
    ['assignee is not empty AND project = ENG', ['ENG-1', 'ENG-2', 'ENG-3', 'ENG-5', 'ENG-6', 'ENG-7']],
    // != never matches an EMPTY field
    ['assignee != alice AND project = ENG', ['ENG-3', 'ENG-5', 'ENG-6']],
    ['assignee in (alice, EMPTY) AND project = ENG', ['ENG-1', 'ENG-2', 'ENG-4', 'ENG-7', 'ENG-8']],
    ['assignee not in (alice, bob)', ['ENG-5', 'OPS-1', 'MKT-2']],
    ['assignee in membersOf(developers) AND project = MKT', ['MKT-1', 'MKT-3']],
    ['reporter = carol', ['ENG-3', 'ENG-8', 'OPS-2', 'OPS-3', 'MKT-1', 'MKT-2']],
    // issue types
    ['issuetype = Bug', ['ENG-3', 'ENG-7', 'OPS-2', 'MKT-3']],
    [
      'type in (Story, 10002)',
      ['ENG-2', 'ENG-4', 'ENG-6', 'ENG-8', 'OPS-1', 'OPS-3', 'MKT-1', 'MKT-2', 'DOC-1', 'DOC-2'],
    ],
    ['issuetype in subTaskIssueTypes()', ['ENG-5']],
    ['issuetype in standardIssueTypes() AND project = ENG', ENG.filter((k) => k !== 'ENG-5')],
    // priority: "greater" is more important
    ['priority = Highest', ['ENG-3', 'ENG-7', 'OPS-2']],
    ['priority > Medium', ['ENG-1', 'ENG-3', 'ENG-7', 'OPS-1', 'OPS-2', 'DOC-2']],
    ['priority <= Low', ['ENG-4', 'ENG-6', 'MKT-2']],
    // labels: case-insensitive, multi-valued
    ['labels = auth', ['ENG-1', 'ENG-2']],
    ['labels in (infra, docs)', ['OPS-1', 'OPS-2', 'DOC-2']],
    ['labels != backend AND project = ENG', ['ENG-2', 'ENG-5', 'ENG-7', 'ENG-8']],
    ['labels is EMPTY', ['ENG-4', 'ENG-6', 'OPS-3', 'MKT-1', 'MKT-2', 'DOC-1']],
    // resolution
    ['resolution = Unresolved', UNRESOLVED],
    ['resolution = "Won\'t Do"', ['ENG-6']],
    ['resolution != Done', ['ENG-6']],
    ['resolution is not EMPTY', RESOLVED],
    // components and versions
    ['component = Backend', ['ENG-1', 'ENG-3']],
    ['component is EMPTY AND project = ENG', ['ENG-4', 'ENG-5', 'ENG-6', 'ENG-7', 'ENG-8']],
    ['fixVersion = "1.0"', ['ENG-1', 'ENG-6']],
    ['fixVersion in ("2.0", "Spring 2026")', ['ENG-2', 'MKT-1']],
    ['parent = ENG-3', ['ENG-5']],
    ['parent = ENG-1', []],
  ])('%s', (jql, expected) => {
    expect(keys(jql)).toEqual(expected);
  });
});

describe('JQL: dates (UTC, now = Tue 2026-02-10 12:00)', () => {
  it.each<[string, string[]]>([
    ['created >= -7d', ['ENG-4', 'ENG-5', 'ENG-7', 'ENG-8']],
    ['created > "-1w 2d"', ['ENG-4', 'ENG-5', 'ENG-7', 'ENG-8', 'OPS-2']],
    ['updated >= -4h', ['ENG-3', 'ENG-4', 'ENG-5']],
    ['updated > "-30m"', []],
    ['created >= startOfDay()', ['ENG-5']],
    ['created < startOfDay(-1d) AND created > startOfDay("-4d")', ['ENG-7', 'ENG-8']],
    ['created < "2026-01-01"', ['ENG-1', 'OPS-3']],
    ['created >= "2026/01/01" AND created <= "2026-01-01 12:00"', ['ENG-6']],
    ['created > startOfYear() AND project = OPS', ['OPS-1', 'OPS-2']],
    ['createdDate < startOfMonth(-2)', ['OPS-3']],
    ['duedate <= endOfDay()', ['ENG-4']],
    ['due < endOfWeek()', ['ENG-3', 'ENG-4']],
    ['duedate = "2026-02-20"', ['MKT-2']],
    ['duedate > endOfMonth()', ['OPS-3']],
    ['resolved >= startOfMonth()', ['OPS-2', 'MKT-3']],
    ['resolutiondate < now() AND project = ENG', ['ENG-1', 'ENG-6']],
    ['created >= startOfWeek() AND created < endOfWeek("-1")', []],
    ['created >= startOfWeek()', ['ENG-5', 'ENG-8']],
  ])('%s', (jql, expected) => {
    expect(keys(jql)).toEqual(expected);
  });
});

describe('JQL: sprints, custom fields and epics', () => {
  it.each<[string, string[]]>([
    ['sprint in openSprints()', ['ENG-2', 'ENG-3', 'ENG-4', 'MKT-1']],
    ['sprint in closedSprints()', ['ENG-4', 'ENG-6']],
    ['Sprint in futureSprints()', ['ENG-8']],
    ['sprint = "ENG Sprint 1"', ['ENG-4', 'ENG-6']],
    ['sprint = 3', ['ENG-8']],
    ['sprint is EMPTY AND project = ENG', ['ENG-1', 'ENG-5', 'ENG-7']],
    ['sprint not in openSprints() AND project = ENG', ['ENG-6', 'ENG-8']],
    ['"Story Points" > 3', ['ENG-2', 'ENG-6', 'ENG-8']],
    ['cf[10002] <= 2', ['ENG-4', 'MKT-1']],
    ['"story points" is EMPTY AND project = ENG', ['ENG-1', 'ENG-5', 'ENG-7']],
    ['Severity = "S1 - Critical"', ['ENG-3', 'ENG-7']],
    ['cf[10100] in (10201, "S3 - Minor")', ['ENG-6', 'OPS-2', 'MKT-3']],
    ['Reviewers = alice', ['MKT-1']],
    ['Reviewers in (bob, carol)', ['ENG-2']],
    ['"Epic Link" = ENG-1', ['ENG-2', 'ENG-3', 'ENG-6']],
    ['"epic link" is empty AND project = ENG', ['ENG-1', 'ENG-4', 'ENG-5', 'ENG-7', 'ENG-8']],
  ])('%s', (jql, expected) => {
    expect(keys(jql)).toEqual(expected);
  });

  it('Cloud: parent = EPIC matches the epic’s children as well as sub-tasks', () => {
    expect(keys('parent = ENG-1', { flavor: 'cloud' })).toEqual(['ENG-2', 'ENG-3', 'ENG-6']);
    expect(keys('parent in (ENG-1, ENG-3)', { flavor: 'cloud' })).toEqual([
      'ENG-2',
      'ENG-3',
      'ENG-5',
      'ENG-6',
    ]);
  });
});

describe('JQL: text search', () => {
  it.each<[string, string[]]>([
    ['summary ~ login', ['ENG-1', 'ENG-2']],
    ['summary ~ LOGIN', ['ENG-1', 'ENG-2']],
    ['summary ~ "log*"', ['ENG-1', 'ENG-2', 'ENG-3', 'ENG-5']],
    ['summary ~ "crash logout"', ['ENG-3', 'ENG-5']],
    ['summary ~ "\\"logout crash\\""', ['ENG-5']],
    ['summary ~ \'"crash on logout"\'', ['ENG-3']],
    ['summary ~ "login OR footer"', ['ENG-1', 'ENG-2', 'MKT-3']],
    ['summary ~ "login -page"', ['ENG-1']],
    ['summary ~ "log"', []],
    ['description ~ password', ['ENG-6']],
    ['comment ~ logout', ['DOC-1']],
    ['text ~ password', ['ENG-2', 'ENG-6']],
    ['text ~ "in progress"', ['DOC-2']],
    ['summary !~ login AND project = ENG', ['ENG-3', 'ENG-4', 'ENG-5', 'ENG-6', 'ENG-7', 'ENG-8']],
    ['NOT summary ~ login AND project = ENG', ['ENG-3', 'ENG-4', 'ENG-5', 'ENG-6', 'ENG-7', 'ENG-8']],
    ['description is EMPTY AND project = ENG', ['ENG-4', 'ENG-5', 'ENG-7', 'ENG-8']],
  ])('%s', (jql, expected) => {
    expect(keys(jql)).toEqual(expected);
  });
});

describe('JQL: value formats', () => {
  it.each<[string, string[]]>([
    // epoch milliseconds are dates too
    [`created = ${Date.UTC(2026, 0, 1, 12)}`, ['ENG-6']],
    ['duedate <= endOfMonth("+1M")', ['ENG-3', 'ENG-4', 'OPS-3', 'MKT-2']],
    ['cf[10005] in openSprints() AND project = MKT', ['MKT-1']],
    ['summary ~ "d?rk"', ['ENG-8']],
    // escapes work in unquoted words as in strings
    ['summary ~ Dark\\u0020mode', ['ENG-8']],
    ["summary ~ 'Dark\\ mode'", ['ENG-8']],
    ['status = "in progress" AND project = DOC', ['DOC-2']],
  ])('%s', (jql, expected) => {
    expect(keys(jql)).toEqual(expected);
  });

  it('Cloud also accepts an email address for a user', () => {
    expect(keys('assignee = "bob@example.com"', { flavor: 'cloud' })).toEqual([
      'ENG-3',
      'ENG-6',
      'MKT-1',
      'DOC-2',
    ]);
  });
});

describe('JQL: logic, precedence and case', () => {
  it.each<[string, string[]]>([
    // AND binds tighter than OR
    ['project = MKT OR project = DOC AND assignee = bob', [...MKT, 'DOC-2']],
    ['(project = MKT OR project = DOC) AND assignee = bob', ['MKT-1', 'DOC-2']],
    // NOT binds tighter than AND
    ['NOT project = ENG AND NOT project = OPS', [...MKT, ...DOC]],
    ['NOT (project = ENG OR project = OPS)', [...MKT, ...DOC]],
    ['!(status = Done) && project = MKT', ['MKT-1', 'MKT-2']],
    ['project = OPS || project = DOC', [...OPS, ...DOC]],
    ['((project = ENG) and ((priority = Highest)))', ['ENG-3', 'ENG-7']],
    // NOT flips the operator, so it also skips EMPTY values like != does
    ['NOT assignee = alice AND project = ENG', ['ENG-3', 'ENG-5', 'ENG-6']],
    ['NOT resolution = Done', ['ENG-6']],
    ['NOT created < -7d', ['ENG-4', 'ENG-5', 'ENG-7', 'ENG-8']],
    ['NOT NOT project = DOC', DOC],
    ['not (project = ENG and status != Done) and project = ENG', ['ENG-1', 'ENG-6']],
    // keywords, field names and functions are case-insensitive
    ['PROJECT = mkt and STATUS = "in progress" Or Key = doc-1', ['MKT-1', 'DOC-1']],
    ['Assignee In (ALICE) AND StatusCategory = DONE', ['ENG-1', 'OPS-2', 'MKT-3']],
    ['sprint IN OPENSPRINTS() and ISSUETYPE = bug', ['ENG-3']],
    // multi-line queries
    ['project = DOC\nAND\tassignee = alice', ['DOC-1']],
  ])('%s', (jql, expected) => {
    expect(keys(jql)).toEqual(expected);
  });
});

describe('JQL: currentUser() per flavour', () => {
  it('Data Center resolves usernames and user keys; currentUser() is the caller', () => {
    expect(keys('assignee = currentUser()', { as: 'bob' })).toEqual(['ENG-3', 'ENG-6', 'MKT-1', 'DOC-2']);
    expect(keys('reporter = currentUser() AND project = ENG', { as: 'alice' })).toEqual(['ENG-4', 'ENG-6']);
  });

  it('Cloud resolves accountIds (not usernames)', () => {
    expect(keys('assignee = 5b10ac8d82e05b22cc7d4ef5', { flavor: 'cloud' })).toEqual([
      'ENG-1',
      'ENG-2',
      'ENG-7',
      'OPS-2',
      'MKT-3',
      'DOC-1',
    ]);
    expect(keys('assignee = currentUser()', { as: 'carol', flavor: 'cloud' })).toEqual([
      'ENG-5',
      'OPS-1',
      'MKT-2',
    ]);
    expect(errors('assignee = alice', { flavor: 'cloud' })).toEqual([
      "The value 'alice' does not exist for the field 'assignee'.",
    ]);
    expect(errors('Reviewers = JIRAUSER10001', { flavor: 'cloud' })).toEqual([
      "The value 'JIRAUSER10001' does not exist for the field 'Reviewers'.",
    ]);
  });

  it('anonymous: currentUser() matches nothing, in either polarity', () => {
    const store = new SandboxStore(buildFixture());
    for (const jql of [
      'assignee = currentUser()',
      'assignee != currentUser()',
      'NOT assignee = currentUser()',
    ]) {
      const compiled = compileJql(jql, { store, user: null, flavor: 'datacenter', now: NOW });
      expect(store.data.issues.filter((i) => compiled.matches(i))).toEqual([]);
    }
  });
});

describe('JQL: ORDER BY', () => {
  it.each<[string, string[]]>([
    [
      'project = ENG ORDER BY priority DESC, key ASC',
      ['ENG-3', 'ENG-7', 'ENG-1', 'ENG-2', 'ENG-5', 'ENG-8', 'ENG-4', 'ENG-6'],
    ],
    // priority sorts DESC by default; ties fall back to id DESC
    [
      'project = ENG order by priority',
      ['ENG-7', 'ENG-3', 'ENG-1', 'ENG-8', 'ENG-5', 'ENG-2', 'ENG-4', 'ENG-6'],
    ],
    [
      'project = ENG ORDER BY priority ASC',
      ['ENG-6', 'ENG-4', 'ENG-8', 'ENG-5', 'ENG-2', 'ENG-1', 'ENG-7', 'ENG-3'],
    ],
    [
      'project in (MKT, DOC) ORDER BY assignee ASC, created DESC',
      ['MKT-3', 'DOC-1', 'MKT-1', 'DOC-2', 'MKT-2'],
    ],
    ['project in (DOC, MKT) ORDER BY key', ['DOC-1', 'DOC-2', 'MKT-1', 'MKT-2', 'MKT-3']],
    ['project in (DOC, MKT) ORDER BY key DESC', ['MKT-3', 'MKT-2', 'MKT-1', 'DOC-2', 'DOC-1']],
    // no ORDER BY: newest (highest id) first
    ['project = DOC', ['DOC-2', 'DOC-1']],
    // EMPTY values sort last ascending
    [
      'project = ENG ORDER BY duedate ASC',
      ['ENG-4', 'ENG-3', 'ENG-8', 'ENG-7', 'ENG-6', 'ENG-5', 'ENG-2', 'ENG-1'],
    ],
    [
      'project = ENG ORDER BY "Story Points" ASC',
      ['ENG-4', 'ENG-3', 'ENG-2', 'ENG-6', 'ENG-8', 'ENG-7', 'ENG-5', 'ENG-1'],
    ],
    ['project = MKT ORDER BY status ASC, key DESC', ['MKT-2', 'MKT-1', 'MKT-3']],
    ['project = MKT ORDER BY created', ['MKT-2', 'MKT-1', 'MKT-3']],
    ['project = MKT ORDER BY summary', ['MKT-3', 'MKT-2', 'MKT-1']],
    ['project = ENG AND Severity is not EMPTY ORDER BY cf[10100] DESC, key', ['ENG-6', 'ENG-3', 'ENG-7']],
    ['project = DOC ORDER BY Rank ASC', ['DOC-1', 'DOC-2']],
  ])('%s', (jql, expected) => {
    expect(search(jql)).toEqual(expected);
  });
});

describe('JQL: unbounded queries', () => {
  it.each<[string, boolean]>([
    ['', true],
    ['   ', true],
    ['ORDER BY created DESC', true],
    ['order by key', true],
    ['project = ENG', false],
    ['project = ENG ORDER BY key', false],
  ])('%j unbounded=%s', (jql, unbounded) => {
    const { compiled } = setup(jql);
    expect(compiled.unbounded).toBe(unbounded);
    if (unbounded) expect(keys(jql)).toEqual(ALL);
  });
});

describe('JQL: permissions', () => {
  it('a project the caller cannot browse does not exist', () => {
    expect(keys('project = OPS', { as: 'alice' })).toEqual(OPS);
    expect(errors('project = OPS', { as: 'bob' })).toEqual([
      "The value 'OPS' does not exist for the field 'project'.",
    ]);
    expect(errors('project = Operations', { as: 'bob' })).toEqual([
      "The value 'Operations' does not exist for the field 'project'.",
    ]);
    expect(errors('component = Database', { as: 'bob' })).toEqual([
      "The value 'Database' does not exist for the field 'component'.",
    ]);
    expect(errors('project = ENG', { as: null })).toEqual([
      "The value 'ENG' does not exist for the field 'project'.",
    ]);
  });

  it('an issue the caller cannot see does not exist', () => {
    expect(keys('key = ENG-7', { as: 'alice' })).toEqual(['ENG-7']);
    expect(errors('key = ENG-7', { as: 'bob' })).toEqual([
      "An issue with key 'ENG-7' does not exist for field 'key'.",
    ]);
    expect(errors('issuekey in (OPS-1, ENG-99)', { as: 'bob' })).toEqual([
      "An issue with key 'OPS-1' does not exist for field 'issuekey'.",
      "An issue with key 'ENG-99' does not exist for field 'issuekey'.",
    ]);
  });
});

describe('JQL: validateQuery=false', () => {
  it('turns unknown values into warnings; the clause matches nothing', () => {
    const { compiled } = setup('project = XYZ', { validateQuery: false });
    expect(compiled.warnings).toEqual(["The value 'XYZ' does not exist for the field 'project'."]);
    expect(keys('project = XYZ', { validateQuery: false })).toEqual([]);
  });

  it('keeps the values that do exist', () => {
    const { compiled } = setup('project in (DOC, XYZ) OR status = Nope', { validateQuery: false });
    expect(compiled.warnings).toEqual([
      "The value 'XYZ' does not exist for the field 'project'.",
      "The value 'Nope' does not exist for the field 'status'.",
    ]);
    expect(keys('project in (DOC, XYZ) OR status = Nope', { validateQuery: false })).toEqual(DOC);
    expect(keys('project = OPS', { as: 'bob', validateQuery: false })).toEqual([]);
    expect(keys('assignee = zed OR key = ENG-7', { as: 'bob', validateQuery: false })).toEqual([]);
  });

  it('still rejects what is not about values', () => {
    expect(errors('foo = bar', { validateQuery: false })).toEqual([
      "Field 'foo' does not exist or you do not have permission to view it.",
    ]);
    expect(errors('created > tomorrow AND project = XYZ', { validateQuery: false })).toEqual([
      `Date value 'tomorrow' for field 'created' is invalid. ${DATE_FORMATS}`,
    ]);
  });

  it('a valid query has no warnings', () => {
    expect(setup('project = ENG').compiled.warnings).toEqual([]);
  });
});
