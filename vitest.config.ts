import { defineConfig } from 'vitest/config';

// Two projects: `unit` (fast, no cluster) and `e2e` (needs the local cluster:
// npm run cluster:up, then KUBEGRADE_E2E=1). `npm test` runs both; the e2e
// tests skip themselves, saying why, when KUBEGRADE_E2E is not set.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: ['test/e2e/**', 'node_modules/**'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
