// The estimate of an operation's Jira calls, on documents alone: aliases,
// fragments, nesting, variables, directives and the flavour.
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type FieldCost, JIRA_CALL_COSTS } from '../../src/execution/jira-call-costs.ts';
import { createJiraCallEstimator, type EstimateFacts } from '../../src/execution/jira-call-estimate.ts';
import { schema } from '../../src/schema/index.ts';

const estimator = createJiraCallEstimator(schema);
const DC: EstimateFacts = { flavor: 'datacenter', restrictedProjects: null };
const CLOUD: EstimateFacts = { flavor: 'cloud', restrictedProjects: null };

const estimate = (query: string, facts = DC, variables?: Record<string, unknown>) =>
  estimator.estimate(parse(query), null, variables, facts);

const aliases = (n: number, field: string) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

describe('the Jira-call estimate', () => {
  it('counts a search page once, and Cloud’s count once more', () => {
    expect(estimate('{ issues(jql: "x") { nodes { key summary } } }')).toBe(1);
    expect(estimate('{ issues(jql: "x") { totalCount nodes { key } } }')).toBe(1);
    expect(estimate('{ issues(jql: "x") { totalCount nodes { key } } }', CLOUD)).toBe(2);
  });

  it('counts each alias', () => {
    expect(estimate(aliases(100, 'issues(jql: "x", first: 100) { nodes { key } }'))).toBe(100);
    expect(estimate(aliases(3, 'project(key: "P") { name }'))).toBe(3);
  });

  it('counts issue(key) aliases as batches of 100 keys', () => {
    expect(estimate(aliases(100, 'issue(key: "P-1") { key }'))).toBe(1);
    expect(estimate(aliases(101, 'issue(key: "P-1") { key }'))).toBe(2);
  });

  it('multiplies nested lists by `first` (20 when absent, 100 at most)', () => {
    const nested = (boards: string, sprints: string, issues: string) =>
      `{ boards${boards} { edges { node { sprints${sprints} { edges { node { issues${issues} { nodes { key } } } } } } } } }`;
    // 1 board page + 20 boards × 1 sprint page + 400 sprints × 1 issue page.
    expect(estimate(nested('', '', ''))).toBe(421);
    // Agile pages hold 50: 100 boards take 2 pages, 100 issues 2 per sprint.
    expect(estimate(nested('(first: 100)', '(first: 1)', '(first: 100)'))).toBe(2 + 100 + 200);
    expect(estimate(nested('(first: 1000)', '(first: 1)', '(first: 1)'))).toBe(2 + 100 + 100);
  });

  it('takes `first` and directives from the variables', () => {
    const query =
      'query($n: Int, $withCount: Boolean!) { issues(jql: "x", first: $n) { totalCount @include(if: $withCount) nodes { project { lead { displayName } } } } }';
    expect(estimate(query, CLOUD, { n: 10, withCount: true })).toBe(1 + 1 + 10);
    expect(estimate(query, CLOUD, { n: 30, withCount: false })).toBe(1 + 30);
    expect(estimate(query, CLOUD, { withCount: false })).toBe(1 + 20);
    // Invalid variables: execution refuses them without calling Jira.
    expect(estimate(query, CLOUD, { n: 'ten', withCount: true })).toBeNull();
  });

  it('follows fragments and inline fragments, merging equal response keys', () => {
    const query = `
      query { issues(jql: "x", first: 10) { ...Page } }
      fragment Page on IssueConnection { nodes { ...Lead ... on Issue { project { components { name } } } } }
      fragment Lead on Issue { project { lead { displayName } } }`;
    // One project load per issue, however many of its details are selected, and through whichever fragment.
    expect(estimate(query)).toBe(1 + 10);
    expect(
      estimate(
        '{ issues(jql: "x", first: 10) { nodes { p1: project { lead { displayName } } p2: project { components { name } } } } }',
      ),
    ).toBe(1 + 20);
  });

  it('counts what the parent’s answer already holds as free', () => {
    expect(
      estimate('{ project(key: "P") { lead { displayName } components { name } versions { name } } }'),
    ).toBe(1);
    expect(estimate('{ projects(first: 10) { edges { node { description lead { displayName } } } } }')).toBe(
      1,
    );
    expect(estimate('{ projects(first: 10) { edges { node { versions { name } } } } }')).toBe(11);
    expect(estimate('{ issue(key: "P-1") { parent { key summary status { name } } } }')).toBe(1);
    // More than Jira embeds of a parent loads the parents: one batch per page.
    expect(
      estimate('{ issues(jql: "x", first: 100) { nodes { parent { assignee { displayName } } } } }'),
    ).toBe(2);
  });

  it('counts comment and worklog pages past what Jira embeds, per issue', () => {
    expect(
      estimate(
        '{ issues(jql: "x", first: 50) { nodes { comments(first: 20) { totalCount } worklogs { totalCount } } } }',
      ),
    ).toBe(1);
    expect(estimate('{ issues(jql: "x", first: 50) { nodes { worklogs(first: 21) { totalCount } } } }')).toBe(
      51,
    );
    expect(
      estimate('{ issues(jql: "x", first: 50) { nodes { comments(after: "c") { totalCount } } } }'),
    ).toBe(51);
    // Cloud embeds the latest 100 changes only.
    expect(estimate('{ issues(jql: "x", first: 50) { nodes { changelog { totalCount } } } }')).toBe(1);
    expect(estimate('{ issues(jql: "x", first: 50) { nodes { changelog { totalCount } } } }', CLOUD)).toBe(
      51,
    );
  });

  it('reads the field catalogue once per request', () => {
    expect(
      estimate(
        '{ fields { id } issues(jql: "x") { nodes { customFields(names: ["Story Points"]) { number } } } }',
      ),
    ).toBe(1 + 1 + 1);
  });

  it('counts nothing for fields that do not call Jira, and skipped fields', () => {
    expect(estimate('{ viewer { user { displayName } accessTokens { edges { node { name } } } } }')).toBe(0);
    expect(estimate('{ issues(jql: "x") @skip(if: true) { nodes { key } } }')).toBe(0);
    expect(estimate('{ __schema { types { name } } }')).toBe(0);
  });

  it('counts a restricted token’s extra reads', () => {
    const restricted: EstimateFacts = { flavor: 'datacenter', restrictedProjects: 3 };
    expect(estimate('{ boards { totalCount } }', restricted)).toBe(3);
    expect(estimate('{ boards(projectKey: "P") { totalCount } }', restricted)).toBe(1);
    expect(estimate('{ sprint(id: 1) { name } }', restricted)).toBe(2);
  });

  it('remembers a document without variables per flavour and restriction', () => {
    const document = parse('{ issues(jql: "x") { totalCount } }');
    expect(estimator.estimate(document, null, null, DC)).toBe(1);
    expect(estimator.estimate(document, null, null, CLOUD)).toBe(2);
    expect(estimator.estimate(document, null, null, DC)).toBe(1);
  });

  it('remembers a figure per the values of the variables it read, not the others', () => {
    let worked = 0;
    const issues = JIRA_CALL_COSTS['Query.issues'] as FieldCost;
    const counting = createJiraCallEstimator(schema, {
      ...JIRA_CALL_COSTS,
      'Query.issues': {
        ...issues,
        work: (site) => {
          worked += 1;
          return issues.work?.(site) ?? {};
        },
      },
    });
    const document = parse(
      'query($jql: String!, $n: Int) { issues(jql: $jql, first: $n) { nodes { project { lead { displayName } } } } }',
    );
    const run = (variables: Record<string, unknown>) => counting.estimate(document, null, variables, DC);
    expect(run({ jql: 'a', n: 5 })).toBe(6);
    expect(run({ jql: 'b', n: 5 })).toBe(6);
    expect(worked).toBe(1);
    expect(run({ jql: 'a', n: 7 })).toBe(8);
    expect(worked).toBe(2);
    // An invalid value is never remembered as a figure.
    expect(run({ jql: 'a', n: 'x' })).toBeNull();
    expect(run({ jql: 'a', n: 'x' })).toBeNull();
  });

  it('refuses a table that names a field the schema lacks', () => {
    const costs: Record<string, FieldCost> = {
      ...JIRA_CALL_COSTS,
      'Issue.nonsense': { work: () => ({ each: 1 }) },
    };
    expect(() => createJiraCallEstimator(schema, costs)).toThrow(/Issue\.nonsense/);
  });
});

describe('JGG_MAX_JIRA_CALLS', () => {
  it('defaults to 75 (the heaviest bench query estimates 52) and names itself when wrong', () => {
    expect(loadConfig({}).queryLimits.maxJiraCalls).toBe(75);
    expect(loadConfig({ JGG_MAX_JIRA_CALLS: '500' }).queryLimits.maxJiraCalls).toBe(500);
    expect(() => loadConfig({ JGG_MAX_JIRA_CALLS: '0' })).toThrow(/^JGG_MAX_JIRA_CALLS: /);
    expect(() => loadConfig({ JGG_MAX_JIRA_CALLS: 'many' })).toThrow(/^JGG_MAX_JIRA_CALLS: /);
  });
});
