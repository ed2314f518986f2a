// Literal text in Jira wiki markup: every character that Jira's renderer would
// read as markup is escaped, so plain text (and the text parts of converted
// Markdown) shows exactly as it was typed and can start no macro ({html},
// {panel}), link ([x|javascript:...]), image (!http://...!), mention, table,
// list, heading or emoticon.
//
// What Jira's renderer needs (its BackslashEscapeRendererComponent, and the
// same list in Cloud's wiki-to-ADF parser): a backslash before one of
// - # * _ + ? ^ ~ | % { } [ ] ( ) ! @ shows that character literally. Other
// markup has no backslash escape, so it is broken with an HTML character
// reference, which Jira keeps (its renderer emits them itself):
// - a backslash: "\\" is a forced line break and "\*" an escape, so a
//   backslash that a punctuation character, another backslash or the end of
//   the text follows is written &#92; (elsewhere, as in C:\Users, it stays);
// - "h1." to "h6." and "bq." start a heading or quote at a line start: the
//   dot is written &#46;;
// - ":P" and ":D" are emoticons: the colon is written &#58;;
// - "\{" and "\}" stop a macro, but the renderer turns them back into braces
//   before it looks for {{monospace}}, so two braces in a row (and a brace at
//   the edge of a text run, which markup may border) are written &#123; and
//   &#125;;
// - "&name;" and "&#123;" would be read as character references: the
//   ampersand is written &amp;.
// Parentheses are escaped only where they could form an emoticon ("(y)",
// "(on)", ":)", ";(") so ordinary prose keeps them as typed. "<" and ">" need
// nothing: Jira escapes HTML itself. {noformat} is never used, so no text can
// close it early.
import { normalizeInputText } from './input-text.ts';

const BACKSLASH_ESCAPED = new Set(['*', '_', '-', '+', '^', '~', '?', '[', ']', '|', '!', '#']);
const WORD_OR_SPACE = /[\p{L}\p{N}\s]/u;
const CHARACTER_REFERENCE = /^&(?:#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;
// Jira's and Cloud's emoticons in parentheses: (y), (!), (*r), (on), (thumbs-up)...
const PARENTHESIS_EMOTICON = /^\([a-z!?/+*-]{1,14}\)/i;
const BLOCK_KEYWORD_BEFORE_DOT = /(?:^|[^\p{L}\p{N}])(?:h[1-6]|bq)$/iu;
const EMOTICON_LETTER_AFTER_COLON = /^[DPdp](?![\p{L}\p{N}])/u;

/** Text that Jira's wiki renderer shows literally. Newlines are kept (Jira shows each as a line break). */
export function escapeWikiText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const character = text[i] as string;
    const previous = text[i - 1];
    const next = text[i + 1];
    if (BACKSLASH_ESCAPED.has(character)) {
      out += `\\${character}`;
    } else if (character === '{' || character === '}') {
      // "\{" turns back into "{" before Jira looks for {{monospace}}, so a brace
      // next to another one, or at the edge of a run that markup may border, is a reference.
      const paired =
        previous === character || next === character || previous === undefined || next === undefined;
      out += paired ? `&#${character.charCodeAt(0)};` : `\\${character}`;
    } else if (character === '\\') {
      out += next !== undefined && WORD_OR_SPACE.test(next) ? '\\' : '&#92;';
    } else if (character === '&') {
      out += CHARACTER_REFERENCE.test(text.slice(i, i + 34)) ? '&amp;' : '&';
    } else if (character === '(') {
      const emoticon =
        next === undefined ||
        previous === ':' ||
        previous === ';' ||
        PARENTHESIS_EMOTICON.test(text.slice(i, i + 16));
      out += emoticon ? '\\(' : '(';
    } else if (character === ')') {
      out += previous === ':' || previous === ';' ? '\\)' : ')';
    } else if (character === '.') {
      out += BLOCK_KEYWORD_BEFORE_DOT.test(text.slice(Math.max(0, i - 3), i)) ? '&#46;' : '.';
    } else if (character === ':') {
      out += EMOTICON_LETTER_AFTER_COLON.test(text.slice(i + 1, i + 3)) ? '&#58;' : ':';
    } else {
      out += character;
    }
  }
  return out;
}

/**
 * Plain text as Jira wiki markup that renders it literally: line breaks stay
 * line breaks, a blank line starts a paragraph, and nothing else in it is markup.
 */
export function plainTextToWiki(text: string): string {
  return escapeWikiText(normalizeInputText(text));
}
