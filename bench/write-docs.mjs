// Renders every generated page and picture from bench/results/latest.json and writes them:
// docs/benchmarks.md, docs/img/*.svg, the README's speed and wasm tables and docs/wasm.md's (report.mjs), docs/handout.md
// (handout.mjs). Called by `npm run bench -- --write-docs` after it saved the results; alone,
// `node bench/write-docs.mjs` re-renders without measuring anything.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { renderHandout } from './handout.mjs';
import { renderReport } from './report.mjs';

const root = new URL('../', import.meta.url);

/** Every generated file, by path from the repository root, rendered from `results`. */
export function renderDocs(results, readme, wasmPage) {
  return { ...renderReport(results, readme, wasmPage), 'docs/handout.md': renderHandout(results) };
}

/** Render from the committed results and write the files. */
export function writeDocs() {
  const results = JSON.parse(readFileSync(new URL('bench/results/latest.json', root), 'utf8'));
  const read = (path) => readFileSync(new URL(path, root), 'utf8');
  const files = renderDocs(results, read('README.md'), read('docs/wasm.md'));
  for (const [path, text] of Object.entries(files)) writeFileSync(new URL(path, root), text);
  console.log(`wrote ${Object.keys(files).join(', ')}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) writeDocs();
