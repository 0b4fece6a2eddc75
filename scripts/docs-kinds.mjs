// Rewrite the loop-kinds table in docs/architecture.md from src/kinds/table.ts (see scripts/kinds-table.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const entry = "export { KINDS } from './src/kinds/table.ts'; export { renderKindsTable } from './scripts/kinds-table.ts';";
const out = await build({
  stdin: { contents: entry, resolveDir: '.', loader: 'ts' },
  bundle: true,
  format: 'esm',
  write: false,
  logLevel: 'warning',
});
const { KINDS, renderKindsTable } = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
const page = 'docs/architecture.md';
const text = readFileSync(page, 'utf8');
const next = text.replace(/(<!-- kinds:start -->\n)[\s\S]*?(<!-- kinds:end -->)/, (_m, a, b) => a + renderKindsTable(KINDS) + b);
if (next === text && !text.includes('<!-- kinds:start -->')) throw new Error(`${page} has no <!-- kinds:start --> marker`);
writeFileSync(page, next);
console.log(next === text ? `${page}: the kinds table was up to date` : `${page}: kinds table rewritten`);
