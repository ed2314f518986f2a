import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents for the GraphQL operations the tests and examples use
// (test/operations/*.graphql) and those of the token page
// (web/src/operations/*.graphql), generated from the committed schema.graphql
// so that a schema change that breaks a client fails the type-check.
// `npm run codegen` writes test/gql/ and web/src/gql/; `npm run codegen:check`
// fails when the committed output is not what the schema and operations generate.

/** Scalars as they travel in JSON: ISO-8601 strings (a Date is yyyy-mm-dd);
 * JSON is any JSON value (an ADF document, a custom field's value), which the
 * caller must narrow, hence unknown rather than any. */
const scalars = {
  DateTime: { input: 'string', output: 'string' },
  Date: { input: 'string', output: 'string' },
  JSON: { input: 'unknown', output: 'unknown' },
};

/** Each output folder and the operations it is generated from (scripts/codegen-check.ts validates these). */
export const OPERATION_SETS: Readonly<Record<string, string>> = {
  'test/gql/': 'test/operations/*.graphql',
  'web/src/gql/': 'web/src/operations/*.graphql',
};

const config: CodegenConfig = {
  schema: 'schema.graphql',
  // Finding no operation (a moved folder) is an error, not an empty output.
  ignoreNoDocuments: false,
  emitLegacyCommonJSImports: false,
  generates: {
    'test/gql/': {
      documents: OPERATION_SETS['test/gql/'],
      preset: 'client',
      presetConfig: {
        // No fragments to mask; `graphql()` is the document look-up by source.
        fragmentMasking: false,
        gqlTagName: 'graphql',
      },
      config: {
        // The repository's TypeScript settings: verbatimModuleSyntax wants
        // `import type`, NodeNext with allowImportingTsExtensions takes `.ts`.
        useTypeImports: true,
        importExtension: '.ts',
        scalars,
        enumsAsTypes: true,
        skipTypename: true,
        dedupeFragments: true,
      },
    },
    // The page sends each operation's text: documentMode 'string' makes typed
    // strings, so the browser bundle needs no graphql-js to print an AST.
    'web/src/gql/': {
      documents: OPERATION_SETS['web/src/gql/'],
      preset: 'client',
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        importExtension: '.ts',
        scalars,
        enumsAsTypes: true,
        skipTypename: true,
        dedupeFragments: true,
      },
    },
  },
};

export default config;
