// A Markdown document written as Atlassian Document Format (Jira Cloud's
// /rest/api/3). Only nodes and marks that Jira Cloud documents for its rich
// text fields are written: paragraph, heading, text, hardBreak, codeBlock,
// blockquote, bulletList, orderedList, listItem, table, tableRow,
// tableHeader, tableCell and rule; marks strong, em, strike, code and link.
// ADF nests less freely than Markdown, so content that a container may not
// hold is reduced to what it may:
// - a blockquote holds paragraphs, lists and code blocks: a heading in it
//   becomes a paragraph, a quote in it is merged into it, a table becomes one
//   paragraph a row ("a | b"), a rule is left out;
// - a list item holds the same, and starts with a paragraph or a code block
//   (an empty paragraph is put first when it would start with a list);
// - a code mark goes with no mark but a link, so code inside bold is code;
// - text nodes are never empty (Jira refuses them); an empty code block has
//   no content.
import type { AdfDocument, AdfNode } from './adf-document.ts';
import { parseMarkdown } from './markdown-document.ts';
import type { RichBlock, RichDocument, RichInline } from './rich-document.ts';

type Mark = NonNullable<AdfNode['marks']>[number];

/** Where blocks are written: each container holds a different set of block nodes. */
type Container = 'doc' | 'quote' | 'listItem';

/** Markdown as an ADF document. */
export function markdownToAdf(markdown: string): AdfDocument {
  return documentToAdf(parseMarkdown(markdown));
}

export function documentToAdf(document: RichDocument): AdfDocument {
  return { type: 'doc', version: 1, content: renderBlocks(document, 'doc') };
}

function renderBlocks(blocks: RichBlock[], container: Container): AdfNode[] {
  return blocks.flatMap((block) => renderBlock(block, container));
}

function renderBlock(block: RichBlock, container: Container): AdfNode[] {
  switch (block.kind) {
    case 'paragraph':
      return [paragraph(renderInlines(block.inlines, []))];
    case 'heading': {
      const content = renderInlines(block.inlines, [], false);
      if (container !== 'doc') return [paragraph(content)];
      return [{ type: 'heading', attrs: { level: block.level }, content }];
    }
    case 'code': {
      const node: AdfNode = { type: 'codeBlock' };
      if (block.language !== null) node.attrs = { language: block.language };
      if (block.text !== '') node.content = [{ type: 'text', text: block.text }];
      return [node];
    }
    case 'quote': {
      const content = renderBlocks(block.blocks, 'quote');
      if (container !== 'doc') return content;
      return content.length > 0 ? [{ type: 'blockquote', content }] : [];
    }
    case 'list':
      return [renderList(block)];
    case 'table':
      if (container === 'doc') return [renderTable(block.header, block.rows)];
      return [block.header, ...block.rows]
        .filter((row) => row.length > 0)
        .map((row) => paragraph(joinCells(row)));
    case 'rule':
      return container === 'doc' ? [{ type: 'rule' }] : [];
  }
}

function renderList(list: Extract<RichBlock, { kind: 'list' }>): AdfNode {
  const items = list.items.map((item): AdfNode => {
    const content = renderBlocks(item, 'listItem');
    const first = content[0];
    if (first === undefined || (first.type !== 'paragraph' && first.type !== 'codeBlock')) {
      content.unshift(paragraph([]));
    }
    return { type: 'listItem', content };
  });
  if (!list.ordered) return { type: 'bulletList', content: items };
  return { type: 'orderedList', attrs: { order: list.start }, content: items };
}

function renderTable(header: RichInline[][], rows: RichInline[][][]): AdfNode {
  const row = (cells: RichInline[][], cellType: 'tableHeader' | 'tableCell'): AdfNode => ({
    type: 'tableRow',
    content: cells.map((cell) => ({ type: cellType, content: [paragraph(renderInlines(cell, []))] })),
  });
  const content: AdfNode[] = [];
  if (header.length > 0) content.push(row(header, 'tableHeader'));
  for (const cells of rows) content.push(row(cells, 'tableCell'));
  return { type: 'table', attrs: { isNumberColumnEnabled: false, layout: 'default' }, content };
}

/** A table row as one line of inline content, cells separated by " | ". */
function joinCells(cells: RichInline[][]): AdfNode[] {
  return cells.flatMap((cell, index) => {
    const content = renderInlines(cell, []);
    return index === 0 ? content : [{ type: 'text', text: ' | ' }, ...content];
  });
}

function paragraph(content: AdfNode[]): AdfNode {
  return { type: 'paragraph', content };
}

/**
 * Inline content as text nodes with marks. `breaks` false writes a line break
 * as a space (a heading is one line).
 */
function renderInlines(inlines: RichInline[], marks: Mark[], breaks = true): AdfNode[] {
  const nodes: AdfNode[] = [];
  for (const inline of inlines) {
    for (const node of renderInline(inline, marks, breaks)) appendMerged(nodes, node);
  }
  return nodes;
}

function renderInline(inline: RichInline, marks: Mark[], breaks: boolean): AdfNode[] {
  switch (inline.kind) {
    case 'text':
      return [textNode(inline.text, marks)];
    case 'break':
      return [breaks ? { type: 'hardBreak' } : textNode(' ', marks)];
    case 'strong':
    case 'em':
    case 'strike':
      return renderInlines(inline.children, withMark(marks, { type: inline.kind }), breaks);
    case 'code':
      // ADF's code mark combines with a link only.
      return [textNode(inline.text, [...marks.filter((mark) => mark.type === 'link'), { type: 'code' }])];
    case 'link':
      return renderInlines(
        inline.children,
        withMark(
          marks.filter((mark) => mark.type !== 'link'),
          { type: 'link', attrs: { href: inline.href } },
        ),
        breaks,
      );
  }
}

function withMark(marks: Mark[], mark: Mark): Mark[] {
  return marks.some((existing) => existing.type === mark.type) ? marks : [...marks, mark];
}

function textNode(text: string, marks: Mark[]): AdfNode {
  return marks.length > 0 ? { type: 'text', text, marks } : { type: 'text', text };
}

/** Appends a node, joining text to a text node just before it with the same marks; empty text is dropped. */
function appendMerged(nodes: AdfNode[], node: AdfNode): void {
  if (node.type === 'text' && !node.text) return;
  const last = nodes[nodes.length - 1];
  if (last?.type === 'text' && node.type === 'text' && sameMarks(last.marks, node.marks)) {
    last.text = `${last.text}${node.text}`;
    return;
  }
  nodes.push(node);
}

function sameMarks(a: Mark[] | undefined, b: Mark[] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}
