// Renders the WebAssembly kernels' results (the `wasm` key of bench/results/latest.json, written by
// bench/wasm.mjs) into docs/wasm.md, docs/benchmarks.md and the README, between
// <!-- wasm:start … --> and <!-- wasm:end --> markers. Called from bench/report.mjs.
import { fmtTime } from './stats.mjs';

const x = (r) => (r === undefined ? '–' : `${r.toFixed(2)}×`);

function missing() {
  return new Error('bench/results/latest.json has no `wasm` key: run npm run bench -- --write-docs');
}

/** The heading sentence: which run, which machine. */
function source(results) {
  const i = results.info;
  const w = results.wasm;
  return (
    `Measured by \`npm run bench -- --write-docs\` on ${i.date.slice(0, 10)} (commit ${i.commit}): Node ${i.node}, ${i.cores} cores (${i.cpu}), ` +
    `${i.threads} threads. Medians of ${w.rounds} or more rounds in one process, the variants of a kernel alternating round by round ` +
    '(`npm run bench -- wasm`); C times are its own clock, median of 3 runs per round. Ratios are time ÷ the other time (above 1: slower). ' +
    'Every output is checked against the serial JS reference: byte for byte, π within 1e-12.'
  );
}

/** The full table, one row per variant, and the targets. */
export function wasmTable(results) {
  const w = results.wasm;
  if (w === undefined) throw missing();
  const lines = [
    source(results),
    '',
    '| kernel | variant | median | over C -O2 | over C -O3 -march=native | over its own ceiling | verified |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of w.rows) {
    const own = r.variant.startsWith('bare') ? '1 (ceiling)' : x(r.overCeiling);
    lines.push(
      `| ${r.kernel} | ${r.variant} | ${fmtTime(r.median)} | ${x(r.overC)} | ${x(r.overNativeC)} | ${r.variant.startsWith('parfor + wasm') || r.variant.startsWith('bare') ? own : ''} | ${r.ok ? '✓' : '✗'} |`,
    );
  }
  lines.push('', 'Targets (issue 13), from the same rows:', '');
  for (const t of w.targets) {
    const met = Number.isFinite(t.ratio) ? (t.ratio <= t.target ? 'met' : 'missed') : 'not measured';
    lines.push(`- ${t.what}: ${Number.isFinite(t.ratio) ? x(t.ratio) : '–'} (target ≤ ${t.target}×: ${met})`);
  }
  return lines;
}

/** One line per kernel: the JS body, the two wasm bodies and the two C builds, times and ratios to C -O2. */
export function wasmSummary(results) {
  const w = results.wasm;
  if (w === undefined) throw missing();
  const lines = [
    source(results),
    '',
    '| kernel | parfor, JS body | parfor + wasm | parfor + wasm SIMD | C OpenMP -O2 | C OpenMP -O3 -march=native |',
    '|---|---|---|---|---|---|',
  ];
  for (const k of w.kernels) {
    const rows = w.rows.filter((r) => r.kernel === `${k.name} ${k.size}`);
    const cell = (re) => {
      const r = rows.find((row) => re.test(row.variant));
      return r === undefined ? '–' : `${fmtTime(r.median)} (${x(r.overC)})`;
    };
    lines.push(
      `| ${k.name} (${k.size}) | ${cell(/^parfor JS/)} | ${cell(/^parfor \+ wasm [^S]/)} | ${cell(/^parfor \+ wasm SIMD [^ ]+$/)} | ${cell(/^C OpenMP [^-]/)} | ${cell(/^C OpenMP -O3/)} |`,
    );
  }
  lines.push('', 'In brackets: time ÷ C OpenMP -O2 time.');
  return lines;
}

/** `page` with the text between its wasm markers replaced by `lines`. */
export function replaceWasm(page, lines, file) {
  const start = page.indexOf('<!-- wasm:start');
  const end = page.indexOf('<!-- wasm:end -->');
  if (start < 0 || end < start) throw new Error(`${file} has no <!-- wasm:start --> … <!-- wasm:end --> markers`);
  return `${page.slice(0, page.indexOf('\n', start) + 1)}\n${lines.join('\n')}\n\n${page.slice(end)}`;
}
