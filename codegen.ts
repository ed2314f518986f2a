import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents for the operations tests and examples use, generated from
// the committed schema so a schema change that breaks a client fails tsc.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/**/*.graphql'],
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': { preset: 'client' },
  },
};

export default config;
