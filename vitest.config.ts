import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests that spawn workers run against the built package (`npm test` builds
// first): Node cannot start a worker from a .ts file.
export default defineConfig({
  resolve: {
    alias: { parfor: fileURLToPath(new URL('./dist/index.js', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Worker-heavy files run one at a time: the machine has 2 cores and every
    // team wants them all.
    fileParallelism: false,
  },
});
