// Build dist/: ESM (with the worker and watcher entries, sharing chunks), CJS, and type declarations.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { buildWasm } from './build-wasm.mjs';

rmSync('dist', { recursive: true, force: true });
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', legalComments: 'none' };

// The browser build: platform/node.ts is replaced by platform/browser.ts, and the worker entry is
// the Web Worker one. The output keeps `new URL('./worker.js', import.meta.url)` for bundlers.
const browserPlatform = {
  name: 'browser-platform',
  setup(b) {
    b.onResolve({ filter: /platform\/node\.js$/ }, (_args) => ({ path: new URL('../src/platform/browser.ts', import.meta.url).pathname }));
  },
};
const browser = { ...common, platform: 'browser', target: 'es2022', format: 'esm', plugins: [browserPlatform] };

await Promise.all([
  buildWasm(),
  build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.js', format: 'esm' }),
  build({ ...browser, entryPoints: ['src/index.ts'], outfile: 'dist/browser/index.js' }),
  // Thread entries: minified but for whitespace, which would drop the magic comments
  // (webpackIgnore, @vite-ignore) on the kernel import() that bundlers read.
  build({
    ...browser,
    entryPoints: ['src/team/thread/main-browser.ts'],
    outfile: 'dist/browser/worker.js',
    minifySyntax: true,
    minifyIdentifiers: true,
  }),
  // The thread entries are self-contained files: one module to load per thread
  // start. (SharedMatrix and kernels are recognised across copies by brand.)
  build({
    ...common,
    entryPoints: { worker: 'src/team/thread/main.ts', watcher: 'src/team/workers/watcher.ts' },
    outdir: 'dist',
    format: 'esm',
    minifySyntax: true,
    minifyIdentifiers: true,
  }),
  build({
    ...common,
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.cjs',
    format: 'cjs',
    // The CJS build spawns the same ESM worker files, found next to it.
    define: { 'import.meta.url': '__parforModuleUrl' },
    // The directive first, so the CJS build is strict like the ESM one.
    banner: { js: "'use strict';\nconst __parforModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  }),
]);
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
writeFileSync('dist/index.d.ts', "export * from './types/index.js';\n");
// CommonJS consumers get the same declarations as .d.cts files whose relative imports end in .cjs:
// a .d.cts that re-exported the ESM .d.ts files would fail their type check (TS1479).
for (const file of readdirSync('dist/types', { recursive: true })) {
  if (!String(file).endsWith('.d.ts')) continue;
  const text = readFileSync(join('dist/types', file), 'utf8').replace(
    /((?:from|import)\s*\(?\s*['"]\.{1,2}\/[^'"]*?)\.js(['"])/g,
    '$1.cjs$2',
  );
  const out = join('dist/types-cjs', String(file).replace(/\.d\.ts$/, '.d.cts'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
}
writeFileSync('dist/index.d.cts', "export * from './types-cjs/index.cjs';\n");
