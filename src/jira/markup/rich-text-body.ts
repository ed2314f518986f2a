// Rich text for a Jira write (an issue description, a comment body, a worklog
// comment), from what the caller sent to what Jira stores: wiki markup on
// Data Center, Atlassian Document Format on Cloud. The caller sends plain
// text, Markdown, raw wiki markup or (Cloud) a raw ADF document; one write
// request uses one dialect for all its bodies, because Cloud takes ADF on
// /rest/api/3 and wiki markup on /rest/api/2, and a request goes to one of
// them.
//
// Libraries: Markdown is read by markdown-it (maintained, linear-time, typed,
// raw HTML kept as text) and written by this folder's own renderers
// (document-wiki.ts, document-adf.ts), because the Markdown-to-ADF and
// Markdown-to-wiki converters on npm (marklassian, md-to-adf, jira2md,
// markdown2confluence) pass markup injection through or mangle common input;
// markdown-document.ts gives the evidence. Plain text needs no library:
// wiki-escape.ts and plain-text-adf.ts.
import type { JiraFlavor } from '../types.ts';
import { type AdfDocument, adfTextLength, checkAdfDocument, MAX_ADF_BYTES } from './adf-document.ts';
import { markdownToAdf } from './document-adf.ts';
import { markdownToWiki } from './document-wiki.ts';
import { MarkdownNestingError } from './markdown-document.ts';
import { plainTextToAdf } from './plain-text-adf.ts';
import { plainTextToWiki } from './wiki-escape.ts';

export type { AdfDocument } from './adf-document.ts';

/** What a caller sends: exactly one of these is set (the GraphQL layer checks "exactly one" too, this checks again). */
export interface RichTextSource {
  /** Plain text: nothing in it is markup. */
  text?: string | null;
  /** CommonMark / GitHub-flavoured Markdown. */
  markdown?: string | null;
  /** Raw Jira wiki markup. */
  wiki?: string | null;
  /** A raw ADF document (Cloud only). */
  adf?: unknown;
}

/** The body as Jira takes it: a wiki string (DC, and Cloud's /rest/api/2) or an ADF document (Cloud's /rest/api/3). */
export type JiraRichText = { dialect: 'wiki'; value: string } | { dialect: 'adf'; value: AdfDocument };

/** A caller mistake, with a message fit to show them (the GraphQL layer turns it into BAD_USER_INPUT). */
export class RichTextInputError extends Error {
  /** The field the mistake is in, e.g. "description". */
  readonly field: string;
  constructor(field: string, reason: string) {
    super(`${field}: ${reason}`);
    this.name = 'RichTextInputError';
    this.field = field;
  }
}

/** Jira's limit on a text field (description, comment body, worklog comment), in characters. */
export const MAX_JIRA_TEXT_CHARACTERS = 32_767;
/** Text or Markdown longer than this is refused before conversion, which could not bring it under Jira's limit. */
export const MAX_SOURCE_CHARACTERS = 4 * MAX_JIRA_TEXT_CHARACTERS;

type SourceKind = 'text' | 'markdown' | 'wiki' | 'adf';
const SOURCE_KINDS: readonly SourceKind[] = ['text', 'markdown', 'wiki', 'adf'];

/**
 * Converts each source for one write request. Data Center: everything becomes
 * wiki markup (an adf source is refused). Cloud: everything becomes ADF,
 * unless some source is wiki: then the whole request uses the wiki dialect
 * (sent through Cloud's /rest/api/2, which converts wiki itself), text and
 * markdown become wiki, and an adf source in the same request is refused.
 * Each source must set exactly one of text/markdown/wiki/adf; a wiki string
 * must be at most 32,767 characters after conversion, an ADF document hold at
 * most 32,767 characters of text; a raw ADF document must pass
 * checkAdfDocument. Mistakes throw RichTextInputError naming the field.
 */
export function jiraRichTexts(
  sources: ReadonlyArray<{ field: string; source: RichTextSource }>,
  flavor: JiraFlavor,
): { dialect: 'wiki' | 'adf'; bodies: Map<string, string | AdfDocument> } {
  const kinds = sources.map(({ field, source }) => ({ field, source, kind: sourceKind(field, source) }));
  const fields = new Set(kinds.map(({ field }) => field));
  if (fields.size !== kinds.length) throw new Error('jiraRichTexts: each field may be given once');

  const dialect: 'wiki' | 'adf' =
    flavor === 'datacenter' || kinds.some(({ kind }) => kind === 'wiki') ? 'wiki' : 'adf';
  const bodies = new Map<string, string | AdfDocument>();
  for (const { field, source, kind } of kinds) {
    if (dialect === 'adf') {
      // The adf dialect is chosen only when no source is wiki.
      if (kind === 'wiki') throw new Error('jiraRichTexts: a wiki source in an adf request');
      bodies.set(field, toAdf(field, source, kind));
    } else if (kind === 'adf') {
      throw new RichTextInputError(
        field,
        flavor === 'datacenter'
          ? 'Data Center takes wiki markup, not ADF; send text, markdown or wiki'
          : 'ADF cannot be mixed with wiki markup in one request; send this field as text or markdown, or the others as ADF',
      );
    } else {
      bodies.set(field, toWiki(field, source, kind));
    }
  }
  return { dialect, bodies };
}

/** One source on its own (a write with a single rich-text field). */
export function jiraRichText(field: string, source: RichTextSource, flavor: JiraFlavor): JiraRichText {
  const { dialect, bodies } = jiraRichTexts([{ field, source }], flavor);
  const value = bodies.get(field) as string | AdfDocument;
  return dialect === 'wiki' ? { dialect, value: value as string } : { dialect, value: value as AdfDocument };
}

function sourceKind(field: string, source: RichTextSource): SourceKind {
  const set = SOURCE_KINDS.filter((kind) => source[kind] !== null && source[kind] !== undefined);
  if (set.length !== 1) {
    const given = set.length === 0 ? 'none was given' : `${set.join(' and ')} were given`;
    throw new RichTextInputError(field, `send exactly one of text, markdown, wiki or adf (${given})`);
  }
  const kind = set[0] as SourceKind;
  if (kind !== 'adf' && typeof source[kind] !== 'string')
    throw new RichTextInputError(field, `${kind} must be a string`);
  return kind;
}

function toWiki(field: string, source: RichTextSource, kind: Exclude<SourceKind, 'adf'>): string {
  if (kind === 'wiki') {
    const wiki = source.wiki as string;
    if (wiki.length > MAX_JIRA_TEXT_CHARACTERS) {
      throw new RichTextInputError(field, `wiki is ${wiki.length} characters; Jira takes at most 32,767`);
    }
    return wiki;
  }
  const input = checkedSource(field, source, kind);
  const wiki = convertMarkdownSafely(field, () =>
    kind === 'text' ? plainTextToWiki(input) : markdownToWiki(input),
  );
  if (wiki.length > MAX_JIRA_TEXT_CHARACTERS) {
    throw new RichTextInputError(
      field,
      `${kind} is ${wiki.length} characters as Jira wiki markup (special characters are escaped); Jira takes at most 32,767`,
    );
  }
  return wiki;
}

function toAdf(field: string, source: RichTextSource, kind: Exclude<SourceKind, 'wiki'>): AdfDocument {
  let document: AdfDocument;
  if (kind === 'adf') {
    const check = checkAdfDocument(source.adf);
    if (!check.ok) throw new RichTextInputError(field, `adf ${check.reason}`);
    document = check.document;
  } else {
    const input = checkedSource(field, source, kind);
    document = convertMarkdownSafely(field, () =>
      kind === 'text' ? plainTextToAdf(input) : markdownToAdf(input),
    );
    if (Buffer.byteLength(JSON.stringify(document), 'utf8') > MAX_ADF_BYTES) {
      throw new RichTextInputError(field, `${kind} is larger than 1 MiB as an ADF document`);
    }
  }
  const length = adfTextLength(document);
  if (length > MAX_JIRA_TEXT_CHARACTERS) {
    throw new RichTextInputError(
      field,
      `${kind} holds ${length} characters of text; Jira takes at most 32,767`,
    );
  }
  return document;
}

function checkedSource(field: string, source: RichTextSource, kind: 'text' | 'markdown'): string {
  const input = source[kind] as string;
  if (input.length > MAX_SOURCE_CHARACTERS) {
    throw new RichTextInputError(field, `${kind} is ${input.length} characters; Jira takes at most 32,767`);
  }
  return input;
}

function convertMarkdownSafely<T>(field: string, convert: () => T): T {
  try {
    return convert();
  } catch (error) {
    if (error instanceof MarkdownNestingError)
      throw new RichTextInputError(field, `markdown ${error.message}`);
    throw error;
  }
}
