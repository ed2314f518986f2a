// The public contract of the JQL engine (re-exported by index.ts).
import type { Flavor, SandboxIssue, SandboxUser } from '../model.ts';
import type { SandboxStore } from '../store.ts';

export interface JqlContext {
  store: SandboxStore;
  /** The caller; null is anonymous. */
  user: SandboxUser | null;
  flavor: Flavor;
  /** "Now" for relative dates and date functions, epoch ms (evaluated in UTC). */
  now: number;
}

export interface CompiledJql {
  /** True when the issue matches (visibility is NOT checked here; callers filter by store.canSeeIssue first). */
  matches(issue: SandboxIssue): boolean;
  /** Sort comparator from ORDER BY, with id DESC as the final tie-breaker; id DESC alone without ORDER BY. */
  compare(a: SandboxIssue, b: SandboxIssue): number;
  /** True when the query has no restriction (empty JQL or ORDER BY only). */
  unbounded: boolean;
  /** True when the query has an ORDER BY (some APIs keep their own order otherwise). */
  ordered: boolean;
  /** Messages that validateQuery=false turned into warnings instead of a 400 (unknown values). */
  warnings: string[];
}

export interface CompileOptions {
  /** Default true. When false, values that do not exist become warnings and their clauses match nothing. */
  validateQuery?: boolean;
}
