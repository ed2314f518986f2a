// What masking lets through: a PublicError (thrown as it is, or located by
// graphql-js around a resolver's), graphql-js's document verdicts, and
// nothing else, however public its code looks.
import { GraphQLError, locatedError } from 'graphql';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { gatewayError, PublicError } from '../../src/errors.ts';
import { createErrorMasking } from '../../src/http/error-masking.ts';

const { maskError } = createErrorMasking(pino({ enabled: false }), () => 'req-1');
const MESSAGE = 'Unexpected error.';

function codeOf(error: Error): unknown {
  return (error as GraphQLError).extensions?.code;
}

describe('error masking', () => {
  it('answers a PublicError as it is, with its extensions', () => {
    const error = gatewayError('FORBIDDEN', 'Not yours.', { requiredScopes: ['admin'] });
    expect(maskError(error, MESSAGE)).toBe(error);
  });

  it("answers graphql-js's located copy of a resolver's PublicError", () => {
    const located = locatedError(new PublicError('NOT_FOUND', 'No such issue.'), undefined, ['issue']);
    const out = maskError(located, MESSAGE);
    expect(out.message).toBe('No such issue.');
    expect(codeOf(out)).toBe('NOT_FOUND');
  });

  it('masks a GraphQLError that only carries a public code: being public is a type, not a string', () => {
    const lookalike = new GraphQLError('secret detail', { extensions: { code: 'FORBIDDEN' } });
    const out = maskError(lookalike, MESSAGE);
    expect(out.message).toBe(MESSAGE);
    expect(codeOf(out)).toBe('INTERNAL_SERVER_ERROR');
  });

  it('masks any other error, keeping its place in the answer', () => {
    const located = locatedError(new Error('store down at 10.0.0.5'), undefined, ['viewer']);
    const out = maskError(located, MESSAGE) as GraphQLError;
    expect(out.message).toBe(MESSAGE);
    expect(out.path).toEqual(['viewer']);
    expect(codeOf(out)).toBe('INTERNAL_SERVER_ERROR');
  });

  it("answers graphql-js's verdicts on the document", () => {
    const invalid = new GraphQLError('Cannot query field "nope" on type "Query".', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(maskError(invalid, MESSAGE)).toBe(invalid);
  });
});
