// Per-field scope enforcement: a graphql-shield rule tree generated from the
// fields' own declarations (field-scopes.ts), deny by default.

import { createRequire } from 'node:module';
import {
  defaultFieldResolver,
  type GraphQLError,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isObjectType,
} from 'graphql';
import type * as GraphQLMiddleware from 'graphql-middleware';
import type { IMiddlewareFieldMap, IMiddlewareTypeMap } from 'graphql-middleware';
import type * as GraphQLShield from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { PublicError } from '../errors.ts';
import { declaredAccess, type FieldAccess } from './field-scopes.ts';
import { effectiveScopes, SCOPES, type Scope } from './scopes.ts';

// graphql-shield 7.6.5's ESM build does `import { isUndefined } from 'util'`,
// which Node 23+ removed, so importing it fails to link on Node 24. Its CJS
// build reads `util.isUndefined` only when a `chain`/`race` rule runs, so we
// load that build (and never use chain/race), typed by the package's own
// .d.ts. graphql-middleware comes through the same require, so both share
// the CJS graphql that Node resolves for our own `import 'graphql'`.
const requireCjs = createRequire(import.meta.url);
const { rule, shield } = requireCjs('graphql-shield') as typeof GraphQLShield;
const { applyMiddleware } = requireCjs('graphql-middleware') as typeof GraphQLMiddleware;

/**
 * What the shield reads from the GraphQL context. The object must be mutable
 * and per request: graphql-shield keeps its per-request rule cache on it
 * (`_shield`), so the scopes must not change during a request.
 */
export interface ScopeContext {
  /** The token's scopes as held (implications are applied here); null: no token (signIn only). */
  readonly scopes: ReadonlySet<Scope> | null;
}

export interface ScopeShieldOptions {
  /**
   * Leave unwrapped the fields whose rule every path to them has already
   * checked (see `elidedFields`): same answers, far cheaper on long lists,
   * since shield wraps each field in an async middleware. Default true.
   */
  elideCoveredFields?: boolean;
}

type ShieldRule = ReturnType<ReturnType<typeof rule>>;

/** Every object type but introspection's. */
function objectTypes(schema: GraphQLSchema): GraphQLObjectType[] {
  return Object.values(schema.getTypeMap()).filter(
    (type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'),
  );
}

/** Fields the shield covers: every field of those types. */
function* objectFields(schema: GraphQLSchema): Generator<[GraphQLObjectType, string]> {
  for (const type of objectTypes(schema)) {
    for (const name of Object.keys(type.getFields())) {
      if (!name.startsWith('__')) yield [type, name];
    }
  }
}

function accessOf(type: GraphQLObjectType, name: string): FieldAccess | undefined {
  return declaredAccess(type.getFields()[name]!);
}

/** `Type.field` for every field with no scope declaration (the shield denies them). */
export function unguardedFields(schema: GraphQLSchema): string[] {
  const out: string[] = [];
  for (const [type, name] of objectFields(schema)) {
    if (accessOf(type, name) === undefined) out.push(`${type.name}.${name}`);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Rules

export function scopesOf(ctx: unknown): ReadonlySet<Scope> | null {
  // Anything but a Set of scopes counts as "no token": fail closed.
  if (typeof ctx !== 'object' || ctx === null || !('scopes' in ctx)) return null;
  return ctx.scopes instanceof Set ? ctx.scopes : null;
}

function unauthenticated(): PublicError {
  return new PublicError('UNAUTHENTICATED', 'This field needs a gateway token.');
}

function insufficientScope(required: readonly Scope[], message: string): PublicError {
  return new PublicError('INSUFFICIENT_SCOPE', message, { requiredScopes: [...required] });
}

// Rules return a GraphQLError rather than `false`: shield passes a returned
// error through, whereas `false` becomes its fallbackError, which Yoga would
// mask. The error carries no path, so graphql-js wraps the one cached
// instance afresh for every field it denies.

function ruleName(access: FieldAccess): string {
  // Rule names key shield's per-request cache: one name per distinct access.
  return access.kind === 'scopes' ? `jgg:scopes:${access.scopes.join('+')}` : `jgg:${access.kind}`;
}

/**
 * The one decision every scope check makes, the shield's rules and the
 * static proof (scope-proof.ts) alike: true, or the error the field answers.
 */
export function accessDecision(access: FieldAccess, held: ReadonlySet<Scope> | null): true | GraphQLError {
  if (access.kind === 'public') return true;
  if (held === null) return unauthenticated();
  if (access.kind === 'authenticated') return true;
  const effective = effectiveScopes([...held]);
  if (access.scopes.every((s) => effective.has(s))) return true;
  return insufficientScope(
    access.scopes,
    `This field needs the scope${access.scopes.length > 1 ? 's' : ''} ${access.scopes.join(', ')}.`,
  );
}

function accessRule(access: FieldAccess): ShieldRule {
  // 'contextual': the answer depends only on the context's scopes, so each
  // rule runs once per request however many fields (and list items) use it.
  return rule(ruleName(access), { cache: 'contextual' })((_parent: unknown, _args: unknown, ctx: unknown) =>
    accessDecision(access, scopesOf(ctx)),
  );
}

// For fields with no declaration: denied to every caller, whatever its scopes.
const undeclared = rule('jgg:undeclared', { cache: 'contextual' })(() =>
  insufficientScope([], 'This field declares no scopes, so no token may read it.'),
);

/** The rule tree `{ Type: { field: rule } }` for every declared field; equal declarations share a rule. */
function ruleTree(schema: GraphQLSchema): IRules {
  const rules = new Map<string, ShieldRule>();
  const tree: Record<string, Record<string, ShieldRule>> = {};
  for (const [type, name] of objectFields(schema)) {
    const access = accessOf(type, name);
    if (access === undefined) continue; // left to fallbackRule: denied
    const key = ruleName(access);
    let shared = rules.get(key);
    if (shared === undefined) {
      shared = accessRule(access);
      rules.set(key, shared);
    }
    tree[type.name] ??= {};
    tree[type.name]![name] = shared;
  }
  return tree;
}

// ---------------------------------------------------------------------------
// Checks the parents already made
//
// graphql-js runs a type's fields only on an object that some field returned
// (or on a root type). If every field that can return type T, on every type
// that can hold it, has checked "a token with scopes S" before resolving,
// then any T field needing a subset of S would pass its check: it can go
// unwrapped with the same answers. Root types establish nothing, so root
// fields (but public ones) are always checked; undeclared fields are always
// checked, so deny-by-default is untouched.

/** What holds wherever a type's fields run: null, not even a token; a Set, a token with these scopes. */
type Established = ReadonlySet<Scope> | null;

// Scopes no other scope implies: holding one in effect means holding it
// outright, so what it implies is held too. For the others, only themselves.
const IMPLIED_BY_ANOTHER = new Set(SCOPES.flatMap((t) => [...effectiveScopes([t])].filter((s) => s !== t)));
function knownWith(scope: Scope): Scope[] {
  return IMPLIED_BY_ANOTHER.has(scope) ? [scope] : [...effectiveScopes([scope])];
}

function establishedBy(parent: Established, access: FieldAccess | undefined): Established {
  if (access === undefined) return null; // never returns an object; counted as nothing, to be safe
  if (access.kind === 'public') return parent;
  const out = new Set(parent ?? []);
  if (access.kind === 'scopes') for (const s of access.scopes) for (const k of knownWith(s)) out.add(k);
  return out;
}

/** The meet of two paths; `undefined` is "no path seen yet" (top). */
function meet(a: Established | undefined, b: Established): Established {
  if (a === undefined) return b;
  if (a === null || b === null) return null;
  return new Set([...a].filter((s) => b.has(s)));
}

function same(a: Established | undefined, b: Established | undefined): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return a === b;
  return a.size === b.size && [...a].every((s) => b.has(s));
}

function covers(established: Established, access: FieldAccess): boolean {
  if (access.kind === 'public') return true;
  if (established === null) return false;
  return access.kind === 'authenticated' || access.scopes.every((s) => established.has(s));
}

/** Per object type, what every path to its objects has established: a greatest fixed point. */
function establishedPerType(schema: GraphQLSchema): Map<string, Established> {
  const roots = new Set(
    [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((t) =>
      t ? [t.name] : [],
    ),
  );
  const entries = new Map<string, { parent: string; access: FieldAccess | undefined }[]>();
  for (const [type, name] of objectFields(schema)) {
    const target = getNamedType(type.getFields()[name]!.type);
    const targets = isObjectType(target)
      ? [target]
      : isAbstractType(target)
        ? schema.getPossibleTypes(target)
        : [];
    for (const t of targets) {
      const list = entries.get(t.name) ?? [];
      list.push({ parent: type.name, access: accessOf(type, name) });
      entries.set(t.name, list);
    }
  }
  // Start every reachable non-root type at top and lower until stable; a
  // type no field returns, or reached only through itself, gets nothing.
  const state = new Map<string, Established | undefined>();
  for (const type of objectTypes(schema)) {
    state.set(type.name, roots.has(type.name) || !entries.has(type.name) ? null : undefined);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, list] of entries) {
      if (roots.has(name)) continue;
      let next: Established | undefined;
      for (const { parent, access } of list) {
        const from = state.get(parent);
        if (from !== undefined) next = meet(next, establishedBy(from, access));
      }
      if (!same(next, state.get(name))) {
        state.set(name, next);
        changed = true;
      }
    }
  }
  return new Map([...state].map(([name, est]) => [name, est ?? null]));
}

/**
 * `Type.field` for the declared fields the shield leaves unwrapped because
 * every path to them has already passed a check at least as strict (and the
 * public fields, which pass for everyone). Their answers do not change.
 */
export function elidedFields(schema: GraphQLSchema): string[] {
  const established = establishedPerType(schema);
  const out: string[] = [];
  for (const [type, name] of objectFields(schema)) {
    const access = accessOf(type, name);
    if (access !== undefined && covers(established.get(type.name) ?? null, access)) {
      out.push(`${type.name}.${name}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Applying

/**
 * Every field not elided must have had its resolver replaced. Check it, so a
 * silent gap (say, a second copy of graphql making shield skip a type) stops
 * start-up instead of leaving fields unguarded.
 */
function assertWrapped(before: GraphQLSchema, after: GraphQLSchema, elided: ReadonlySet<string>): void {
  const missed: string[] = [];
  for (const [type, name] of objectFields(before)) {
    if (elided.has(`${type.name}.${name}`)) continue;
    const old = type.getFields()[name]!;
    const now = after.getType(type.name);
    const field = isObjectType(now) ? now.getFields()[name] : undefined;
    // graphql-middleware leaves an untouched field on defaultFieldResolver,
    // and wraps `subscribe` instead of `resolve` on subscription fields.
    const resolveWrapped =
      field?.resolve !== undefined && field.resolve !== defaultFieldResolver && field.resolve !== old.resolve;
    const subscribeWrapped = old.subscribe !== undefined && field?.subscribe !== old.subscribe;
    if (!resolveWrapped && !subscribeWrapped) missed.push(`${type.name}.${name}`);
  }
  if (missed.length > 0) throw new Error(`scope shield left fields unguarded: ${missed.join(', ')}`);
}

/**
 * Returns a copy of `schema` in which every object field checks the caller's
 * scopes (read from a `ScopeContext`) before it resolves. A field the token
 * does not cover answers null with INSUFFICIENT_SCOPE (requiredScopes), or
 * UNAUTHENTICATED with no token; an undeclared field is always denied.
 * Throws if a declaration is malformed.
 */
export function createScopeShield(schema: GraphQLSchema, options: ScopeShieldOptions = {}): GraphQLSchema {
  const { elideCoveredFields = true } = options;
  const permissions = shield(ruleTree(schema), {
    fallbackRule: undeclared,
    // Reached only if a rule throws (a bug): a plain Error, masked by Yoga as
    // INTERNAL_SERVER_ERROR and logged; the field stays denied.
    fallbackError: (_err, _parent, _args, _ctx, info) =>
      new Error(`scope check failed on ${info.parentType.name}.${info.fieldName}`),
    // Resolver errors (Jira's FORBIDDEN, NOT_FOUND, ...) pass through as thrown.
    allowExternalErrors: true,
    debug: false,
  });
  // Shield turns a rule tree into a type map of field maps (one middleware
  // per field of every object type); its typings only promise IMiddleware.
  const generated = permissions.generate(schema) as IMiddlewareTypeMap;
  const elided = new Set(elideCoveredFields ? elidedFields(schema) : []);
  const middleware: IMiddlewareTypeMap = {};
  for (const [typeName, fields] of Object.entries(generated)) {
    const kept: IMiddlewareFieldMap = {};
    for (const [name, fieldMiddleware] of Object.entries(fields as IMiddlewareFieldMap)) {
      if (!elided.has(`${typeName}.${name}`)) kept[name] = fieldMiddleware;
    }
    if (Object.keys(kept).length > 0) middleware[typeName] = kept;
  }
  // applyMiddleware, not applyMiddlewareToDeclaredResolvers: the latter skips
  // fields with no resolver of their own, such as Pothos `expose` fields.
  const guarded = applyMiddleware(schema, middleware);
  assertWrapped(schema, guarded, elided);
  return guarded;
}
