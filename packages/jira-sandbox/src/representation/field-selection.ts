// What a request asks to see: Jira's `fields` (*all, *navigable, explicit ids,
// -exclusions) and `expand` parameters.

/** The `fields` default of a resource: GET issue *all, DC /search *navigable, Cloud /search/jql id. */
export type FieldDefault = '*all' | '*navigable' | 'id';

/** Jira's IncludedFields: `*all`, `*navigable`, explicit ids and `-id` exclusions. */
export class FieldSelection {
  constructor(
    private readonly all: boolean,
    private readonly navigable: boolean,
    private readonly included: ReadonlySet<string>,
    private readonly excluded: ReadonlySet<string>,
  ) {}

  has(field: { id: string; navigable: boolean }): boolean {
    if (this.excluded.has(field.id)) return false;
    return this.all || (this.navigable && field.navigable) || this.included.has(field.id);
  }

  /** Only `id` (and nothing else) was asked for: Cloud's /search/jql default. */
  get idOnly(): boolean {
    return !this.all && !this.navigable && [...this.included].every((f) => f === 'id');
  }

  /** Only identifiers were asked for, which lets Cloud serve its biggest pages. */
  get identifiersOnly(): boolean {
    return !this.all && !this.navigable && [...this.included].every((f) => f === 'id' || f === 'key');
  }
}

/** Parses `fields` tokens; with no positive token the resource default applies,
 *  so `-description` alone means "the default minus description". */
export function parseFieldSelection(
  tokens: readonly string[] | null | undefined,
  fallback: FieldDefault,
): FieldSelection {
  let all = false;
  let navigable = false;
  const included = new Set<string>();
  const excluded = new Set<string>();
  for (const raw of tokens ?? []) {
    const token = raw.trim();
    if (token === '*all') all = true;
    else if (token === '*navigable') navigable = true;
    else if (token.startsWith('-')) excluded.add(token.slice(1));
    else if (token !== '') included.add(token);
  }
  if (!all && !navigable && included.size === 0) {
    if (fallback === '*all') all = true;
    else if (fallback === '*navigable') navigable = true;
    else included.add('id');
  }
  return new FieldSelection(all, navigable, included, excluded);
}

/** `expand` as a comma-separated string or a list of such strings. */
export function parseExpand(value: unknown): Set<string> {
  const parts = Array.isArray(value) ? value : [value];
  return new Set(
    parts
      .filter((p): p is string => typeof p === 'string')
      .flatMap((p) => p.split(','))
      .map((p) => p.trim())
      .filter((p) => p !== ''),
  );
}

/** `fields` from a JSON body: a list of strings, or a comma-separated string. */
export function fieldTokens(value: unknown): string[] | null {
  if (typeof value === 'string') return value.split(',');
  if (Array.isArray(value))
    return value.filter((v): v is string => typeof v === 'string').flatMap((v) => v.split(','));
  return null;
}
