// Defence in depth, end to end: with the JQL narrowing broken on purpose (as
// a scanner bug would break it), a project-restricted token's search still
// answers nothing from other projects. The reads layer sees the stray issue,
// the whole answer is withheld as FORBIDDEN (no page, no total), and the
// event is logged. Both flavours, real gateway and sandbox.
import { describe, expect, it, vi } from 'vitest';
import { useGateway } from '../support/gateway.ts';

// The narrowing as a buggy scanner would do it: the caller's JQL goes to Jira as written.
vi.mock('../../src/jira/jql-restriction.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/jira/jql-restriction.ts')>();
  return { ...real, narrowJql: (jql: string) => jql };
});

describe.each(['datacenter', 'cloud'] as const)('%s: a search that escaped its narrowing', (flavor) => {
  const gw = useGateway({ flavor, env: { JGG_CACHE_TTL_MS: '0' } });

  it('is withheld whole, as FORBIDDEN, and logged', async () => {
    const { secret, id } = await gw().token('alice', { scopes: ['issues:read'], projects: ['PROJ'] });
    const ops = gw().sandbox.store.data.issues.filter(
      (i) => gw().sandbox.store.projectsById.get(i.projectId)?.key === 'OPS',
    );
    const res = await gw().gql(
      secret,
      '{ issues(jql: "project in (OPS, PROJ) ORDER BY key", first: 100) { totalCount nodes { key summary } } }',
    );
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(res.body.errors[0].message).toContain('withheld');
    const text = JSON.stringify(res.body);
    for (const issue of ops) {
      expect(text).not.toContain(issue.key);
      expect(text).not.toContain(issue.summary);
    }
    const logged = gw().logs.filter((line) => line.includes('project restriction breached'));
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0] as string)).toMatchObject({
      tokenId: id,
      strayProject: 'OPS',
      allowed: ['PROJ'],
    });
    expect(logged[0]).not.toContain(secret);
  });

  it('answers an unrestricted token as before', async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:read'] });
    const res = await gw().gql(
      secret,
      '{ issues(jql: "project in (OPS, PROJ)", first: 5) { nodes { key } } }',
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.issues.nodes).toHaveLength(5);
  });
});
