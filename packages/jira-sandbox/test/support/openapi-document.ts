// The two OpenAPI documents as ajv needs them: where they are, JSON helpers,
// the OpenAPI-3.0-to-JSON-Schema adaptation and README (2), and the ajv
// instance with the formats a document uses.
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
// ajv-formats is CommonJS with `exports.default`; under NodeNext the default
// import is the whole module, so the plugin is `.default` (same at runtime).
import ajvFormats from 'ajv-formats';

export type JiraDocument = 'datacenter' | 'cloud';

export const OPENAPI_DIR =
  process.env.JIRA_OPENAPI_DIR ?? fileURLToPath(new URL('../fixtures/jira-openapi/', import.meta.url));

export const DOCUMENT_FILES: Record<JiraDocument, string> = {
  datacenter: 'jira-datacenter-10.3.json',
  cloud: 'jira-cloud-platform-v3.json',
};

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function child(value: unknown, key: string): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  const found = value[key];
  return isObject(found) ? found : undefined;
}

/**
 * A deep copy in which no two places share an object (structuredClone would
 * keep shared references shared). Only for JSON data, so the cast holds.
 */
export function unshared<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** One path segment of a JSON pointer inside a URI fragment. */
export function pointerSegment(segment: string): string {
  return encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1'));
}

// ---------------------------------------------------------------------------
// Preparing a document for ajv.

/**
 * Adapts the parsed document in place (it is our private copy) and returns the
 * formats it uses. Only OpenAPI-3.0-to-JSON-Schema translation and README (2).
 */
export function prepareDocument(document: JsonObject, doc: JiraDocument): Set<string> {
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
export function serverBasePath(document: JsonObject): string {
  const servers = document.servers;
  const first = Array.isArray(servers) ? servers[0] : undefined;
  const url = isObject(first) && typeof first.url === 'string' ? first.url : '';
  // Not `new URL`: the DC URL has a `{baseurl}` variable as its host.
  const path = /^[a-z]+:\/\/[^/]*(\/.*)?$/i.exec(url)?.[1] ?? '';
  return path.replace(/\/+$/, '');
}

export function createAjv(formats: Set<string>): Ajv {
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
