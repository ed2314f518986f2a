// Atlassian Document Format as the gateway builds and checks it: the node
// shape, the structural check a caller's raw ADF must pass before it is sent
// to Jira Cloud, and the length of a document's text. Jira Cloud checks node
// types and attributes itself and answers 400 in its own words; the check
// here keeps what no Jira should be sent: a non-document, nesting deep enough
// to exhaust a parser's stack, or a body of megabytes.

/** An ADF node (https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/). */
export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
  text?: string;
}

export type AdfDocument = { type: 'doc'; version: 1; content: unknown[] };

/** Deepest node nesting accepted in a raw document (the doc node is level 1). */
export const MAX_ADF_DEPTH = 100;
/** Largest raw document accepted, as UTF-8 JSON. */
export const MAX_ADF_BYTES = 1024 * 1024;

/** The document, or the reason it is not one (a sentence fit to show the caller). */
export type AdfCheck = { ok: true; document: AdfDocument } | { ok: false; reason: string };

/**
 * Checks a caller's raw ADF document: an object with type "doc", version 1
 * and a content array; every node an object with a string type, its content
 * (if any) an array of such nodes, its marks (if any) an array of objects with
 * a string type, its text (if any) a string; at most MAX_ADF_DEPTH levels
 * deep and MAX_ADF_BYTES as JSON. The document returned is a plain-JSON copy.
 */
export function checkAdfDocument(value: unknown): AdfCheck {
  if (!isObject(value)) return fail('must be an ADF document: a JSON object with type "doc"');
  if (value.type !== 'doc') return fail('must be an ADF document: its type must be "doc"');
  if (value.version !== 1) return fail('must be an ADF document of version 1');
  if (!Array.isArray(value.content)) return fail('must be an ADF document: its content must be an array');

  // Iterative, so a hostile depth is refused before anything recurses into it.
  const pending: Array<{ node: unknown; depth: number; path: string }> = [
    { node: value, depth: 1, path: 'doc' },
  ];
  while (pending.length > 0) {
    const { node, depth, path } = pending.pop() as { node: unknown; depth: number; path: string };
    if (depth > MAX_ADF_DEPTH) return fail(`is nested more than ${MAX_ADF_DEPTH} levels deep`);
    if (!isObject(node) || typeof node.type !== 'string' || node.type === '') {
      return fail(`has a node that is not an object with a string type (at ${path})`);
    }
    if (node.text !== undefined && typeof node.text !== 'string') {
      return fail(`has a node whose text is not a string (at ${path})`);
    }
    if (node.marks !== undefined) {
      if (
        !Array.isArray(node.marks) ||
        !node.marks.every((mark) => isObject(mark) && typeof mark.type === 'string')
      ) {
        return fail(`has marks that are not objects with a string type (at ${path})`);
      }
    }
    if (node.content !== undefined) {
      if (!Array.isArray(node.content)) return fail(`has a node whose content is not an array (at ${path})`);
      node.content.forEach((child, index) => {
        pending.push({ node: child, depth: depth + 1, path: `${path}.content[${index}]` });
      });
    }
  }

  const json = JSON.stringify(value);
  if (Buffer.byteLength(json, 'utf8') > MAX_ADF_BYTES) {
    return fail(`is larger than ${MAX_ADF_BYTES / (1024 * 1024)} MiB as JSON`);
  }
  return { ok: true, document: JSON.parse(json) as AdfDocument };
}

/** How many characters of text a document holds (its text nodes): what the gateway holds to Jira's field limit. */
export function adfTextLength(document: { content: unknown[] }): number {
  let length = 0;
  const pending: unknown[] = [...document.content];
  while (pending.length > 0) {
    const node = pending.pop();
    if (!isObject(node)) continue;
    if (typeof node.text === 'string') length += node.text.length;
    if (Array.isArray(node.content)) pending.push(...node.content);
  }
  return length;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(reason: string): AdfCheck {
  return { ok: false, reason };
}
