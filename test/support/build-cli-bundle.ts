// Vitest global setup: bundles the CLI for the tests that start `jgg`
// processes (see cli-bundle.ts for why). Rebuilt on every run, so it is never
// older than the sources.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CLI_BUNDLE_DIR } from './cli-bundle.ts';

export default async function buildCliBundle(): Promise<void> {
  rmSync(CLI_BUNDLE_DIR, { recursive: true, force: true });
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
    logLevel: 'warning',
  });
}
