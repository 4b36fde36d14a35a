import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    // Two cores: two test files at a time.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['apps/server/src/**/*.test.ts', 'packages/*/src/**/*.test.ts'],
          // One migrated template database per run; each test app gets a fresh copy.
          globalSetup: ['apps/server/src/testing/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'web',
          // The H5 app's pure units (URL filters, form drafts, error mapping, locales).
          include: ['apps/web/src/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'miniprogram',
          // The WeChat mini program's pages in miniprogram-simulate (j-component on jsdom).
          include: ['apps/miniprogram/test/**/*.test.ts'],
          environment: 'jsdom',
          globalSetup: ['apps/miniprogram/test/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          // Real Chromium against the real server on the embedded store; needs `npm run build` first.
          include: ['apps/web/e2e/**/*.test.ts'],
          maxWorkers: 1,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
