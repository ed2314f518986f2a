// Checks Jira REST answers (the sandbox's, in tests) against Atlassian's
// published OpenAPI documents in test/fixtures/jira-openapi: the concrete
// request is mapped to the documented operation, the response schema is picked
// by status and content type, and ajv checks the body. The documents' README
// lists defects of the Data Center document; the workarounds (openapi-workarounds.ts) apply
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
import type { Ajv, AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv';
import {
  child,
  createAjv,
  DOCUMENT_FILES,
  isObject,
  type JiraDocument,
  OPENAPI_DIR,
  pointerSegment,
  prepareDocument,
  serverBasePath,
  unshared,
} from './openapi-document.ts';
import {
  buildRoutes,
  isEmptyBody,
  mostSpecific,
  pickStatus,
  type Route,
  requestSegments,
} from './openapi-routes.ts';
import { type ResponseRule, rulesFor, supplementFor } from './openapi-workarounds.ts';

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
