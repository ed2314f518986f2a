import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents for the GraphQL operations the tests and examples use
// (test/operations/*.graphql), generated from the committed schema.graphql so
// that a schema change that breaks a client fails the type-check.
// `npm run codegen` writes test/gql/; `npm run codegen:check` fails when the
// committed output is not what the schema and operations generate.

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/operations/*.graphql'],
  // Finding no operation (a moved folder) is an error, not an empty output.
  ignoreNoDocuments: false,
  emitLegacyCommonJSImports: false,
  generates: {
    'test/gql/': {
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
        // Scalars as they travel in JSON: ISO-8601 strings (a Date is yyyy-mm-dd);
        // JSON is any JSON value (an ADF document, a custom field's value),
        // which the caller must narrow, hence unknown rather than any.
        scalars: {
          DateTime: { input: 'string', output: 'string' },
          Date: { input: 'string', output: 'string' },
          JSON: { input: 'unknown', output: 'unknown' },
        },
        enumsAsTypes: true,
        skipTypename: true,
        dedupeFragments: true,
      },
    },
  },
};

export default config;
