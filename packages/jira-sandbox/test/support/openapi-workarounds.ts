// What the validator checks beyond the documents, and where it departs from
// them: exactly the workarounds and assertions the fixtures' README lists.
import type { AnySchemaObject } from 'ajv';
import type { JiraDocument, JsonObject } from './openapi-document.ts';

// ---------------------------------------------------------------------------
// Schemas of our own: the real Jira error body, the README's identifier and
// envelope assertions, and the Data Center PAT API the document lacks.

const NON_EMPTY_STRING: AnySchemaObject = { type: 'string', minLength: 1 };
/** A property that must not be there; a fresh object each time, so errors locate the right use. */
const absent = (): AnySchemaObject => ({ not: {} });
const COUNT: AnySchemaObject = { type: 'integer', minimum: 0 };

/** An object that must carry these properties, typed as given. */
function requires(properties: Record<string, AnySchemaObject>): AnySchemaObject {
  return { type: 'object', required: Object.keys(properties), properties };
}

function arrayOf(items: AnySchemaObject): AnySchemaObject {
  return { type: 'array', items };
}

/** README "Facts": every error body is {"errorMessages": [...], "errors": {"field": "message"}}. */
const JIRA_ERROR_BODY: AnySchemaObject = {
  type: 'object',
  required: ['errorMessages', 'errors'],
  additionalProperties: false,
  properties: {
    errorMessages: { type: 'array', items: { type: 'string' } },
    errors: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

// README (3): identifiers real Jira always sends, which the beans leave optional.
const ISSUE_IDENTITY = requires({ id: NON_EMPTY_STRING, key: NON_EMPTY_STRING, self: NON_EMPTY_STRING });
const PROJECT_IDENTITY = ISSUE_IDENTITY;
const DC_USER_IDENTITY = requires({ self: NON_EMPTY_STRING, key: NON_EMPTY_STRING, name: NON_EMPTY_STRING });
const CLOUD_USER_IDENTITY = requires({ self: NON_EMPTY_STRING, accountId: NON_EMPTY_STRING });
const ID = requires({ id: NON_EMPTY_STRING });
const ID_AND_SELF = requires({ id: NON_EMPTY_STRING, self: NON_EMPTY_STRING });
const AGILE_IDENTITY = requires({
  id: {} /* typed integer by BoardBean/SprintBean */,
  self: NON_EMPTY_STRING,
});
/**
 * Cloud /search/jql defaults `fields` to `id` (README), and then an issue is
 * just its id; once fields are asked for, key and self come with them.
 */
const CLOUD_JQL_ISSUE_IDENTITY: AnySchemaObject = {
  type: 'object',
  required: ['id'],
  properties: { id: NON_EMPTY_STRING, key: NON_EMPTY_STRING, self: NON_EMPTY_STRING },
  dependencies: { fields: ['key', 'self'] },
};

/** README (3): the DC search page envelope (also the agile issue pages that reuse SearchResultsBean). */
const DC_SEARCH_PAGE: AnySchemaObject = {
  type: 'object',
  required: ['startAt', 'maxResults', 'total', 'issues'],
  properties: { issues: arrayOf(ISSUE_IDENTITY) },
};

/**
 * README (4): the agile board and sprint lists answer this page envelope, not
 * the bean the document names; sprint pages have no `total`. The envelope is
 * exactly the README's, so anything else in it is reported.
 */
function agilePage(value: AnySchemaObject, withTotal: boolean): AnySchemaObject {
  return {
    type: 'object',
    required: ['maxResults', 'startAt', 'isLast', 'values'],
    additionalProperties: false,
    properties: {
      maxResults: COUNT,
      startAt: COUNT,
      ...(withTotal ? { total: COUNT } : {}),
      isLast: { type: 'boolean' },
      values: arrayOf(value),
    },
  };
}

/** Jira's own timestamp form, e.g. 2026-01-31T10:00:00.000+0000 (see the date-time format below). */
const JIRA_DATE_TIME: AnySchemaObject = { type: 'string', format: 'date-time' };

/** A token made without expirationDuration never expires and has no expiringAt. */
function requiresAllBut(properties: Record<string, AnySchemaObject>, optional: string): AnySchemaObject {
  const schema = requires(properties);
  return { ...schema, required: Object.keys(properties).filter((name) => name !== optional) };
}

const PAT_FIELDS: Record<string, AnySchemaObject> = {
  // README gives the names only; the types are those of Atlassian's PAT
  // documentation (a numeric id, Jira timestamps).
  id: { type: 'integer' },
  name: { type: 'string' },
  createdAt: JIRA_DATE_TIME,
  expiringAt: JIRA_DATE_TIME,
};

/**
 * Operations and schemas the documents lack, written as an OpenAPI fragment so
 * they are found and compiled exactly like documented ones. Per document: its
 * `paths` are relative to the same server URL as the document's.
 */
export function supplementFor(doc: JiraDocument): JsonObject {
  const json = (description: string, schema: AnySchemaObject): JsonObject => ({
    description,
    content: { 'application/json': { schema } },
  });
  const paths: JsonObject =
    doc === 'datacenter'
      ? {
          // README (5): the DC personal access token API is not in the document.
          '/pat/latest/tokens': {
            get: {
              operationId: 'getPersonalAccessTokens (README 5)',
              responses: {
                '200': json('The caller\u2019s tokens, without their secrets.', {
                  type: 'array',
                  items: { $ref: '#/components/schemas/PersonalAccessToken' },
                }),
              },
            },
            post: {
              operationId: 'createPersonalAccessToken (README 5)',
              responses: {
                '201': json('The new token; rawToken is shown only here.', {
                  $ref: '#/components/schemas/CreatedPersonalAccessToken',
                }),
              },
            },
          },
          '/pat/latest/tokens/{tokenId}': {
            delete: {
              operationId: 'revokePersonalAccessToken (README 5)',
              responses: { '204': { description: 'Revoked.' } },
            },
          },
        }
      : {};
  return {
    paths,
    components: {
      schemas: {
        JiraErrorBody: JIRA_ERROR_BODY,
        PersonalAccessToken: {
          ...requiresAllBut(PAT_FIELDS, 'expiringAt'),
          // The secret is shown once, at creation; a listing must not carry it.
          properties: { ...PAT_FIELDS, rawToken: absent() },
        },
        CreatedPersonalAccessToken: requiresAllBut(
          { ...PAT_FIELDS, rawToken: NON_EMPTY_STRING },
          'expiringAt',
        ),
      },
    },
  };
}

// ---------------------------------------------------------------------------
// The README's workarounds and assertions, per documented response.

export interface ResponseRule {
  /** Replaces the documented schema, which it receives as a $ref (README 1 and 4). */
  replace?: (documented: AnySchemaObject) => AnySchemaObject;
  /** Checked in addition to the documented (or replaced) schema (README 3). */
  also?: AnySchemaObject;
}

/** Keyed by `METHOD template status`, the template as its document writes it. */
export function rulesFor(doc: JiraDocument): Map<string, ResponseRule> {
  const rules = new Map<string, ResponseRule>();
  const add = (operations: string[], status: string, rule: ResponseRule): void => {
    for (const operation of operations) rules.set(`${operation} ${status}`, rule);
  };
  // README (1): these lists answer JSON arrays; the document names the item.
  const listOf = (item: AnySchemaObject): ResponseRule => ({
    replace: (documented) => arrayOf(documented),
    also: arrayOf(item),
  });
  if (doc === 'datacenter') {
    add(['GET /api/2/project'], '200', listOf(PROJECT_IDENTITY));
    add(['GET /api/2/field'], '200', listOf(ID));
    add(['GET /api/2/issuetype', 'GET /api/2/priority', 'GET /api/2/status'], '200', listOf(ID_AND_SELF));
    // The same defect (1) on lists the README does not name: real Jira answers
    // arrays here too, and the document names the item bean.
    add(
      [
        'GET /api/2/statuscategory',
        'GET /api/2/resolution',
        'GET /api/2/user/search',
        'GET /api/2/project/{projectIdOrKey}/components',
        'GET /api/2/project/{projectIdOrKey}/versions',
        'GET /api/2/project/{projectIdOrKey}/statuses',
      ],
      '200',
      listOf({}),
    );
    add(['GET /api/2/issue/{issueIdOrKey}', 'GET /agile/1.0/issue/{issueIdOrKey}'], '200', {
      also: ISSUE_IDENTITY,
    });
    add(['POST /api/2/issue'], '201', { also: ISSUE_IDENTITY });
    add(
      [
        'GET /api/2/search',
        'POST /api/2/search',
        'GET /agile/1.0/sprint/{sprintId}/issue',
        'GET /agile/1.0/epic/{epicIdOrKey}/issue',
        'GET /agile/1.0/epic/none/issue',
      ],
      '200',
      { also: DC_SEARCH_PAGE },
    );
    add(['GET /api/2/project/{projectIdOrKey}'], '200', { also: PROJECT_IDENTITY });
    add(['GET /api/2/myself', 'GET /api/2/user'], '200', { also: DC_USER_IDENTITY });
    // README (4) envelopes, README (3) identifiers of their values.
    add(['GET /agile/1.0/board'], '200', {
      replace: (documented) => agilePage(documented, true),
      also: { properties: { values: arrayOf(AGILE_IDENTITY) } },
    });
    add(['GET /agile/1.0/board/{boardId}/sprint'], '200', {
      replace: (documented) => agilePage(documented, false),
      also: { properties: { values: arrayOf(AGILE_IDENTITY) } },
    });
    add(['GET /agile/1.0/board/{boardId}', 'GET /agile/1.0/sprint/{sprintId}'], '200', {
      also: AGILE_IDENTITY,
    });
  } else {
    // The Cloud document already answers arrays for lists; only README (3) applies.
    add(['GET /rest/api/3/issue/{issueIdOrKey}'], '200', { also: ISSUE_IDENTITY });
    add(['POST /rest/api/3/issue'], '201', { also: ISSUE_IDENTITY });
    add(['GET /rest/api/3/search/jql', 'POST /rest/api/3/search/jql'], '200', {
      // README: no total; nextPageToken (typed by the document) only before the last page.
      also: {
        type: 'object',
        required: ['issues'],
        properties: { issues: arrayOf(CLOUD_JQL_ISSUE_IDENTITY), total: absent() },
      },
    });
    add(['POST /rest/api/3/issue/bulkfetch'], '200', {
      also: { type: 'object', required: ['issues'], properties: { issues: arrayOf(ISSUE_IDENTITY) } },
    });
    add(['GET /rest/api/3/project'], '200', { also: arrayOf(PROJECT_IDENTITY) });
    add(['GET /rest/api/3/project/search'], '200', {
      also: {
        type: 'object',
        required: ['startAt', 'maxResults', 'total', 'isLast', 'values'],
        properties: { values: arrayOf(PROJECT_IDENTITY) },
      },
    });
    add(['GET /rest/api/3/project/{projectIdOrKey}'], '200', { also: PROJECT_IDENTITY });
    add(['GET /rest/api/3/myself', 'GET /rest/api/3/user'], '200', { also: CLOUD_USER_IDENTITY });
    add(['GET /rest/api/3/user/search'], '200', { also: arrayOf(CLOUD_USER_IDENTITY) });
    add(['GET /rest/api/3/field'], '200', { also: arrayOf(ID) });
    add(['GET /rest/api/3/issuetype', 'GET /rest/api/3/priority', 'GET /rest/api/3/status'], '200', {
      also: arrayOf(ID_AND_SELF),
    });
  }
  return rules;
}
