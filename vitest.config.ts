import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests that spawn workers run against the built package (`npm test` builds
// first): Node cannot start a worker from a .ts file. Run directly
// (`npx vitest`), the tests would test whatever dist/ holds, so a build older
// than any source file is refused with a clear message.
const root = fileURLToPath(new URL('.', import.meta.url));
const built = join(root, 'dist/index.js');
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
if (!existsSync(built)) throw new Error('dist/ is missing: run `npm run build` first (`npm test` and `npm run check` build for you)');
if (statSync(built).mtimeMs < newest(join(root, 'src'))) {
  throw new Error('dist/ is older than src/: run `npm run build` first (`npm test` and `npm run check` build for you)');
}

export default defineConfig({
  resolve: {
    // Exact names: `parfor` is the built entry, `parfor/eslint` the built plugin.
    alias: [
      { find: /^parfor$/, replacement: built },
      { find: /^parfor\/eslint$/, replacement: join(root, 'dist/eslint.js') },
    ],
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
