// Markdown and plain text to Atlassian Document Format (Jira Cloud). Every
// document is checked against the ADF rules Jira Cloud applies to the nodes
// the converters write (allowed children, the first child of a list item,
// non-empty text, which marks go together); a table of inputs pins the
// documents themselves; the attacks show that links keep only http(s) and
// mailto targets and that HTML (an <adf> block included) stays text.
import { describe, expect, it } from 'vitest';
import type { AdfNode } from '../../../src/jira/markup/adf-document.ts';
import { markdownToAdf } from '../../../src/jira/markup/document-adf.ts';
import { plainTextToAdf } from '../../../src/jira/markup/plain-text-adf.ts';

const INLINE = ['text', 'hardBreak'];
const LIST_ITEM_BLOCKS = ['paragraph', 'codeBlock', 'bulletList', 'orderedList'];
const CHILDREN: Record<string, string[]> = {
  doc: ['paragraph', 'heading', 'codeBlock', 'blockquote', 'bulletList', 'orderedList', 'table', 'rule'],
  blockquote: ['paragraph', 'bulletList', 'orderedList', 'codeBlock'],
  bulletList: ['listItem'],
  orderedList: ['listItem'],
  listItem: LIST_ITEM_BLOCKS,
  table: ['tableRow'],
  tableRow: ['tableHeader', 'tableCell'],
  tableHeader: ['paragraph'],
  tableCell: ['paragraph'],
  paragraph: INLINE,
  heading: INLINE,
  codeBlock: ['text'],
  text: [],
  hardBreak: [],
  rule: [],
};
const NON_EMPTY = [
  'blockquote',
  'bulletList',
  'orderedList',
  'listItem',
  'table',
  'tableRow',
  'tableHeader',
  'tableCell',
];
const MARKS = ['strong', 'em', 'strike', 'code', 'link'];

/** What in a document Jira Cloud would refuse; an empty list for a valid one. */
function adfProblems(document: { type: string; version: number; content: unknown[] }): string[] {
  const problems: string[] = [];
  if (document.type !== 'doc' || document.version !== 1) problems.push('not a version 1 doc');
  const visit = (node: AdfNode, parent: string, path: string) => {
    if (!(CHILDREN[parent] ?? []).includes(node.type))
      problems.push(`${path}: ${node.type} inside ${parent}`);
    const content = node.content ?? [];
    if (NON_EMPTY.includes(node.type) && content.length === 0) problems.push(`${path}: empty ${node.type}`);
    if (node.type === 'listItem' && !['paragraph', 'codeBlock'].includes(content[0]?.type ?? '')) {
      problems.push(`${path}: listItem starts with ${content[0]?.type}`);
    }
    if (node.type === 'text') {
      if (typeof node.text !== 'string' || node.text === '') problems.push(`${path}: empty text`);
      const types = (node.marks ?? []).map((mark) => mark.type);
      if (types.some((type) => !MARKS.includes(type))) problems.push(`${path}: mark ${types}`);
      if (new Set(types).size !== types.length) problems.push(`${path}: repeated mark`);
      if (types.includes('code') && types.some((type) => type !== 'code' && type !== 'link')) {
        problems.push(`${path}: code with ${types}`);
      }
      if (parent === 'codeBlock' && types.length > 0) problems.push(`${path}: marks in a code block`);
      for (const mark of node.marks ?? []) {
        if (mark.type === 'link' && !/^(https?:\/\/|mailto:)/.test(String(mark.attrs?.href))) {
          problems.push(`${path}: link to ${String(mark.attrs?.href)}`);
        }
      }
    }
    if (node.type === 'heading' && ![1, 2, 3, 4, 5, 6].includes(node.attrs?.level as number)) {
      problems.push(`${path}: heading level ${node.attrs?.level}`);
    }
    content.forEach((child, i) => {
      visit(child, node.type, `${path}.${i}`);
    });
  };
  (document.content as AdfNode[]).forEach((node, i) => {
    visit(node, 'doc', `${i}`);
  });
  return problems;
}

const text = (value: string, ...marks: AdfNode['marks'] & object): AdfNode =>
  marks.length > 0 ? { type: 'text', text: value, marks } : { type: 'text', text: value };
const paragraph = (...content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });
const item = (...content: AdfNode[]): AdfNode => ({ type: 'listItem', content });
const link = (href: string) => ({ type: 'link', attrs: { href } });

describe('the ADF check these tests use', () => {
  it('finds what Jira Cloud refuses (what marklassian writes for an empty code block, and more)', () => {
    const doc = (...content: AdfNode[]) => ({ type: 'doc', version: 1, content });
    expect(adfProblems(doc({ type: 'codeBlock', content: [text('')] }))).toEqual(['0.0: empty text']);
    expect(
      adfProblems(
        doc({ type: 'bulletList', content: [item({ type: 'bulletList', content: [item(paragraph())] })] }),
      ),
    ).toEqual(['0.0: listItem starts with bulletList']);
    expect(adfProblems(doc(paragraph(text('x', { type: 'code' }, { type: 'strong' }))))).toEqual([
      '0.0: code with code,strong',
    ]);
    expect(adfProblems(doc(paragraph(text('x', link('javascript:alert(1)')))))).toEqual([
      '0.0: link to javascript:alert(1)',
    ]);
    expect(
      adfProblems(
        doc({ type: 'blockquote', content: [{ type: 'heading', attrs: { level: 1 }, content: [] }] }),
      ),
    ).toEqual(['0.0: heading inside blockquote']);
    expect(adfProblems(doc({ type: 'extension', attrs: {} }))).toEqual(['0: extension inside doc']);
  });
});

describe('markdownToAdf', () => {
  it.each<[string, string, AdfNode[]]>([
    [
      'headings',
      '# Title\n\n###### Six',
      [
        { type: 'heading', attrs: { level: 1 }, content: [text('Title')] },
        { type: 'heading', attrs: { level: 6 }, content: [text('Six')] },
      ],
    ],
    [
      'bold, italic, strike and code',
      '**b** *i* ~~s~~ `c`',
      [
        paragraph(
          text('b', { type: 'strong' }),
          text(' '),
          text('i', { type: 'em' }),
          text(' '),
          text('s', { type: 'strike' }),
          text(' '),
          text('c', { type: 'code' }),
        ),
      ],
    ],
    [
      'code inside bold keeps only the code mark',
      '**a `c`**',
      [paragraph(text('a ', { type: 'strong' }), text('c', { type: 'code' }))],
    ],
    [
      'a link with markup in its text',
      '[the **docs**](https://example.com/a)',
      [
        paragraph(
          text('the ', link('https://example.com/a')),
          text('docs', link('https://example.com/a'), { type: 'strong' }),
        ),
      ],
    ],
    [
      'fenced code with a language',
      '```ts\nconst a = 1;\n```',
      [{ type: 'codeBlock', attrs: { language: 'ts' }, content: [text('const a = 1;')] }],
    ],
    ['an empty code block', '```\n```', [{ type: 'codeBlock' }]],
    [
      'nested lists',
      '- a\n  1. b',
      [
        {
          type: 'bulletList',
          content: [
            item(paragraph(text('a')), {
              type: 'orderedList',
              attrs: { order: 1 },
              content: [item(paragraph(text('b')))],
            }),
          ],
        },
      ],
    ],
    [
      'an ordered list keeps its start',
      '7. seven',
      [{ type: 'orderedList', attrs: { order: 7 }, content: [item(paragraph(text('seven')))] }],
    ],
    [
      'a list item that starts with a list gets an empty paragraph first',
      '- - inner',
      [
        {
          type: 'bulletList',
          content: [item(paragraph(), { type: 'bulletList', content: [item(paragraph(text('inner')))] })],
        },
      ],
    ],
    [
      'blockquote',
      '> q *x*',
      [{ type: 'blockquote', content: [paragraph(text('q '), text('x', { type: 'em' }))] }],
    ],
    [
      'a heading and a quote inside a quote',
      '> # h\n> > inner',
      [{ type: 'blockquote', content: [paragraph(text('h')), paragraph(text('inner'))] }],
    ],
    [
      'table with an empty cell',
      '| a | b |\n|---|---|\n| 1 | |',
      [
        {
          type: 'table',
          attrs: { isNumberColumnEnabled: false, layout: 'default' },
          content: [
            {
              type: 'tableRow',
              content: [
                { type: 'tableHeader', content: [paragraph(text('a'))] },
                { type: 'tableHeader', content: [paragraph(text('b'))] },
              ],
            },
            {
              type: 'tableRow',
              content: [
                { type: 'tableCell', content: [paragraph(text('1'))] },
                { type: 'tableCell', content: [paragraph()] },
              ],
            },
          ],
        },
      ],
    ],
    [
      'hard and soft line breaks',
      'one  \ntwo\nthree',
      [paragraph(text('one'), { type: 'hardBreak' }, text('two'), { type: 'hardBreak' }, text('three'))],
    ],
    [
      'HTML-looking text stays text',
      'x <script>alert(1)</script>',
      [paragraph(text('x <script>alert(1)</script>'))],
    ],
    ['a literal star and braces', '\\*not bold\\* {html}', [paragraph(text('*not bold* {html}'))]],
    [
      'an image becomes a link to it',
      '![chart](https://example.com/c.png)',
      [paragraph(text('chart', link('https://example.com/c.png')))],
    ],
    ['a rule', 'a\n\n***\n\nb', [paragraph(text('a')), { type: 'rule' }, paragraph(text('b'))]],
    ['an empty string', '', []],
  ])('%s', (_name, markdown, content) => {
    const document = markdownToAdf(markdown);
    expect(document).toEqual({ type: 'doc', version: 1, content });
    expect(adfProblems(document)).toEqual([]);
  });

  it.each([
    [
      'everything at once',
      '# T\n\n- a\n\n  > q\n\n  ```\n  c\n  ```\n- | x |\n  |---|\n  | y |\n\n> - l\n>   # h\n>\n> ---\n> | t |\n> |---|',
    ],
    ['a list item holding a table', '- | a | b |\n  |---|---|\n  | 1 | 2 |'],
    ['a list item holding a heading and a rule', '- # h\n\n  ---'],
    ['a quote holding a table', '> | a |\n> |---|\n> | **b** |'],
    ['empty list items', '-\n-\n  -'],
    ['an empty quote', '>'],
    ['links inside links', '[![a](https://e.com/i.png)](https://e.com/x)'],
    ['deep lists', Array.from({ length: 18 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n')],
    ['emphasis soup', '***a** b* ~~*c*~~ `d` **`e`** [*f*`g`](https://e.com)'],
    ['whitespace only', '   \n\n\t\n'],
  ])('writes a valid document for %s', (_name, markdown) => {
    expect(adfProblems(markdownToAdf(markdown))).toEqual([]);
  });

  it('refuses lists nested deeper than 20 levels', () => {
    const markdown = Array.from({ length: 25 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
    expect(() => markdownToAdf(markdown)).toThrow(/nested at most 20 levels/);
  });
});

describe('markdownToAdf against injection', () => {
  it('writes no link whose target is not http(s) or mailto', () => {
    const attacks = [
      '[a](javascript:alert(1))',
      '[a](JaVaScRiPt:alert(1))',
      '[a](java&#115;cript:alert(1))',
      '[a](<java\tscript:alert(1)>)',
      '[a](data:text/html,<script>alert(1)</script>)',
      '[a](vbscript:x)',
      '[a](/relative)',
      '[a](//evil.example/)',
      '![a](javascript:alert(1))',
      '<javascript:alert(1)>',
    ].join('\n\n');
    const document = markdownToAdf(attacks);
    expect(adfProblems(document)).toEqual([]);
    expect(JSON.stringify(document)).not.toMatch(/"link"/);
  });

  it('keeps an <adf> block and raw HTML as text', () => {
    const markdown = '<adf>\n{"type":"extension","attrs":{"extensionKey":"x"}}\n</adf>\n\n<div>block</div>';
    expect(markdownToAdf(markdown).content).toEqual([
      paragraph(
        text('<adf>'),
        { type: 'hardBreak' },
        text('{"type":"extension","attrs":{"extensionKey":"x"}}'),
        { type: 'hardBreak' },
        text('</adf>'),
      ),
      paragraph(text('<div>block</div>')),
    ]);
  });
});

describe('plainTextToAdf', () => {
  it('splits paragraphs on blank lines and writes single newlines as hard breaks', () => {
    expect(plainTextToAdf('one\ntwo\n\nthree\r\n \r\n\r\nfour\n')).toEqual({
      type: 'doc',
      version: 1,
      content: [
        paragraph(text('one'), { type: 'hardBreak' }, text('two')),
        paragraph(text('three')),
        paragraph(text('four')),
      ],
    });
  });

  it('writes no marks, whatever the text looks like', () => {
    const document = plainTextToAdf('**not bold** [x](javascript:alert(1)) {html} <b>');
    expect(document.content).toEqual([paragraph(text('**not bold** [x](javascript:alert(1)) {html} <b>'))]);
  });

  it('keeps spaces and drops control characters', () => {
    expect(plainTextToAdf('  indented\u0000\ttab').content).toEqual([paragraph(text('  indented\ttab'))]);
  });

  it.each(['', '\n\n', '   '])('writes %j as a document with no content', (input) => {
    expect(plainTextToAdf(input)).toEqual({ type: 'doc', version: 1, content: [] });
  });

  it('writes valid documents', () => {
    expect(adfProblems(plainTextToAdf('a\n\n\nb\n\nc\nd\n'))).toEqual([]);
    expect(adfProblems(plainTextToAdf('x'.repeat(32_767)))).toEqual([]);
  });
});
