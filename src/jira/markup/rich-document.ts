// The document a Markdown source is read into before it is written out as
// wiki markup or ADF: only what both renderers can express safely. Nothing in
// it is raw markup: text is literal (entities decoded, HTML kept as text), and
// a link's target has passed link-target.ts, so a renderer escapes text and
// never has to judge a URL.

export type RichInline =
  | { kind: 'text'; text: string }
  | { kind: 'strong' | 'em' | 'strike'; children: RichInline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; children: RichInline[] }
  | { kind: 'break' };

export type RichBlock =
  | { kind: 'paragraph'; inlines: RichInline[] }
  | { kind: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; inlines: RichInline[] }
  | { kind: 'code'; language: string | null; text: string }
  | { kind: 'quote'; blocks: RichBlock[] }
  | { kind: 'list'; ordered: boolean; start: number; items: RichBlock[][] }
  | { kind: 'table'; header: RichInline[][]; rows: RichInline[][][] }
  | { kind: 'rule' };

export type RichDocument = RichBlock[];
