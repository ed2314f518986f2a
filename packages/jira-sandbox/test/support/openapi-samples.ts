// Realistic Jira answers of both flavours, for the validator's own tests, and
// the check that one passes.
import { expect } from 'vitest';
import { loadOpenApiValidator, type ResponseToCheck } from './openapi-validator.ts';

export const DC = 'http://localhost:8090';
export const CLOUD = 'https://example.atlassian.net';
export const NOW = '2026-01-31T10:00:00.000+0000';

export const dc = loadOpenApiValidator('datacenter');
export const cloud = loadOpenApiValidator('cloud');

export function dcIssue(key = 'PROJ-1', id = '10001'): Record<string, unknown> {
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

export function cloudIssue(key = 'PROJ-1', id = '10001'): Record<string, unknown> {
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

export const dcProject = {
  self: `${DC}/rest/api/2/project/10000`,
  id: '10000',
  key: 'PROJ',
  name: 'Project',
  projectTypeKey: 'software',
  archived: false,
  avatarUrls: { '48x48': `${DC}/secure/projectavatar?pid=10000&avatarId=10324` },
};

export const dcBoard = { id: 1, self: `${DC}/rest/agile/1.0/board/1`, name: 'PROJ board', type: 'scrum' };
export const dcSprint = {
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

export const patCreated = {
  id: 1,
  name: 'ci',
  createdAt: NOW,
  expiringAt: '2026-03-02T10:00:00.000+0000',
  rawToken: 'NjU5MTUxMjQ1MTcxOm9V1qlNEuvCzaskjpLjhZ7Lp5ks',
};
const { rawToken: _shownOnce, ...listed } = patCreated;
/** The token as a list shows it: the raw token is shown once, at creation. */
export const patListed = listed;

export const ok = (res: ResponseToCheck, validator = dc): void => {
  expect(validator.check(res)).toEqual([]);
};
