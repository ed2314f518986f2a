// Keeping a Jira credential out of every text that leaves the Jira client
// (Jira's messages relayed to callers, error messages that are logged).
// Jira does not echo credentials, but a proxy in front of it might, and not
// only verbatim: URL-encoded, lower-cased, base64-encoded, cut short. So the
// redactor looks for any run of at least MIN_FRAGMENT characters of any
// encoded form of the secret, case-insensitively, in the text as it is and
// in the text with its percent and \u escapes decoded.
import type { JiraCredential } from './types.ts';

export const REDACTED = '[redacted]';

/** The shortest piece of a secret that counts as the secret. Long enough that a
 *  random token's piece does not turn up in ordinary words by chance. */
export const MIN_FRAGMENT = 8;
/** Below this a secret is too short to find safely (e.g. a test's toy token): it is matched whole. */
const MIN_SECRET = 4;

const base64 = (bytes: Buffer): string => bytes.toString('base64');

/**
 * The base64 of `secret` as it appears inside the base64 of a longer text,
 * at each of the three alignments: the characters that depend on the secret's
 * bytes alone (so `email:token` encoded in a Basic header still shows the token).
 */
function base64Pieces(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const out: string[] = [];
  for (let lead = 0; lead < 3; lead++) {
    const encoded = base64(Buffer.concat([Buffer.alloc(lead), bytes]));
    const first = Math.ceil((lead * 8) / 6);
    // The last group mixes in whatever follows the secret, or padding: left off.
    const piece = encoded.slice(first, encoded.length - 4);
    out.push(piece, piece.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/** Every form a secret may travel in, as text. */
function encodedForms(secret: string): string[] {
  const uri = encodeURIComponent(secret);
  return [
    secret,
    uri,
    encodeURIComponent(uri),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret, 'utf8').toString('hex'),
    base64(Buffer.from(secret, 'utf8')),
    ...base64Pieces(secret),
  ];
}

/** The texts to hide for one credential: the token, and for Basic the encoded email:token pair. */
export function credentialSecrets(credential: JiraCredential): string[] {
  const forms = encodedForms(credential.token);
  if (credential.kind === 'basic') {
    const pair = base64(Buffer.from(`${credential.email}:${credential.token}`, 'utf8'));
    forms.push(pair, encodeURIComponent(pair), pair.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...new Set(forms.filter((f) => f.length >= MIN_SECRET).map((f) => f.toLowerCase()))];
}

/** A text with its %XX and \uXXXX escapes decoded, and where each decoded character came from. */
interface DecodedView {
  text: string;
  /** For each character of text, its start and end in the original. */
  from: number[];
  to: number[];
}

const ESCAPE = /%([0-9a-f]{2})|\\u([0-9a-f]{4})/gi;

function decodedView(text: string): DecodedView | null {
  if (!/%[0-9a-f]{2}|\\u[0-9a-f]{4}/i.test(text)) return null;
  const view: DecodedView = { text: '', from: [], to: [] };
  let at = 0;
  for (const m of text.matchAll(ESCAPE)) {
    for (; at < m.index; at++) {
      view.text += text[at];
      view.from.push(at);
      view.to.push(at + 1);
    }
    // Percent escapes of UTF-8 bytes beyond ASCII decode to no one character: kept as a marker.
    const code = Number.parseInt(m[1] ?? m[2] ?? '', 16);
    view.text += code < 0x80 || m[2] !== undefined ? String.fromCharCode(code) : '\u0000';
    view.from.push(at);
    at += m[0].length;
    view.to.push(at);
  }
  for (; at < text.length; at++) {
    view.text += text[at];
    view.from.push(at);
    view.to.push(at + 1);
  }
  return view;
}

/** Builds the matcher for a set of secrets: every MIN_FRAGMENT-long window of each. */
function fragmentMatcher(secrets: readonly string[]) {
  const windows = new Set<string>();
  const whole: string[] = [];
  for (const s of secrets) {
    if (s.length < MIN_FRAGMENT) whole.push(s);
    else for (let i = 0; i + MIN_FRAGMENT <= s.length; i++) windows.add(s.slice(i, i + MIN_FRAGMENT));
  }
  /** [start, end) ranges of `text` that hold a piece of a secret. */
  return (text: string): Array<[number, number]> => {
    const lower = text.toLowerCase();
    const ranges: Array<[number, number]> = [];
    for (let i = 0; i + MIN_FRAGMENT <= lower.length; i++) {
      if (windows.has(lower.slice(i, i + MIN_FRAGMENT))) ranges.push([i, i + MIN_FRAGMENT]);
    }
    for (const s of whole) {
      for (let i = lower.indexOf(s); i !== -1; i = lower.indexOf(s, i + 1)) ranges.push([i, i + s.length]);
    }
    return ranges;
  };
}

function blank(text: string, ranges: Array<[number, number]>): string {
  if (ranges.length === 0) return text;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of sorted) {
    if (end <= at) continue;
    if (start > at) out += text.slice(at, start);
    if (start >= at) out += REDACTED;
    at = end;
  }
  return out + text.slice(at);
}

/** Hides every piece of these secrets (each in any case, encoded or not) in a text. */
export function secretRedactor(secrets: readonly string[]): (text: string) => string {
  if (secrets.length === 0) return (text) => text;
  const find = fragmentMatcher(secrets.map((s) => s.toLowerCase()));
  return (text) => {
    const ranges = find(text);
    const view = decodedView(text);
    if (view) {
      for (const [start, end] of find(view.text)) {
        ranges.push([view.from[start] as number, view.to[end - 1] as number]);
      }
    }
    return blank(text, ranges);
  };
}

/** The redactor for one credential's texts (no credential: an anonymous call, nothing to hide). */
export function credentialRedactor(credential: JiraCredential | null): (text: string) => string {
  if (!credential) return (text) => text;
  // Worked out only when a text needs it: most calls succeed and redact nothing.
  let redact: ((text: string) => string) | undefined;
  return (text) => {
    redact ??= secretRedactor(credentialSecrets(credential));
    return redact(text);
  };
}
