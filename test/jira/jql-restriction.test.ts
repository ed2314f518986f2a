// A project-restricted token's searches: the restriction is joined to the
// caller's JQL so that nothing in it can widen the result. Checked on the
// text (a table of escapes, quotes, look-alike quotes, comment-like and
// reserved sequences, each row narrowed exactly or refused) and, for meaning,
// with the sandbox's JQL engine over seeded data.

import { compileJql, generateSandboxData, SandboxStore } from 'jira-sandbox';
import { describe, expect, it } from 'vitest';
import { jqlScopeNeeds } from '../../src/auth/jql-scopes.ts';
import { lexJql } from '../../src/jira/jql-lexer.ts';
import { jqlString, restrictJql, splitJql, UnsafeJqlError } from '../../src/jira/jql-restriction.ts';

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

/** What a row expects: the exact JQL sent to Jira for a token restricted to PROJ, or a refusal. */
const REFUSED = 'refused';
const P = 'project in ("PROJ")';

const ROWS: [string, string, string][] = [
  // [what it tries, the caller's JQL, narrowed JQL or REFUSED]
  // The attacks of issue 10: Jira reads `a\"` as ONE unquoted word, so the ')' after it is real.
  [
    'escaped double quote in a word (the issue)',
    String.raw`labels = a\" ) OR project in (OPS, MOB) OR ( labels = \"b\"c\"`,
    REFUSED,
  ],
  [
    'escaped single quote in a word',
    String.raw`labels = a\' ) OR project in (OPS, MOB) OR ( labels = \'b\'c\'`,
    REFUSED,
  ],
  // What leaked on the old scanner: it took `\"` outside a string for an opening quote and closed it
  // inside a real string that Jira opened with the other quote mark.
  [
    'word with \\" then a single-quoted string holding " (leaked MOB/OPS before)',
    String.raw`labels = a\" ) OR project in (OPS, MOB) OR ( labels = '"\''`,
    REFUSED,
  ],
  [
    "word with \\' then a double-quoted string holding ' (leaked MOB/OPS before)",
    String.raw`labels = a\' ) OR project in (OPS, MOB) OR ( labels = "'\""`,
    REFUSED,
  ],
  ['escaped quote inside a word, harmless', String.raw`labels = a\"b`, `${P} AND (labels = a\\"b)`],
  ['escaped space at the end of a word', String.raw`labels = a\ `, `${P} AND (labels = a\\ )`],
  ['escaped backslash ends a word before our bracket', String.raw`labels = a\\`, `${P} AND (labels = a\\\\)`],
  ['escaped bracket is a word', String.raw`labels = \u0029`, `${P} AND (labels = \\u0029)`],
  ['unknown escape', String.raw`labels = a\x`, REFUSED],
  ['short \\u escape', String.raw`labels = \u00 ) OR (a = b`, REFUSED],
  ['escape cut off at the end', 'labels = a\\', REFUSED],
  // Quoted strings: brackets, quotes and ORDER BY inside them are text.
  ['bracket and OR inside a string', 'summary ~ "a) OR (b"', `${P} AND (summary ~ "a) OR (b")`],
  ['escaped quote inside a string', String.raw`summary ~ "a\") OR (b"`, `${P} AND (summary ~ "a\\") OR (b")`],
  [
    'string ending in an escaped backslash',
    String.raw`summary ~ "a\\" OR project = OPS`,
    `${P} AND (summary ~ "a\\\\" OR project = OPS)`,
  ],
  ["single-quoted with \\'", String.raw`summary ~ 'it\'s (open'`, `${P} AND (summary ~ 'it\\'s (open')`],
  [
    'double quote inside single quotes',
    `summary ~ 'say "hi) OR (x'`,
    `${P} AND (summary ~ 'say "hi) OR (x')`,
  ],
  ['unclosed double quote', 'summary ~ "open', REFUSED],
  ['unclosed single quote', "summary ~ 'open", REFUSED],
  ['control character inside a string', 'summary ~ "a\u0001b"', REFUSED],
  ['line break inside a string', 'summary ~ "a\nb"', `${P} AND (summary ~ "a\nb")`],
  // Look-alike quote marks are word characters to Jira: refused, not guessed.
  ['curly double quotes', 'summary ~ \u201corder) OR (x\u201d', REFUSED],
  ['curly single quotes', 'labels = \u2018a\u2019', REFUSED],
  ['backtick', 'labels = `a`', REFUSED],
  ['fullwidth quote', 'labels = \uff02a\uff02', REFUSED],
  [
    'curly quotes inside a real string are text',
    'summary ~ "\u201cx) OR (y\u201d"',
    `${P} AND (summary ~ "\u201cx) OR (y\u201d")`,
  ],
  // Comment-like sequences: JQL has no comments; refused rather than guessed.
  ['block comment', 'status = Done /* ) OR ( */', REFUSED],
  ['line comment', 'status = Done // ) OR (', REFUSED],
  ['double dash', 'status = Done -- ) OR (', REFUSED],
  ['hash', 'status = Done # ) OR (', REFUSED],
  ['semicolon', 'status = Done; project = OPS', REFUSED],
  ['a single dash is fine', 'created >= -1d', `${P} AND (created >= -1d)`],
  // Reserved characters must be quoted in Jira.
  ['unquoted wildcard', 'summary ~ win*', REFUSED],
  ['unquoted email', 'assignee = a@b.example', REFUSED],
  ['quoted wildcard', 'summary ~ "win*"', `${P} AND (summary ~ "win*")`],
  ['braces', 'labels = {a}', REFUSED],
  ['lone !', 'labels ! a', REFUSED],
  // Reserved words are left to Jira, which refuses them, inside our brackets.
  ['reserved word', 'labels = select', `${P} AND (labels = select)`],
  // Whitespace: only space, tab, CR, LF separate tokens in Jira.
  ['no-break space', 'status = Done\u00a0) OR (project = OPS', REFUSED],
  ['zero-width space', 'status = Done\u200b OR project = OPS', REFUSED],
  ['right-to-left override', 'labels = a\u202e', REFUSED],
  ['NUL outside strings', 'labels = a\u0000', REFUSED],
  ['lone surrogate outside strings', 'labels = a\ud83d', REFUSED],
  ['an emoji is one character of a word', 'labels = a\u{1f680}b', `${P} AND (labels = a\u{1f680}b)`],
  [
    'tab and line breaks',
    'status = Done\n\tOR\r\nstatus = Open',
    `${P} AND (status = Done\n\tOR\r\nstatus = Open)`,
  ],
  // Operators that mean AND / OR stay inside the brackets.
  [
    '|| and |',
    'status = Done || project = OPS | project = MOB',
    `${P} AND (status = Done || project = OPS | project = MOB)`,
  ],
  ['&&', 'status = Done && project = OPS', `${P} AND (status = Done && project = OPS)`],
  // ORDER BY: only the unquoted, unescaped top-level keywords count.
  ['ORDER BY inside a string', 'summary ~ "x ORDER BY key"', `${P} AND (summary ~ "x ORDER BY key")`],
  ['quoted "order" is a value', 'labels = "order" by key', `${P} AND (labels = "order" by key)`],
  [
    'escaped order is a word',
    String.raw`labels = ord\u0065r BY key`,
    `${P} AND (labels = ord\\u0065r BY key)`,
  ],
  ['ORDER BY on two lines', 'status = Done order\nby key', `${P} AND (status = Done) order\nby key`],
  [
    'several sort fields',
    'status = Done ORDER BY key, "created" DESC',
    `${P} AND (status = Done) ORDER BY key, "created" DESC`,
  ],
  ['custom field sort', 'ORDER BY cf[10001] ASC', `${P} ORDER BY cf[10001] ASC`],
  ['a bracket after ORDER BY', 'status = Done ORDER BY key) OR (project = OPS', REFUSED],
  ['a clause after ORDER BY', 'status = Done ORDER BY key OR project = OPS', REFUSED],
  ['an escaped space after the sort field', String.raw`ORDER BY key\ `, `${P} ORDER BY key\\ `],
  // Brackets must balance.
  ['close before open', ') OR (project = OPS', REFUSED],
  ['close our bracket early', 'project = OPS) OR (project = OPS', REFUSED],
  ['open left open', 'a = 1 (', REFUSED],
  ['empty', '', P],
  ['only spaces', '  \n ', P],
];

describe('the project restriction reads JQL as Jira does', () => {
  it.each(ROWS)('%s', (_what, jql, expected) => {
    if (expected === REFUSED) {
      expect(() => restrictJql(jql, ['PROJ'])).toThrow(UnsafeJqlError);
    } else {
      expect(restrictJql(jql, ['PROJ'])).toBe(expected);
    }
  });

  it('agrees with the sandbox’s Jira-like engine: no narrowed row matches another project', () => {
    const store = new SandboxStore(generateSandboxData({ seed: 2, issues: 300 }));
    const admin = store.usersByName.get('admin') ?? null;
    for (const [what, jql, expected] of ROWS) {
      if (expected === REFUSED) continue;
      let keys: (string | undefined)[] = [];
      try {
        const compiled = compileJql(expected, {
          store,
          user: admin,
          flavor: 'datacenter',
          now: store.data.now,
        });
        keys = store.data.issues
          .filter((i) => compiled.matches(i))
          .map((i) => store.projectsById.get(i.projectId)?.key);
      } catch {
        // Jira's own refusal (a reserved word, a bad value) leaks nothing either.
      }
      expect(
        keys.every((k) => k === 'PROJ'),
        `${what}: ${jql}`,
      ).toBe(true);
    }
  });

  it('leaves an unrestricted token’s JQL as written but still refuses what it cannot read', () => {
    expect(restrictJql('labels = a\\"b', null)).toBe('labels = a\\"b');
    expect(() => restrictJql('summary ~ \u201cx\u201d', null)).toThrow(UnsafeJqlError);
  });

  it('says what to do about a refused character', () => {
    expect(() => restrictJql('summary ~ win*', ['PROJ'])).toThrow(
      /reserved JQL character: put the value in quotes/,
    );
    expect(() => restrictJql('labels = \u201ca\u201d', ['PROJ'])).toThrow(/not a JQL quote mark/);
  });
});

describe('the scopes a JQL needs', () => {
  const needs = (jql: string): string[] =>
    [...new Set(jqlScopeNeeds(splitJql(jql, lexJql(jql))).map((n) => n.scope))].sort();

  it.each([
    ['comment ~ "salary"', ['comments:read']],
    ['"comment" ~ salary', ['comments:read']],
    ['COMMENT ~ salary', ['comments:read']],
    [String.raw`comm\u0065nt ~ salary`, ['comments:read']],
    ['status = Done AND (labels = x OR comment ~ "x")', ['comments:read']],
    ['text ~ "salary"', ['comments:read']],
    ['worklogAuthor = bob', ['worklogs:read']],
    ['worklogComment ~ x', ['worklogs:read']],
    ['worklogDate > -1w', ['worklogs:read']],
    ['timespent > 1h', ['worklogs:read']],
    ['"Time Spent" > 1h', ['worklogs:read']],
    ['originalEstimate > 1h OR remainingEstimate < 1h', ['worklogs:read']],
    ['workratio > 50', ['worklogs:read']],
    ['status = Done ORDER BY timespent DESC', ['worklogs:read']],
    ['assignee = "x@y.example"', ['users:email']],
    [String.raw`reporter = "x\u0040y.example"`, ['users:email']],
    ['assignee in ("bob", "x@y.example")', ['users:email']],
    ['watcher = "x@y.example"', ['users:email']],
    ['cf[10001] = "x@y.example"', ['users:email']],
    ['"Reviewer" = "x@y.example"', ['users:email']],
    ['status changed by "x@y.example"', ['users:email']],
    ['assignee was "x@y.example"', ['users:email']],
    ['comment ~ "x@y.example"', ['comments:read']],
    ['summary ~ "x@y.example"', []],
    ['summary ~ "comment" AND labels = text', []],
    ['assignee = bob AND project = PROJ', []],
    ['', []],
  ])('%s', (jql, scopes) => {
    expect(needs(jql)).toEqual(scopes);
  });
});
