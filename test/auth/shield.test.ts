import { spawnSync } from 'node:child_process';
import SchemaBuilder from '@pothos/core';
import { execute, GraphQLError, type GraphQLFormattedError, type GraphQLSchema, parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import {
  authenticated,
  changesScopes,
  declaredAccess,
  publicField,
  requires,
} from '../../src/auth/field-scopes.ts';
import { operationWithinScopes } from '../../src/auth/scope-proof.ts';
import type { Scope } from '../../src/auth/scopes.ts';
import {
  createScopeShield,
  elidedFields,
  type ScopeContext,
  unguardedFields,
} from '../../src/auth/shield.ts';
import { useScopedExecution } from '../../src/execution/use-scoped-execution.ts';

interface IssueShape {
  id: string;
  key: string;
  summary: string;
  internalNote: string;
  assignee: { displayName: string; emailAddress: string } | null;
}

const ISSUE: IssueShape = {
  id: '10001',
  key: 'DEMO-1',
  summary: 'The first issue',
  internalNote: 'not for anyone',
  assignee: { displayName: 'Alice', emailAddress: 'alice@example.com' },
};

/** A small schema shaped like the gateway's: every field declares its access but one. */
function buildSchema(): GraphQLSchema {
  const builder = new SchemaBuilder<{ Context: ScopeContext }>({});

  const Node = builder.interfaceRef<IssueShape>('Node').implement({
    fields: (t) => ({ id: t.exposeID('id', { extensions: requires('issues:read') }) }),
  });

  const User = builder.objectRef<NonNullable<IssueShape['assignee']>>('User').implement({
    fields: (t) => ({
      displayName: t.exposeString('displayName', { extensions: authenticated() }),
      emailAddress: t.exposeString('emailAddress', { extensions: requires('users:email') }),
    }),
  });

  const Issue = builder.objectRef<IssueShape>('Issue').implement({
    interfaces: [Node],
    isTypeOf: () => true,
    fields: (t) => ({
      // Exposed: no resolver of its own, the field applyMiddlewareToDeclaredResolvers would skip.
      key: t.exposeString('key', { extensions: requires('issues:read') }),
      summary: t.string({ extensions: requires('issues:read'), resolve: (issue) => issue.summary }),
      assignee: t.field({
        type: User,
        nullable: true,
        extensions: requires('issues:read'),
        resolve: (issue) => issue.assignee,
      }),
      // Deliberately undeclared (and exposed): must be denied to everyone.
      internalNote: t.exposeString('internalNote'),
    }),
  });

  const Viewer = builder.objectRef<{ scopes: string[] }>('Viewer').implement({
    fields: (t) => ({ scopes: t.exposeStringList('scopes', { extensions: authenticated() }) }),
  });

  builder.queryType({
    fields: (t) => ({
      issue: t.field({
        type: Issue,
        nullable: true,
        args: { key: t.arg.string({ required: true }) },
        extensions: requires('issues:read'),
        resolve: (_root, { key }) => {
          if (key === 'SECRET-1') {
            throw new GraphQLError('Jira says you may not see SECRET-1.', {
              extensions: { code: 'FORBIDDEN' },
            });
          }
          return key === ISSUE.key ? ISSUE : null;
        },
      }),
      // Reaches an Issue without Query.issue's rule, like Relay's node(id):
      // the Issue fields' own rules must still hold.
      pinnedIssue: t.field({ type: Issue, extensions: authenticated(), resolve: () => ISSUE }),
      viewer: t.field({
        type: Viewer,
        extensions: authenticated(),
        resolve: (_root, _args, ctx) => ({ scopes: [...(ctx.scopes ?? [])] }),
      }),
    }),
  });

  const SignInPayload = builder.objectRef<{ secret: string }>('SignInPayload').implement({
    fields: (t) => ({ secret: t.exposeString('secret', { extensions: publicField() }) }),
  });

  builder.mutationType({
    fields: (t) => ({
      signIn: t.field({
        type: SignInPayload,
        args: { jiraToken: t.arg.string({ required: true }) },
        extensions: { ...publicField(), ...changesScopes() },
        resolve: () => ({ secret: 'jgg_secret' }),
      }),
    }),
  });

  return builder.toSchema();
}

const guarded = createScopeShield(buildSchema());
// The same rules with every field wrapped: elision must not change any answer.
const wrappedEverywhere = createScopeShield(buildSchema(), { elideCoveredFields: false });

/** A fresh context per request, as the app builds one: shield caches rule results on it. */
function context(scopes: Scope[] | null): ScopeContext {
  return { scopes: scopes === null ? null : new Set(scopes) };
}

type RunResult = {
  data: unknown;
  errors: { path: string | undefined; code: unknown; requiredScopes: unknown }[];
};

function summarise(data: unknown, errors: readonly GraphQLFormattedError[] | undefined): RunResult {
  return {
    data,
    errors: (errors ?? []).map((e) => ({
      path: e.path?.join('.'),
      code: e.extensions?.code,
      requiredScopes: e.extensions?.requiredScopes,
    })),
  };
}

async function runOn(schema: GraphQLSchema, query: string, scopes: Scope[] | null): Promise<RunResult> {
  const result = await execute({ schema, document: parse(query), contextValue: context(scopes) });
  return summarise(result.data, result.errors);
}

// As the app runs it: Yoga on the shielded schema, with the plugin that skips
// the shield when scope-proof.ts proves every selected field allowed.
const unshielded = buildSchema();
const scopedYoga = createYoga<{ scopes: Scope[] | null }, ScopeContext>({
  schema: createScopeShield(unshielded),
  context: ({ scopes }) => context(scopes),
  plugins: [useScopedExecution({ unguarded: unshielded })],
  logging: false,
});
async function runThroughYoga(query: string, scopes: Scope[] | null): Promise<RunResult> {
  const response = await scopedYoga.fetch(
    'http://yoga/graphql',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) },
    { scopes },
  );
  const body = (await response.json()) as { data: unknown; errors?: GraphQLFormattedError[] };
  return summarise(body.data, body.errors);
}

describe('declarations', () => {
  it('reads what the helpers declare', () => {
    const fieldOf = (extensions: Record<string, unknown>) =>
      declaredAccess({ name: 'f', extensions } as unknown as Parameters<typeof declaredAccess>[0]);
    expect(fieldOf(requires('users:email', 'issues:read', 'issues:read'))).toEqual({
      kind: 'scopes',
      scopes: ['issues:read', 'users:email'],
    });
    expect(fieldOf(authenticated())).toEqual({ kind: 'authenticated' });
    expect(fieldOf(publicField())).toEqual({ kind: 'public' });
    expect(fieldOf({})).toBeUndefined();
    expect(() => fieldOf({ scopes: ['issues:raed'] })).toThrow(/unknown scopes: issues:raed/);
    expect(() => fieldOf({ scopes: 'issues:read' })).toThrow(/must be a list/);
  });

  it('unguardedFields lists the fields with no declaration, interface fields included', () => {
    expect(unguardedFields(buildSchema())).toEqual(['Issue.internalNote']);
    // The guarded copy keeps the declarations.
    expect(unguardedFields(guarded)).toEqual(['Issue.internalNote']);
  });

  it('elides only checks that every path to the field has already made', () => {
    // Issue is reached through pinnedIssue with any token, so its scoped
    // fields stay checked; User only through Issue.assignee (issues:read).
    expect(elidedFields(buildSchema()).sort()).toEqual([
      'Mutation.signIn',
      'SignInPayload.secret',
      'User.displayName',
      'Viewer.scopes',
    ]);

    const elidedIn = (withNode: boolean) => {
      const builder = new SchemaBuilder<{ Context: ScopeContext }>({});
      const Node = builder.interfaceRef<{ key: string }>('Node').implement({
        fields: (t) => ({ key: t.exposeString('key', { extensions: requires('issues:read') }) }),
      });
      const Issue = builder.objectRef<{ key: string }>('Issue');
      Issue.implement({
        interfaces: [Node],
        isTypeOf: () => true,
        fields: (t) => ({
          comments: t.stringList({ extensions: requires('comments:read'), resolve: () => [] }),
          // A cycle: the fixed point must still settle on issues:read.
          parent: t.field({
            type: Issue,
            nullable: true,
            extensions: requires('issues:read'),
            resolve: () => null,
          }),
        }),
      });
      builder.queryType({
        fields: (t) => ({
          issues: t.field({ type: [Issue], extensions: requires('issues:read'), resolve: () => [] }),
          ...(withNode
            ? {
                node: t.field({
                  type: Node,
                  nullable: true,
                  extensions: authenticated(),
                  resolve: () => null,
                }),
              }
            : {}),
        }),
      });
      builder.mutationType({
        fields: (t) => ({
          // issues:write implies issues:read, so this path also establishes it.
          editIssue: t.field({
            type: Issue,
            extensions: requires('issues:write'),
            resolve: () => ({ key: 'A-1' }),
          }),
        }),
      });
      return elidedFields(builder.toSchema());
    };
    expect(elidedIn(false).sort()).toEqual(['Issue.key', 'Issue.parent']);
    // A path through an interface with a weaker check (like Relay's node) keeps them checked.
    expect(elidedIn(true)).toEqual([]);
  });

  it('refuses a malformed declaration at start-up', () => {
    const builder = new SchemaBuilder<{ Context: ScopeContext }>({});
    builder.queryType({
      fields: (t) => ({ x: t.string({ extensions: { scopes: ['nope'] }, resolve: () => 'x' }) }),
    });
    expect(() => createScopeShield(builder.toSchema())).toThrow(/unknown scopes: nope/);
  });
});

describe.each([
  ['covered fields elided', guarded, false],
  ['every field wrapped', wrappedEverywhere, false],
  ['through Yoga, unwrapped where the static proof holds', guarded, true],
])('scope shield (%s)', (_mode, schema, throughYoga) => {
  const run = (query: string, scopes: Scope[] | null) =>
    throughYoga ? runThroughYoga(query, scopes) : runOn(schema, query, scopes);

  it('answers what the scopes cover and denies the rest, field by field', async () => {
    const { data, errors } = await run(
      '{ issue(key: "DEMO-1") { key summary assignee { displayName emailAddress } } }',
      ['issues:read'],
    );
    expect(data).toEqual({
      issue: {
        key: 'DEMO-1',
        summary: 'The first issue',
        assignee: { displayName: 'Alice', emailAddress: null },
      },
    });
    expect(errors).toEqual([
      { path: 'issue.assignee.emailAddress', code: 'INSUFFICIENT_SCOPE', requiredScopes: ['users:email'] },
    ]);
  });

  it('answers the field once the token holds the scope', async () => {
    const { data, errors } = await run('{ issue(key: "DEMO-1") { assignee { emailAddress } } }', [
      'issues:read',
      'users:email',
    ]);
    expect(errors).toEqual([]);
    expect(data).toEqual({ issue: { assignee: { emailAddress: 'alice@example.com' } } });
  });

  it('is not got around by aliases, fragments or inline fragments', async () => {
    const { data, errors } = await run(
      `query {
        i: issue(key: "DEMO-1") {
          a: assignee { mail: emailAddress }
          ...F
          ... on Issue { b: assignee { emailAddress } }
        }
      }
      fragment F on Issue { c: assignee { ... on User { emailAddress } } }`,
      ['issues:read'],
    );
    expect(data).toEqual({
      i: { a: { mail: null }, b: { emailAddress: null }, c: { emailAddress: null } },
    });
    expect(errors.map((e) => e.path).sort()).toEqual(['i.a.mail', 'i.b.emailAddress', 'i.c.emailAddress']);
    expect(errors.every((e) => e.code === 'INSUFFICIENT_SCOPE')).toBe(true);
  });

  it('guards a type reached by another path than its usual root field (as Relay node would)', async () => {
    const { data, errors } = await run('{ pinnedIssue { key id summary } viewer { scopes } }', [
      'users:email',
    ]);
    expect(data).toEqual({
      pinnedIssue: { key: null, id: null, summary: null },
      viewer: { scopes: ['users:email'] },
    });
    expect(errors).toEqual([
      { path: 'pinnedIssue.key', code: 'INSUFFICIENT_SCOPE', requiredScopes: ['issues:read'] },
      // Declared on the Node interface, enforced on the Issue object.
      { path: 'pinnedIssue.id', code: 'INSUFFICIENT_SCOPE', requiredScopes: ['issues:read'] },
      { path: 'pinnedIssue.summary', code: 'INSUFFICIENT_SCOPE', requiredScopes: ['issues:read'] },
    ]);
  });

  it('takes implied scopes into account: issues:write reads issues', async () => {
    const { data, errors } = await run('{ issue(key: "DEMO-1") { key summary } }', ['issues:write']);
    expect(errors).toEqual([]);
    expect(data).toEqual({ issue: { key: 'DEMO-1', summary: 'The first issue' } });
  });

  it('denies an undeclared field to every token (exposed or not)', async () => {
    const every: Scope[] = ['issues:read', 'users:email', 'admin'];
    const { data, errors } = await run('{ issue(key: "DEMO-1") { key internalNote } }', every);
    expect(data).toEqual({ issue: { key: 'DEMO-1', internalNote: null } });
    expect(errors).toEqual([{ path: 'issue.internalNote', code: 'INSUFFICIENT_SCOPE', requiredScopes: [] }]);
  });

  it('lets an authenticated() field through for any token, whatever its scopes', async () => {
    const { data, errors } = await run('{ viewer { scopes } }', []);
    expect(errors).toEqual([]);
    expect(data).toEqual({ viewer: { scopes: [] } });
  });

  it('without a token answers only public fields; the rest are UNAUTHENTICATED', async () => {
    const signIn = await run('mutation { signIn(jiraToken: "t") { secret } }', null);
    expect(signIn).toEqual({ data: { signIn: { secret: 'jgg_secret' } }, errors: [] });

    const { data, errors } = await run('{ viewer { scopes } issue(key: "DEMO-1") { key } }', null);
    expect(data).toEqual({ viewer: null, issue: null });
    expect(errors.map((e) => e.code).sort()).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });

  it('treats a context without scopes as no token (fails closed)', async () => {
    const result = await execute({
      schema,
      document: parse('{ issue(key: "DEMO-1") { key } }'),
      contextValue: {},
    });
    expect(result.data).toEqual({ issue: null });
    expect(result.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it("passes a resolver's own GraphQLError through with its code", async () => {
    const { data, errors } = await run('{ issue(key: "SECRET-1") { key } }', ['issues:read']);
    expect(data).toEqual({ issue: null });
    expect(errors).toEqual([{ path: 'issue', code: 'FORBIDDEN', requiredScopes: undefined }]);
  });

  it('decides per request: a cached answer never reaches another context', async () => {
    const query = '{ issue(key: "DEMO-1") { assignee { emailAddress } } }';
    const [rich, poor] = await Promise.all([
      run(query, ['issues:read', 'users:email']),
      run(query, ['issues:read']),
    ]);
    expect(rich.errors).toEqual([]);
    expect(poor.errors.map((e) => e.code)).toEqual(['INSUFFICIENT_SCOPE']);
  });

  it('reaches a Yoga client unmasked', async () => {
    const yoga = createYoga<Record<string, unknown>, ScopeContext>({
      schema,
      context: () => context(['issues:read']),
      logging: false,
    });
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ issue(key: "DEMO-1") { key assignee { emailAddress } } }' }),
    });
    const body = (await response.json()) as { data: unknown; errors: GraphQLFormattedError[] };
    expect(body.data).toEqual({ issue: { key: 'DEMO-1', assignee: { emailAddress: null } } });
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]?.message).toBe('This field needs the scope users:email.');
    expect(body.errors[0]?.extensions).toEqual({
      code: 'INSUFFICIENT_SCOPE',
      requiredScopes: ['users:email'],
    });
  });
});

describe('static proof (scope-proof.ts)', () => {
  const schema = buildSchema();
  const proves = (query: string, scopes: Scope[] | null, operationName?: string) =>
    operationWithinScopes(schema, parse(query), operationName, scopes === null ? null : new Set(scopes));

  it('holds when every selected field is allowed, through fragments and implied scopes', () => {
    expect(proves('{ issue(key: "A") { key summary assignee { displayName } } }', ['issues:read'])).toBe(
      true,
    );
    expect(
      proves('{ issue(key: "A") { ...F } } fragment F on Issue { id ... on Issue { key } }', [
        'issues:write',
      ]),
    ).toBe(true);
    expect(proves('{ __typename viewer { scopes } }', [])).toBe(true);
    expect(proves('{ __schema { types { name fields { name } } } }', null)).toBe(true);
  });

  it('fails on any field the scopes do not allow, wherever it hides', () => {
    const read: Scope[] = ['issues:read'];
    expect(proves('{ issue(key: "A") { assignee { emailAddress } } }', read)).toBe(false);
    expect(
      proves('{ issue(key: "A") { ...F } } fragment F on Issue { assignee { emailAddress } }', read),
    ).toBe(false);
    expect(proves('{ issue(key: "A") { ... on Issue { a: assignee { emailAddress } } } }', read)).toBe(false);
    // Under @skip(if: true) it would not run; the proof counts it anyway (the shield then decides).
    expect(proves('{ issue(key: "A") { assignee { emailAddress @skip(if: true) } } }', read)).toBe(false);
    // Declared on the interface, checked on every implementation.
    expect(proves('{ pinnedIssue { key } }', ['users:email'])).toBe(false);
    // Undeclared: never, whatever the token holds.
    expect(proves('{ issue(key: "A") { internalNote } }', ['issues:read', 'users:email', 'admin'])).toBe(
      false,
    );
    expect(proves('{ viewer { scopes } }', null)).toBe(false);
  });

  it('never holds for an operation with a field that changes the scopes (signIn)', () => {
    // signIn makes the rest of the request act as the new session: the shield must decide.
    expect(proves('mutation { signIn(jiraToken: "t") { secret } }', null)).toBe(false);
    expect(proves('mutation { signIn(jiraToken: "t") { secret } }', ['issues:read', 'users:email'])).toBe(
      false,
    );
  });

  it('fails on what it cannot place: unknown fields, types or operations', () => {
    expect(proves('{ issue(key: "A") { nope } }', ['issues:read'])).toBe(false);
    expect(proves('{ issue(key: "A") { ... on Nope { key } } }', ['issues:read'])).toBe(false);
    expect(proves('{ issue(key: "A") { ...Missing } }', ['issues:read'])).toBe(false);
    expect(proves('query A { viewer { scopes } } query B { viewer { scopes } }', [])).toBe(false);
    expect(proves('query A { viewer { scopes } } query B { viewer { scopes } }', [], 'B')).toBe(true);
    expect(proves('query A { viewer { scopes } }', [], 'C')).toBe(false);
    expect(proves('subscription { viewer { scopes } }', [])).toBe(false);
  });

  type Args = { schema: GraphQLSchema; document: ReturnType<typeof parse>; contextValue: ScopeContext };

  it('sends a proven operation to the unwrapped schema, and any other to the shield', async () => {
    const paths: string[] = [];
    const plugin = useScopedExecution({ unguarded: schema, onExecute: (path) => paths.push(path) });
    /** Runs the plugin's onExecute as envelop would; answers the schema execution got. */
    const executedOn = async (query: string, scopes: Scope[] | null) => {
      const args: Args = { schema: guarded, document: parse(query), contextValue: context(scopes) };
      const seen: GraphQLSchema[] = [];
      const executeFn = (a: Args) => {
        seen.push(a.schema);
        return { data: null };
      };
      let replaced: typeof executeFn | undefined;
      const hook = { args, executeFn, setExecuteFn: (fn: typeof executeFn) => (replaced = fn) };
      await plugin.onExecute?.(hook as unknown as Parameters<NonNullable<typeof plugin.onExecute>>[0]);
      (replaced ?? executeFn)(args);
      return seen[0];
    };
    const read: Scope[] = ['issues:read'];
    expect(await executedOn('{ issue(key: "DEMO-1") { key } }', read)).toBe(schema);
    expect(await executedOn('{ issue(key: "DEMO-1") { internalNote } }', read)).toBe(guarded);
    expect(await executedOn('{ issue(key: "DEMO-1") { key } }', null)).toBe(guarded);
    // The proof is remembered per document and scope set, and decides alike the second time.
    expect(await executedOn('{ issue(key: "DEMO-1") { key } }', read)).toBe(schema);
    expect(paths).toEqual(['unwrapped', 'shielded', 'shielded', 'unwrapped']);
  });
});

describe('Node versions', () => {
  it(`loads and enforces under plain Node ${process.versions.node} (no Vite), as bin/jgg.js runs it`, () => {
    // graphql-shield's ESM build can not link on Node 23+; shield.ts loads its
    // CJS build. Run it outside Vitest's module runner, through tsx like the CLI.
    const script = `
      import { buildSchema, execute, parse } from 'graphql';
      const { createScopeShield } = await import('./src/auth/shield.ts');
      const schema = buildSchema('type Query { a: String b: String }');
      schema.getQueryType().getFields().a.extensions = { scopes: ['issues:read'] };
      const guarded = createScopeShield(schema);
      const result = await execute({
        schema: guarded,
        document: parse('{ a b }'),
        rootValue: { a: 'A', b: 'B' },
        contextValue: { scopes: new Set(['issues:read']) },
      });
      console.log(JSON.stringify({ data: result.data, codes: result.errors.map((e) => e.extensions.code) }));
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: new URL('../..', import.meta.url),
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ data: { a: 'A', b: null }, codes: ['INSUFFICIENT_SCOPE'] });
  });
});
