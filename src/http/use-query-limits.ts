// Limits on a query, checked before any Jira call, answering QUERY_TOO_COMPLEX:
// how deep it nests and how many aliases it uses (GraphQL Armor's rules, during
// validation), and how many Jira calls it can make (estimated from the
// document and its variables just before execution: aliases, nesting and
// `first` multiply them; jira-call-estimate.ts).
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { GraphQLError, GraphQLSchema, ValidationContext, ValidationRule } from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import { gatewayError, PublicError } from '../errors.ts';
import { createJiraCallEstimator } from '../execution/jira-call-estimate.ts';
import type { GatewayContext, RequestState } from '../request-context.ts';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  /** The most Jira calls one operation may make (JGG_MAX_JIRA_CALLS). */
  maxJiraCalls: number;
}

function tooComplex(what: string) {
  return (context: ValidationContext | null, error: GraphQLError): void => {
    context?.reportError(
      new PublicError('QUERY_TOO_COMPLEX', error.message.replace(/^Syntax Error: /, ''), { limit: what }),
    );
  };
}

/** The refusal of an operation whose estimate is over the ceiling: both figures, for the caller to split it. */
export function jiraBudgetExceeded(cost: number, limit: number): GraphQLError {
  return gatewayError(
    'QUERY_TOO_COMPLEX',
    `This operation could make ${cost} Jira requests; the limit is ${limit} per operation. ` +
      'Ask for smaller pages (first), fewer aliases or less nesting, or split it.',
    { cost, limit },
  );
}

export interface QueryLimitsOptions {
  /** Where the estimate is kept for the rate limit to charge (use-rate-limit.ts). */
  stateOf?: (request: Request) => RequestState;
}

export function useQueryLimits(
  limits: QueryLimits,
  schema: GraphQLSchema,
  { stateOf }: QueryLimitsOptions = {},
): Plugin<GatewayContext> {
  const estimator = createJiraCallEstimator(schema);
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
    // Here rather than as a validation rule: the estimate needs the variables (first: $n, @include).
    onExecute({ args, setResultAndStopExecution }) {
      const { services, session } = args.contextValue;
      const cost = estimator.estimate(
        args.document,
        args.operationName,
        args.variableValues as Record<string, unknown> | null | undefined,
        { flavor: services.jira.flavor, restrictedProjects: session?.token.projects?.length ?? null },
      );
      if (stateOf)
        stateOf((args.contextValue as GatewayContext & YogaInitialContext).request).jiraCallEstimate = cost;
      if (cost !== null && cost > limits.maxJiraCalls) {
        setResultAndStopExecution({ errors: [jiraBudgetExceeded(cost, limits.maxJiraCalls)] });
      }
    },
  };
}
