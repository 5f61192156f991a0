import { defineConfig } from 'vitest/config';

// End-to-end: web mode in Debian's Chromium. Expects `npm run build:renderer` to have run.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
