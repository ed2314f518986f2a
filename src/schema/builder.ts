import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import { authenticated } from '../auth/field-scopes.ts';
import type { GatewayContext } from '../context.ts';

// Builder configuration only; types live in one file per domain (design.md).
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [RelayPlugin],
  defaultFieldNullability: false,
  relay: {
    // node(id) would resolve objects past the per-field rules of Query.issue
    // (design.md); every type carries its own rules, but there is no need for it.
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
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) throw new TypeError('DateTime must be an ISO-8601 string');
    return date;
  },
});
