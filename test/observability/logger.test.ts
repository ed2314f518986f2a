// The default destination buffers lines (logger.ts): they must still reach
// stdout within about a second while the process runs, and all of them at exit.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A process that logs `count` lines at once, then idles (or exits when `exit`). */
function logging(count: number, exit: boolean) {
  const code = [
    "const { createLogger } = await import('./src/observability/logger.ts');",
    "const logger = createLogger('info');",
    `for (let i = 0; i < ${count}; i++) logger.info({ i }, 'line');`,
    exit ? 'process.exit(0);' : 'setTimeout(() => {}, 20_000);',
  ].join('\n');
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return { child, lines: () => out.split('\n').filter((l) => l.includes('"msg":"line"')).length };
}

describe('the default log destination', () => {
  it('writes a lone line within about a second, without waiting for the buffer to fill', async () => {
    const run = logging(1, false);
    try {
      const started = Date.now();
      await expect.poll(run.lines, { timeout: 5_000, interval: 50 }).toBe(1);
      // Start-up (tsx) is part of this; the line itself waits at most the one-second flush.
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(run.child.exitCode).toBeNull();
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('writes every buffered line when the process exits', async () => {
    const run = logging(500, true);
    // 'close': the process has exited and its stdout is read to the end.
    const [code] = (await once(run.child, 'close')) as [number | null];
    expect(code).toBe(0);
    expect(run.lines()).toBe(500);
  });
});
