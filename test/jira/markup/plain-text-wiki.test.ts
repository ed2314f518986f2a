// Plain text as Jira wiki markup: it must render literally. The checks read
// the output the way Jira's renderer does (a backslash before one of its
// escapable characters, an HTML character reference) and require that
// (a) undoing those gives back the input, and (b) no markup character is left
// bare where Jira would act on it: no macro, link, image, list, table,
// heading, quote, emoticon, forced line break or phrase marker.
import { describe, expect, it } from 'vitest';
import { escapeWikiText, plainTextToWiki } from '../../../src/jira/markup/wiki-escape.ts';

// Jira's BackslashEscapeRendererComponent: "\" before one of these shows it literally.
const JIRA_ESCAPABLE = new Set('-#*_+?^~|%{}[]()!@'.split(''));

/** The text Jira shows for wiki markup that holds only escapes and references. */
function renderedText(wiki: string): string {
  let out = '';
  for (let i = 0; i < wiki.length; i++) {
    const character = wiki[i] as string;
    const next = wiki[i + 1];
    if (character === '\\' && next !== undefined && JIRA_ESCAPABLE.has(next) && wiki[i - 1] !== '\\') {
      out += next;
      i++;
    } else if (character === '&') {
      const reference = /^&(#[0-9]+|amp);/.exec(wiki.slice(i));
      if (reference) {
        const name = reference[1] as string;
        out += name === 'amp' ? '&' : String.fromCharCode(Number(name.slice(1)));
        i += reference[0].length - 1;
      } else out += character;
    } else out += character;
  }
  return out;
}

/** Markup Jira would act on, left bare in the output; an empty list when there is none. */
function bareMarkup(wiki: string): string[] {
  // Escapes and references are what make characters literal: take them out first.
  const bare = wiki.replace(/\\[-#*_+?^~|%{}[\]()!@]/g, '§').replace(/&(#[0-9]+|amp);/g, '§');
  const found: string[] = [];
  for (const character of '{}[]|*_-+^~?!#') if (bare.includes(character)) found.push(character);
  if (bare.includes('\\\\')) found.push('\\\\ (forced line break)');
  if (/\\$/.test(bare) || /\\[^\p{L}\p{N}\s]/u.test(bare)) found.push('backslash before punctuation');
  for (const line of bare.split('\n'))
    if (/^\s*(h[1-6]|bq)\./i.test(line)) found.push(`block keyword: ${line}`);
  if (/[:;][)(]|:[DPdp](?![\p{L}\p{N}])/u.test(bare)) found.push('emoticon');
  if (/\([a-z!?/+*-]{1,14}\)/i.test(bare)) found.push('emoticon in parentheses');
  if (/&(#x?[0-9a-f]+|[a-z][a-z0-9]*);/i.test(bare)) found.push('character reference');
  return found;
}

describe('plainTextToWiki', () => {
  it.each([
    ['plain words', 'Hello world, this is fine.', 'Hello world, this is fine.'],
    ['bold and italic markers', 'a *b* _c_', 'a \\*b\\* \\_c\\_'],
    ['strike, insert, super, sub', '-x- +y+ ^z^ ~w~', '\\-x\\- \\+y\\+ \\^z\\^ \\~w\\~'],
    ['citation', '??cite??', '\\?\\?cite\\?\\?'],
    ['a list line', '* item\n# one\n- dash', '\\* item\n\\# one\n\\- dash'],
    ['a table line', '||h||\n|c|', '\\|\\|h\\|\\|\n\\|c\\|'],
    ['a heading', 'h1. Title', 'h1&#46; Title'],
    ['a quote line', 'bq. said', 'bq&#46; said'],
    ['a rule', '----', '\\-\\-\\-\\-'],
    ['a macro', 'x {html}<b>x</b>{html}', 'x \\{html\\}<b>x</b>\\{html&#125;'],
    ['monospace braces', 'say {{name}}', 'say &#123;&#123;name&#125;&#125;'],
    ['a link', '[x|javascript:alert(1)]', '\\[x\\|javascript:alert(1)\\]'],
    ['a mention', '[~admin]', '\\[\\~admin\\]'],
    ['an image', '!http://evil.example/x.png!', '\\!http://evil.example/x.png\\!'],
    ['emoticons', ':) ;( :P :D (y) (on) (*r)', ':\\) ;\\( &#58;P &#58;D \\(y) \\(on) \\(\\*r)'],
    ['prose in parentheses', 'see (section 2) now', 'see (section 2) now'],
    ['a Windows path', 'C:\\Users\\me', 'C:\\Users\\me'],
    ['a forced line break', 'a\\\\b', 'a&#92;\\b'],
    ['a backslash before markup', 'x\\*y', 'x&#92;\\*y'],
    ['a trailing backslash', 'end\\', 'end&#92;'],
    ['character references', 'AT&T &amp; &#123; &copy;', 'AT&T &amp;amp; &amp;\\#123; &amp;copy;'],
    ['HTML', '<script>alert(1)</script>', '<script>alert(1)</script>'],
    ['an empty string', '', ''],
  ])('%s', (_name, text, wiki) => {
    expect(plainTextToWiki(text)).toBe(wiki);
    expect(renderedText(plainTextToWiki(text))).toBe(text);
    expect(bareMarkup(plainTextToWiki(text))).toEqual([]);
  });

  it('keeps line breaks and paragraphs, normalising Windows line ends and dropping control characters', () => {
    expect(plainTextToWiki('one\r\ntwo\r\n\r\nthree\u0000\u0007')).toBe('one\ntwo\n\nthree');
  });

  it('leaves no markup bare in text built from every special character (a seeded fuzz)', () => {
    const alphabet = ['*', '_', '-', '+', '^', '~', '?', '{', '}', '[', ']', '|', '!', '#', '\\', '(', ')'];
    alphabet.push(':', ';', '&', '.', 'h', '1', 'b', 'q', 'D', 'P', 'y', 'a', ' ', '\n', '#', '1', ';');
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 500; round++) {
      const length = 1 + Math.floor(random() * 24);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const wiki = escapeWikiText(text);
      expect({ text, bare: bareMarkup(wiki) }).toEqual({ text, bare: [] });
      expect({ text, rendered: renderedText(wiki) }).toEqual({ text, rendered: text });
    }
  });
});
