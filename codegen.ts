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
        // Scalars as they travel in JSON.
        scalars: { DateTime: { input: 'string', output: 'string' } },
        enumsAsTypes: true,
        skipTypename: true,
        dedupeFragments: true,
      },
    },
  },
};

export default config;
