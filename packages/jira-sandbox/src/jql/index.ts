// The sandbox's JQL engine: parse, validate against what the caller may see,
// then match and sort issues the way Jira Data Center 10 and Cloud do.
import { compileQuery } from './evaluate.ts';
import { parseJql } from './parser.ts';
import type { CompiledJql, CompileOptions, JqlContext } from './types.ts';

export { JqlError } from './errors.ts';
export type { Clause, Operand, Operator, Query, SortItem } from './parser.ts';
export { parseJql } from './parser.ts';
export type { CompiledJql, CompileOptions, JqlContext } from './types.ts';

/**
 * Compiles a JQL query for one caller. Throws JqlError with Jira's messages
 * (a syntax error, or every validation problem found); with
 * validateQuery=false, values that do not exist are reported in `warnings`
 * instead and their clauses match nothing.
 */
export function compileJql(jql: string, ctx: JqlContext, options?: CompileOptions): CompiledJql {
  return compileQuery(parseJql(jql), ctx, options?.validateQuery ?? true);
}
