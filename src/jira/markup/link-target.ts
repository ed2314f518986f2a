// Which link targets a Markdown source may carry into Jira: absolute http(s)
// and mailto URLs only. Anything else (javascript:, data:, vbscript:, file:,
// relative paths that would resolve against Jira itself) is refused, and the
// link is shown as its text. The target is parsed with the WHATWG URL parser,
// the one browsers use, so tricks that a browser would undo (entities,
// upper case, tabs or newlines inside the scheme) cannot slip a scheme past
// the check: what is checked is what is written.

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

// Characters that end or split a Jira wiki link, or start a macro or an image
// inside one. The URL parser leaves them as they are, so they are
// percent-encoded here; a server reads %7C as |, so the link still works.
const WIKI_UNSAFE_URL_CHARACTERS = /[[\]|{}!\\]/g;

/**
 * The URL to write for a link target, or null when the target may not be a
 * link. `href` is the target as the Markdown parser gave it (its character
 * references already decoded by the caller).
 */
export function safeLinkTarget(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return null; // relative or malformed: no base to resolve against
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return null;
  if (url.protocol !== 'mailto:' && url.hostname === '') return null;
  // Credentials in a link are a phishing aid (https://jira.example.com@evil.example/).
  if (url.username !== '' || url.password !== '') return null;
  return url.href.replace(
    WIKI_UNSAFE_URL_CHARACTERS,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}
