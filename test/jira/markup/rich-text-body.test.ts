// jiraRichTexts: the one entry the write mutations use. Which dialect a
// request gets on each flavour, the "exactly one source" rule, the length
// limits, and the checks a caller's raw ADF document must pass.
import { describe, expect, it } from 'vitest';
import {
  jiraRichText,
  jiraRichTexts,
  MAX_JIRA_TEXT_CHARACTERS,
  MAX_SOURCE_CHARACTERS,
  RichTextInputError,
  type RichTextSource,
} from '../../../src/jira/markup/rich-text-body.ts';

const ADF = {
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text', text: 'hi' }] }],
};

/** The RichTextInputError a call throws (failing the test if it throws nothing or something else). */
function inputError(call: () => unknown): RichTextInputError {
  try {
    call();
  } catch (error) {
    if (error instanceof RichTextInputError) return error;
    throw error;
  }
  throw new Error('expected a RichTextInputError');
}

describe('jiraRichTexts on Data Center', () => {
  it('writes text, Markdown and wiki as wiki markup', () => {
    const { dialect, bodies } = jiraRichTexts(
      [
        { field: 'description', source: { markdown: '**done** {html}' } },
        { field: 'comment', source: { text: '*not bold*' } },
        { field: 'environment', source: { wiki: '*bold* {code}x{code}' } },
      ],
      'datacenter',
    );
    expect(dialect).toBe('wiki');
    expect(bodies).toEqual(
      new Map([
        ['description', '*done* \\{html&#125;'],
        ['comment', '\\*not bold\\*'],
        ['environment', '*bold* {code}x{code}'],
      ]),
    );
  });

  it('refuses ADF, naming the field', () => {
    const error = inputError(() =>
      jiraRichTexts([{ field: 'description', source: { adf: ADF } }], 'datacenter'),
    );
    expect(error.field).toBe('description');
    expect(error.message).toBe(
      'description: Data Center takes wiki markup, not ADF; send text, markdown or wiki',
    );
  });
});

describe('jiraRichTexts on Cloud', () => {
  it('writes text and Markdown as ADF and checks a raw ADF document', () => {
    const { dialect, bodies } = jiraRichTexts(
      [
        { field: 'description', source: { markdown: '**done**' } },
        { field: 'comment', source: { text: 'a\nb' } },
        { field: 'environment', source: { adf: ADF } },
      ],
      'cloud',
    );
    expect(dialect).toBe('adf');
    expect(bodies.get('description')).toEqual({
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'done', marks: [{ type: 'strong' }] }] },
      ],
    });
    expect(bodies.get('comment')).toEqual({
      type: 'doc',
      version: 1,
      content: [
        {
          type: 'paragraph',
          content: [{ type: 'text', text: 'a' }, { type: 'hardBreak' }, { type: 'text', text: 'b' }],
        },
      ],
    });
    expect(bodies.get('environment')).toEqual(ADF);
    expect(bodies.get('environment')).not.toBe(ADF); // a plain-JSON copy, not the caller's object
  });

  it('uses wiki markup for the whole request when one source is wiki', () => {
    const { dialect, bodies } = jiraRichTexts(
      [
        { field: 'description', source: { wiki: 'h1. Raw' } },
        { field: 'comment', source: { markdown: '# Converted' } },
        { field: 'worklog', source: { text: 'h1. literal' } },
      ],
      'cloud',
    );
    expect(dialect).toBe('wiki');
    expect(bodies).toEqual(
      new Map([
        ['description', 'h1. Raw'],
        ['comment', 'h1. Converted'],
        ['worklog', 'h1&#46; literal'],
      ]),
    );
  });

  it('refuses ADF beside wiki markup in one request, naming the ADF field', () => {
    const error = inputError(() =>
      jiraRichTexts(
        [
          { field: 'description', source: { wiki: 'x' } },
          { field: 'comment', source: { adf: ADF } },
        ],
        'cloud',
      ),
    );
    expect(error.field).toBe('comment');
    expect(error.message).toMatch(/^comment: ADF cannot be mixed with wiki markup in one request/);
  });
});

describe('jiraRichTexts sources', () => {
  it.each<[string, RichTextSource, string]>([
    ['none', {}, 'description: send exactly one of text, markdown, wiki or adf (none was given)'],
    [
      'only nulls',
      { text: null, markdown: null, wiki: null, adf: null },
      'description: send exactly one of text, markdown, wiki or adf (none was given)',
    ],
    [
      'two',
      { text: 'a', markdown: 'b' },
      'description: send exactly one of text, markdown, wiki or adf (text and markdown were given)',
    ],
    ['a number as text', { text: 5 as unknown as string }, 'description: text must be a string'],
  ])('refuses %s', (_name, source, message) => {
    const error = inputError(() => jiraRichTexts([{ field: 'description', source }], 'cloud'));
    expect(error.message).toBe(message);
    expect(error.field).toBe('description');
  });

  it('takes an empty string as a value (clearing a field)', () => {
    expect(
      jiraRichTexts(
        [{ field: 'description', source: { text: '', markdown: null } }],
        'datacenter',
      ).bodies.get('description'),
    ).toBe('');
    expect(
      jiraRichTexts([{ field: 'description', source: { markdown: '' } }], 'cloud').bodies.get('description'),
    ).toEqual({
      type: 'doc',
      version: 1,
      content: [],
    });
  });

  it('answers each flavour with its own dialect when there is nothing to convert', () => {
    expect(jiraRichTexts([], 'datacenter')).toEqual({ dialect: 'wiki', bodies: new Map() });
    expect(jiraRichTexts([], 'cloud')).toEqual({ dialect: 'adf', bodies: new Map() });
  });

  it('treats a field given twice as the gateway’s mistake, not the caller’s', () => {
    const twice = [
      { field: 'description', source: { text: 'a' } },
      { field: 'description', source: { text: 'b' } },
    ];
    expect(() => jiraRichTexts(twice, 'cloud')).toThrow(Error);
    expect(() => jiraRichTexts(twice, 'cloud')).not.toThrow(RichTextInputError);
  });

  it('refuses Markdown nested too deeply', () => {
    const markdown = `${'>'.repeat(30)} deep`;
    const error = inputError(() => jiraRichTexts([{ field: 'comment', source: { markdown } }], 'datacenter'));
    expect(error.message).toBe('comment: markdown lists and quotes may be nested at most 20 levels deep');
  });

  it('converts one source on its own', () => {
    expect(jiraRichText('comment', { markdown: '_x_' }, 'datacenter')).toEqual({
      dialect: 'wiki',
      value: '_x_',
    });
    expect(jiraRichText('comment', { text: '' }, 'cloud')).toEqual({
      dialect: 'adf',
      value: { type: 'doc', version: 1, content: [] },
    });
  });
});

describe('jiraRichTexts length limits', () => {
  it('takes 32,767 characters and refuses one more, on each flavour', () => {
    const most = 'x'.repeat(MAX_JIRA_TEXT_CHARACTERS);
    expect(jiraRichText('d', { text: most }, 'datacenter').value).toBe(most);
    expect(jiraRichText('d', { wiki: most }, 'cloud').value).toBe(most);
    expect(jiraRichText('d', { markdown: most }, 'cloud').dialect).toBe('adf');
    for (const [source, flavor] of [
      [{ text: `${most}x` }, 'datacenter'],
      [{ wiki: `${most}x` }, 'datacenter'],
      [{ text: `${most}x` }, 'cloud'],
      [{ markdown: `${most}x` }, 'cloud'],
    ] as const) {
      expect(inputError(() => jiraRichText('d', source, flavor)).message).toMatch(
        /Jira takes at most 32,767/,
      );
    }
  });

  it('counts wiki markup after escaping', () => {
    const stars = '*'.repeat(20_000); // 40,000 characters once each star is escaped
    const error = inputError(() => jiraRichText('comment', { text: stars }, 'datacenter'));
    expect(error.message).toBe(
      'comment: text is 40000 characters as Jira wiki markup (special characters are escaped); Jira takes at most 32,767',
    );
  });

  it('counts the text of an ADF document, not its markup', () => {
    const markdown = '**a** '.repeat(10_000); // 60,000 characters of Markdown, 20,000 of text
    expect(jiraRichText('comment', { markdown }, 'cloud').dialect).toBe('adf');
  });

  it('refuses a source far over the limit before converting it', () => {
    const error = inputError(() =>
      jiraRichText('comment', { markdown: 'a_'.repeat(MAX_SOURCE_CHARACTERS) }, 'cloud'),
    );
    expect(error.message).toBe(
      `comment: markdown is ${2 * MAX_SOURCE_CHARACTERS} characters; Jira takes at most 32,767`,
    );
  });
});

describe('jiraRichTexts raw ADF checks', () => {
  const nested = (depth: number): unknown => {
    let node: Record<string, unknown> = { type: 'text', text: 'x' };
    for (let level = 2; level < depth; level++) node = { type: 'blockquote', content: [node] };
    return { type: 'doc', version: 1, content: [node] };
  };

  it.each<[string, unknown, string]>([
    ['a string', JSON.stringify(ADF), 'adf must be an ADF document: a JSON object with type "doc"'],
    ['an array', [ADF], 'adf must be an ADF document: a JSON object with type "doc"'],
    ['another type', { ...ADF, type: 'paragraph' }, 'adf must be an ADF document: its type must be "doc"'],
    ['version 2', { ...ADF, version: 2 }, 'adf must be an ADF document of version 1'],
    [
      'content that is not an array',
      { ...ADF, content: {} },
      'adf must be an ADF document: its content must be an array',
    ],
    [
      'a node with no type',
      { ...ADF, content: [{ text: 'x' }] },
      'adf has a node that is not an object with a string type (at doc.content[0])',
    ],
    [
      'a node that is a string',
      { ...ADF, content: ['x'] },
      'adf has a node that is not an object with a string type (at doc.content[0])',
    ],
    [
      'nested content that is not an array',
      { ...ADF, content: [{ type: 'paragraph', content: 'x' }] },
      'adf has a node whose content is not an array (at doc.content[0])',
    ],
    [
      'text that is not a string',
      { ...ADF, content: [{ type: 'paragraph', content: [{ type: 'text', text: 1 }] }] },
      'adf has a node whose text is not a string (at doc.content[0].content[0])',
    ],
    [
      'marks that are not objects',
      { ...ADF, content: [{ type: 'text', text: 'x', marks: ['strong'] }] },
      'adf has marks that are not objects with a string type (at doc.content[0])',
    ],
    ['101 levels of nesting', nested(101), 'adf is nested more than 100 levels deep'],
    [
      'more than 1 MiB',
      { ...ADF, content: [{ type: 'paragraph', attrs: { pad: 'x'.repeat(1024 * 1024) } }] },
      'adf is larger than 1 MiB as JSON',
    ],
  ])('refuses %s', (_name, adf, reason) => {
    const error = inputError(() => jiraRichText('description', { adf }, 'cloud'));
    expect(error.message).toBe(`description: ${reason}`);
  });

  it('takes 100 levels of nesting', () => {
    expect(jiraRichText('description', { adf: nested(100) }, 'cloud').dialect).toBe('adf');
  });

  it('refuses a raw ADF document holding more than 32,767 characters of text', () => {
    const adf = {
      ...ADF,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x'.repeat(32_768) }] }],
    };
    expect(inputError(() => jiraRichText('description', { adf }, 'cloud')).message).toBe(
      'description: adf holds 32768 characters of text; Jira takes at most 32,767',
    );
  });

  it('refuses a document nested a million levels deep without overflowing the stack', () => {
    let node: Record<string, unknown> = { type: 'text', text: 'x' };
    for (let level = 0; level < 1_000_000; level++) node = { type: 'blockquote', content: [node] };
    const adf = { type: 'doc', version: 1, content: [node] };
    expect(inputError(() => jiraRichText('description', { adf }, 'cloud')).message).toBe(
      'description: adf is nested more than 100 levels deep',
    );
  });
});

describe('jiraRichTexts on hostile Markdown', () => {
  const size = MAX_SOURCE_CHARACTERS;
  it.each([
    ['emphasis nested once per pair', `${'*'.repeat(size / 2 - 1)}x${'*'.repeat(size / 2 - 1)}`],
    ['mixed emphasis', `${'*_~~'.repeat(size / 8 - 1)}x${'~~_*'.repeat(size / 8 - 1)}`],
    ['images inside images', `${'!['.repeat(size / 8)}x${'](https://e.com)'.repeat(size / 32)}`],
    ['unclosed link openers', '[a]('.repeat(size / 4)],
    ['unclosed brackets', '['.repeat(size)],
    ['intraword underscores', 'a_'.repeat(size / 2)],
    ['a wide table', `|${'a|'.repeat(size / 4 - 1)}\n|${'-|'.repeat(size / 4 - 1)}`],
    ['quotes 200 deep', `${'> '.repeat(200)}x`],
  ])('answers %s with bodies or a RichTextInputError, never a crash', (_name, markdown) => {
    expect(markdown.length).toBeLessThanOrEqual(size);
    for (const flavor of ['datacenter', 'cloud'] as const) {
      try {
        const { bodies } = jiraRichTexts([{ field: 'description', source: { markdown } }], flavor);
        expect(bodies.has('description')).toBe(true);
      } catch (error) {
        expect(error).toBeInstanceOf(RichTextInputError);
      }
    }
  });

  it('keeps the text of emphasis nested a thousand deep, styled once', () => {
    const markdown = `${'**'.repeat(1000)}deep${'**'.repeat(1000)}`;
    expect(jiraRichText('description', { markdown }, 'datacenter').value).toBe('*deep*');
  });
});
