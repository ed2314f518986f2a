// The README's cost table ("Query cost") is the one scripts/cost-table.ts
// generates from JIRA_CALL_COSTS: a change to the table or to the published
// directives that the README does not show fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COST_TABLE_HEADER, costTableRows } from '../../scripts/cost-table.ts';
import { JIRA_CALL_COSTS } from '../../src/execution/jira-call-costs.ts';
import { schema } from '../../src/schema/index.ts';

function readmeTable(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('<!-- cost-table:start -->');
  const end = readme.indexOf('<!-- cost-table:end -->');
  if (start < 0 || end < start) return [];
  return readme
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('|'));
}

describe('the README cost table', () => {
  it('is the one generated from the table (npx tsx scripts/cost-table.ts)', () => {
    const generated = [...COST_TABLE_HEADER, ...costTableRows(schema)];
    expect(generated.length).toBe(2 + Object.keys(JIRA_CALL_COSTS).length);
    expect(readmeTable()).toEqual(generated);
  });

  it('changes when a field’s cost changes', () => {
    const rows = costTableRows(schema, { ...JIRA_CALL_COSTS, 'Query.user': { work: () => ({ each: 3 }) } });
    expect(rows.find((r) => r.startsWith('| `Query.user`'))).toBe(
      '| `Query.user` | 3 / 3 | each time |  | 3 |',
    );
  });
});
