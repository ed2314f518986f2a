// Jira's rich-text formats. The sandbox stores wiki markup (what Data Center
// and Cloud's /rest/api/2 speak); Cloud's /rest/api/3 speaks Atlassian
// Document Format, and renderedFields want HTML. Only the wiki subset the
// generator and typical clients produce is covered: headings, paragraphs,
// bullet/numbered lists, code blocks, quotes, rules and the strong, em, code,
// strike and link marks. Wiki -> ADF -> wiki is stable for that subset.

export interface AdfMark {
  type: string;
  attrs?: Record<string, unknown>;
}

export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  text?: string;
  marks?: AdfMark[];
}

export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

// ---------------------------------------------------------------- wiki -> ADF

type ListKind = 'bulletList' | 'orderedList';

const HEADING = /^h([1-6])\.\s+(.*)$/;
// "* item" is a list item while "*bold* text" is not: a bullet needs a space.
const LIST_ITEM = /^([*#-]+)\s+(.*)$/;
const CODE_OPEN = /^\{(code|noformat)(?::([^}]*))?\}(.*)$/;

export function wikiToAdf(wiki: string | null): AdfDoc {
  const lines = (wiki ?? '').replace(/\r\n?/g, '\n').split('\n');
  const content: AdfNode[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) content.push(paragraphNode(paragraph));
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const code = CODE_OPEN.exec(line.trim());
    if (code) {
      flush();
      i = readCodeBlock(lines, i, code, content);
      continue;
    }
    const heading = HEADING.exec(line.trim());
    const item = LIST_ITEM.exec(line.trim());
    if (line.trim() === '') flush();
    else if (heading) {
      flush();
      content.push({
        type: 'heading',
        attrs: { level: Number(heading[1]) },
        content: inlineNodes(heading[2] ?? ''),
      });
    } else if (/^-{4,}$/.test(line.trim())) {
      flush();
      content.push({ type: 'rule' });
    } else if (line.trim().startsWith('bq. ')) {
      flush();
      content.push({ type: 'blockquote', content: [paragraphNode([line.trim().slice(4)])] });
    } else if (item) {
      flush();
      i = readList(lines, i, content);
    } else paragraph.push(line);
  }
  flush();
  return { type: 'doc', version: 1, content };
}

function paragraphNode(lines: string[]): AdfNode {
  const content: AdfNode[] = [];
  lines.forEach((line, i) => {
    if (i > 0) content.push({ type: 'hardBreak' });
    content.push(...inlineNodes(line));
  });
  return content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' };
}

function readCodeBlock(lines: string[], start: number, open: RegExpExecArray, out: AdfNode[]): number {
  const tag = open[1] ?? 'code';
  const closing = `{${tag}}`;
  const body: string[] = [];
  const first = open[3] ?? '';
  let i = start;
  if (first.includes(closing)) {
    body.push(first.slice(0, first.indexOf(closing)));
  } else {
    if (first !== '') body.push(first);
    for (i = start + 1; i < lines.length; i++) {
      const line = lines[i] ?? '';
      const at = line.indexOf(closing);
      if (at !== -1) {
        if (at > 0) body.push(line.slice(0, at));
        break;
      }
      body.push(line);
    }
  }
  const node: AdfNode = { type: 'codeBlock' };
  const language = tag === 'code' ? languageOf(open[2]) : undefined;
  if (language) node.attrs = { language };
  const text = body.join('\n');
  if (text !== '') node.content = [{ type: 'text', text }];
  out.push(node);
  return i;
}

function languageOf(params: string | undefined): string | undefined {
  if (!params) return undefined;
  const first = params.split('|')[0] ?? '';
  return first.includes('=') ? undefined : first.trim() || undefined;
}

/** Consumes consecutive list lines from `start`, nesting by bullet depth. */
function readList(lines: string[], start: number, out: AdfNode[]): number {
  const items: Array<{ depth: number; kind: ListKind; text: string }> = [];
  let i = start;
  for (; i < lines.length; i++) {
    const match = LIST_ITEM.exec((lines[i] ?? '').trim());
    if (!match) break;
    const bullets = match[1] ?? '*';
    items.push({
      depth: bullets.length,
      kind: bullets.endsWith('#') ? 'orderedList' : 'bulletList',
      text: match[2] ?? '',
    });
  }
  let pos = 0;
  const build = (depth: number): AdfNode => {
    const kind = items[pos]?.kind ?? 'bulletList';
    const list: AdfNode = { type: kind, content: [] };
    while (pos < items.length) {
      const item = items[pos];
      if (!item || item.depth < depth) break;
      if (item.depth > depth) {
        const last = list.content?.at(-1);
        const nested = build(depth + 1);
        if (last) last.content?.push(nested);
        else list.content?.push({ type: 'listItem', content: [nested] });
        continue;
      }
      list.content?.push({ type: 'listItem', content: [paragraphNode([item.text])] });
      pos++;
    }
    return list;
  };
  while (pos < items.length) out.push(build(items[pos]?.depth ?? 1));
  return i - 1;
}

interface InlineRule {
  pattern: RegExp;
  mark: (m: RegExpExecArray) => AdfMark;
  /** Group holding the marked text. */
  group: number;
}

// Delimited marks only count at word boundaries, as Jira's renderer does, so
// "snake_case_name" or "2*3*4" stay plain text.
const INLINE_RULES: InlineRule[] = [
  { pattern: /\{\{(.+?)\}\}/y, mark: () => ({ type: 'code' }), group: 1 },
  {
    pattern: /\[([^|\]]+)\|([^\]]+)\]/y,
    mark: (m) => ({ type: 'link', attrs: { href: (m[2] ?? '').trim() } }),
    group: 1,
  },
  {
    pattern: /\[((?:https?|mailto):[^\]\s]+)\]/y,
    mark: (m) => ({ type: 'link', attrs: { href: m[1] } }),
    group: 1,
  },
  { pattern: /\*(?=\S)(.+?)(?<=\S)\*(?!\w)/y, mark: () => ({ type: 'strong' }), group: 1 },
  { pattern: /_(?=\S)(.+?)(?<=\S)_(?!\w)/y, mark: () => ({ type: 'em' }), group: 1 },
  { pattern: /-(?=\S)(.+?)(?<=\S)-(?!\w)/y, mark: () => ({ type: 'strike' }), group: 1 },
];

function inlineNodes(text: string, inherited: AdfMark[] = []): AdfNode[] {
  const out: AdfNode[] = [];
  let plain = '';
  const pushText = (value: string, marks: AdfMark[]): void => {
    if (value === '') return;
    const node: AdfNode = { type: 'text', text: value };
    if (marks.length > 0) node.marks = marks;
    out.push(node);
  };
  let i = 0;
  while (i < text.length) {
    const boundary = i === 0 || !/\w/.test(text[i - 1] ?? '');
    const match = boundary ? matchInline(text, i) : null;
    if (!match) {
      plain += text[i];
      i++;
      continue;
    }
    pushText(plain, inherited);
    plain = '';
    const [m, rule] = match;
    const mark = rule.mark(m);
    const marks = [...inherited, mark];
    // Code spans and links hold literal text; the other marks may nest.
    if (mark.type === 'code' || mark.type === 'link') pushText(m[rule.group] ?? '', marks);
    else out.push(...inlineNodes(m[rule.group] ?? '', marks));
    i += m[0].length;
  }
  pushText(plain, inherited);
  return out;
}

function matchInline(text: string, at: number): [RegExpExecArray, InlineRule] | null {
  for (const rule of INLINE_RULES) {
    rule.pattern.lastIndex = at;
    const m = rule.pattern.exec(text);
    if (m) return [m, rule];
  }
  return null;
}

// ---------------------------------------------------------------- ADF -> wiki

export function adfToWiki(doc: AdfDoc | AdfNode): string {
  return blocksToWiki(doc.content ?? [], 0)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function blocksToWiki(nodes: AdfNode[], depth: number, bullet = ''): string[] {
  const out: string[] = [];
  const separate = (): void => {
    if (depth === 0 && out.length > 0) out.push('');
  };
  for (const node of nodes) {
    switch (node.type) {
      case 'paragraph':
        separate();
        out.push(inlineToWiki(node.content ?? []));
        break;
      case 'heading':
        separate();
        out.push(`h${Number(node.attrs?.level ?? 1)}. ${inlineToWiki(node.content ?? [])}`);
        break;
      case 'bulletList':
      case 'orderedList': {
        separate();
        const next = bullet + (node.type === 'bulletList' ? '*' : '#');
        for (const item of node.content ?? []) out.push(...listItemToWiki(item, next));
        break;
      }
      case 'codeBlock': {
        separate();
        const language = typeof node.attrs?.language === 'string' ? `:${node.attrs.language}` : '';
        out.push(`{code${language}}`, plainText(node), '{code}');
        break;
      }
      case 'blockquote':
        separate();
        out.push(`bq. ${blocksToWiki(node.content ?? [], depth + 1).join(' ')}`);
        break;
      case 'rule':
        separate();
        out.push('----');
        break;
      default:
        if (node.content) out.push(...blocksToWiki(node.content, depth, bullet));
        else out.push(inlineToWiki([node]));
    }
  }
  return out;
}

function listItemToWiki(item: AdfNode, bullet: string): string[] {
  const lines: string[] = [];
  for (const child of item.content ?? []) {
    if (child.type === 'bulletList' || child.type === 'orderedList') {
      lines.push(...blocksToWiki([child], 1, bullet));
    } else if (lines.length === 0) lines.push(`${bullet} ${inlineToWiki(child.content ?? [child])}`);
    else lines.push(inlineToWiki(child.content ?? [child]));
  }
  return lines;
}

const WIKI_MARKS: Record<string, [string, string]> = {
  strong: ['*', '*'],
  em: ['_', '_'],
  strike: ['-', '-'],
  underline: ['+', '+'],
  code: ['{{', '}}'],
};

function inlineToWiki(nodes: AdfNode[]): string {
  return nodes
    .map((node) => {
      if (node.type === 'hardBreak') return '\n';
      if (node.type === 'mention') return `[~accountid:${String(node.attrs?.id ?? '')}]`;
      if (node.type === 'inlineCard') return `[${String(node.attrs?.url ?? '')}]`;
      if (node.type !== 'text') return inlineToWiki(node.content ?? []);
      let text = node.text ?? '';
      for (const mark of node.marks ?? []) {
        const wrap = WIKI_MARKS[mark.type];
        if (wrap) text = `${wrap[0]}${text}${wrap[1]}`;
        else if (mark.type === 'link') text = `[${text}|${String(mark.attrs?.href ?? '')}]`;
      }
      return text;
    })
    .join('');
}

/** The text of a node and its descendants, without markup. */
export function plainText(node: AdfNode): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return '\n';
  return (node.content ?? []).map(plainText).join('');
}

// ---------------------------------------------------------------- HTML

export function wikiToHtml(wiki: string | null): string {
  if (wiki === null || wiki === '') return '';
  return wikiToAdf(wiki).content.map(blockToHtml).join('\n');
}

function blockToHtml(node: AdfNode): string {
  const inner = (): string => inlineHtml(node.content ?? []);
  switch (node.type) {
    case 'paragraph':
      return `<p>${inner()}</p>`;
    case 'heading': {
      const level = Number(node.attrs?.level ?? 1);
      return `<h${level}>${inner()}</h${level}>`;
    }
    case 'bulletList':
      return `<ul>\n${(node.content ?? []).map((item) => `\t<li>${listItemHtml(item)}</li>`).join('\n')}\n</ul>`;
    case 'orderedList':
      return `<ol>\n${(node.content ?? []).map((item) => `\t<li>${listItemHtml(item)}</li>`).join('\n')}\n</ol>`;
    case 'codeBlock': {
      const language = typeof node.attrs?.language === 'string' ? node.attrs.language : 'java';
      return `<div class="code panel" style="border-width: 1px;"><div class="codeContent panelContent">\n<pre class="code-${escapeHtml(language)}">${escapeHtml(plainText(node))}</pre>\n</div></div>`;
    }
    case 'blockquote':
      return `<blockquote>${(node.content ?? []).map(blockToHtml).join('')}</blockquote>`;
    case 'rule':
      return '<hr />';
    default:
      return inner();
  }
}

function listItemHtml(item: AdfNode): string {
  return (item.content ?? [])
    .map((child) => (child.type === 'paragraph' ? inlineHtml(child.content ?? []) : blockToHtml(child)))
    .join('');
}

const HTML_MARKS: Record<string, [string, string]> = {
  strong: ['<b>', '</b>'],
  em: ['<em>', '</em>'],
  strike: ['<del>', '</del>'],
  underline: ['<ins>', '</ins>'],
  code: ['<tt>', '</tt>'],
};

function inlineHtml(nodes: AdfNode[]): string {
  return nodes
    .map((node) => {
      if (node.type === 'hardBreak') return '<br/>\n';
      let html = escapeHtml(node.text ?? '');
      for (const mark of node.marks ?? []) {
        const wrap = HTML_MARKS[mark.type];
        if (wrap) html = `${wrap[0]}${html}${wrap[1]}`;
        else if (mark.type === 'link') {
          const href = escapeHtml(String(mark.attrs?.href ?? ''));
          html = `<a href="${href}" class="external-link" rel="nofollow">${html}</a>`;
        }
      }
      return html;
    })
    .join('');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// ---------------------------------------------------------------- validation

/** Whether a value is an Atlassian Document: {type:"doc", version:1, content:[nodes]}. */
export function isAdfDoc(value: unknown): value is AdfDoc {
  if (!isRecord(value)) return false;
  return (
    value.type === 'doc' &&
    value.version === 1 &&
    Array.isArray(value.content) &&
    value.content.every(isAdfNode)
  );
}

function isAdfNode(value: unknown): boolean {
  if (!isRecord(value) || typeof value.type !== 'string') return false;
  if (value.text !== undefined && typeof value.text !== 'string') return false;
  if (value.content !== undefined && (!Array.isArray(value.content) || !value.content.every(isAdfNode)))
    return false;
  return value.marks === undefined || (Array.isArray(value.marks) && value.marks.every(isRecord));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
