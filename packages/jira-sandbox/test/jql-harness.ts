// Compiles JQL against the small hand-built fixture (jql-fixture.ts) and
// answers what a test asks: the matching keys, in order or not, or the errors.
import { compileJql, JqlError } from '../src/jql/index.ts';
import type { Flavor } from '../src/model.ts';
import { SandboxStore } from '../src/store.ts';
import { buildFixture, NOW, type USERS } from './jql-fixture.ts';

export type UserName = keyof typeof USERS;

export interface Options {
  /** Caller; null is anonymous. Default admin (sees everything). */
  as?: UserName | null;
  flavor?: Flavor;
  validateQuery?: boolean;
}

export function setup(jql: string, options: Options = {}) {
  const store = new SandboxStore(buildFixture());
  const name = options.as === undefined ? 'admin' : options.as;
  const user = name === null ? null : store.usersByName.get(name)!;
  const compiled = compileJql(
    jql,
    { store, user, flavor: options.flavor ?? 'datacenter', now: NOW },
    options.validateQuery === undefined ? undefined : { validateQuery: options.validateQuery },
  );
  return { store, user, compiled };
}

/** Keys of the visible matches in the query's order. */
export function search(jql: string, options: Options = {}): string[] {
  const { store, user, compiled } = setup(jql, options);
  return store.data.issues
    .filter((i) => store.canSeeIssue(user, i) && compiled.matches(i))
    .sort(compiled.compare)
    .map((i) => i.key);
}

/** Keys of the visible matches in fixture (creation) order, for order-insensitive checks. */
export function keys(jql: string, options: Options = {}): string[] {
  const order = buildFixture().issues.map((i) => i.key);
  return search(jql, options).sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

export function errors(jql: string, options: Options = {}): string[] {
  try {
    setup(jql, options);
  } catch (e) {
    if (e instanceof JqlError) return e.messages;
    throw e;
  }
  throw new Error(`expected ${jql} to be rejected`);
}

export const ENG = ['ENG-1', 'ENG-2', 'ENG-3', 'ENG-4', 'ENG-5', 'ENG-6', 'ENG-7', 'ENG-8'];
export const OPS = ['OPS-1', 'OPS-2', 'OPS-3'];
export const MKT = ['MKT-1', 'MKT-2', 'MKT-3'];
export const DOC = ['DOC-1', 'DOC-2'];
export const ALL = [...ENG, ...OPS, ...MKT, ...DOC];
export const RESOLVED = ['ENG-1', 'ENG-6', 'OPS-2', 'MKT-3'];
export const UNRESOLVED = ALL.filter((k) => !RESOLVED.includes(k));
export const DATE_FORMATS =
  "Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.";
export const OPERATORS = "'=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'";
