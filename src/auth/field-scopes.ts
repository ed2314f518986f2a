// How a field declares who may read it. Each field states its access where
// Pothos defines it, as `extensions: requires(...)` (or `authenticated()`,
// `publicField()`); the shield (shield.ts) is generated from these, and a
// field with no declaration is denied to everyone.

import type { GraphQLField } from 'graphql';
import { isScope, SCOPES, type Scope } from './scopes.ts';

/** Who may read a field. */
export type FieldAccess =
  /** No token at all: only Mutation.signIn and its payload types' fields. */
  | { readonly kind: 'public' }
  /** Any valid token, whatever its scopes. */
  | { readonly kind: 'authenticated' }
  /** A token holding every one of these scopes, after implications. */
  | { readonly kind: 'scopes'; readonly scopes: readonly Scope[] };

/**
 * The value stored under `extensions.scopes`: the scopes a token needs (all
 * of them), `[]` for "any valid token", `'public'` for "no token needed".
 * Kept as plain data so the declaration reads the same in a debugger.
 */
export type ScopesExtension = readonly Scope[] | 'public';

/**
 * The `extensions` object the helpers return; spread it to add other keys.
 * A type alias, not an interface: only an alias is assignable to graphql's
 * index-signature `GraphQLFieldExtensions`, which Pothos's options use.
 */
export type ScopeExtensions = { readonly scopes: ScopesExtension };

/** The field needs a token holding all these scopes (implied ones count). */
export function requires(scope: Scope, ...more: Scope[]): ScopeExtensions {
  // At least one scope by signature: `requires()` would silently mean "any token".
  return { scopes: Object.freeze([scope, ...more]) };
}

/** The field needs a valid token but no particular scope (e.g. Query.viewer). */
export function authenticated(): ScopeExtensions {
  return { scopes: Object.freeze([]) };
}

/** The field needs no token: only Mutation.signIn and its payload types' fields. */
export function publicField(): ScopeExtensions {
  return { scopes: 'public' };
}

/**
 * Marks a field whose resolver changes the request's scopes (signIn makes the
 * rest of the request act as the new session). The shield reads scopes as
 * they are when each field runs; a static proof made from the scopes the
 * request started with would not hold, so operations selecting such a field
 * always run under the shield (scope-proof.ts).
 */
export function changesScopes(): { readonly changesScopes: true } {
  return { changesScopes: true };
}

/**
 * Reads a field's declaration. `undefined` when it has none (the shield then
 * denies it); throws on a malformed one, e.g. a misspelt scope written by
 * hand, so the mistake stops start-up instead of quietly denying the field.
 */
export function declaredAccess(field: GraphQLField<unknown, unknown>): FieldAccess | undefined {
  const raw: unknown = field.extensions.scopes;
  if (raw === undefined) return undefined;
  if (raw === 'public') return { kind: 'public' };
  if (!Array.isArray(raw)) {
    throw new TypeError(`field ${field.name}: extensions.scopes must be a list of scopes or 'public'`);
  }
  const list: readonly unknown[] = raw; // Array.isArray narrows to any[]; keep it unknown
  const unknown = list.filter((s) => typeof s !== 'string' || !isScope(s));
  if (unknown.length > 0) {
    throw new TypeError(`field ${field.name}: extensions.scopes has unknown scopes: ${unknown.join(', ')}`);
  }
  if (raw.length === 0) return { kind: 'authenticated' };
  // Catalogue order, no duplicates: equal declarations share one shield rule.
  const scopes = SCOPES.filter((s) => list.includes(s));
  return { kind: 'scopes', scopes };
}
