// Plain text as an ADF document: a blank line (or one holding only spaces)
// separates paragraphs, a single newline is a hardBreak, and there are no
// marks, so nothing in the text is formatting. Empty text (or only blank
// lines) is a document with no content: the ADF spec lets doc hold zero
// nodes, and it is the empty document Atlassian's own tools write.
import type { AdfDocument, AdfNode } from './adf-document.ts';
import { normalizeInputText } from './input-text.ts';

export function plainTextToAdf(text: string): AdfDocument {
  const paragraphs = normalizeInputText(text)
    .split(/\n(?:[ \t]*\n)+/)
    .map((block) => block.replace(/^\n+|\n+$/g, ''))
    .filter((block) => block.trim() !== '');
  return { type: 'doc', version: 1, content: paragraphs.map(paragraphOf) };
}

function paragraphOf(block: string): AdfNode {
  const content: AdfNode[] = [];
  block.split('\n').forEach((line, index) => {
    if (index > 0) content.push({ type: 'hardBreak' });
    if (line !== '') content.push({ type: 'text', text: line });
  });
  return { type: 'paragraph', content };
}
