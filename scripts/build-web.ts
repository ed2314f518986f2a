// Builds the token page (web/) into web/dist/: one script and one style sheet
// named by their content hash (so the gateway can let browsers keep them for
// good), and index.html naming them. Runs from `npm install`/`npm ci`
// (package.json `prepare`) and before the tests (vitest globalSetup), so a
// checkout always serves the page its sources describe.
// `npx tsx scripts/build-web.ts` rebuilds it by hand.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
export const WEB_SOURCE_DIR = join(root, 'web');
export const WEB_DIST_DIR = join(WEB_SOURCE_DIR, 'dist');

export async function buildWebPage(outDir: string = WEB_DIST_DIR): Promise<string[]> {
  // A fresh folder: old hashed files would otherwise pile up and stay servable.
  const staging = `${outDir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const result = await build({
    entryPoints: [join(WEB_SOURCE_DIR, 'src', 'main.tsx'), join(WEB_SOURCE_DIR, 'src', 'page.css')],
    bundle: true,
    minify: true,
    sourcemap: false,
    format: 'esm',
    // Browsers of the last few years: every one has ES modules, fetch, <dialog> and the clipboard API.
    target: ['es2022', 'chrome111', 'firefox111', 'safari16.4'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name]-[hash]',
    // The final folder, not the staging one (its name has the pid), so that no path
    // of the build differs from one run to the next. Written below, into staging.
    outdir: join(outDir, 'assets'),
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  mkdirSync(join(staging, 'assets'), { recursive: true });
  for (const file of result.outputFiles)
    writeFileSync(join(staging, 'assets', basename(file.path)), file.contents);
  const outputs = result.outputFiles.map((file) => basename(file.path));
  const script = outputs.find((f) => f.endsWith('.js'));
  const style = outputs.find((f) => f.endsWith('.css'));
  if (!script || !style)
    throw new Error(`web build produced no script or style sheet: ${outputs.join(', ')}`);
  const html = readFileSync(join(WEB_SOURCE_DIR, 'index.html'), 'utf8')
    .replace('%SCRIPT%', `/assets/${script}`)
    .replace('%STYLE%', `/assets/${style}`);
  writeFileSync(join(staging, 'index.html'), html);
  // Swapped in whole (nearly: between the two calls there is no folder), never half a build.
  rmSync(outDir, { recursive: true, force: true });
  renameSync(staging, outDir);
  return outputs;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const outputs = await buildWebPage();
  process.stdout.write(`web page built into web/dist in ${Date.now() - started} ms: ${outputs.join(', ')}\n`);
}
