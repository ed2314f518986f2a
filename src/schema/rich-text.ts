// Descriptions and comment bodies: wiki markup on Data Center (and Cloud's
// v2 API), Atlassian Document Format on Cloud v3. Callers get plain text on
// both flavours, the raw form as Jira sent it, and Jira's rendered HTML when
// the renderedFields expand brought it.
import { authenticated } from '../auth/field-scopes.ts';
import { obj } from '../jira/json.ts';
import { builder } from './builder.ts';
import { scopeRawJson } from './raw-json-scopes.ts';

export interface RichTextShape {
  /** A wiki string or an ADF document. */
  raw: unknown;
  /** Jira's rendered HTML, when asked for. */
  html: string | null;
}

/** Plain text of an ADF document: block nodes end lines, hard breaks break them. */
export function adfText(doc: unknown): string {
  const out: string[] = [];
  const blocks = new Set([
    'paragraph',
    'heading',
    'codeBlock',
    'blockquote',
    'listItem',
    'rule',
    'panel',
    'tableRow',
  ]);
  const walk = (node: unknown): void => {
    const n = obj(node);
    if (n.type === 'text' && typeof n.text === 'string') out.push(n.text);
    else if (n.type === 'hardBreak') out.push('\n');
    else if (n.type === 'mention') out.push(String(obj(n.attrs).text ?? ''));
    if (Array.isArray(n.content)) for (const child of n.content) walk(child);
    if (typeof n.type === 'string' && blocks.has(n.type)) out.push('\n');
  };
  walk(doc);
  return out
    .join('')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// Jira's backslash escapes (the characters its renderer shows literally after
// a backslash) and the character references the gateway's own writes use
// (wiki-escape.ts) for what has no escape.
const BACKSLASH_ESCAPE = /\\([-#*_+?^~|%{}[\]()!@])/g;
const CHARACTER_REFERENCE = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(amp|lt|gt|quot|apos));/gi;
const NAMED_REFERENCE: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// Escaped characters wait in the Private Use Area while markup is stripped, so
// "\*" is never read as emphasis; code bodies wait as numbered slots.
const PROTECTED_BASE = 0xf000;
const PROTECTED = /[\uf000-\uf07f]/g;
const CODE_SLOT = /\ue000(\d+)\ue001/g;

function characterOf(_m: string, decimal?: string, hex?: string, name?: string): string {
  if (name !== undefined) return NAMED_REFERENCE[name.toLowerCase()] ?? _m;
  const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex ?? '', 16);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : _m;
}

/**
 * Plain text of Jira wiki markup: headings, emphasis, code and link markup
 * removed, escapes and character references read back, so text the gateway
 * wrote (plainTextToWiki) reads back as it was typed. Code and noformat
 * bodies are literal in Jira, so they are kept as they are.
 */
export function wikiText(wiki: string): string {
  const code: string[] = [];
  const text = wiki
    .replace(/\{code(?::[^}]*)?\}([\s\S]*?)\{code\}|\{noformat\}([\s\S]*?)\{noformat\}/g, (_m, a, b) => {
      code.push(String(a ?? b ?? ''));
      return `\ue000${code.length - 1}\ue001`;
    })
    // A forced line break.
    .replace(/ ?\\\\ ?/g, '\n')
    .replace(BACKSLASH_ESCAPE, (_m, c: string) => String.fromCharCode(PROTECTED_BASE + c.charCodeAt(0)))
    .replace(/^h[1-6]\.\s*/gm, '')
    .replace(/^\s*[*#-]+\s+/gm, '')
    .replace(/\[([^|\]]+)\|[^\]]+\]/g, '$1')
    .replace(/\[([^\]]+)\]/g, '$1')
    .replace(/(^|[\s(])[*_+-]([^\s*_+-][^*_+]*?)[*_+-](?=[\s.,;:!?)]|$)/g, '$1$2')
    .replace(/\{\{([^}]*)\}\}/g, '$1')
    .replace(PROTECTED, (c) => String.fromCharCode(c.charCodeAt(0) - PROTECTED_BASE))
    .replace(CHARACTER_REFERENCE, characterOf)
    .replace(CODE_SLOT, (_m, i: string) => code[Number(i)] ?? '');
  return text.trim();
}

export function plainText(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  return typeof raw === 'string' ? wikiText(raw) : adfText(raw);
}

/** Its fields need only a valid token: the field that returns it carries the scope. */
export const RichTextRef = builder.objectRef<RichTextShape>('RichText').implement({
  description: 'Rich text: plain text on both flavours, the raw form Jira sent, and rendered HTML.',
  fields: (t) => ({
    text: t.string({ extensions: authenticated(), resolve: (r) => plainText(r.raw) }),
    raw: t.string({
      description: 'Wiki markup (Data Center), or the Atlassian Document Format document as JSON (Cloud).',
      extensions: authenticated(),
      // ADF is raw Jira JSON: it goes out under the caller's scopes like any other (raw-json-scopes.ts).
      resolve: (r, _args, ctx) =>
        typeof r.raw === 'string' ? r.raw : JSON.stringify(scopeRawJson(r.raw, ctx.scopes)),
    }),
    format: t.string({
      description: 'wiki or adf.',
      extensions: authenticated(),
      resolve: (r) => (typeof r.raw === 'string' ? 'wiki' : 'adf'),
    }),
    html: t.string({
      nullable: true,
      description: "Jira's rendered HTML (the gateway asks Jira for renderedFields when this is selected).",
      extensions: authenticated(),
      resolve: (r) => r.html,
    }),
  }),
});
