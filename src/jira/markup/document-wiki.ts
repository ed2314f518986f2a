// A Markdown document written as Jira wiki markup (Data Center, and Cloud's
// /rest/api/2). All text goes through escapeWikiText, so the only markup in
// the result is what this module writes; link targets come checked from
// link-target.ts. Known gaps, where wiki markup has no equivalent:
// - emphasis inside a word ("foo**bar**baz") is written without its
//   markers: Jira's *, _ and - need a non-letter on both sides, and would
//   otherwise show as typed;
// - an ordered list's start number is lost (wiki lists count from 1);
// - a list item holds one line: its further paragraphs follow a line break,
//   a code block, quote or table in it is written after the item's line, and
//   an empty item is left out;
// - a quote inside a quote is written as part of the outer one (Jira's
//   {quote} does not nest);
// - code in a language Jira's {code} does not know is {noformat}; code whose
//   text holds "{code}" is {noformat} and one holding "{noformat}" is {code},
//   since the tag would end the block early; one holding both is escaped
//   text, not monospaced.
import { parseMarkdown } from './markdown-document.ts';
import type { RichBlock, RichDocument, RichInline } from './rich-document.ts';
import { escapeWikiText } from './wiki-escape.ts';

/** Markdown as Jira wiki markup. */
export function markdownToWiki(markdown: string): string {
  return documentToWiki(parseMarkdown(markdown));
}

export function documentToWiki(document: RichDocument): string {
  return renderBlocks(document, false);
}

// A line break inside a line-bound construct (a heading, a list item, a table
// cell, a styled run) is Jira's forced break "\\"; the space after it keeps
// it from swallowing a backslash escape that follows.
const FORCED_BREAK = ' \\\\ ';

function renderBlocks(blocks: RichBlock[], inQuote: boolean): string {
  return blocks
    .map((block) => renderBlock(block, inQuote))
    .filter((text) => text !== '')
    .join('\n\n');
}

function renderBlock(block: RichBlock, inQuote: boolean): string {
  switch (block.kind) {
    case 'paragraph':
      return renderInlines(block.inlines, '\n');
    case 'heading': {
      const text = renderInlines(block.inlines, ' ');
      return text.trim() === '' ? '' : `h${block.level}. ${text}`;
    }
    case 'code':
      return renderCode(block.language, block.text);
    case 'quote': {
      const inner = renderBlocks(block.blocks, true);
      if (inQuote || inner === '') return inner;
      return `{quote}\n${inner}\n{quote}`;
    }
    case 'list':
      return renderList(block, '', inQuote);
    case 'table':
      return renderTable(block.header, block.rows);
    case 'rule':
      return '----';
  }
}

function renderList(
  list: Extract<RichBlock, { kind: 'list' }>,
  outerMarkers: string,
  inQuote: boolean,
): string {
  const markers = outerMarkers + (list.ordered ? '#' : '*');
  const lines: string[] = [];
  for (const item of list.items) {
    const lineParts: string[] = [];
    const after: string[] = [];
    for (const block of item) {
      if (block.kind === 'list') after.push(renderList(block, markers, inQuote));
      else if (block.kind === 'paragraph' || block.kind === 'heading') {
        const text = renderInlines(block.inlines, FORCED_BREAK);
        if (text !== '') (after.length === 0 ? lineParts : after).push(text);
      } else after.push(renderBlock(block, inQuote));
    }
    // An item with no text of its own (an empty one, or only a nested list)
    // gets no line: Jira starts a nested list without a parent line.
    if (lineParts.length > 0) lines.push(`${markers} ${lineParts.join(FORCED_BREAK)}`);
    lines.push(...after.filter((text) => text !== ''));
  }
  return lines.join('\n');
}

function renderTable(header: RichInline[][], rows: RichInline[][][]): string {
  const cell = (inlines: RichInline[]) => {
    const text = renderInlines(inlines, FORCED_BREAK).trim();
    return text === '' ? ' ' : ` ${text} `;
  };
  const lines: string[] = [];
  if (header.length > 0) lines.push(`||${header.map(cell).join('||')}||`);
  for (const row of rows) lines.push(`|${row.map(cell).join('|')}|`);
  return lines.join('\n');
}

// Languages Jira's {code} macro highlights, by the names Markdown uses for
// them. Any other language is written as {noformat}: {code} with an unknown
// language shows an error box on Data Center.
const WIKI_CODE_LANGUAGES: Record<string, string> = {
  actionscript: 'actionscript',
  ada: 'ada',
  applescript: 'applescript',
  bash: 'bash',
  sh: 'bash',
  shell: 'bash',
  zsh: 'bash',
  c: 'c',
  'c#': 'c#',
  cs: 'c#',
  csharp: 'c#',
  'c++': 'cpp',
  cpp: 'cpp',
  css: 'css',
  erlang: 'erlang',
  go: 'go',
  golang: 'go',
  groovy: 'groovy',
  haskell: 'haskell',
  html: 'html',
  java: 'java',
  javascript: 'javascript',
  js: 'javascript',
  jsx: 'javascript',
  ts: 'javascript',
  tsx: 'javascript',
  typescript: 'javascript',
  json: 'json',
  lua: 'lua',
  objc: 'objc',
  'objective-c': 'objc',
  perl: 'perl',
  php: 'php',
  python: 'python',
  py: 'python',
  r: 'r',
  ruby: 'ruby',
  rb: 'ruby',
  scala: 'scala',
  sql: 'sql',
  swift: 'swift',
  vb: 'visualbasic',
  visualbasic: 'visualbasic',
  xml: 'xml',
  yaml: 'yaml',
  yml: 'yaml',
};

const CODE_TAG = /\{code(?:[:}])/i;
const NOFORMAT_TAG = /\{noformat(?:[:}])/i;

/** A code block: its text is raw inside the macro, so a macro its text would end early is not used. */
function renderCode(language: string | null, text: string): string {
  const wikiLanguage = language === null ? undefined : WIKI_CODE_LANGUAGES[language];
  const canCode = !CODE_TAG.test(text);
  const canNoformat = !NOFORMAT_TAG.test(text);
  if (wikiLanguage !== undefined && canCode) return `{code:${wikiLanguage}}\n${text}\n{code}`;
  if (canNoformat) return `{noformat}\n${text}\n{noformat}`;
  if (canCode) return `{code}\n${text}\n{code}`;
  return escapeWikiText(text);
}

/** A rendered inline: a styled run keeps its content apart, in case its markers must go. */
type RenderedInline = { text: string; unstyled?: string };

/** Inline content; `lineBreak` is what a line break becomes here. */
function renderInlines(inlines: RichInline[], lineBreak: string): string {
  const parts = inlines.map((inline) => renderInline(inline, lineBreak));
  return parts
    .map((part, i) => {
      if (part.unstyled === undefined) return part.text;
      // Markers touching a letter or digit outside them would not render: leave them out.
      const before = parts[i - 1]?.text.slice(-1) ?? '';
      const after = parts[i + 1]?.text.slice(0, 1) ?? '';
      const touching = WORD_CHARACTER.test(before) || WORD_CHARACTER.test(after);
      return touching ? part.unstyled : part.text;
    })
    .join('');
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

function renderInline(inline: RichInline, lineBreak: string): RenderedInline {
  switch (inline.kind) {
    case 'text':
      return { text: escapeWikiText(inline.text.replace(/\n/g, ' ')) };
    case 'break':
      return { text: lineBreak };
    case 'strong':
      return styled('*', renderInlines(inline.children, FORCED_BREAK));
    case 'em':
      return styled('_', renderInlines(inline.children, FORCED_BREAK));
    case 'strike':
      return styled('-', renderInlines(inline.children, FORCED_BREAK));
    case 'code':
      return styled('{{', escapeWikiText(inline.text.replace(/\n/g, ' ')), '}}');
    case 'link': {
      // Jira splits a link at its first "|" and ends it at "]" before it reads escapes: references keep them in the text.
      const text = renderInlines(inline.children, ' ').replace(
        /\\([|[\]])/g,
        (_, c: string) => `&#${c.charCodeAt(0)};`,
      );
      return { text: text.trim() === '' ? `[${inline.href}]` : `[${text}|${inline.href}]` };
    }
  }
}

function styled(open: string, content: string, close = open): RenderedInline {
  return { text: wrap(open, content, close), unstyled: content };
}

/**
 * Wraps text in a phrase marker. Jira reads "*x*" only when no space follows
 * the opening marker or precedes the closing one, so edge spaces move outside.
 */
function wrap(open: string, text: string, close = open): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(text) as RegExpExecArray;
  const [, lead, core, trail] = match;
  if (core === '') return text;
  return `${lead}${open}${core}${close}${trail}`;
}
