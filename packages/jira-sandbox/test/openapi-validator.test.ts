// The OpenAPI response validator the sandbox tests rely on: realistic Jira
// answers pass, wrong shapes are reported with where they went wrong, and the
// README's workarounds apply exactly where it says.
import { describe, expect, it } from 'vitest';
import { loadOpenApiValidator, type ResponseToCheck } from './support/openapi-validator.ts';

const DC = 'http://localhost:8090';
const CLOUD = 'https://example.atlassian.net';
const NOW = '2026-01-31T10:00:00.000+0000';

const dc = loadOpenApiValidator('datacenter');
const cloud = loadOpenApiValidator('cloud');

function dcIssue(key = 'PROJ-1', id = '10001'): Record<string, unknown> {
  return {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id,
    self: `${DC}/rest/api/2/issue/${id}`,
    key,
    // README (2): real field values are strings, numbers, arrays, objects and nulls.
    fields: {
      summary: 'Login page rejects valid passwords',
      description: 'Steps:\n# open *login*',
      labels: ['auth', 'web'],
      assignee: null,
      timeoriginalestimate: 3600,
      created: NOW,
      status: {
        self: `${DC}/rest/api/2/status/1`,
        id: '1',
        name: 'Open',
        statusCategory: { self: `${DC}/rest/api/2/statuscategory/2`, id: 2, key: 'new', name: 'To Do' },
      },
      project: { self: `${DC}/rest/api/2/project/10000`, id: '10000', key: 'PROJ', name: 'Project' },
    },
  };
}

function cloudIssue(key = 'PROJ-1', id = '10001'): Record<string, unknown> {
  return {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id,
    self: `${CLOUD}/rest/api/3/issue/${id}`,
    key,
    fields: {
      summary: 'Login page rejects valid passwords',
      description: {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x' }] }],
      },
      assignee: { accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Alice', active: true },
      labels: [],
      created: NOW,
    },
  };
}

const dcProject = {
  self: `${DC}/rest/api/2/project/10000`,
  id: '10000',
  key: 'PROJ',
  name: 'Project',
  projectTypeKey: 'software',
  archived: false,
  avatarUrls: { '48x48': `${DC}/secure/projectavatar?pid=10000&avatarId=10324` },
};

const dcBoard = { id: 1, self: `${DC}/rest/agile/1.0/board/1`, name: 'PROJ board', type: 'scrum' };
const dcSprint = {
  id: 3,
  self: `${DC}/rest/agile/1.0/sprint/3`,
  state: 'active',
  name: 'Sprint 3',
  startDate: NOW,
  endDate: '2026-02-14T10:00:00.000+0000',
  activatedDate: NOW,
  originBoardId: 1,
  goal: '',
  synced: false,
  autoStartStop: false,
};

const patCreated = {
  id: 1,
  name: 'ci',
  createdAt: NOW,
  expiringAt: '2026-03-02T10:00:00.000+0000',
  rawToken: 'NjU5MTUxMjQ1MTcxOm9V1qlNEuvCzaskjpLjhZ7Lp5ks',
};
const { rawToken: _shownOnce, ...patListed } = patCreated;

const ok = (res: ResponseToCheck, validator = dc): void => {
  expect(validator.check(res)).toEqual([]);
};

describe('valid Data Center answers', () => {
  it('GET issue, with the dynamic fields map README (2) relaxes', () => {
    ok({ method: 'GET', path: '/rest/api/2/issue/PROJ-1?fields=*all', status: 200, body: dcIssue() });
  });

  it('a search page', () => {
    const body = {
      expand: 'schema,names',
      startAt: 0,
      maxResults: 50,
      total: 2,
      issues: [dcIssue(), dcIssue('PROJ-2', '10002')],
    };
    ok({ method: 'GET', path: '/rest/api/2/search?jql=project%3DPROJ', status: 200, body });
    ok({ method: 'POST', path: '/rest/api/2/search', status: 200, body: { ...body, issues: [] } });
  });

  it('the project list is an array of projects (README 1)', () => {
    ok({
      method: 'GET',
      path: '/rest/api/2/project',
      status: 200,
      body: [dcProject, { ...dcProject, id: '10001', key: 'OPS' }],
    });
    ok({ method: 'GET', path: '/rest/api/2/project', status: 200, body: [] });
  });

  it('field, issue type, priority and status lists are arrays (README 1)', () => {
    ok({
      method: 'GET',
      path: '/rest/api/2/field',
      status: 200,
      body: [
        { id: 'summary', name: 'Summary', custom: false, schema: { type: 'string', system: 'summary' } },
      ],
    });
    const priority = {
      self: `${DC}/rest/api/2/priority/3`,
      id: '3',
      name: 'Major',
      statusColor: '#f79232',
      iconUrl: `${DC}/images/icons/priorities/major.svg`,
    };
    ok({ method: 'GET', path: '/rest/api/2/priority', status: 200, body: [priority] });
    ok({
      method: 'GET',
      path: '/rest/api/2/issuetype',
      status: 200,
      body: [{ self: `${DC}/rest/api/2/issuetype/1`, id: '1', name: 'Bug', subtask: false, avatarId: 10303 }],
    });
    ok({
      method: 'GET',
      path: '/rest/api/2/status',
      status: 200,
      body: [(dcIssue().fields as { status: unknown }).status],
    });
  });

  it('the agile board page and sprint page (README 4)', () => {
    ok({
      method: 'GET',
      path: '/rest/agile/1.0/board?maxResults=50',
      status: 200,
      body: { maxResults: 50, startAt: 0, total: 1, isLast: true, values: [dcBoard] },
    });
    ok({
      method: 'GET',
      path: '/rest/agile/1.0/board',
      status: 200,
      body: { maxResults: 50, startAt: 0, isLast: true, values: [dcBoard] },
    });
    ok({
      method: 'GET',
      path: '/rest/agile/1.0/board/1/sprint?state=active',
      status: 200,
      body: { maxResults: 50, startAt: 0, isLast: true, values: [dcSprint] },
    });
  });

  it('the personal access token API the document lacks (README 5)', () => {
    ok({ method: 'POST', path: '/rest/pat/latest/tokens', status: 201, body: patCreated });
    ok({ method: 'GET', path: '/rest/pat/latest/tokens', status: 200, body: [patListed] });
    ok({ method: 'DELETE', path: '/rest/pat/latest/tokens/1', status: 204, body: undefined });
  });

  it('the current user', () => {
    const user = {
      self: `${DC}/rest/api/2/user?username=alice`,
      key: 'JIRAUSER10100',
      name: 'alice',
      displayName: 'Alice',
      active: true,
      timeZone: 'Europe/Berlin',
    };
    ok({
      method: 'GET',
      path: '/rest/api/2/myself',
      status: 200,
      body: user,
      contentType: 'application/json;charset=UTF-8',
    });
  });

  it('error answers are Jira error bodies where the document gives no schema', () => {
    ok({
      method: 'GET',
      path: '/rest/api/2/issue/NOPE-1',
      status: 404,
      body: { errorMessages: ['Issue Does Not Exist'], errors: {} },
    });
    // 401 is not documented for /myself at all: still a Jira error body.
    ok({
      method: 'GET',
      path: '/rest/api/2/myself',
      status: 401,
      body: { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} },
    });
    ok({
      method: 'POST',
      path: '/rest/api/2/issue',
      status: 400,
      body: { errorMessages: [], errors: { summary: 'You must specify a summary of the issue.' } },
    });
    ok({
      method: 'POST',
      path: '/rest/pat/latest/tokens',
      status: 400,
      body: { errorMessages: ['Token name is required'], errors: {} },
    });
  });

  it('Jira timestamps and RFC 3339 timestamps both pass format date-time', () => {
    for (const createdAt of [NOW, '2026-01-31T10:00:00.000+01:00', '2026-01-31T10:00:00Z']) {
      ok({
        method: 'POST',
        path: '/rest/pat/latest/tokens',
        status: 201,
        body: { ...patCreated, createdAt },
      });
    }
  });
});

describe('valid Cloud answers', () => {
  it('GET issue, v3 and v2 (checked against v3)', () => {
    ok({ method: 'GET', path: '/rest/api/3/issue/PROJ-1', status: 200, body: cloudIssue() }, cloud);
    const v2 = cloudIssue();
    v2.fields = { summary: 'x', description: 'wiki *markup* in v2' };
    ok({ method: 'GET', path: '/rest/api/2/issue/PROJ-1', status: 200, body: v2 }, cloud);
  });

  it('a /search/jql page: ids only by default, no total, nextPageToken until the last page', () => {
    ok(
      {
        method: 'GET',
        path: '/rest/api/3/search/jql?jql=project%3DPROJ',
        status: 200,
        body: { issues: [{ id: '10001' }, { id: '10002' }], nextPageToken: 'CAEaAggD', isLast: false },
      },
      cloud,
    );
    ok(
      {
        method: 'POST',
        path: '/rest/api/3/search/jql',
        status: 200,
        body: { issues: [cloudIssue()], isLast: true },
      },
      cloud,
    );
  });

  it('a project list and a project search page', () => {
    const project = {
      self: `${CLOUD}/rest/api/3/project/10000`,
      id: '10000',
      key: 'PROJ',
      name: 'Project',
      projectTypeKey: 'software',
      simplified: false,
      style: 'classic',
      isPrivate: false,
      avatarUrls: { '48x48': `${CLOUD}/rest/api/3/universal_avatar/view/type/project/avatar/10400` },
    };
    ok({ method: 'GET', path: '/rest/api/3/project', status: 200, body: [project] }, cloud);
    const page = {
      self: `${CLOUD}/rest/api/3/project/search`,
      maxResults: 50,
      startAt: 0,
      total: 1,
      isLast: true,
      values: [project],
    };
    ok({ method: 'GET', path: '/rest/api/3/project/search', status: 200, body: page }, cloud);
  });

  it('bulkfetch is its own operation, not GET issue with key "bulkfetch"', () => {
    ok(
      {
        method: 'POST',
        path: '/rest/api/3/issue/bulkfetch',
        status: 200,
        body: { issues: [cloudIssue()], issueErrors: [] },
      },
      cloud,
    );
  });

  it('users carry accountId', () => {
    ok(
      {
        method: 'GET',
        path: '/rest/api/3/myself',
        status: 200,
        body: {
          self: `${CLOUD}/rest/api/3/user?accountId=5b10`,
          accountId: '5b10',
          accountType: 'atlassian',
          displayName: 'Alice',
          active: true,
        },
      },
      cloud,
    );
  });

  it('the removed /search answers 410 with a Jira error body', () => {
    const body = {
      errorMessages: [
        'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.',
      ],
      errors: {},
    };
    ok({ method: 'GET', path: '/rest/api/2/search?jql=', status: 410, body }, cloud);
  });
});

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
