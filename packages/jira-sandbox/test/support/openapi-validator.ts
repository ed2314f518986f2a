// Checks Jira REST answers (the sandbox's, in tests) against Atlassian's
// published OpenAPI documents in test/fixtures/jira-openapi: the concrete
// request is mapped to the documented operation, the response schema is picked
// by status and content type, and ajv checks the body. The documents' README
// lists defects of the Data Center document; the workarounds below apply
// exactly those, each citing its number, and relax nothing else.
//
// Both documents declare `openapi: 3.0.1`, so their schemas are the OpenAPI 3.0
// dialect of JSON Schema draft 4/5, compiled here as draft-07 by ajv:
// - `nullable: true` (Cloud only, always next to `type`) is understood by ajv
//   natively;
// - `readOnly` is an annotation (responses may carry it); a `writeOnly`
//   property listed in `required` is required in requests only, so it is
//   dropped from `required` before compiling (Cloud has 80 such, DC none);
// - `discriminator` (Cloud only, 6 uses, some with `mapping`, which ajv's own
//   discriminator support rejects) is left as an ignored annotation: the
//   `oneOf`/`anyOf` next to it still decide, as JSON Schema defines them;
// - `example`, `xml`, `x-*` are unknown keywords: `strict: false` ignores them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type AnySchemaObject, type ErrorObject, type ValidateFunction } from 'ajv';
// ajv-formats is CommonJS with `exports.default`; under NodeNext the default
// import is the whole module, so the plugin is `.default` (same at runtime).
import ajvFormats from 'ajv-formats';

export type JiraDocument = 'datacenter' | 'cloud';

export interface ResponseToCheck {
  method: string;
  /** Concrete request path including the query, e.g. '/rest/api/2/issue/PROJ-1?fields=summary'. */
  path: string;
  status: number;
  /** The parsed JSON body; undefined (or '') when the answer had none. */
  body: unknown;
  contentType?: string;
}

export interface OpenApiValidator {
  /** throws an Error listing every problem (operation found, schema path, instance path, message) when the response does not fit the document */
  assertResponse(res: ResponseToCheck): void;
  /** same, returns the problems instead of throwing ([] = valid) */
  check(res: ResponseToCheck): string[];
}

/** The documents ship with the repository as fixtures; JIRA_OPENAPI_DIR points at other copies. */
const OPENAPI_DIR =
  process.env.JIRA_OPENAPI_DIR ?? fileURLToPath(new URL('../fixtures/jira-openapi/', import.meta.url));

const DOCUMENT_FILES: Record<JiraDocument, string> = {
  datacenter: 'jira-datacenter-10.3.json',
  cloud: 'jira-cloud-platform-v3.json',
};

type JsonObject = { [key: string]: unknown };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(value: unknown, key: string): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  const found = value[key];
  return isObject(found) ? found : undefined;
}

/**
 * A deep copy in which no two places share an object (structuredClone would
 * keep shared references shared). Only for JSON data, so the cast holds.
 */
function unshared<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** One path segment of a JSON pointer inside a URI fragment. */
function pointerSegment(segment: string): string {
  return encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1'));
}

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
function supplementFor(doc: JiraDocument): JsonObject {
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

interface ResponseRule {
  /** Replaces the documented schema, which it receives as a $ref (README 1 and 4). */
  replace?: (documented: AnySchemaObject) => AnySchemaObject;
  /** Checked in addition to the documented (or replaced) schema (README 3). */
  also?: AnySchemaObject;
}

/** Keyed by `METHOD template status`, the template as its document writes it. */
function rulesFor(doc: JiraDocument): Map<string, ResponseRule> {
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

// ---------------------------------------------------------------------------
// Preparing a document for ajv.

/**
 * Adapts the parsed document in place (it is our private copy) and returns the
 * formats it uses. Only OpenAPI-3.0-to-JSON-Schema translation and README (2).
 */
function prepareDocument(document: JsonObject, doc: JiraDocument): Set<string> {
  const formats = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!isObject(node)) return;
    if (typeof node.format === 'string') formats.add(node.format);
    const properties = node.properties;
    if (isObject(properties) && Array.isArray(node.required)) {
      // OpenAPI 3.0: a required writeOnly property is required in requests only.
      node.required = node.required.filter(
        (name) => !(typeof name === 'string' && child(properties, name)?.writeOnly === true),
      );
    }
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'example' && key !== 'examples') visit(value);
    }
  };
  visit(document);

  if (doc === 'datacenter') {
    // README (2): IssueBean.fields is a dynamic map whose values are strings,
    // numbers, arrays, objects and nulls; the document types each as an object.
    // Relax only fields.additionalProperties.
    const fields = child(child(child(child(document, 'components'), 'schemas'), 'IssueBean'), 'properties');
    if (!isObject(fields?.fields) || !isObject(fields.fields.additionalProperties)) {
      throw new Error('README workaround (2) no longer matches: IssueBean.fields.additionalProperties');
    }
    fields.fields.additionalProperties = {};
    // VersionBean.releaseDate/startDate are typed date-time, but Data Center
    // answers yyyy-mm-dd (the Cloud document types the same fields `date`).
    // An undocumented defect of the same generated kind; relaxed to `date` only.
    const version = child(child(child(document, 'components'), 'schemas'), 'VersionBean');
    for (const name of ['releaseDate', 'startDate']) {
      const property = child(child(version, 'properties'), name);
      if (property?.format !== 'date-time')
        throw new Error(`VersionBean.${name} workaround no longer matches`);
      property.format = 'date';
    }
    // renderedFields is the same dynamic map (defect 2), its values HTML
    // strings or null; the document types each as an object in the same way.
    if (!isObject(fields.renderedFields) || !isObject(fields.renderedFields.additionalProperties)) {
      throw new Error(
        'README workaround (2) no longer matches: IssueBean.renderedFields.additionalProperties',
      );
    }
    fields.renderedFields.additionalProperties = {};
  }
  return formats;
}

/** The path part of the document's first server URL ('/rest' for DC, '' for Cloud). */
function serverBasePath(document: JsonObject): string {
  const servers = document.servers;
  const first = Array.isArray(servers) ? servers[0] : undefined;
  const url = isObject(first) && typeof first.url === 'string' ? first.url : '';
  // Not `new URL`: the DC URL has a `{baseurl}` variable as its host.
  const path = /^[a-z]+:\/\/[^/]*(\/.*)?$/i.exec(url)?.[1] ?? '';
  return path.replace(/\/+$/, '');
}

function createAjv(formats: Set<string>): Ajv {
  const ajv = new Ajv({
    strict: false, // OpenAPI keywords (example, xml, discriminator, x-*) are not JSON Schema
    allErrors: true, // report every problem, not the first
    verbose: true, // errors carry parentSchema, which locates them in the document
  });
  ajvFormats.default(ajv); // date-time, uri, uuid, int32, int64, double, byte, binary...

  // Real Jira sends 2026-01-31T10:00:00.000+0000: Java's offset without the
  // colon, which RFC 3339 does not allow. ajv-formats 3 happens to accept it;
  // pin that, so a stricter ajv-formats cannot turn every Jira timestamp into
  // a failure: RFC 3339 as ajv-formats checks it, or Jira's form with the
  // colon put back (so calendar and clock checks still apply).
  const rfc3339 = new Ajv();
  ajvFormats.default(rfc3339, ['date-time']);
  const checkRfc3339 = rfc3339.compile({ type: 'string', format: 'date-time' });
  // A plain boolean: the compiled function is a type guard, which would narrow `value` to never.
  const isRfc3339 = (value: string): boolean => checkRfc3339(value);
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (value: string) => isRfc3339(value) || isRfc3339(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')),
  });

  // Formats ajv does not know (DC: 'json') are annotations, as OpenAPI allows.
  for (const format of formats) if (ajv.formats[format] === undefined) ajv.addFormat(format, true);
  return ajv;
}

// ---------------------------------------------------------------------------
// Routing a concrete request to a documented operation.

interface Route {
  /** The path key as its document writes it. */
  template: string;
  /** Full request segments: a literal, or null for a {parameter}. */
  segments: readonly (string | null)[];
  pathItem: JsonObject;
  /** ajv id of the document holding it (Atlassian's, or our supplement). */
  sourceId: string;
}

function buildRoutes(paths: JsonObject | undefined, basePath: string, sourceId: string): Route[] {
  return Object.entries(paths ?? {}).flatMap(([template, pathItem]) =>
    isObject(pathItem)
      ? [
          {
            template,
            segments: `${basePath}${template}`
              .split('/')
              .filter((s) => s !== '')
              .map((s) => (/^\{[^}]+\}$/.test(s) ? null : s)),
            pathItem,
            sourceId,
          },
        ]
      : [],
  );
}

/** At the first segment where they differ, a literal beats a {parameter} (/issue/bulkfetch over /issue/{key}). */
function moreSpecific(a: Route, b: Route): boolean {
  for (let i = 0; i < a.segments.length; i++) {
    const aLiteral = a.segments[i] !== null;
    if (aLiteral !== (b.segments[i] !== null)) return aLiteral;
  }
  return false;
}

function mostSpecific(routes: Route[]): Route | undefined {
  return routes.reduce<Route | undefined>(
    (best, r) => (best === undefined || moreSpecific(r, best) ? r : best),
    undefined,
  );
}

function requestSegments(path: string): string[] {
  const { pathname } = new URL(path, 'http://jira.invalid');
  return pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

function pickStatus(responses: JsonObject, status: number): string | undefined {
  const range = `${Math.floor(status / 100)}XX`;
  return [String(status), range, range.toLowerCase(), 'default'].find((key) => isObject(responses[key]));
}

function isEmptyBody(body: unknown): boolean {
  return body === undefined || body === '';
}

// ---------------------------------------------------------------------------

class JiraResponseValidator implements OpenApiValidator {
  private readonly compiled = new Map<string, ValidateFunction>();
  /** Roots whose sub-schemas error messages may point into: [label, schema]. */
  private readonly roots: [string, unknown][] = [];
  private locations = new WeakMap<object, string>();
  private indexedRoots = 0;

  constructor(
    private readonly doc: JiraDocument,
    private readonly ajv: Ajv,
    private readonly routes: Route[],
    private readonly rules: Map<string, ResponseRule>,
    private readonly supplementId: string,
    documentRoots: [string, unknown][],
  ) {
    this.roots.push(...documentRoots);
  }

  assertResponse(res: ResponseToCheck): void {
    const problems = this.check(res);
    if (problems.length > 0) {
      throw new Error(
        `Jira ${this.doc} response does not fit the OpenAPI document:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      );
    }
  }

  check(res: ResponseToCheck): string[] {
    const method = res.method.toLowerCase();
    const request = `${res.method.toUpperCase()} ${res.path} → ${res.status}`;
    let segments = requestSegments(res.path);
    let note = '';
    if (this.doc === 'cloud' && segments[0] === 'rest' && segments[1] === 'api' && segments[2] === '2') {
      // The Cloud document has v3 paths only. v2 answers the same shapes
      // except rich text (wiki strings instead of ADF documents), which the
      // schemas mostly type loosely, so a v2 request is checked against v3.
      segments = ['rest', 'api', '3', ...segments.slice(3)];
      note = ' [v2 request checked against v3]';
    }
    const matching = this.routes.filter(
      (r) =>
        r.segments.length === segments.length && r.segments.every((s, i) => s === null || s === segments[i]),
    );
    if (matching.length === 0) return [`${request}: no path of the ${this.doc} document matches`];
    // The most specific template that has this method: some paths differ only
    // in a parameter's name (Cloud: PUT /field/{fieldId}, DELETE /field/{id}).
    const route = mostSpecific(matching.filter((r) => child(r.pathItem, method) !== undefined));
    const operation = route && child(route.pathItem, method);
    if (route === undefined || operation === undefined) {
      const templates = matching.map(
        (r) => `${r.template} (${Object.keys(r.pathItem).join(', ').toUpperCase()})`,
      );
      return [`${request}: no ${method.toUpperCase()} operation on ${templates.join(', ')}`];
    }
    const operationId = typeof operation.operationId === 'string' ? operation.operationId : '?';
    const where = `${request}: ${operationId} (${method.toUpperCase()} ${route.template})${note}`;

    const responses = child(operation, 'responses') ?? {};
    const statusKey = pickStatus(responses, res.status);
    const isError = res.status >= 400;
    if (statusKey === undefined) {
      if (isError) return this.checkErrorBody(res.body, `${where}, undocumented ${res.status}`);
      return [`${where}: status ${res.status} is not documented (${Object.keys(responses).join(', ')})`];
    }
    const content = child(child(responses, statusKey), 'content');
    const mediaTypes = Object.keys(content ?? {});
    // HTTP forbids a body on 204 (RFC 9110 15.3.5); the Cloud document still
    // gives some 204s an application/json schema, which no server can send.
    if (res.status === 204) {
      return isEmptyBody(res.body) ? [] : [`${where}: 204 came with a body`];
    }
    if (content === undefined || mediaTypes.length === 0) {
      if (isError) return this.checkErrorBody(res.body, `${where}, ${statusKey} without a schema`);
      return isEmptyBody(res.body)
        ? []
        : [`${where}: ${statusKey} is documented without a body, but one came`];
    }
    const media = pickMediaType(mediaTypes, res.contentType);
    if (media === undefined) {
      return [
        `${where}: ${statusKey} content type ${res.contentType} is not documented (${mediaTypes.join(', ')})`,
      ];
    }
    if (child(content, media)?.schema === undefined) {
      return isError ? this.checkErrorBody(res.body, `${where}, ${statusKey} without a schema`) : [];
    }
    if (isEmptyBody(res.body)) return [`${where}: ${statusKey} ${media} documents a body, but none came`];

    const validate = this.validatorFor(route, method, statusKey, media);
    if (validate(res.body)) return [];
    return this.describe(validate.errors ?? [], `${where}, ${statusKey} ${media}`);
  }

  private checkErrorBody(body: unknown, where: string): string[] {
    const key = 'error body';
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: `${this.supplementId}#/components/schemas/JiraErrorBody` });
      this.compiled.set(key, validate);
    }
    if (validate(body)) return [];
    return this.describe(validate.errors ?? [], `${where}, checked as a Jira error body`);
  }

  /** Compiled lazily per response: the documents are big, a test touches few operations. */
  private validatorFor(route: Route, method: string, statusKey: string, media: string): ValidateFunction {
    const ruleKey = `${method.toUpperCase()} ${route.template} ${statusKey}`;
    const key = `${ruleKey} ${media}`;
    const cached = this.compiled.get(key);
    if (cached !== undefined) return cached;
    const pointer = ['paths', route.template, method, 'responses', statusKey, 'content', media, 'schema']
      .map(pointerSegment)
      .join('/');
    const documented: AnySchemaObject = { $ref: `${route.sourceId}#/${pointer}` };
    const rule = this.rules.get(ruleKey);
    let schema = rule?.replace ? rule.replace(documented) : documented;
    if (rule?.also) schema = { allOf: [schema, rule.also] };
    // A copy: the rules' pieces are shared constants, and errors are located by object identity.
    schema = unshared(schema);
    this.roots.push([`jgg rule for ${ruleKey}#`, schema]);
    const validate = this.ajv.compile(schema);
    this.compiled.set(key, validate);
    return validate;
  }

  private describe(errors: ErrorObject[], where: string): string[] {
    const lines = errors.map((error) => {
      const at = error.instancePath === '' ? '(body)' : error.instancePath;
      const message = isAbsent(error.parentSchema) ? 'must not be present' : (error.message ?? error.keyword);
      let detail = '';
      if (error.keyword === 'additionalProperties') detail = `: '${String(error.params.additionalProperty)}'`;
      if (error.keyword === 'enum') detail = `: ${JSON.stringify(error.params.allowedValues)}`;
      return `${where}: ${at} ${message}${detail} [schema ${this.locate(error)}]`;
    });
    // ajv reports `dependencies` once per missing property, each naming them all.
    return [...new Set(lines)];
  }

  /** The error's keyword as a pointer into the document (or our rule) it sits in. */
  private locate(error: ErrorObject): string {
    for (; this.indexedRoots < this.roots.length; this.indexedRoots++) {
      const root = this.roots[this.indexedRoots];
      if (root) indexSchemaLocations(root[1], root[0], this.locations);
    }
    const parent: unknown = error.parentSchema;
    const base = isObject(parent) ? this.locations.get(parent) : undefined;
    return base === undefined ? error.schemaPath : `${base}/${pointerSegment(error.keyword)}`;
  }
}

function isAbsent(schema: unknown): boolean {
  const not = isObject(schema) ? schema.not : undefined;
  return isObject(not) && Object.keys(not).length === 0;
}

function pickMediaType(documented: string[], contentType: string | undefined): string | undefined {
  if (contentType === undefined) {
    return documented.includes('application/json') ? 'application/json' : documented[0];
  }
  const wanted = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    documented.find((m) => m.toLowerCase() === wanted) ??
    documented.find((m) => m === `${wanted.split('/')[0]}/*`) ??
    documented.find((m) => m === '*/*')
  );
}

/** Records, for every object under `root`, its JSON pointer prefixed by `label`. */
function indexSchemaLocations(root: unknown, label: string, into: WeakMap<object, string>): void {
  const visit = (node: unknown, pointer: string): void => {
    if (typeof node !== 'object' || node === null || into.has(node)) return;
    into.set(node, `${label}${pointer}`);
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'example' && key !== 'examples') visit(value, `${pointer}/${pointerSegment(key)}`);
    }
  };
  visit(root, '');
}

/** Fails loudly when a README rule names a response the document no longer has. */
function checkRulesMatch(rules: Map<string, ResponseRule>, routes: Route[], doc: JiraDocument): void {
  for (const key of rules.keys()) {
    const [method = '', template = '', status = ''] = key.split(' ');
    const route = routes.find((r) => r.template === template);
    const schema = child(
      child(child(child(child(route?.pathItem, method.toLowerCase()), 'responses'), status), 'content'),
      'application/json',
    )?.schema;
    if (schema === undefined) throw new Error(`${doc} rule ${key}: no such documented JSON response`);
  }
}

function createValidator(doc: JiraDocument): OpenApiValidator {
  const document: unknown = JSON.parse(readFileSync(`${OPENAPI_DIR}/${DOCUMENT_FILES[doc]}`, 'utf8'));
  if (!isObject(document) || typeof document.openapi !== 'string' || !document.openapi.startsWith('3.0.')) {
    throw new Error(`${DOCUMENT_FILES[doc]}: expected an OpenAPI 3.0 document`);
  }
  const formats = prepareDocument(document, doc);
  const documentId = DOCUMENT_FILES[doc];
  const supplementId = `jgg-supplement-${doc}.json`;
  // A copy, so no two places share a schema object (errors are located by identity).
  const supplement = unshared(supplementFor(doc));

  const ajv = createAjv(formats);
  // The whole document goes in once, under its file name, without meta-schema
  // validation (it is an OpenAPI document, not a schema); responses then
  // compile as $refs into it, so its internal #/components refs resolve.
  ajv.addSchema(document, documentId, undefined, false);
  ajv.addSchema(supplement, supplementId, undefined, false);

  const basePath = serverBasePath(document);
  const routes = [
    ...buildRoutes(child(document, 'paths'), basePath, documentId),
    ...buildRoutes(child(supplement, 'paths'), basePath, supplementId),
  ];
  const rules = rulesFor(doc);
  checkRulesMatch(rules, routes, doc);
  return new JiraResponseValidator(doc, ajv, routes, rules, supplementId, [
    [`${documentId}#`, document],
    [`${supplementId}#`, supplement],
  ]);
}

const validators = new Map<JiraDocument, OpenApiValidator>();

/** One validator per document, loaded on first use and kept for the test process. */
export function loadOpenApiValidator(doc: JiraDocument): OpenApiValidator {
  let validator = validators.get(doc);
  if (validator === undefined) {
    validator = createValidator(doc);
    validators.set(doc, validator);
  }
  return validator;
}
