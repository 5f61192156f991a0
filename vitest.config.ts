import { defineConfig } from 'vitest/config';

// Unit and integration tests, Node side and renderer logic alike; e2e has its own config.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'main/**/*.test.ts', 'renderer/**/*.test.ts', 'electron/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2 } },
  },
});
