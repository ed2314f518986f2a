// How long the sandbox takes to generate and index its data, and the heap it
// holds, for 1k, 10k and 100k issues. Each size runs in a fresh process so
// one size's garbage does not weigh on the next.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const sizes = [1_000, 10_000, 100_000];
const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--one') {
  const issues = Number(process.argv[3]);
  const { generateSandboxData } = await import('../src/generate/index.ts');
  const { SandboxStore } = await import('../src/store.ts');
  const started = performance.now();
  const store = new SandboxStore(generateSandboxData({ seed: 1, issues }));
  const ms = performance.now() - started;
  globalThis.gc?.();
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  process.stdout.write(JSON.stringify({ issues: store.data.issues.length, ms, heapMb }));
} else {
  process.stdout.write('| issues | generate + index | heap after |\n| ---: | ---: | ---: |\n');
  for (const issues of sizes) {
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', self, '--one', String(issues)],
      {
        encoding: 'utf8',
      },
    );
    const r = JSON.parse(out) as { issues: number; ms: number; heapMb: number };
    process.stdout.write(
      `| ${r.issues.toLocaleString('en')} | ${(r.ms / 1000).toFixed(2)} s | ${r.heapMb.toFixed(0)} MB |\n`,
    );
  }
}
