// Markdown (CommonMark with GitHub's tables, strikethrough and bare-URL links)
// read into the safe document both renderers write from (rich-document.ts).
//
// Parser: markdown-it, with this folder's own renderers. The converters that
// exist were run over the inputs of test/jira/markup when choosing, and none
// was safe to keep:
// - marklassian (Markdown -> ADF, on marked) drops raw HTML silently (text
//   lost), passes an <adf>...</adf> block through as raw ADF, keeps
//   javascript: and data: links, writes "the **docs**" for a link with
//   markup inside, and an empty text node for an empty code block, which
//   Jira refuses; md-to-adf is on a 2020 marked;
// - jira2md and @shogobg/markdown2confluence (Markdown -> wiki) do not escape
//   text, so "{html}" in prose reaches Jira as a macro, keep javascript:
//   links, turn <script> into "[script]" or "script.", and mangle tables and
//   rules; marked-jira and @faulander/md2adf are not on npm.
// marked was tried first as the parser and refused: its emphasis rules take
// quadratic time ("a_a_a_..." of 64 KiB took 4.6 s, blocking the event loop)
// and it overflows the stack on deep nesting. markdown-it stays linear, caps
// block nesting, decodes character references, keeps raw HTML as text
// (html: false), is maintained and carries its own types.
//
// What the document keeps: link targets only when link-target.ts allows them
// (otherwise the link's text alone); images as links to the image (an
// embedded external image loads from a third party in every viewer's
// browser); a single newline as a line break, as in GitHub comments and Jira.
import MarkdownIt, { type Token } from 'markdown-it';
import { normalizeInputText } from './input-text.ts';
import { safeLinkTarget } from './link-target.ts';
import type { RichBlock, RichDocument, RichInline } from './rich-document.ts';

/** Lists and quotes nested deeper than this are refused (Jira's editors stop far sooner). */
export const MAX_MARKDOWN_NESTING = 20;

export class MarkdownNestingError extends Error {
  constructor() {
    super(`lists and quotes may be nested at most ${MAX_MARKDOWN_NESTING} levels deep`);
    this.name = 'MarkdownNestingError';
  }
}

const parser = new MarkdownIt({ html: false, linkify: true, typographer: false });
// Every link is parsed as a link and judged by safeLinkTarget, so a refused
// target shows as the link's text rather than as Markdown source.
parser.validateLink = () => true;

const CODE_LANGUAGE = /^[a-z0-9_+#.-]{1,32}$/;

export function parseMarkdown(markdown: string): RichDocument {
  const tokens = parser.parse(normalizeInputText(markdown), {});
  const reader = new BlockReader(tokens);
  return reader.blocks(null, 0);
}

class BlockReader {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  /** Blocks until the token that closes `closing` (or the end), which is consumed. */
  blocks(closing: string | null, depth: number): RichBlock[] {
    if (depth > MAX_MARKDOWN_NESTING) throw new MarkdownNestingError();
    const blocks: RichBlock[] = [];
    while (this.index < this.tokens.length) {
      const token = this.tokens[this.index++] as Token;
      if (token.type === closing) return blocks;
      const block = this.block(token, depth);
      if (block) blocks.push(block);
    }
    return blocks;
  }

  private block(token: Token, depth: number): RichBlock | null {
    switch (token.type) {
      case 'paragraph_open':
        return { kind: 'paragraph', inlines: this.inlineUntil('paragraph_close') };
      case 'heading_open': {
        const level = Number(token.tag.slice(1)) as 1 | 2 | 3 | 4 | 5 | 6;
        return { kind: 'heading', level, inlines: this.inlineUntil('heading_close') };
      }
      case 'fence':
      case 'code_block':
        return { kind: 'code', language: codeLanguage(token.info), text: token.content.replace(/\n$/, '') };
      case 'blockquote_open':
        return { kind: 'quote', blocks: this.blocks('blockquote_close', depth + 1) };
      case 'bullet_list_open':
      case 'ordered_list_open':
        return this.list(token, depth);
      case 'table_open':
        return this.table();
      case 'hr':
        return { kind: 'rule' };
      case 'inline':
        return { kind: 'paragraph', inlines: readInlines(token.children ?? [], 0) };
      default:
        // html_block does not occur with html: false; anything unknown shows as its text.
        return token.content ? { kind: 'paragraph', inlines: textInlines(token.content) } : null;
    }
  }

  private list(open: Token, depth: number): RichBlock {
    const ordered = open.type === 'ordered_list_open';
    const closing = ordered ? 'ordered_list_close' : 'bullet_list_close';
    const start = Number(open.attrGet('start') ?? 1);
    const items: RichBlock[][] = [];
    while (this.index < this.tokens.length) {
      const token = this.tokens[this.index++] as Token;
      if (token.type === closing) break;
      if (token.type === 'list_item_open') items.push(this.blocks('list_item_close', depth + 1));
    }
    return { kind: 'list', ordered, start: Number.isFinite(start) ? start : 1, items };
  }

  private table(): RichBlock {
    const header: RichInline[][] = [];
    const rows: RichInline[][][] = [];
    let inHead = false;
    let row: RichInline[][] = [];
    while (this.index < this.tokens.length) {
      const token = this.tokens[this.index++] as Token;
      if (token.type === 'table_close') break;
      if (token.type === 'thead_open') inHead = true;
      else if (token.type === 'thead_close') inHead = false;
      else if (token.type === 'tr_open') row = [];
      else if (token.type === 'inline') row.push(readInlines(token.children ?? [], 0));
      else if (token.type === 'tr_close') inHead ? header.push(...row) : rows.push(row);
    }
    return { kind: 'table', header, rows };
  }

  /** The inline content of a paragraph or heading, consuming its closing token. */
  private inlineUntil(closing: string): RichInline[] {
    let inlines: RichInline[] = [];
    while (this.index < this.tokens.length) {
      const token = this.tokens[this.index++] as Token;
      if (token.type === closing) break;
      if (token.type === 'inline') inlines = readInlines(token.children ?? [], 0);
    }
    return inlines;
  }
}

function codeLanguage(info: string): string | null {
  const word = info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  return CODE_LANGUAGE.test(word) ? word : null;
}

/** Literal text, its newlines as line breaks. */
export function textInlines(text: string): RichInline[] {
  const inlines: RichInline[] = [];
  text.split('\n').forEach((line, i) => {
    if (i > 0) inlines.push({ kind: 'break' });
    if (line) inlines.push({ kind: 'text', text: line });
  });
  return inlines;
}

/**
 * Inline tokens (a flat run of open/close pairs) as nested inlines. A style
 * inside the same style ("**a **b** c**") adds nothing and is dropped, which
 * keeps styles at most three deep; markdown-it does not cap how deeply
 * emphasis nests, so anything past MAX_MARKDOWN_NESTING is dropped too. The
 * text of a dropped style is kept.
 */
function readInlines(tokens: Token[], depth: number): RichInline[] {
  let index = 0;
  // Closing tokens of dropped styles still to come, by type: pairs of one type nest, so they close in order.
  const dropped = new Map<string, number>();
  const read = (closing: string | null, level: number, active: ReadonlySet<string>): RichInline[] => {
    const out: RichInline[] = [];
    while (index < tokens.length) {
      const token = tokens[index++] as Token;
      const droppedCloses = dropped.get(token.type) ?? 0;
      if (droppedCloses > 0) {
        dropped.set(token.type, droppedCloses - 1);
        continue;
      }
      if (token.type === closing) break;
      switch (token.type) {
        case 'text':
        case 'text_special':
        case 'html_inline':
          pushText(out, token.content);
          break;
        case 'code_inline':
          if (token.content) out.push({ kind: 'code', text: token.content });
          break;
        case 'softbreak':
        case 'hardbreak':
          out.push({ kind: 'break' });
          break;
        case 'strong_open':
        case 'em_open':
        case 's_open': {
          const kind = STYLE_KINDS[token.type];
          const close = token.type.replace('_open', '_close');
          if (active.has(kind) || level >= MAX_MARKDOWN_NESTING) {
            dropped.set(close, (dropped.get(close) ?? 0) + 1);
            break;
          }
          const children = read(close, level + 1, new Set([...active, kind]));
          if (children.length > 0) out.push({ kind, children });
          break;
        }
        case 'link_open': {
          const children = read('link_close', level + 1, active);
          pushLink(out, String(token.attrGet('href') ?? ''), children);
          break;
        }
        case 'image': {
          // An image's description may hold another image: the depth goes on.
          const alt = level >= MAX_MARKDOWN_NESTING ? [] : readInlines(token.children ?? [], level + 1);
          const href = String(token.attrGet('src') ?? '');
          pushLink(out, href, alt.length > 0 ? alt : [{ kind: 'text', text: href }]);
          break;
        }
        default:
          if (token.content) pushText(out, token.content);
      }
    }
    return out;
  };
  return read(null, depth, new Set());
}

const STYLE_KINDS = { strong_open: 'strong', em_open: 'em', s_open: 'strike' } as const;

function pushLink(out: RichInline[], href: string, children: RichInline[]): void {
  const target = safeLinkTarget(href);
  const content = withoutLinks(children);
  if (target !== null) out.push({ kind: 'link', href: target, children: content });
  else for (const child of content) child.kind === 'text' ? pushText(out, child.text) : out.push(child);
}

/** A link's content with any link in it (an image inside a link) reduced to its text: links do not nest. */
function withoutLinks(inlines: RichInline[]): RichInline[] {
  return inlines.flatMap((inline): RichInline[] => {
    if (inline.kind === 'link') return withoutLinks(inline.children);
    if (inline.kind === 'strong' || inline.kind === 'em' || inline.kind === 'strike') {
      return [{ kind: inline.kind, children: withoutLinks(inline.children) }];
    }
    return [inline];
  });
}

/** Appends text, joined to a text just before it so escaping sees whole runs. */
function pushText(out: RichInline[], text: string): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last?.kind === 'text') last.text += text;
  else out.push({ kind: 'text', text });
}
