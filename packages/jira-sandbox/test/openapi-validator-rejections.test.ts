// The OpenAPI validator reports wrong shapes with where they went wrong, and
// loads each document once.
import { describe, expect, it } from 'vitest';
import {
  CLOUD,
  cloud,
  cloudIssue,
  DC,
  dc,
  dcBoard,
  dcIssue,
  dcProject,
  dcSprint,
  ok,
  patCreated,
} from './support/openapi-samples.ts';
import { loadOpenApiValidator, type ResponseToCheck } from './support/openapi-validator.ts';

describe('rejections', () => {
  const problems = (res: ResponseToCheck, validator = dc): string[] => {
    const found = validator.check(res);
    expect(found.length).toBeGreaterThan(0);
    return found;
  };

  it('an issue key that is a number, with operation, instance path and schema path', () => {
    const [problem] = problems({
      method: 'GET',
      path: '/rest/api/2/issue/PROJ-1',
      status: 200,
      body: { ...dcIssue(), key: 1 },
    });
    expect(problem).toContain('getIssue (GET /api/2/issue/{issueIdOrKey})');
    expect(problem).toContain('/key must be string');
    expect(problem).toContain('jira-datacenter-10.3.json#/components/schemas/IssueBean/properties/key/type');
  });

  it('an issue without self (README 3: identifiers)', () => {
    const { self: _self, ...issue } = dcIssue();
    expect(
      problems({ method: 'GET', path: '/rest/api/2/issue/PROJ-1', status: 200, body: issue }).join('\n'),
    ).toContain("must have required property 'self'");
  });

  it('README (2) relaxes only fields: names values must still be strings', () => {
    const body = { ...dcIssue(), names: { summary: 7 } };
    expect(
      problems({ method: 'GET', path: '/rest/api/2/issue/PROJ-1', status: 200, body }).join('\n'),
    ).toContain('/names/summary must be string');
  });

  it('a DC search page without total, and with an issue without key', () => {
    const found = problems({
      method: 'GET',
      path: '/rest/api/2/search',
      status: 200,
      body: { startAt: 0, maxResults: 50, issues: [{ ...dcIssue(), key: undefined }] },
    });
    expect(found.join('\n')).toContain("must have required property 'total'");
    expect(found.join('\n')).toContain("/issues/0 must have required property 'key'");
  });

  it('a project list that is an object', () => {
    const found = problems({
      method: 'GET',
      path: '/rest/api/2/project',
      status: 200,
      body: { values: [dcProject] },
    });
    expect(found.join('\n')).toContain('(body) must be array');
  });

  it('a project in a list without an id', () => {
    const { id: _id, ...project } = dcProject;
    expect(
      problems({ method: 'GET', path: '/rest/api/2/project', status: 200, body: [project] }).join('\n'),
    ).toContain(
      "/0 must have required property 'id' [schema jgg rule for GET /api/2/project 200#/allOf/1/items/required]",
    );
  });

  it('a board page without isLast, and a board with a string id', () => {
    const found = problems({
      method: 'GET',
      path: '/rest/agile/1.0/board',
      status: 200,
      body: { maxResults: 50, startAt: 0, total: 1, values: [{ ...dcBoard, id: '1' }] },
    });
    expect(found.join('\n')).toContain("must have required property 'isLast'");
    expect(found.join('\n')).toContain('/values/0/id must be integer');
  });

  it('a sprint page with a total', () => {
    const found = problems({
      method: 'GET',
      path: '/rest/agile/1.0/board/1/sprint',
      status: 200,
      body: { maxResults: 50, startAt: 0, total: 1, isLast: true, values: [dcSprint] },
    });
    expect(found.join('\n')).toContain("must NOT have additional properties: 'total'");
  });

  it('a PAT list item with rawToken, and a created PAT without it', () => {
    const listed = problems({
      method: 'GET',
      path: '/rest/pat/latest/tokens',
      status: 200,
      body: [patCreated],
    });
    expect(listed.join('\n')).toContain('/0/rawToken must not be present');
    const { rawToken: _raw, ...created } = patCreated;
    expect(
      problems({ method: 'POST', path: '/rest/pat/latest/tokens', status: 201, body: created }).join('\n'),
    ).toContain("must have required property 'rawToken'");
  });

  it('a PAT timestamp that is not a date-time', () => {
    const found = problems({
      method: 'POST',
      path: '/rest/pat/latest/tokens',
      status: 201,
      body: { ...patCreated, expiringAt: '31/01/2026' },
    });
    expect(found.join('\n')).toContain(
      '/expiringAt must match format "date-time" [schema jgg-supplement-datacenter.json#/components/schemas/CreatedPersonalAccessToken/properties/expiringAt/format]',
    );
  });

  it('a DC user without name', () => {
    const user = { self: `${DC}/rest/api/2/user?username=alice`, key: 'JIRAUSER10100', displayName: 'Alice' };
    expect(
      problems({ method: 'GET', path: '/rest/api/2/myself', status: 200, body: user }).join('\n'),
    ).toContain("must have required property 'name'");
  });

  it('a Cloud /search/jql page with total, or with an issue that has fields but no key', () => {
    const found = problems(
      {
        method: 'GET',
        path: '/rest/api/3/search/jql',
        status: 200,
        body: { issues: [{ id: '1', fields: { summary: 'x' } }], total: 1 },
      },
      cloud,
    );
    expect(found.join('\n')).toContain("must NOT have additional properties: 'total'");
    expect(found.join('\n')).toContain(
      '/issues/0 must have properties key, self when property fields is present',
    );
  });

  it('a Cloud user without accountId, and a Cloud issue key that is a number', () => {
    expect(
      problems(
        {
          method: 'GET',
          path: '/rest/api/3/myself',
          status: 200,
          body: { self: `${CLOUD}/rest/api/3/user`, displayName: 'A' },
        },
        cloud,
      ).join('\n'),
    ).toContain("must have required property 'accountId'");
    expect(
      problems(
        { method: 'GET', path: '/rest/api/3/issue/PROJ-1', status: 200, body: { ...cloudIssue(), key: 1 } },
        cloud,
      ).join('\n'),
    ).toContain('/key must be string');
  });

  it('a 4xx body that is not a Jira error body', () => {
    const found = problems({
      method: 'GET',
      path: '/rest/api/2/issue/NOPE-1',
      status: 404,
      body: { message: 'not found' },
    });
    expect(found.join('\n')).toContain('checked as a Jira error body');
    expect(found.join('\n')).toContain("must have required property 'errorMessages'");
    expect(
      problems(
        {
          method: 'GET',
          path: '/rest/api/3/issue/NOPE-1',
          status: 404,
          body: { errorMessages: 'Issue does not exist', errors: {} },
        },
        cloud,
      ).join('\n'),
    ).toContain('/errorMessages must be array');
    expect(
      problems({ method: 'GET', path: '/rest/api/2/issue/NOPE-1', status: 404, body: undefined }).length,
    ).toBeGreaterThan(0);
  });

  it('unknown routes, methods and statuses', () => {
    expect(problems({ method: 'GET', path: '/rest/api/2/nothing/here', status: 200, body: {} })[0]).toContain(
      'no path of the datacenter document matches',
    );
    // The Cloud platform document has no agile API.
    expect(
      problems({ method: 'GET', path: '/rest/agile/1.0/board', status: 200, body: {} }, cloud)[0],
    ).toContain('no path of the cloud document matches');
    expect(
      problems({ method: 'PATCH', path: '/rest/api/2/issue/PROJ-1', status: 200, body: {} })[0],
    ).toContain('no PATCH operation');
    expect(
      problems({ method: 'GET', path: '/rest/api/2/issue/PROJ-1', status: 202, body: dcIssue() })[0],
    ).toContain('status 202 is not documented');
  });

  it('bodies where none is documented, and none where one is', () => {
    expect(
      problems({ method: 'DELETE', path: '/rest/pat/latest/tokens/1', status: 204, body: { ok: true } })[0],
    ).toContain('204 came with a body');
    expect(
      problems({
        method: 'PUT',
        path: '/rest/api/2/issue/PROJ-1/properties/x',
        status: 200,
        body: { ok: true },
      })[0],
    ).toContain('documented without a body');
    expect(
      problems({ method: 'GET', path: '/rest/api/2/issue/PROJ-1', status: 200, body: undefined })[0],
    ).toContain('documents a body, but none came');
    expect(
      problems({
        method: 'GET',
        path: '/rest/api/2/issue/PROJ-1',
        status: 200,
        body: dcIssue(),
        contentType: 'text/html',
      })[0],
    ).toContain('content type text/html is not documented');
  });

  it('assertResponse throws with every problem listed', () => {
    const res = {
      method: 'GET',
      path: '/rest/api/2/search',
      status: 200,
      body: { startAt: '0', issues: [] },
    };
    expect(() => dc.assertResponse(res)).toThrow(
      /startAt must be integer[\s\S]*required property 'maxResults'[\s\S]*required property 'total'/,
    );
    expect(() =>
      dc.assertResponse({
        method: 'GET',
        path: '/rest/api/2/myself',
        status: 401,
        body: { errorMessages: [], errors: {} },
      }),
    ).not.toThrow();
  });
});

describe('loading', () => {
  it('is cached per document and cheap: schemas compile per response on first use', () => {
    expect(loadOpenApiValidator('datacenter')).toBe(dc);
    expect(loadOpenApiValidator('cloud')).toBe(cloud);
    const started = performance.now();
    ok(
      {
        method: 'GET',
        path: '/rest/api/3/issue/PROJ-9/comment',
        status: 200,
        body: { comments: [], startAt: 0, maxResults: 50, total: 0 },
      },
      cloud,
    );
    // Generous bound: it catches compiling the whole 2.4 MB document eagerly, not a slow machine.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
