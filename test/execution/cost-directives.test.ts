// The costs published in schema.graphql (@cost / @listSize) against the table
// they come from (jira-call-costs.ts) and the gateway's own estimate: every
// field's directive agrees with its model cost, and a tool computing a
// query's cost from the published directives (as Apollo's router and the Hive
// gateway do) never says less than the gateway's estimate, but in the one case
// the README states.
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  type ConstDirectiveNode,
  type GraphQLObjectType,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  parse,
  printSchema,
  valueFromASTUntyped,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { distinctPageRequests, distinctSingleRequests, WORKLOADS } from '../../scripts/bench/queries.ts';
import { printSchemaWithCosts, publishedCosts, worstWork } from '../../src/execution/cost-directives.ts';
import { JIRA_CALL_COSTS } from '../../src/execution/jira-call-costs.ts';
import { createJiraCallEstimator, type EstimateFacts } from '../../src/execution/jira-call-estimate.ts';
import { schema } from '../../src/schema/index.ts';
import { selectAll } from '../support/field-coverage.ts';
import { ibmCost } from '../support/ibm-cost.ts';

const sdl = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
const published = buildSchema(sdl);
const estimator = createJiraCallEstimator(schema);

function applied(
  node: { readonly directives?: readonly ConstDirectiveNode[] } | null | undefined,
  name: string,
): Record<string, unknown> | null {
  const found = node?.directives?.find((d) => d.name.value === name);
  if (!found) return null;
  return Object.fromEntries((found.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
}

const objectTypes = () =>
  Object.values(published.getTypeMap()).filter(
    (t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__'),
  );

describe('the published costs', () => {
  it('define @cost and @listSize as Apollo’s router and the Hive gateway read them', () => {
    const definitions = printSchema(published)
      .split('\n\n')
      .filter((block) => block.includes('directive @'))
      .map((block) => block.replace(/^"""[\s\S]*?"""\n/, ''));
    expect(definitions).toEqual([
      'directive @cost(weight: Int!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | OBJECT | SCALAR',
      'directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION',
    ]);
  });

  it('are what the code prints from the table, and leave the rest of the schema as printSchema prints it', () => {
    expect(sdl).toBe(`${printSchemaWithCosts(schema)}\n`);
    // Taking the directives out gives graphql-js's own print of the schema, definitions aside.
    const stripped = sdl.replace(/ @cost\(weight: \d+\)| @listSize\([^)]*\)/g, '');
    const plain = printSchema(schema);
    expect(stripped.endsWith(`${plain.slice(plain.indexOf('"""'))}\n`)).toBe(true);
  });

  it('weigh every object type 0: a tool’s figure counts Jira calls, not objects', () => {
    for (const type of objectTypes()) expect(applied(type.astNode, 'cost'), type.name).toEqual({ weight: 0 });
  });

  it('agree with the table field by field', () => {
    let checked = 0;
    for (const type of objectTypes()) {
      const real = schema.getType(type.name) as GraphQLObjectType;
      for (const field of Object.values(type.getFields())) {
        const coordinate = `${type.name}.${field.name}`;
        const weight = Number(applied(field.astNode, 'cost')?.weight ?? 0);
        const listSize = applied(field.astNode, 'listSize');
        const { calls } = worstWork(real.getFields()[field.name]!, JIRA_CALL_COSTS[coordinate]);
        const worst = Math.max(calls.datacenter, calls.cloud);
        const says = `${coordinate}: weight ${weight}, model ${worst}`;
        if (worst === 0) {
          expect(weight, says).toBe(0);
          continue;
        }
        checked += 1;
        const perItem = listSize !== null && listSize.sizedFields === undefined;
        if (perItem) {
          // A tool multiplies a list's own weight by its size: per item, rounded up.
          expect(weight, says).toBe(Math.ceil(worst / Number(listSize.assumedSize)));
        } else {
          expect(weight, says).toBe(worst);
        }
      }
    }
    expect(checked).toBe(Object.values(JIRA_CALL_COSTS).filter((c) => c.work).length);
  });

  it('size every list whose items cost Jira calls below them', () => {
    const costs = publishedCosts(schema);
    for (const coordinate of ['Issue.subtasks', 'Issue.issueLinks', 'CustomFieldValue.sprints']) {
      expect(costs.get(coordinate)?.listSize?.assumedSize, coordinate).toBe(20);
    }
    expect(costs.get('Issue.customFields')?.listSize?.assumedSize).toBe(50);
    expect(costs.get('Query.issues')?.listSize).toEqual({
      assumedSize: 20,
      slicingArguments: ['first'],
      sizedFields: ['edges', 'nodes'],
      requireOneSlicingArgument: false,
    });
    // Lists whose items cost nothing more publish no size: their weight is per list.
    expect(costs.get('Project.components')).toEqual({ weight: 1 });
    expect(costs.has('Issue.labels')).toBe(false);
  });
});

/** Arguments for root fields that need them (values do not matter to either figure). */
const ROOT_ARGS: Record<string, string> = {
  'Query.issue': '(key: "PROJ-1")',
  'Query.issues': '(jql: "project = PROJ", first: 5)',
  'Query.project': '(key: "PROJ")',
  'Query.user': '(name: "alice")',
  'Query.board': '(id: 1)',
  'Query.sprint': '(id: 1)',
  'Query.sprints': '(boardId: 1)',
  // Past the embedded page, and the HTML: the sub-resource reads.
  'Issue.comments': '(first: 2, after: "Y29tbWVudDow")',
};

const WIKI = '{ wiki: "x" }';
/** Each write mutation with the input that costs it most (a parent, wiki bodies), its payload selected whole. */
const WRITE_INPUTS: Record<string, string> = {
  createIssue: `{ projectKey: "PROJ", issueType: "Sub-task", summary: "s", parent: "PROJ-1", description: ${WIKI} }`,
  updateIssue: `{ key: "PROJ-2", set: { parent: "PROJ-1", description: ${WIKI} } }`,
  transitionIssue: `{ key: "PROJ-2", to: "Done", comment: ${WIKI}, fields: { parent: "PROJ-1" } }`,
  assignIssue: '{ key: "PROJ-2", assignee: "alice" }',
  addComment: `{ key: "PROJ-2", body: ${WIKI} }`,
  updateComment: `{ key: "PROJ-2", id: "1", body: ${WIKI} }`,
  deleteComment: '{ key: "PROJ-2", id: "1" }',
  addWorklog: `{ key: "PROJ-2", timeSpent: "1h", comment: ${WIKI} }`,
  updateWorklog: `{ key: "PROJ-2", id: "1", comment: ${WIKI} }`,
  deleteWorklog: '{ key: "PROJ-2", id: "1" }',
};

interface Case {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

function corpus(): Case[] {
  const cases: Case[] = WORKLOADS.map((w) => ({ name: `bench: ${w.name}`, query: w.query }));
  for (const [i, body] of [...distinctPageRequests(2), ...distinctSingleRequests(2)].entries()) {
    const { query, variables } = JSON.parse(body) as Case;
    cases.push({ name: `bench: distinct request ${i}`, query, variables });
  }
  const query = schema.getQueryType()!;
  for (const field of Object.values(query.getFields())) {
    const named = getNamedType(field.type);
    const depth = field.name === 'issue' || field.name === 'issues' ? 4 : 3;
    const body = isObjectType(named) ? ` { ${selectAll(named, depth, ROOT_ARGS)} }` : '';
    cases.push({
      name: `Query.${field.name} whole`,
      query: `{ ${field.name}${ROOT_ARGS[`Query.${field.name}`] ?? ''}${body} }`,
    });
  }
  const mutation = schema.getMutationType()!;
  for (const [name, input] of Object.entries(WRITE_INPUTS)) {
    const payload = getNamedType(mutation.getFields()[name]!.type) as GraphQLObjectType;
    cases.push({
      name: `Mutation.${name} whole`,
      query: `mutation { ${name}(input: ${input}) { ${selectAll(payload, 3, ROOT_ARGS)} } }`,
    });
  }
  cases.push(
    {
      name: 'boards → sprints → issues',
      query:
        '{ boards(first: 100) { edges { node { sprints(first: 1) { edges { node { issues(first: 100) { nodes { key } } } } } } } } }',
    },
    {
      name: 'pages of parents, subtasks and links',
      query:
        '{ issues(jql: "x", first: 100) { nodes { parent { assignee { displayName } } subtasks { description } issueLinks { issue { labels } } } } }',
    },
    {
      name: 'custom fields with sprints',
      query:
        '{ issues(jql: "x", first: 30) { nodes { customFields { sprints { board { name } issues(first: 10) { nodes { key } } } } } } }',
    },
    {
      name: 'variables set first',
      query: 'query($n: Int) { projects(first: $n) { nodes { versions { name } statuses { name } } } }',
      variables: { n: 40 },
    },
  );
  return cases;
}

const FACTS: EstimateFacts[] = [
  { flavor: 'datacenter', restrictedProjects: null },
  { flavor: 'cloud', restrictedProjects: null },
  { flavor: 'datacenter', restrictedProjects: 1 },
  { flavor: 'cloud', restrictedProjects: 1 },
];

describe('a tool’s figure from the published costs', () => {
  const cases = corpus();

  it.each(FACTS.map((f) => [`${f.flavor}${f.restrictedProjects ? ', restricted to 1 project' : ''}`, f]))(
    'is never below the gateway’s estimate (%s)',
    (_name, facts) => {
      expect(cases.length).toBeGreaterThan(30);
      for (const c of cases) {
        const document = parse(c.query);
        const estimate = estimator.estimate(document, null, c.variables, facts);
        expect(estimate, c.name).not.toBeNull();
        expect(
          ibmCost(published, document, c.variables),
          `${c.name}: estimate ${estimate}`,
        ).toBeGreaterThanOrEqual(estimate!);
      }
    },
  );

  it('equals the estimate where the table’s rule is the spec’s (one call per field, sizes from first)', () => {
    const exact = [
      '{ issues(jql: "x", first: 50) { nodes { key summary status { name } } } }',
      '{ project(key: "P") { name } issues(jql: "x") { nodes { key } } }',
      '{ projects(first: 10) { edges { node { versions { name } } } } }',
    ];
    for (const query of exact) {
      const figure = estimator.estimate(parse(query), null, null, {
        flavor: 'datacenter',
        restrictedProjects: null,
      });
      expect(ibmCost(published, parse(query)), query).toBe(figure);
    }
  });

  it('is below the estimate for a token restricted to more than 2 projects listing boards, by the projects past 2', () => {
    // Such a token reads the boards of each of its projects: one call each (README "Query cost").
    const query = parse('{ boards { edges { node { id } } } }');
    const facts: EstimateFacts = { flavor: 'datacenter', restrictedProjects: 5 };
    expect(estimator.estimate(query, null, null, facts)! - ibmCost(published, query)).toBe(5 - 2);
    expect(ibmCost(published, parse('{ boards(projectKey: "P") { edges { node { id } } } }'))).toBe(2);
  });

  it('is below the estimate for customFields(ids:) naming more than 50 fields, with calls below them', () => {
    const ids = Array.from({ length: 60 }, (_, i) => `"customfield_${i}"`).join(', ');
    const query = parse(
      `{ issue(key: "P-1") { customFields(ids: [${ids}]) { sprints { board { name } } } } }`,
    );
    const estimate = estimator.estimate(query, null, null, {
      flavor: 'datacenter',
      restrictedProjects: null,
    })!;
    // The issue, the catalogue and the values' load, and 60 fields × 20 sprints assumed × a board each;
    // published: the issue, 50 fields at weight 1 and 50 × 20 boards.
    expect(estimate).toBe(1 + 2 + 60 * 20);
    expect(ibmCost(published, query)).toBe(1 + 50 + 50 * 20);
  });

  it('is below the estimate for a restricted token’s issue write that sets custom fields, by their number + 1', () => {
    // Each custom field may name an issue (an Epic Link), read fresh to check its project, and the
    // field catalogue is read once: no fixed weight bounds a list of inputs (README "Query cost").
    const query =
      'mutation { createIssue(input: { projectKey: "PROJ", issueType: "Task", summary: "s", parent: "PROJ-1", customFields: [{ name: "A", value: 1 }, { name: "B", value: 2 }, { name: "Epic Link", value: "PROJ-3" }] }) { issue { key } } }';
    const facts: EstimateFacts = { flavor: 'datacenter', restrictedProjects: 1 };
    const estimate = estimator.estimate(parse(query), null, null, facts)!;
    expect(estimate - ibmCost(published, parse(query))).toBe(3 + 1);
    // Unrestricted, the catalogue read fits in the weight the parent's read takes for a restricted token.
    const open = estimator.estimate(parse(query), null, null, {
      flavor: 'datacenter',
      restrictedProjects: null,
    })!;
    expect(ibmCost(published, parse(query))).toBeGreaterThanOrEqual(open);
  });
});

describe('a list without a published size', () => {
  it('holds items that cost nothing below them', () => {
    const costly = new Set(
      [...publishedCosts(schema).entries()]
        .filter(([, c]) => (c.weight ?? 0) > 0)
        .map(([k]) => k.split('.')[0]),
    );
    for (const type of objectTypes()) {
      for (const field of Object.values(type.getFields())) {
        if (!isListType(getNullableType(field.type)) || applied(field.astNode, 'listSize')) continue;
        const named = getNamedType(field.type);
        if (!isObjectType(named)) continue;
        // One level is enough here: a costly type deeper down makes its parents sized too (checked above).
        expect(costly.has(named.name), `${type.name}.${field.name} lists ${named.name}`).toBe(false);
      }
    }
  });
});
