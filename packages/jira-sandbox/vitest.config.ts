import { defineConfig } from 'vitest/config';

// For `npm test` inside this package; the repository's root config runs these
// tests too, with the gateway's.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
