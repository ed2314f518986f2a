// Limits on the shape of a query, checked during validation before any Jira
// call: how deep it nests and how many aliases it uses (aliases multiply
// work: 1,000 aliased `issue` fields would be 1,000 look-ups). Built on
// GraphQL Armor's rules, answering QUERY_TOO_COMPLEX.
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
}

function tooComplex(what: string) {
  return (context: ValidationContext | null, error: GraphQLError): void => {
    context?.reportError(
      new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
        extensions: { code: 'QUERY_TOO_COMPLEX', limit: what },
      }),
    );
  };
}

export function useQueryLimits(limits: QueryLimits): Plugin {
  const rules: ValidationRule[] = [
    maxDepthRule({
      n: limits.maxDepth,
      exposeLimits: true,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [tooComplex('depth')],
    }),
    maxAliasesRule({
      n: limits.maxAliases,
      exposeLimits: true,
      propagateOnRejection: false,
      onReject: [tooComplex('aliases')],
    }),
  ];
  return {
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
  };
}
