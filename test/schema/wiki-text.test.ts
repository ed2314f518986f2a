// Reading wiki markup back as plain text: text the gateway wrote with
// plainTextToWiki reads back as it was typed (escapes and character
// references undone), markup is stripped, and code bodies stay literal.
import { describe, expect, it } from 'vitest';
import { plainTextToWiki } from '../../src/jira/markup/wiki-escape.ts';
import { wikiText } from '../../src/schema/rich-text.ts';

describe('wikiText', () => {
  it.each([
    'an off-by-one in the pager',
    'off-by-one -- and -dashes- too',
    'a *not bold* and _not italic_ and +not underlined+',
    '2^10 ~ 1000? [not a link|http://x] !not-an-image.png!',
    'C:\\Users\\me and a trailing \\',
    '{{not code}} and {braces}',
    '&amp; is not &, nor &#123;',
    'h1. not a heading',
    'smile :P (y) :) (on)',
    '# not a list\n* nor this\n- nor this',
    'tables | pipes || and @mentions #hash %percent',
    'two paragraphs\n\nand a second',
  ])('reads back %j as typed', (typed) => {
    expect(wikiText(plainTextToWiki(typed))).toBe(typed.trim());
  });

  it('strips markup that Jira renders', () => {
    expect(wikiText('h2. Title\n*bold* and _it_ and [a link|https://example.com] and {{mono}}')).toBe(
      'Title\nbold and it and a link and mono',
    );
  });

  it('keeps code and noformat bodies literal', () => {
    expect(wikiText('{code:js}a \\- b &amp; *c*{code}')).toBe('a \\- b &amp; *c*');
    expect(wikiText('{noformat}x\\*y{noformat}')).toBe('x\\*y');
  });

  it('reads a forced line break as a new line', () => {
    expect(wikiText('one \\\\ two')).toBe('one\ntwo');
  });
});
