// Routing a concrete request to the documented operation it exercises.
import { isObject, type JsonObject } from './openapi-document.ts';
// ---------------------------------------------------------------------------
// Routing a concrete request to a documented operation.

export interface Route {
  /** The path key as its document writes it. */
  template: string;
  /** Full request segments: a literal, or null for a {parameter}. */
  segments: readonly (string | null)[];
  pathItem: JsonObject;
  /** ajv id of the document holding it (Atlassian's, or our supplement). */
  sourceId: string;
}

export function buildRoutes(paths: JsonObject | undefined, basePath: string, sourceId: string): Route[] {
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

export function mostSpecific(routes: Route[]): Route | undefined {
  return routes.reduce<Route | undefined>(
    (best, r) => (best === undefined || moreSpecific(r, best) ? r : best),
    undefined,
  );
}

export function requestSegments(path: string): string[] {
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

export function pickStatus(responses: JsonObject, status: number): string | undefined {
  const range = `${Math.floor(status / 100)}XX`;
  return [String(status), range, range.toLowerCase(), 'default'].find((key) => isObject(responses[key]));
}

export function isEmptyBody(body: unknown): boolean {
  return body === undefined || body === '';
}
