import { defineConfig } from 'vitest/config';

// Browser tests on their own (until the root config's e2e project is used): one file at a time, since
// each starts a server on a fresh embedded database and a Chromium.
export default defineConfig({
  test: {
    include: ['apps/web/e2e/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
