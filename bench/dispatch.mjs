// The dispatch suite (`npm run bench -- dispatch`): what an empty construct costs call by call, parfor
// against libgomp on the same cores, in the same window. For each construct (parallelForSync /
// `parallel for`, parallelReduceSync / `reduction(+)`, parallelSync / `parallel`, and a task tree of a
// root and one child: parallelTasksSync / `parallel` + `single` + `task` + `taskwait`; and the
// adaptive schedule against libgomp's dynamic), ROUNDS rounds,
// each running libgomp's program (kernels/c/dispatch.c) and parfor's (bench/dispatch-js.mjs) as
// child processes, in alternating order. Reports the latency histogram of all calls of each side
// (p50, p99, p99.9, max), the EPCC-method mean (batches of 1,000 calls timed whole, mean of 20
// batch means per round), and ours / libgomp for each.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCDispatch, whyNoC } from './c-reference.mjs';

const CONSTRUCTS = [
  ['for', 'parallelForSync / parallel for'],
  ['reduce', 'parallelReduceSync / reduction(+)'],
  ['region', 'parallelSync / parallel'],
  ['tasks', 'parallelTasksSync / task + taskwait (a root, one child)'],
  ['adaptive', 'parallelForSync adaptive / parallel for schedule(dynamic)'],
  ['ordered', 'parallelForSync static,1 + ctx.ordered / parallel for ordered'],
];
const child = fileURLToPath(new URL('./dispatch-js.mjs', import.meta.url));
/** libgomp's construct for each of ours where the names differ (its nearest schedule to adaptive is dynamic). */
const C_CONSTRUCT = { adaptive: 'dynamic' };

/** The q-quantile of sorted samples (nearest rank). */
function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Histogram and means of one side's calls and batches. */
function summary(calls, batches) {
  const s = Float64Array.from(calls).sort();
  let sum = 0;
  for (const v of s) sum += v;
  const b = Float64Array.from(batches).sort();
  let bsum = 0;
  for (const v of b) bsum += v;
  return {
    n: s.length,
    p50: quantile(s, 0.5),
    p99: quantile(s, 0.99),
    p999: quantile(s, 0.999),
    max: s[s.length - 1],
    mean: sum / s.length,
    epccMean: bsum / b.length,
    epccMedian: quantile(b, 0.5),
  };
}

function runJs(construct, threads, calls, warm) {
  const r = spawnSync(
    process.execPath,
    ['--min-semi-space-size=64', '--max-semi-space-size=64', child, construct, String(threads), String(calls), String(warm)],
    { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`dispatch-js ${construct} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** `only`: the constructs to run (default: all), e.g. ['for', 'ordered'] (bench/dispatch-only.mjs). */
export async function dispatchSuite({ quick, threads, progress, only }) {
  const rounds = quick ? 1 : 5;
  const calls = quick ? 2_000 : 20_000;
  const warm = quick ? 500 : 5_000;
  const noC = whyNoC();
  const rows = [];
  for (const [construct, label] of CONSTRUCTS) {
    if (only !== undefined && !only.includes(construct)) continue;
    const ours = { calls: [], batches: [], collections: 0 };
    const gomp = { calls: [], batches: [] };
    for (let r = 0; r < rounds; r++) {
      progress(`dispatch · ${label} · round ${r + 1}/${rounds}`);
      const runOurs = () => {
        const j = runJs(construct, threads, calls, warm);
        ours.calls.push(...j.calls);
        ours.batches.push(...j.batches);
        ours.collections += j.collections;
      };
      const runGomp = () => {
        if (noC !== null) return;
        const c = runCDispatch(C_CONSTRUCT[construct] ?? construct, threads, calls, warm);
        gomp.calls.push(...c.calls);
        gomp.batches.push(...c.batches);
      };
      // Alternate which side goes first, so neither always runs in the other's wake.
      if (r % 2 === 0) {
        runOurs();
        runGomp();
      } else {
        runGomp();
        runOurs();
      }
    }
    const o = summary(ours.calls, ours.batches);
    const g = noC === null ? summary(gomp.calls, gomp.batches) : null;
    rows.push({ construct: label, ours: o, libgomp: g, collections: ours.collections, rounds, calls, warm });
  }
  print(rows, threads, noC);
  return { threads, rows };
}

function print(rows, threads, noC) {
  const f = (v) => (v === undefined ? '—' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));
  console.log(`\nDispatch: µs per empty construct on ${threads} threads, every call timed (histogram) and EPCC batches`);
  if (noC !== null) console.log(noC);
  const head = ['construct', 'side', 'p50', 'p99', 'p99.9', 'max', 'mean', 'EPCC mean', 'calls'];
  const lines = [head];
  for (const r of rows) {
    for (const [side, s] of [
      ['parfor', r.ours],
      ['libgomp', r.libgomp],
    ]) {
      if (s === null) continue;
      lines.push([r.construct, side, f(s.p50), f(s.p99), f(s.p999), f(s.max), f(s.mean), f(s.epccMean), String(s.n)]);
    }
    if (r.libgomp !== null) {
      const x = (a, b) => `${(a / b).toFixed(2)}×`;
      lines.push([
        '',
        'parfor / libgomp',
        x(r.ours.p50, r.libgomp.p50),
        x(r.ours.p99, r.libgomp.p99),
        x(r.ours.p999, r.libgomp.p999),
        x(r.ours.max, r.libgomp.max),
        x(r.ours.mean, r.libgomp.mean),
        x(r.ours.epccMean, r.libgomp.epccMean),
        '',
      ]);
    }
    if (r.collections > 0)
      lines.push(['', `(${r.collections} collection(s) in parfor's processes during timing)`, '', '', '', '', '', '', '']);
  }
  const widths = head.map((_, k) => Math.max(...lines.map((l) => l[k].length)));
  for (const l of lines) console.log(l.map((c, k) => (k < 2 ? c.padEnd(widths[k]) : c.padStart(widths[k]))).join('  '));
}
