// The OpenAPI response validator the sandbox tests rely on: realistic Jira
// answers pass, wrong shapes are reported with where they went wrong, and the
// README's workarounds apply exactly where it says.
import { describe, it } from 'vitest';
import {
  CLOUD,
  cloud,
  cloudIssue,
  DC,
  dcBoard,
  dcIssue,
  dcProject,
  dcSprint,
  NOW,
  ok,
  patCreated,
  patListed,
} from './support/openapi-samples.ts';

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
