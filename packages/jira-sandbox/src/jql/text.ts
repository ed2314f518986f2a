// Jira-like text search for `~`: case-insensitive whole-word matching over
// tokenised text, English stop words ignored, `*`/`?` wildcards inside a
// word, "quoted phrases" matched as adjacent words, OR between groups and a
// leading `-` to exclude a word. No stemming (Jira's analyser stems).

/** Lucene's English stop words, which Jira drops from both index and query. */
const STOP_WORDS = new Set(
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(
    ' ',
  ),
);

/** Lowercased words of a text, stop words removed. */
export function tokenizeText(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((w) => !STOP_WORDS.has(w));
}

/** `needles` are literal pieces the lowercased text must contain: a cheap pre-filter before tokenising. */
type Term =
  | { kind: 'phrase'; words: string[]; negated: boolean; needles: string[] }
  | { kind: 'wildcard'; pattern: RegExp; negated: boolean; needles: string[] };

/** Alternatives (OR); each is a list of terms that must all hold in one document. */
export type TextQuery = Term[][];

export type TextQueryProblem = 'empty' | 'wildcard';

export function parseTextQuery(value: string): TextQuery | TextQueryProblem {
  if (value.trim() === '') return 'empty';
  const groups: TextQuery = [[]];
  const pieces = value.match(/-?"[^"]*"?|\S+/g) ?? [];
  for (const piece of pieces) {
    if (piece === 'OR' || piece === '||') {
      groups.push([]);
      continue;
    }
    if (piece === 'AND' || piece === '&&') continue;
    const negated = piece.startsWith('-') && piece.length > 1;
    const body = negated ? piece.slice(1) : piece;
    const group = groups[groups.length - 1]!;
    if (body.startsWith('"')) {
      const words = tokenizeText(body.replace(/"/g, ''));
      if (words.length > 0) group.push({ kind: 'phrase', words, negated, needles: words });
      continue;
    }
    if (/[*?]/.test(body)) {
      const cleaned = body.toLowerCase().replace(/[^\p{L}\p{N}*?]/gu, '');
      if (/^[*?]/.test(cleaned)) return 'wildcard';
      const source = cleaned.replace(/\*/g, '[\\p{L}\\p{N}]*').replace(/\?/g, '[\\p{L}\\p{N}]');
      const needles = cleaned.split(/[*?]/).filter((p) => p !== '');
      group.push({ kind: 'wildcard', pattern: new RegExp(`^${source}$`, 'u'), negated, needles });
      continue;
    }
    // "login-page" is two words to the analyser, so it behaves as a phrase.
    const words = tokenizeText(body);
    if (words.length > 0) group.push({ kind: 'phrase', words, negated, needles: words });
  }
  return groups.filter((g) => g.length > 0);
}

function termHolds(term: Term, words: string[]): boolean {
  if (term.kind === 'wildcard') return words.some((w) => term.pattern.test(w));
  const n = term.words.length;
  for (let i = 0; i + n <= words.length; i++) {
    let all = true;
    for (let j = 0; j < n; j++) {
      if (words[i + j] !== term.words[j]) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

/** True when any alternative has all its terms in one of the documents. */
export function textMatches(query: TextQuery, documents: string[]): boolean {
  for (const document of documents) {
    const folded = document.toLowerCase();
    let words: string[] | null = null;
    for (const group of query) {
      // A query of only exclusions matches nothing, as in Lucene.
      if (!group.some((t) => !t.negated)) continue;
      if (!group.every((t) => t.negated || t.needles.every((n) => folded.includes(n)))) continue;
      words ??= tokenizeText(document);
      const tokens = words;
      if (group.every((t) => termHolds(t, tokens) !== t.negated)) return true;
    }
  }
  return false;
}
