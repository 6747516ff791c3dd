import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['validators/**/*.test.ts', 'pipelines/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
