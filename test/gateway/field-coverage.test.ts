// Every field of the schema is resolved, on each flavour, by an operation
// that answers without an error. The operations select everything reachable
// from each root field (to a depth), so a field added to the schema is
// covered at once, or this test names it. Every Mutation field runs too, its
// payload selected whole: the token mutations, then the writes down the life
// of one issue (test/support/field-coverage.ts runEveryWrite).
import { type GraphQLObjectType, getNamedType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SCOPES } from '../../src/auth/scopes.ts';
import { schema } from '../../src/schema/index.ts';
import {
  allFields,
  type ExecutedOperation,
  everythingArguments,
  resolvedFields,
  runEveryWrite,
  selectAll,
} from '../support/field-coverage.ts';
import { useGateway } from '../support/gateway.ts';

describe.each(['datacenter', 'cloud'] as const)('%s: every field is resolved', (flavor) => {
  // Selecting everything at once is far over the Jira-call budget (JGG_MAX_JIRA_CALLS): out of the way here.
  // A group policy that every sandbox user meets, so admin.tokenPolicy.groupScopes has an entry to resolve.
  const gw = useGateway({
    flavor,
    issues: 150,
    // Whole-schema operations cost tens of thousands of points: the hourly budget is raised with the ceiling.
    env: {
      JGG_MAX_JIRA_CALLS: '100000',
      JGG_RATE_LIMIT_PER_HOUR: '100000000',
      JGG_GROUP_SCOPES: '{"jira-software-users": ["*"]}',
    },
  });

  it('by some operation that answers without an error', async () => {
    const admin = await gw().token('admin', { scopes: [...SCOPES] });
    const alice = gw().sandboxUser('alice');
    const { linked, args } = everythingArguments(gw().sandbox.store, flavor);
    const query = schema.getQueryType()!;
    const operations: ExecutedOperation[] = [];
    const run = async (
      op: string,
      variables?: Record<string, unknown>,
      secret: string | null = admin.secret,
    ) => {
      const res = await gw().gql(secret, op, variables);
      expect(res.body.errors, op.slice(0, 300)).toBeUndefined();
      operations.push({ query: op, data: res.body.data });
      return res.body.data;
    };
    for (const field of Object.values(query.getFields())) {
      const given = args[`Query.${field.name}`] ?? '';
      const named = getNamedType(field.type);
      const depth = field.name === 'issue' || field.name === 'issues' ? 4 : 3;
      const body = isObjectType(named) ? ` { ${selectAll(named, depth, args)} }` : '';
      await run(`{ ${field.name}${given}${body} }`);
    }
    // The same fields again for the other issue, whose links and parent/subtasks differ.
    await run(
      `{ issue(key: "${linked.key}") { ${selectAll(schema.getType('Issue') as GraphQLObjectType, 3, args)} } }`,
    );

    // Mutations, with their payloads selected whole.
    const payload = (name: string) => selectAll(schema.getType(name) as GraphQLObjectType, 2, args);
    const signedIn = await run(
      // A signIn token holds tokens:read/write only: its user answers accountId and displayName.
      `mutation($t: String!, $e: String) { signIn(input: { jiraToken: $t, email: $e }) { secret token { ${payload('AccessToken')} } user { accountId displayName } } }`,
      { t: alice.token, e: flavor === 'cloud' ? alice.emailAddress : null },
      null,
    );
    const session = signedIn.signIn.secret as string;
    const created = await run(
      `mutation { createAccessToken(input: { name: "coverage", scopes: ["issues:read"] }) { ${payload('CreateAccessTokenPayload')} } }`,
      undefined,
      session,
    );
    const rotated = await run(
      `mutation($id: ID!) { rotateAccessToken(id: $id) { ${payload('RotateAccessTokenPayload')} } }`,
      { id: created.createAccessToken.token.id },
      session,
    );
    await run(
      `mutation($id: ID!) { revokeAccessToken(id: $id) { ${payload('RevokeAccessTokenPayload')} } }`,
      { id: rotated.rotateAccessToken.token.id },
      session,
    );
    const identity = await gw().gateway.runtime.store.findIdentity(
      flavor === 'cloud' ? alice.accountId : 'alice',
    );
    await run(
      `mutation($id: ID!) { revokeAllAccessTokens(identityId: $id) { ${payload('RevokeAllAccessTokensPayload')} } }`,
      { id: identity!.id },
    );
    // The writes: every other Mutation field, each payload whole, down the life of one issue.
    const writes = await runEveryWrite(run, payload, gw().sandbox.store, flavor);
    const tokenMutations = ['signIn', 'createAccessToken', 'rotateAccessToken', 'revokeAccessToken'];
    const mutation = schema.getMutationType()!;
    expect(new Set([...tokenMutations, 'revokeAllAccessTokens', ...writes])).toEqual(
      new Set(Object.keys(mutation.getFields())),
    );

    // Every operation but signIn ran unwrapped (use-scoped-execution.ts): signIn starts
    // without a token, so its payload's fields cannot be proven up front.
    // /metrics on the API port needs the admin scope.
    const metrics = await (
      await fetch(`${gw().gateway.url}/metrics`, { headers: { Authorization: `Bearer ${admin.secret}` } })
    ).text();
    const executions = (path: string) =>
      Number(metrics.match(new RegExp(`jgg_executions_total\\{path="${path}"\\} (\\d+)`))?.[1] ?? 0);
    expect(executions('shielded')).toBe(1);
    expect(executions('unwrapped')).toBe(operations.length - 1);

    const covered = resolvedFields(schema, operations);
    const missing = allFields(schema).filter((f) => !covered.has(f));
    expect(missing).toEqual([]);
  });
});
