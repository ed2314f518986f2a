// Fails when an operation (test/operations/*.graphql, the token page's
// web/src/operations/*.graphql) is not valid against schema.graphql (every
// rule of the GraphQL spec: codegen itself skips some, such as a selection on
// a scalar), or when the committed typed documents (test/gql/, web/src/gql/)
// differ from what codegen.ts generates, like schema:check does for the
// schema. Everything runs in memory: the working tree is not touched.
// `npm run codegen` rewrites them.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { buildSchema, parse, validate } from 'graphql';
import config, { OPERATION_SETS } from '../codegen.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The folders the operations are read from (each set's glob is `<folder>/*.graphql`). */
const OPERATION_DIRS = Object.values(OPERATION_SETS).map((glob) => join(root, dirname(glob)));

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Each operation file's problems against the committed schema, as `file:line:column: message`. */
function invalidOperations(): string[] {
  const schema = buildSchema(readFileSync(join(root, 'schema.graphql'), 'utf8'));
  return OPERATION_DIRS.flatMap((dir) => {
    const files = filesUnder(dir).filter((file) => file.endsWith('.graphql'));
    // A folder's files make one document, as codegen reads them: a fragment may live in another file.
    const fragments = files
      .map((file) => readFileSync(file, 'utf8'))
      .filter((t) => /^\s*fragment\b/m.test(t));
    return files.flatMap((file) => {
      const name = relative(root, file);
      const own = readFileSync(file, 'utf8');
      const others = fragments.filter((t) => t !== own).join('\n');
      try {
        return validate(schema, parse(`${own}\n${others}`)).map((error) => {
          const at = error.locations?.[0];
          return `${name}${at ? `:${at.line}:${at.column}` : ''}: ${error.message}`;
        });
      } catch (error) {
        return [`${name}: ${messageOf(error)}`];
      }
    });
  });
}

const invalid = invalidOperations();
if (invalid.length > 0) {
  process.stderr.write(
    `operations do not fit schema.graphql: fix the operations (or the schema)\n${invalid
      .map((p) => `  ${p}\n`)
      .join('')}`,
  );
  process.exit(1);
}

let outputs: { filename: string; content: string }[];
try {
  outputs = await generate({ ...config, cwd: root, silent: true }, false);
} catch (error) {
  // An operation the schema no longer accepts: codegen says which, and where.
  const detail = error instanceof AggregateError ? error.errors.map(messageOf).join('\n') : messageOf(error);
  process.stderr.write(`codegen failed on the operations against schema.graphql:\n${detail}\n`);
  process.exit(1);
}
const generated = new Map(outputs.map((o) => [resolve(root, o.filename), o.content]));
const outputDirs = Object.keys(config.generates).map((dir) => resolve(root, dir));

const problems: string[] = [];
for (const [file, content] of generated) {
  const committed = readOrNull(file);
  if (committed === null) problems.push(`missing: ${relative(root, file)}`);
  else if (committed !== content) problems.push(`differs: ${relative(root, file)}`);
}
for (const dir of outputDirs) {
  for (const file of filesUnder(dir)) {
    if (!generated.has(file)) problems.push(`not generated (stale): ${relative(root, file)}`);
  }
}

if (problems.length > 0) {
  process.stderr.write(
    `the typed documents are not what the schema and the operations generate: run \`npm run codegen\`\n${problems
      .map((p) => `  ${p}\n`)
      .join('')}`,
  );
  process.exit(1);
}
