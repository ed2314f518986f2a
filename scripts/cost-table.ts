// The README's cost table ("Query cost"), generated from JIRA_CALL_COSTS and
// the directives published from it; test/execution/cost-table.test.ts fails
// when the README's copy differs. `npx tsx scripts/cost-table.ts` prints it.

import { pathToFileURL } from 'node:url';
import type { GraphQLObjectType, GraphQLSchema } from 'graphql';
import { publishedCosts, worstWork } from '../src/execution/cost-directives.ts';
import { type FieldCost, JIRA_CALL_COSTS, type JiraWork } from '../src/execution/jira-call-costs.ts';

const COUNTED: Readonly<Record<keyof JiraWork, string>> = {
  each: 'each time',
  batched: 'batched, 100 a call',
  perObject: 'once per object',
  perRequest: 'once per request',
};

export const COST_TABLE_HEADER = [
  '| field | Jira calls at most, Data Center / Cloud | counted | list size (`@listSize`) | `@cost` weight |',
  '| --- | --- | --- | --- | --- |',
];

export function costTableRows(
  schema: GraphQLSchema,
  costs: Readonly<Record<string, FieldCost>> = JIRA_CALL_COSTS,
): string[] {
  const published = publishedCosts(schema, costs);
  return Object.entries(costs).map(([coordinate, cost]) => {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    const field = (schema.getType(typeName) as GraphQLObjectType).getFields()[fieldName]!;
    const { calls, kinds } = worstWork(field, cost);
    const listSize = published.get(coordinate)?.listSize;
    const size = listSize?.slicingArguments
      ? `\`first\` (${listSize.assumedSize} if absent) on ${listSize.sizedFields?.join(', ')}`
      : listSize
        ? `${listSize.assumedSize} assumed`
        : '';
    const counted = kinds.map((k) => COUNTED[k]).join(', ');
    const weight = published.get(coordinate)?.weight ?? 0;
    return `| \`${coordinate}\` | ${calls.datacenter} / ${calls.cloud} | ${counted} | ${size} | ${weight} |`;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { schema } = await import('../src/schema/index.ts');
  process.stdout.write(`${[...COST_TABLE_HEADER, ...costTableRows(schema)].join('\n')}\n`);
}
