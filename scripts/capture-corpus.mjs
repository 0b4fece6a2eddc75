// How parfor's free-name finder (src/team/bodies/captures.ts), which refuses a body that uses a
// variable from around it, compares with ESLint's scope analysis on real code: every plain function
// of the files below (or those given), minified and not. Prints one summary; the committed run is
// bench/results/issue-26-capture-check.txt.
//   npm run -s build && node scripts/capture-corpus.mjs [file …]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { compare } from './scope-oracle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const nm = (p) => join(root, 'node_modules', p);
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : [
        nm('acorn/dist/acorn.mjs'),
        nm('esbuild/lib/main.js'),
        nm('piscina/dist/index.js'),
        nm('tinybench/dist/index.js'),
        nm('typescript/lib/typescript.js'),
        nm('vite/dist/node/chunks/node.js'),
        nm('vite/dist/node/chunks/build.js'),
        nm('webpack/lib/Compilation.js'),
        nm('webpack/lib/javascript/JavascriptParser.js'),
        nm('@babel/core/lib/transformation/index.js'),
        nm('playwright-core/lib/utilsBundle.js'),
        nm('playwright-core/lib/coreBundle.js'),
        join(root, 'dist/index.js'),
        join(root, 'dist/worker.cjs'),
      ];
const dir = mkdtempSync(join(tmpdir(), 'parfor-corpus-'));
const out = join(dir, 'captures.mjs');
buildSync({ entryPoints: [join(root, 'src/team/bodies/captures.ts')], bundle: true, format: 'esm', outfile: out, logLevel: 'warning' });
const { freeNames } = await import(pathToFileURL(out).href);
rmSync(dir, { recursive: true, force: true });

const t0 = performance.now();
const r = compare(files, freeNames, (f) => readFileSync(f, 'utf8'));
const seconds = (performance.now() - t0) / 1000;
console.log(`files: ${r.files} (${files.map((f) => f.replace(root, '').replace(/^\/?node_modules\//, '')).join(', ')})`);
console.log(`functions compared: ${r.functions}`);
console.log(`functions the tokenizer gave up on: ${r.unread}`);
console.log(`names reported that ESLint finds declared (would refuse a working body): ${r.wrong.length}`);
for (const w of r.wrong.slice(0, 10)) console.log(`  ${w.replace(/\s+/g, ' ').slice(0, 160)}`);
console.log(`free names that are not globals: ${r.free}; reported: ${r.found} (${((100 * r.found) / r.free).toFixed(2)}%)`);
console.log(`time: ${seconds.toFixed(1)} s (the comparison, ESLint's analysis included)`);

// What the check costs a new body (it runs once per body a team registers): two one-line bodies,
// the median of 15 batches of 2,000 calls each, after 2,000 warm-up calls.
const bodies = [
  '(i, { out, n }) => { out[i] = i * i + n; }',
  '(i, { M, n }) => { for (let j = 0; j < n; j++) M[i * n + j] = i * i + j * j; }',
];
for (const b of bodies) {
  for (let w = 0; w < 2000; w++) freeNames(b);
  const batches = [];
  for (let k = 0; k < 15; k++) {
    const s = performance.now();
    for (let w = 0; w < 2000; w++) freeNames(b);
    batches.push(((performance.now() - s) / 2000) * 1000);
  }
  batches.sort((x, y) => x - y);
  console.log(`cost, a ${b.length}-character body: median ${batches[7].toFixed(1)} µs, max batch ${batches[14].toFixed(1)} µs`);
}
