// A project-restricted token's searches: the restriction is joined to the
// caller's JQL so that nothing in it can widen the result. Checked on the
// text and, for meaning, with the sandbox's JQL engine over seeded data.
import { describe, expect, it } from 'vitest';
import { jqlString, restrictJql, UnsafeJqlError } from '../../src/jira/jql-restriction.ts';
import { generateSandboxData } from '../../src/sandbox/generate.ts';
import { compileJql } from '../../src/sandbox/jql/index.ts';
import { SandboxStore } from '../../src/sandbox/store.ts';

describe('restrictJql', () => {
  it.each([
    ['status = Done', 'project in ("PROJ") AND (status = Done)'],
    ['', 'project in ("PROJ")'],
    ['ORDER BY key', 'project in ("PROJ") ORDER BY key'],
    [
      'status = Done OR project = OPS order by created DESC',
      'project in ("PROJ") AND (status = Done OR project = OPS) order by created DESC',
    ],
    ['summary ~ "order by" ORDER BY key', 'project in ("PROJ") AND (summary ~ "order by") ORDER BY key'],
    ["summary ~ 'say \\'order by\\''", "project in (\"PROJ\") AND (summary ~ 'say \\'order by\\'')"],
    ['(a = 1 order by b)', 'project in ("PROJ") AND ((a = 1 order by b))'],
    ['labels = reorder', 'project in ("PROJ") AND (labels = reorder)'],
  ])('%s', (jql, restricted) => {
    expect(restrictJql(jql, ['PROJ'])).toBe(restricted);
  });

  it('leaves an unrestricted token alone and quotes every key', () => {
    expect(restrictJql('status = Done', null)).toBe('status = Done');
    expect(restrictJql('x = 1', ['PROJ', 'MOB'])).toBe('project in ("PROJ", "MOB") AND (x = 1)');
    expect(jqlString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('refuses JQL that would break out of its brackets', () => {
    for (const jql of [
      'project = OPS) OR (project = OPS',
      ') OR (project = OPS',
      'a = 1 (',
      'summary ~ "open',
    ]) {
      expect(() => restrictJql(jql, ['PROJ']), jql).toThrow(UnsafeJqlError);
    }
    // Brackets inside strings are text, not structure.
    expect(restrictJql('summary ~ ")"', ['PROJ'])).toBe('project in ("PROJ") AND (summary ~ ")")');
  });

  it('never lets the caller escape the projects, whatever they ask for', () => {
    const store = new SandboxStore(generateSandboxData({ seed: 2, issues: 300 }));
    const admin = store.usersByName.get('admin') ?? null;
    const projectOf = (id: string) => store.projectsById.get(id)?.key;
    for (const jql of [
      'project = OPS',
      'project = OPS OR project = FIN',
      'status = Done OR status != Done',
      'project in (OPS, FIN) ORDER BY key',
    ]) {
      const restricted = restrictJql(jql, ['PROJ', 'MOB']);
      let keys: (string | undefined)[];
      try {
        const compiled = compileJql(restricted, {
          store,
          user: admin,
          flavor: 'datacenter',
          now: store.data.now,
        });
        keys = store.data.issues.filter((i) => compiled.matches(i)).map((i) => projectOf(i.projectId));
      } catch {
        keys = []; // a query broken by its own brackets is refused, which leaks nothing either
      }
      expect(new Set(keys).size <= 2 && keys.every((k) => k === 'PROJ' || k === 'MOB'), jql).toBe(true);
    }
  });
});
