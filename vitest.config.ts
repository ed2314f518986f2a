import { createRequire } from 'node:module';
import { configDefaults, defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// Test files that replace a module with vi.mock: they run with isolated modules.
const MOCKING_FILES = ['test/gateway/restriction-withheld.test.ts'];

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS and ESM without an exports map; pin one copy so
    // there is only one GraphQLError class (two would fail instanceof checks).
    alias: { graphql: require.resolve('graphql/index.js') },
  },
  test: {
    // Built once before the files run: the token page (gateways serve it) and
    // the CLI bundle the process tests start (test/support/cli-bundle.ts).
    globalSetup: ['test/support/build-web-page.ts', 'test/support/build-cli-bundle.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'shared-modules',
          // The sandbox package's tests run here too, so `npm test` runs every test.
          include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...MOCKING_FILES],
          // Files in a worker share loaded modules instead of importing the
          // gateway afresh each (seconds per file, most of the suite's time on
          // two cores). Our modules keep no state of their own (everything
          // is built per app by createX(deps)), so this shares code only.
          isolate: false,
        },
      },
      // A vi.mock would stay in force for the files after it in the worker.
      { extends: true, test: { name: 'isolated', include: MOCKING_FILES } },
    ],
  },
});
