// The README's GraphQL examples are operations of the current schema: each
// ```graphql block parses and validates, so a renamed field or input breaks
// this test rather than a reader's first try.
import { readFileSync } from 'node:fs';
import { Kind, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

describe('README GraphQL examples', () => {
  it('has examples of every write mutation', () => {
    const all = blocks.join('\n');
    for (const name of [
      'createIssue',
      'updateIssue',
      'transitionIssue',
      'assignIssue',
      'addComment',
      'updateComment',
      'deleteComment',
      'addWorklog',
      'updateWorklog',
      'deleteWorklog',
    ]) {
      expect(all, name).toContain(`${name}(input:`);
    }
  });

  it.each(blocks.map((block, i) => [i, block] as const))(
    'block %i validates against the schema',
    (_i, block) => {
      const { definitions } = parse(block);
      expect(definitions.length).toBeGreaterThan(0);
      // Each operation on its own: the blocks list several anonymous ones.
      for (const definition of definitions) {
        const errors = validate(schema, { kind: Kind.DOCUMENT, definitions: [definition] });
        expect(errors.map((e) => e.message)).toEqual([]);
      }
    },
  );
});
