// Vitest global setup: bundles the CLI for the tests that start `jgg`
// processes (see cli-bundle.ts for why). Rebuilt on every run, so it is never
// older than the sources.
import { readFile, rm } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { CLI_BUNDLE_DIR } from './cli-bundle.ts';

// Modules find files beside them through import.meta.url (the token page's
// web/dist, createRequire); in a bundle that would be the bundle's own URL, so
// each module keeps its source file's.
const ownImportMetaUrl: Plugin = {
  name: 'own-import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /\.tsx?$/ }, async ({ path }) => ({
      contents: (await readFile(path, 'utf8')).replaceAll(
        'import.meta.url',
        JSON.stringify(pathToFileURL(path).href),
      ),
      loader: path.endsWith('x') ? 'tsx' : 'ts',
    }));
  },
};

export default async function buildCliBundle(): Promise<void> {
  await rm(CLI_BUNDLE_DIR, { recursive: true, force: true });
  await build({
    entryPoints: [fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))],
    outdir: CLI_BUNDLE_DIR,
    bundle: true,
    // Commands load their modules on demand (src/cli/main.ts); keep that.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Dependencies load from node_modules as they do under bin/jgg.js; only
    // our TypeScript (and the sandbox workspace's) is bundled.
    packages: 'external',
    alias: {
      'jira-sandbox': fileURLToPath(new URL('../../packages/jira-sandbox/src/index.ts', import.meta.url)),
    },
    plugins: [ownImportMetaUrl],
    logLevel: 'warning',
  });
}
