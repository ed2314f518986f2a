import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import { authenticated } from '../auth/field-scopes.ts';
import type { GatewayContext } from '../request-context.ts';
import { isoTimestamp } from './timestamps.ts';

// Builder configuration only; types live in one file per domain (README, Architecture).
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    Date: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [RelayPlugin],
  defaultFieldNullability: false,
  relay: {
    // node(id) would resolve objects past the per-field rules of Query.issue;
    // every type carries its own rules, but there is no need for it.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    clientMutationId: 'omit',
    cursorType: 'String',
    // Connection plumbing carries the rule of the field that returns the
    // connection; these parts only need a valid token.
    cursorFieldOptions: { extensions: authenticated() },
    nodeFieldOptions: { extensions: authenticated() },
    edgesFieldOptions: { extensions: authenticated() },
    pageInfoFieldOptions: { extensions: authenticated() },
    hasNextPageFieldOptions: { extensions: authenticated() },
    hasPreviousPageFieldOptions: { extensions: authenticated() },
    startCursorFieldOptions: { extensions: authenticated() },
    endCursorFieldOptions: { extensions: authenticated() },
  },
});

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date and time in UTC, e.g. 2026-11-23T15:09:46.000Z.',
  serialize: (value) => isoTimestamp(value),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) throw new TypeError('DateTime must be an ISO-8601 string');
    return date;
  },
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day, e.g. 2026-11-23: Jira's due dates and release dates have no time of day. */
builder.scalarType('Date', {
  description: 'A calendar date, yyyy-mm-dd (no time of day, no time zone), e.g. 2026-11-23.',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'string' || !DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
      throw new TypeError('Date must be a yyyy-mm-dd string');
    }
    return value;
  },
});

/** Any JSON value, for what the caller passes through to Jira as is (a custom field's value, an ADF document). */
builder.scalarType('JSON', {
  description: 'Any JSON value: an object, array, string, number, boolean or null.',
  serialize: (value) => value,
  parseValue: (value) => value,
});

/** The builder's type parameters, for helpers that take a field builder or a ref. */
export type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
