// Markdown to Jira wiki markup (Data Center): a table of inputs with the wiki
// Jira should get, then the attacks: wiki macros, links and images typed into
// Markdown must come out as text, links keep only http(s) and mailto targets,
// and raw HTML is shown as text.
import { describe, expect, it } from 'vitest';
import { markdownToWiki } from '../../../src/jira/markup/document-wiki.ts';

describe('markdownToWiki', () => {
  it.each([
    ['headings', '# Title\n\n### Sub *it*', 'h1. Title\n\nh3. Sub _it_'],
    ['bold', 'a **bold** b', 'a *bold* b'],
    ['italic, both markers', 'a *it* and _it2_ b', 'a _it_ and _it2_ b'],
    ['bold italic', '***both***', '_*both*_'],
    ['strikethrough', 'a ~~gone~~ b', 'a -gone- b'],
    ['bold inside bold is bold once', '**a __b *c* d__ e**', '*a b _c_ d e*'],
    ['inline code, its markup literal', 'use `a*b {c}` now', 'use {{a\\*b \\{c&#125;}} now'],
    [
      'fenced code with a language',
      '```ts\nconst a = {b: 1};\n```',
      '{code:javascript}\nconst a = {b: 1};\n{code}',
    ],
    [
      'fenced code, language unknown to Jira',
      '```kotlin\nval a = 1\n```',
      '{noformat}\nval a = 1\n{noformat}',
    ],
    ['fenced code, no language', '```\n*raw* {x}\n```', '{noformat}\n*raw* {x}\n{noformat}'],
    ['indented code', '    indented *x*', '{noformat}\nindented *x*\n{noformat}'],
    [
      'a link with markup in its text',
      'see [the **docs**](https://example.com/a_b) now',
      'see [the *docs*|https://example.com/a_b] now',
    ],
    [
      'link text with wiki separators',
      '[a|b [c]](https://example.com)',
      '[a&#124;b &#91;c&#93;|https://example.com/]',
    ],
    [
      'a link target with wiki separators',
      '[x](https://example.com/?a=1|2&b=[3])',
      '[x|https://example.com/?a=1%7C2&b=%5B3%5D]',
    ],
    [
      'autolinks',
      'go <https://example.com/x> or https://example.org/x_y',
      'go [https://example.com/x|https://example.com/x] or [https://example.org/x\\_y|https://example.org/x_y]',
    ],
    [
      'mail links',
      'write <mailto:a@example.com> or b@example.com',
      'write [mailto:a@example.com|mailto:a@example.com] or [b@example.com|mailto:b@example.com]',
    ],
    ['bullet list, nested', '- one\n- two\n  - nested\n- three', '* one\n* two\n** nested\n* three'],
    ['ordered list (start number lost)', '3. three\n4. four\n   1. sub', '# three\n# four\n## sub'],
    ['mixed nesting', '1. a\n   - b', '# a\n#* b'],
    ['a loose list item with two paragraphs', '- first\n\n  second\n- next', '* first \\\\ second\n* next'],
    ['task list items show their boxes as text', '- [ ] todo\n- [x] done', '* \\[ \\] todo\n* \\[x\\] done'],
    ['blockquote', '> quoted *x*\n> more', '{quote}\nquoted _x_\nmore\n{quote}'],
    ['a quote in a quote is merged into it', '> a\n>\n> > b', '{quote}\na\n\nb\n{quote}'],
    [
      'table with an empty cell and markup characters',
      '| a | b |\n|---|:-:|\n| 1 | |\n| x*y | {z} |',
      '|| a || b ||\n| 1 | |\n| x\\*y | &#123;z&#125; |',
    ],
    ['a table cell with a pipe', '| a |\n|---|\n| x \\| y |', '|| a ||\n| x \\| y |'],
    ['hard and soft line breaks', 'one  \ntwo\\\nthree\nfour', 'one\ntwo\nthree\nfour'],
    [
      'HTML-looking text',
      'x <script>alert(1)</script> y\n\n<div>block</div>',
      'x <script>alert(1)</script> y\n\n<div>block</div>',
    ],
    [
      'a literal star and braces',
      'a literal \\* star, {curly} and 2 * 3 * 4',
      'a literal \\* star, \\{curly\\} and 2 \\* 3 \\* 4',
    ],
    [
      'emphasis inside a word loses its markers',
      'foo**bar**baz and x_y_z and `a`b',
      'foobarbaz and x\\_y\\_z and ab',
    ],
    ['character references', 'AT&amp;T &copy; &#123;', 'AT&T © &#123;'],
    [
      'an image becomes a link to it',
      '![a chart](https://example.com/c.png)',
      '[a chart|https://example.com/c.png]',
    ],
    [
      'an image with no alt text',
      '![](https://example.com/c.png)',
      '[https://example.com/c.png|https://example.com/c.png]',
    ],
    ['a rule', 'a\n\n---\n\nb', 'a\n\n----\n\nb'],
    ['a heading-like line in a paragraph', 'h1. not a heading', 'h1&#46; not a heading'],
    ['an empty string', '', ''],
  ])('%s', (_name, markdown, wiki) => {
    expect(markdownToWiki(markdown)).toBe(wiki);
  });

  it('writes a code block whose text holds {code} as {noformat}, and one holding both tags as escaped text', () => {
    expect(markdownToWiki('```java\nx {code} y\n```')).toBe('{noformat}\nx {code} y\n{noformat}');
    expect(markdownToWiki('```\n{noformat}\n{html}x{html}\n```')).toBe(
      '{code}\n{noformat}\n{html}x{html}\n{code}',
    );
    expect(markdownToWiki('```\n{code}{noformat}{html}\n```')).toBe(
      '&#123;code\\}\\{noformat\\}\\{html&#125;',
    );
  });

  it('converts very long text whole', () => {
    const markdown = 'word **bold** '.repeat(2000);
    const wiki = markdownToWiki(markdown);
    expect(wiki).toBe('word *bold* '.repeat(2000).trimEnd());
  });
});

describe('markdownToWiki against injection', () => {
  it.each([
    [
      'an {html} macro',
      '{html}<script>alert(1)</script>{html}',
      '&#123;html\\}<script>alert(1)</script>\\{html&#125;',
    ],
    ['a {panel} macro', 'x {panel:title=Pwned}y{panel}', 'x \\{panel:title=Pwned\\}y\\{panel&#125;'],
    [
      'a wiki link to javascript:',
      'click [here|javascript:alert(1)]',
      'click \\[here\\|javascript:alert(1)\\]',
    ],
    [
      'a wiki image',
      'look !http://evil.example/x.png!',
      'look \\![http://evil.example/x.png|http://evil.example/x.png]\\!',
    ],
    ['a wiki mention', 'ping [~admin]', 'ping \\[\\~admin\\]'],
    [
      'a code block closed early',
      '```\n{code}\n{html}x{html}\n```',
      '{noformat}\n{code}\n{html}x{html}\n{noformat}',
    ],
    ['a code span closing monospace', '`}}{html}`', '{{&#125;&#125;\\{html&#125;}}'],
  ])('keeps %s inert', (_name, markdown, wiki) => {
    expect(markdownToWiki(markdown)).toBe(wiki);
  });

  it.each([
    ['javascript:', '[click](javascript:alert(1))'],
    ['upper-case JAVASCRIPT:', '[click](JAVASCRIPT:alert(1))'],
    ['a character reference in the scheme', '[click](java&#115;cript:alert(1))'],
    ['a tab in the scheme', '[click](<java\tscript:alert(1)>)'],
    ['leading spaces', '[click](<  javascript:alert(1)>)'],
    ['data:', '[click](data:text/html;base64,PHNjcmlwdD4=)'],
    ['vbscript:', '[click](vbscript:msgbox(1))'],
    ['file:', '[click](file:///etc/passwd)'],
    ['a relative path', '[click](/secure/admin)'],
    ['a protocol-relative URL', '[click](//evil.example/x)'],
    ['credentials in the URL', '[click](https://jira.example.com@evil.example/)'],
    ['a reference-style link', '[click][x]\n\n[x]: javascript:alert(1)'],
    ['an image', '![click](javascript:alert(1))'],
  ])('shows a link to %s as its text only', (_name, markdown) => {
    const wiki = markdownToWiki(markdown);
    expect(wiki).toBe('click');
  });

  it('keeps http, https and mailto links', () => {
    expect(markdownToWiki('[a](http://example.com) [b](https://example.com) [c](mailto:x@example.com)')).toBe(
      '[a|http://example.com/] [b|https://example.com/] [c|mailto:x@example.com]',
    );
  });

  it('shows raw HTML as text, a link in it included', () => {
    expect(markdownToWiki('<a href="javascript:alert(1)">x</a> <img src=x onerror=alert(1)>')).toBe(
      '<a href="javascript:alert(1)">x</a> <img src=x onerror=alert(1)>',
    );
  });
});
