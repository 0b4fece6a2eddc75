// The EPCC suite (`npm run bench -- epcc`): EPCC's syncbench and schedbench method, parfor
// (bench/epcc-js.mjs) against libgomp (kernels/c/epcc.c), each side in a process of its own, in
// alternating order, ROUNDS rounds. Each side calibrates its own 0.1 µs delay, sizes each test to
// at least 1 ms, and times 20 outer repetitions in µs per construct (per loop for the schedules).
// Pooled over the rounds, per test and side: the overhead's mean (test mean − reference mean) with
// EPCC's 95% interval (± 1.96 · (sd test + sd reference)) and its median (test median − reference
// median); then parfor / libgomp of each, and the range of the per-round ratio of means.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCEpcc, whyNoC } from './c-reference.mjs';

/** syncbench's tests, all of which parfor expresses (bench/epcc-kernels.mjs says how). */
export const SYNC_TESTS = [
  'PARALLEL',
  'FOR',
  'PARALLEL_FOR',
  'BARRIER',
  'SINGLE',
  'CRITICAL',
  'LOCK_CONTENDED',
  'LOCK_UNCONTENDED',
  'ORDERED',
  'ATOMIC',
  'REDUCTION',
];
/** schedbench's: static without a chunk, then chunks 1 … 1024 (static, dynamic) and 1 … 1024/T (guided). */
export function schedTests(threads, quick) {
  const chunks = quick ? [1, 64] : [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
  return [
    'STATIC_0',
    ...chunks.map((c) => `STATIC_${c}`),
    ...chunks.map((c) => `DYNAMIC_${c}`),
    ...chunks.filter((c) => c <= 1024 / threads).map((c) => `GUIDED_${c}`),
  ];
}

/** What EPCC v4.0 measures that parfor cannot express, construct by construct (docs/benchmarks.md). */
export const NOT_EXPRESSIBLE = [
  [
    'syncbench LOCK_*_HINT (omp_init_lock_with_hint)',
    'SharedLock takes no hint (contended, uncontended, speculative): the plain lock tests stand for them',
  ],
  ['syncbench ATOMIC_SEQCST', 'every Atomics operation is sequentially consistent: ATOMIC already is'],
  [
    'syncbench BARRIER_VAR (a barrier after a delay that differs per thread)',
    'expressible (ctx.barrier after a delay of the thread’s own), not yet in this suite',
  ],
  [
    'arraybench COPYPRIVATE of an array',
    'ctx.single broadcasts a number, boolean, null or undefined: an array goes through a shared array',
  ],
  ['arraybench COPYIN (threadprivate)', 'no threadprivate copy-in: per-thread state lives for one loop (init), or in a region’s locals'],
  ['arraybench PRIVATE, FIRSTPRIVATE', 'a body’s own locals; nothing for the runtime to do, so nothing to measure'],
  ['schedbench TASKLOOP_*', 'expressible (ctx.taskloop in a region with tasks), not yet in this suite; taskbench is bench/taskbench.mjs'],
  [
    'schedbench monotonic/nonmonotonic variants',
    'the modifiers are accepted and change nothing: dynamic and guided chunks are always claimed in order',
  ],
];

const child = fileURLToPath(new URL('./epcc-js.mjs', import.meta.url));
const OUTER = 20;
const TEST_US = 1000;
const DELAY_US = 0.1;

function runJs(threads, tests) {
  const r = spawnSync(process.execPath, [child, String(threads), String(OUTER), String(TEST_US), String(DELAY_US), ...tests], {
    encoding: 'utf8',
    timeout: 900_000,
  });
  if (r.status !== 0) throw new Error(`epcc-js failed: ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sd = (a) => {
  const m = mean(a);
  return Math.sqrt(a.reduce((x, y) => x + (y - m) ** 2, 0) / Math.max(1, a.length - 1));
};

/** EPCC's figures for one side of one test, from its runs (one per round). */
function overhead(runs) {
  const times = runs.flatMap((r) => r.times);
  const ref = runs.flatMap((r) => r.ref);
  return {
    mean: mean(times) - mean(ref),
    ci: 1.96 * (sd(times) + sd(ref)),
    median: median(times) - median(ref),
    perRound: runs.map((r) => mean(r.times) - mean(r.ref)),
    innerreps: runs.map((r) => r.innerreps),
    delayLength: runs.map((r) => r.delayLength),
  };
}

export async function epccSuite({ quick, threads, progress }) {
  const rounds = quick ? 1 : 3;
  const tests = [...SYNC_TESTS, ...schedTests(threads, quick)];
  const noC = whyNoC();
  const ours = new Map(tests.map((t) => [t, []]));
  const gomp = new Map(tests.map((t) => [t, []]));
  for (let r = 0; r < rounds; r++) {
    const sides = [
      () => {
        progress(`epcc · parfor · round ${r + 1}/${rounds}`);
        for (const line of runJs(threads, tests)) ours.get(line.test).push(line);
      },
      () => {
        if (noC !== null) return;
        progress(`epcc · libgomp · round ${r + 1}/${rounds}`);
        for (const line of runCEpcc(threads, OUTER, TEST_US, DELAY_US, tests)) gomp.get(line.test).push(line);
      },
    ];
    // Alternate which side goes first, so neither always runs in the other's wake.
    if (r % 2) sides.reverse();
    for (const side of sides) side();
  }
  const rows = tests.map((test) => {
    const o = overhead(ours.get(test));
    const g = noC === null ? overhead(gomp.get(test)) : null;
    const ratios = g === null ? [] : o.perRound.map((v, k) => v / g.perRound[k]);
    return {
      test,
      parfor: o,
      libgomp: g,
      ratioMean: g === null ? null : o.mean / g.mean,
      ratioMedian: g === null ? null : o.median / g.median,
      ratioRange: g === null ? null : [Math.min(...ratios), Math.max(...ratios)],
    };
  });
  const result = { threads, rounds, outer: OUTER, testUs: TEST_US, delayUs: DELAY_US, rows, notExpressible: NOT_EXPRESSIBLE };
  print(result, noC);
  return result;
}

function print(e, noC) {
  const f = (v) => (Math.abs(v) < 0.1 ? v.toFixed(4) : Math.abs(v) < 10 ? v.toFixed(3) : v.toFixed(1));
  console.log(
    `\nEPCC: overhead in µs per construct (schedules: per loop of 1,024 iterations a thread) on ${e.threads} threads, ${e.rounds} round(s) × ${e.outer} outer repetitions, delay ${e.delayUs} µs`,
  );
  if (noC !== null) console.log(noC);
  const head = ['test', 'parfor mean ± 95%', 'median', 'libgomp mean ± 95%', 'median', 'mean ratio', 'median ratio', 'per-round ratio'];
  const lines = [head];
  for (const r of e.rows) {
    const g = r.libgomp;
    lines.push([
      r.test,
      `${f(r.parfor.mean)} ± ${f(r.parfor.ci)}`,
      f(r.parfor.median),
      g ? `${f(g.mean)} ± ${f(g.ci)}` : '—',
      g ? f(g.median) : '—',
      g ? `${r.ratioMean.toFixed(2)}×` : '—',
      g ? `${r.ratioMedian.toFixed(2)}×` : '—',
      g ? `${r.ratioRange[0].toFixed(2)}-${r.ratioRange[1].toFixed(2)}` : '—',
    ]);
  }
  const widths = head.map((_, k) => Math.max(...lines.map((l) => l[k].length)));
  for (const l of lines) console.log(l.map((c, k) => (k === 0 ? c.padEnd(widths[k]) : c.padStart(widths[k]))).join('  '));
  console.log('\nWhat EPCC v4.0 measures that parfor cannot express (or this suite does not yet run):');
  for (const [what, why] of e.notExpressible) console.log(`- ${what}: ${why}`);
}
