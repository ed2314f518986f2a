// Prints the Pothos schema to schema.graphql (--write) or fails when the
// committed file differs from what the code prints (--check). The file is
// where the Jira-call costs are published, as @cost / @listSize directives
// (src/execution/cost-directives.ts): graphql-js's printSchema and
// introspection leave applied directives out.
import { readFileSync, writeFileSync } from 'node:fs';
import { printSchemaWithCosts } from '../src/execution/cost-directives.ts';
import { schema } from '../src/schema/index.ts';

const file = new URL('../schema.graphql', import.meta.url);
const printed = `${printSchemaWithCosts(schema)}\n`;
const mode = process.argv[2] ?? '--check';

if (mode === '--write') {
  writeFileSync(file, printed);
} else {
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    // a missing file is drift like any other
  }
  if (committed !== printed) {
    process.stderr.write(
      'schema.graphql differs from the schema the code prints: run `npm run schema:print`\n',
    );
    process.exit(1);
  }
}
