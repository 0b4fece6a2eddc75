// Build dist/: ESM and CJS entries, the thread entries (CommonJS files), and type declarations.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { buildWasm } from './build-wasm.mjs';

rmSync('dist', { recursive: true, force: true });
// What ships is minified with its names kept (stack traces and `constructor.name` read as in the
// source) and without source maps: the package stays under 1 MB unpacked (issue 26; maps were
// 3.1 of its 4.8 MB). PARFOR_SOURCEMAP=1 builds with linked maps, for debugging parfor itself.
const sourcemap = process.env.PARFOR_SOURCEMAP === '1' ? 'linked' : false;
const minified = { minify: true, keepNames: true };
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap, logLevel: 'warning', legalComments: 'none', ...minified };

// The browser build: platform/node.ts is replaced by platform/browser.ts, and the worker entry is
// the Web Worker one. The output keeps `new URL('./worker.js', import.meta.url)` for bundlers.
const browserPlatform = {
  name: 'browser-platform',
  setup(b) {
    b.onResolve({ filter: /platform\/node\.js$/ }, (_args) => ({ path: new URL('../src/platform/browser.ts', import.meta.url).pathname }));
  },
};
const browser = { ...common, platform: 'browser', target: 'es2022', format: 'esm', plugins: [browserPlatform] };

// import.meta.url in the CommonJS builds: this file's URL, made when first read. A worker that never
// reads it does not load node:url (0.4 ms of its start, bench/results/issue-25-start.txt). The
// directive first, so the CJS builds are strict like the ESM one.
const lazyMetaUrl = "'use strict';\nconst __parforMeta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };";

await Promise.all([
  buildWasm(),
  build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.js', format: 'esm' }),
  build({ ...browser, entryPoints: ['src/index.ts'], outfile: 'dist/browser/index.js' }),
  // The thread entries are self-contained files: one module to load per thread
  // start. (SharedMatrix and kernels are recognised across copies by brand.)
  build({ ...browser, entryPoints: ['src/team/thread/main-browser.ts'], outfile: 'dist/browser/worker.js' }),
  // Node's thread entries are CommonJS: a worker starts 12-18 ms sooner from a .cjs file than from an
  // ES module (bench/results/issue-25-start.txt), and Bun and Deno start them too.
  build({
    ...common,
    entryPoints: { worker: 'src/team/thread/main.ts', watcher: 'src/team/workers/watcher.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    define: { 'import.meta.url': '__parforMeta.url' },
    banner: { js: lazyMetaUrl },
  }),
  // The ESLint plugin (parfor/eslint): an ES module of its own, which imports nothing.
  build({ ...common, entryPoints: ['src/lint/eslint.ts'], outfile: 'dist/eslint.js', format: 'esm' }),
  build({ ...common, entryPoints: ['src/lint/eslint.ts'], outfile: 'dist/eslint.cjs', format: 'cjs' }),
  build({
    ...common,
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.cjs',
    format: 'cjs',
    // The CJS build spawns the same ESM worker files, found next to it.
    define: { 'import.meta.url': '__parforMeta.url' },
    banner: { js: lazyMetaUrl },
  }),
]);
// Minifying drops comments, among them the ones bundlers read on the kernel import() of a thread
// entry (team/thread/loop.ts): put them back, on the one import() there is.
for (const file of ['dist/worker.cjs', 'dist/browser/worker.js']) {
  const text = readFileSync(file, 'utf8');
  const sites = text.match(/\bimport\(([\w$]+)\)/g) ?? [];
  if (sites.length !== 1) throw new Error(`${file}: expected one import() of a kernel URL, found ${sites.length}`);
  writeFileSync(file, text.replace(/\bimport\(([\w$]+)\)/, 'import(/* webpackIgnore: true */ /* @vite-ignore */ $1)'));
}
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
// The plugin's declarations are self-contained: one file beside each build (`require('parfor/eslint')`
// gives `{ default: plugin, … }`, as the .d.cts says).
for (const ext of ['d.ts', 'd.cts']) writeFileSync(`dist/eslint.${ext}`, readFileSync('dist/types/lint/eslint.d.ts', 'utf8'));
// Only the declarations a user's types can reach from the entry ship: the others describe
// internals no public type names.
const reachable = new Set();
for (const queue = ['index.d.ts']; queue.length; ) {
  const file = queue.pop();
  if (reachable.has(file)) continue;
  reachable.add(file);
  const code = readFileSync(join('dist/types', file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, ''); // not the doc comments' examples
  for (const m of code.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)\.js['"]/g)) {
    queue.push(join(dirname(file), `${m[1]}.d.ts`));
  }
}
// One tree of declarations serves both entries: .d.cts files, whose relative imports end in .cjs.
// A CommonJS consumer may not import ESM declarations (TS1479), but an ES module may import
// CommonJS ones, so the ESM entry re-exports the same tree.
for (const file of reachable) {
  let text = readFileSync(join('dist/types', file), 'utf8').replace(
    /((?:from|import)\s*\(?\s*['"]\.{1,2}\/[^'"]*?)\.js(['"])/g,
    '$1.cjs$2',
  );
  // The engine's own doc comments help no user's editor: users see the api/, data/ and kinds/ docs.
  if (/^(core|team|schedule|platform)[\\/]/.test(file)) text = text.replace(/^\s*\/\*\*[\s\S]*?\*\/\n/gm, '');
  const out = join('dist/types-cjs', file.replace(/\.d\.ts$/, '.d.cts'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
}
rmSync('dist/types', { recursive: true });
renameSync('dist/types-cjs', 'dist/types');
writeFileSync('dist/index.d.ts', "export * from './types/index.cjs';\n");
writeFileSync('dist/index.d.cts', "export * from './types/index.cjs';\n");
