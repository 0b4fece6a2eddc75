#!/usr/bin/env node
// npm run bench [-- overhead|kernels] [--quick] [--kernel NAME] [--n N] [--threads T] [--repeat R] [--json]
//
// Medians over repeated runs; every ratio is taken between variants measured in
// this same run. Nothing here is a fixed number: what is printed is what ran.
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import Piscina from 'piscina';
import { Bench } from 'tinybench';
import { compareBufferSources, concatBufferSources } from 'typed-array-utils';
import { createTeam } from 'parfor';
import { cAvailable, fnv1a, runC } from './c-reference.mjs';
import { fmtTime, summarize, table } from './stats.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const opt = (name, dflt) => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 && k + 1 < args.length ? args[k + 1] : dflt;
};
const quick = flag('quick');
const suites = args.filter((a, k) => !a.startsWith('--') && !(k > 0 && args[k - 1].startsWith('--') && !['--quick', '--json'].includes(args[k - 1])));
const runSuite = (s) => suites.length === 0 || suites.includes(s);
const threads = Number(opt('threads', String(Math.min(os.availableParallelism(), 2))));
const repeat = Number(opt('repeat', quick ? '2' : '7'));
const onlyKernel = opt('kernel', undefined);
const sizeOverride = opt('n', undefined);

let commit = 'unknown';
try { commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim(); } catch { /* not a checkout */ }
const info = {
  date: new Date().toISOString(), node: process.version, cores: os.availableParallelism(),
  cpu: os.cpus()[0]?.model ?? 'unknown', commit, threads, repeat, quick,
};
console.log(`parfor bench · node ${info.node} · ${info.cores} cores (${info.cpu}) · ${threads} threads · commit ${commit}${quick ? ' · QUICK (small sizes, smoke only)' : ''}`);
const results = { info, overhead: null, kernels: [] };
const poolWorker = new URL('./pool-worker.mjs', import.meta.url).href;

// ---- overhead (EPCC style: time a batch of constructs, divide, take the median over samples) ----
async function overhead() {
  const ready = [];
  for (let r = 0; r < (quick ? 2 : 7); r++) {
    const t0 = performance.now();
    const t = createTeam({ threads });
    await t.ready();
    ready.push(performance.now() - t0);
    await t.close();
  }
  const team = createTeam({ threads });
  await team.ready();
  const pool = new Piscina({ filename: poolWorker, minThreads: threads, maxThreads: threads });
  const empty = (i) => { void i; };
  const SYNC_BATCH = 2000;
  const ASYNC_BATCH = 200;
  const bench = new Bench({ time: quick ? 200 : 2000, warmupTime: quick ? 50 : 300 });
  bench
    .add('parallelForSync, empty, T iterations', () => {
      for (let k = 0; k < SYNC_BATCH; k++) team.parallelForSync(0, threads, empty);
    })
    .add('parallelFor (async), empty, T iterations', async () => {
      for (let k = 0; k < ASYNC_BATCH; k++) await team.parallelFor(0, threads, empty);
    })
    .add('parallelFor (async), empty, dynamic,1', async () => {
      for (let k = 0; k < ASYNC_BATCH; k++) await team.parallelFor(0, threads, empty, 'dynamic');
    })
    .add('piscina, empty task round trip', async () => {
      for (let k = 0; k < ASYNC_BATCH; k++) await pool.run({ kernel: 'empty' });
    });
  await pool.run({ kernel: 'empty' });
  await bench.run();
  const batch = [SYNC_BATCH, ASYNC_BATCH, ASYNC_BATCH, ASYNC_BATCH];
  const rows = bench.tasks.map((task, k) => {
    const lat = task.result.latency;
    return { construct: task.name, median: (lat.p50 * 1000) / batch[k], min: (lat.min * 1000) / batch[k], max: (lat.max * 1000) / batch[k], samples: lat.samplesCount ?? task.result.latency.samples?.length };
  });
  const r = summarize(ready);
  rows.unshift({ construct: `team of ${threads} ready (spawn → ready())`, median: r.median * 1000, min: r.min * 1000, max: r.max * 1000, samples: r.n });
  console.log('\nOverhead (µs per construct; team start-up in µs too)');
  console.log(table(rows.map((x) => ({ ...x, median: x.median.toFixed(2), min: x.min.toFixed(2), max: x.max.toFixed(2) })), ['construct', 'median', 'min', 'max', 'samples']));
  const ratio = rows[4].median / rows[2].median;
  console.log(`piscina empty task / parfor async empty loop, same run: ${ratio.toFixed(1)}×`);
  results.overhead = rows;
  await pool.destroy();
  await team.close();
}

// ---- kernels ----
async function timeIt(fn) {
  const samples = [];
  await fn(); // warm-up, untimed
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

async function kernels() {
  const names = onlyKernel ? [onlyKernel] : ['fill', 'sumto', 'mandelbrot', 'matmul', 'pi', 'jacobi'];
  const team = createTeam({ threads });
  await team.ready();
  const pool = new Piscina({ filename: poolWorker, minThreads: threads, maxThreads: threads });
  for (const name of names) {
    const k = await import(`../kernels/${name}.mjs`);
    const size = sizeOverride ? Number(sizeOverride) : quick ? k.quickSize : k.defaultSize;
    if (k.kind === 'reduce') {
      await reductionKernel(k, size, team);
      continue;
    }
    if (k.kind === 'jacobi') {
      await jacobiKernel(k, size, team);
      continue;
    }
    const reference = k.serial(size);
    const rows = [];
    const add = (variant, stats, output, bytesCopied = 0) => {
      rows.push({ variant, stats, ok: compareBufferSources(output, reference), bytesCopied });
    };
    // Serial writes the same (shared) memory the parallel variants write: on a VM, how the
    // pages of a large allocation are backed varies per allocation and can change the speed of
    // a memory-bound kernel by 2× (see bench/ceiling.mjs), so both sides must share it.
    const { shared, output, iterations } = k.setup(size);
    add('serial JS', await timeIt(() => k.serial(size, output)), output);
    const variants = [
      ['parfor static', { schedule: 'static' }, false],
      ['parfor dynamic,1', { schedule: 'dynamic' }, false],
      ['parfor dynamic,16', { schedule: 'dynamic', chunk: 16 }, false],
      ['parfor guided', { schedule: 'guided' }, false],
      ['parfor auto', { schedule: 'auto' }, false],
      ['parfor dynamic,16 sync', { schedule: 'dynamic', chunk: 16 }, true],
    ];
    for (const [label, o, sync] of variants) {
      output.fill(0);
      // A 'map' kernel returns values (parallelMap into the shared output); the others write rows.
      const stats = await timeIt(() => (k.kind === 'map'
        ? (sync ? team.parallelMapSync(0, iterations, k.body, { ...o, shared, out: output }) : team.parallelMap(0, iterations, k.body, { ...o, shared, out: output }))
        : sync ? team.parallelForSync(0, iterations, k.body, { ...o, shared })
          : team.parallelFor(0, iterations, k.body, { ...o, shared })));
      add(label, stats, output);
    }
    // Message-copying pool: one task per row, each returning its row, concatenated at the end.
    let copied = 0;
    let pooled;
    const poolStats = await timeIt(async () => {
      const parts = await Promise.all(Array.from({ length: size }, (_, i) => pool.run({ kernel: name, i, size })));
      copied = parts.reduce((s, p) => s + p.byteLength, 0);
      pooled = concatBufferSources(...parts);
    });
    add('piscina rows (copied back)', poolStats, new reference.constructor(pooled.buffer), copied);
    const cSchedule = name === 'mandelbrot' || name === 'sumto' ? 'dynamic,1' : 'static';
    if (cAvailable() === null) {
      const want = fnv1a(reference);
      for (const th of [1, threads]) {
        const c = runC(k.name, size, repeat, th, cSchedule);
        rows.push({ variant: `C OpenMP ${cSchedule}, ${th} thread${th > 1 ? 's' : ''}`, stats: c.stats, ok: c.hash === want, bytesCopied: 0 });
      }
    }
    const serialMs = rows[0].stats.median;
    console.log(`\n${name} (${k.description}; size ${size}; median of ${repeat} runs after one warm-up)`);
    console.log(table(rows.map((r) => ({
      variant: r.variant, median: fmtTime(r.stats.median), 'min–max': `${fmtTime(r.stats.min)}–${fmtTime(r.stats.max)}`,
      speedup: `${(serialMs / r.stats.median).toFixed(2)}×`,
      efficiency: r.variant.startsWith('serial') ? '' : `${((100 * serialMs) / r.stats.median / threads).toFixed(0)}%`,
      'postMessage bytes': r.bytesCopied ? `${(r.bytesCopied / 1e6).toFixed(1)} MB` : '0',
      verified: r.ok ? '✓' : '✗',
    })), ['variant', 'median', 'min–max', 'speedup', 'efficiency', 'postMessage bytes', 'verified']));
    results.kernels.push({ name, size, rows: rows.map((r) => ({ ...r, speedup: serialMs / r.stats.median })) });
    const cRow = rows.find((r) => r.variant.startsWith('C OpenMP') && !r.variant.endsWith(' 1 thread'));
    const best = rows.filter((r) => r.variant.startsWith('parfor')).sort((a, b) => a.stats.median - b.stats.median)[0];
    if (cRow && best) console.log(`fastest parfor variant (${best.variant}) / C OpenMP at ${threads} threads, same run: ${(best.stats.median / cRow.stats.median).toFixed(2)}×`);
    if (rows.some((r) => !r.ok)) process.exitCode = 1;
  }
  await pool.destroy();
  await team.close();
}

/** A reduction kernel: the result is a number, verified against the serial value to 1e-9 relative. */
async function reductionKernel(k, size, team) {
  let reference;
  const rows = [];
  const serialStats = await timeIt(() => { reference = k.serial(size); });
  rows.push({ variant: 'serial JS', stats: serialStats, value: reference });
  const { shared, iterations, scale } = k.setup(size);
  for (const [label, o, sync] of [
    ['parfor static', { schedule: 'static' }, false],
    ['parfor dynamic,65536', { schedule: 'dynamic', chunk: 65536 }, false],
    ['parfor guided', { schedule: 'guided' }, false],
    ['parfor static sync', { schedule: 'static' }, true],
  ]) {
    let value;
    const stats = await timeIt(async () => {
      value = scale * (sync ? team.parallelReduceSync(0, iterations, k.body, { ...o, shared }) : await team.parallelReduce(0, iterations, k.body, { ...o, shared }));
    });
    rows.push({ variant: label, stats, value });
  }
  if (cAvailable() === null) {
    for (const th of [1, threads]) {
      const c = runC(k.name, size, repeat, th, 'static');
      rows.push({ variant: `C OpenMP static, ${th} thread${th > 1 ? 's' : ''}`, stats: c.stats, value: c.value });
    }
  }
  const serialMs = rows[0].stats.median;
  const ok = (v) => Math.abs(v - reference) <= 1e-9 * Math.abs(reference);
  console.log(`\n${k.name} (${k.description}; ${size} steps; median of ${repeat} runs after one warm-up)`);
  console.log(table(rows.map((r) => ({
    variant: r.variant, median: fmtTime(r.stats.median), 'min–max': `${fmtTime(r.stats.min)}–${fmtTime(r.stats.max)}`,
    speedup: `${(serialMs / r.stats.median).toFixed(2)}×`,
    efficiency: r.variant.startsWith('serial') ? '' : `${((100 * serialMs) / r.stats.median / threads).toFixed(0)}%`,
    result: r.value.toPrecision(15), verified: ok(r.value) ? '✓' : '✗',
  })), ['variant', 'median', 'min–max', 'speedup', 'efficiency', 'result', 'verified']));
  results.kernels.push({ name: k.name, size, rows: rows.map((r) => ({ ...r, speedup: serialMs / r.stats.median })) });
  if (rows.some((r) => !ok(r.value))) process.exitCode = 1;
}

/** Jacobi: one region for all sweeps against one dispatch per sweep; results compared byte for byte. */
async function jacobiKernel(k, n, team) {
  const reference = k.serial(n);
  const rows = [];
  const serialGrid = k.setup(n, (len) => new Float64Array(len));
  rows.push({ variant: 'serial JS', stats: await timeIt(() => { reset(serialGrid); k.serial(n, serialGrid); }), out: k.result(serialGrid) });
  const g = k.setup(n);
  const { a, b, sweeps, par } = g;
  const variants = [
    ['parallel region + ctx.loop (1 dispatch)', false, async () => team.parallel(k.regionBody, { shared: { a, b, n, sweeps } })],
    ['parallel region + ctx.loop, sync', true, async () => team.parallelSync(k.regionBody, { shared: { a, b, n, sweeps } })],
    [`parallelFor per sweep (${sweeps} dispatches)`, false, async () => {
      for (let s = 0; s < sweeps; s++) { par[0] = s % 2; await team.parallelFor(1, n - 1, k.rowBody, { shared: { a, b, n, par } }); }
    }],
    [`parallelForSync per sweep (${sweeps} dispatches)`, true, async () => {
      for (let s = 0; s < sweeps; s++) { par[0] = s % 2; team.parallelForSync(1, n - 1, k.rowBody, { shared: { a, b, n, par } }); }
    }],
  ];
  for (const [label, , run] of variants) {
    rows.push({ variant: label, stats: await timeIt(async () => { reset(g); await run(); }), out: k.result(g) });
  }
  const serialMs = rows[0].stats.median;
  console.log(`\njacobi (${k.description}; ${n}×${n}, ${sweeps} sweeps; median of ${repeat} runs after one warm-up)`);
  console.log(table(rows.map((r) => ({
    variant: r.variant, median: fmtTime(r.stats.median), 'min–max': `${fmtTime(r.stats.min)}–${fmtTime(r.stats.max)}`,
    speedup: `${(serialMs / r.stats.median).toFixed(2)}×`, 'per sweep': fmtTime(r.stats.median / sweeps),
    verified: compareBufferSources(r.out, reference) ? '✓' : '✗',
  })), ['variant', 'median', 'min–max', 'speedup', 'per sweep', 'verified']));
  results.kernels.push({ name: 'jacobi', size: n, rows: rows.map((r) => ({ variant: r.variant, stats: r.stats, speedup: serialMs / r.stats.median })) });
  if (rows.some((r) => !compareBufferSources(r.out, reference))) process.exitCode = 1;

  function reset(grid) {
    grid.a.fill(0); grid.b.fill(0);
    for (let j = 0; j < n; j++) { grid.a[j] = 1; grid.b[j] = 1; }
  }
}

const cNote = runSuite('kernels') ? cAvailable() : null;
if (cNote) console.log(cNote);
if (runSuite('overhead')) await overhead();
if (runSuite('kernels')) await kernels();
if (flag('json') || !quick) {
  const file = new URL(`./results/${quick ? 'quick' : 'latest'}.json`, import.meta.url);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${file.pathname}`);
}
if (process.exitCode) console.error('\nSome variant produced a wrong result (✗ above).');
else if (!quick && suites.length === 0 && !onlyKernel && !flag('no-report')) await import('./report.mjs');
