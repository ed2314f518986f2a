import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS and ESM without an exports map; pin one copy so
    // there is only one GraphQLError class (two would fail instanceof checks).
    alias: { graphql: require.resolve('graphql/index.js') },
  },
  test: {
    // The sandbox package's tests run here too, so `npm test` runs every test.
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    // Built once before the files run: the token page (gateways serve it) and
    // the CLI bundle the process tests start (test/support/cli-bundle.ts).
    globalSetup: ['test/support/build-web-page.ts', 'test/support/build-cli-bundle.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
