// The `jgg` command as the process tests run it: src/cli/main.ts bundled once
// per test run by esbuild (test/support/build-cli-bundle.ts, a vitest global
// setup), so each child starts in about half the CPU of `bin/jgg.js`, which
// compiles every module through tsx on each start (seconds per process, and
// the suite starts a few hundred). Same sources, same dependencies from
// node_modules; test/cli.test.ts and test/cli-demo.test.ts still run
// bin/jgg.js itself.
import { fileURLToPath } from 'node:url';

export const CLI_BUNDLE_DIR = fileURLToPath(new URL('../../node_modules/.cache/jgg-cli/', import.meta.url));
export const CLI_BUNDLE = `${CLI_BUNDLE_DIR}main.js`;
