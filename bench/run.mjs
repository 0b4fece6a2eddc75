#!/usr/bin/env node
// npm run bench [-- overhead|dispatch|epcc|kernels|ceiling|wasm|tasks] [--full] [--quick] [--kernel NAME] [--n N] [--threads T] [--repeat R] [--write-docs]
//
// With no suite named, the default run is the tour (overhead, kernels, ceiling; 3 timed runs a
// variant), a few minutes; --full runs every suite with 7, the run the docs come from.
//
// Medians over repeated runs; every ratio is between variants of this same run. Each kernel
// variant runs in a child process of its own (bench/variant.mjs), so its peak RSS is its own.
// Nothing here is a fixed number: what is printed is what ran.
import { execSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createTeam } from 'parfor';
import Piscina from 'piscina';
import { Bench } from 'tinybench';
import { runC, runCOverhead, whyNoC } from './c-reference.mjs';
import { ceiling } from './ceiling.mjs';
import { dispatchSuite } from './dispatch.mjs';
import { measureDocs } from './docs-measure.mjs';
import { epccSuite } from './epcc.mjs';
import { tracker } from './progress.mjs';
import { fmtTime, summarize, table } from './stats.mjs';
import { wasmSuite } from './wasm.mjs';
import { writeDocs as renderAndWriteDocs } from './write-docs.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const opt = (name, dflt) => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 && k + 1 < args.length ? args[k + 1] : dflt;
};
const VALUE_FLAGS = new Set(['--kernel', '--n', '--threads', '--repeat']);
const suites = args.filter((a, k) => !a.startsWith('--') && !(k > 0 && VALUE_FLAGS.has(args[k - 1])));
const quick = flag('quick');
const ALL = ['overhead', 'dispatch', 'epcc', 'kernels', 'ceiling', 'wasm', 'tasks'];
const TOUR = ['overhead', 'kernels', 'ceiling'];
// --full (or --write-docs, or --quick, the CI smoke run) means every suite; no flag, the tour.
const everySuite = flag('full') || flag('write-docs') || quick;
const planned = suites.length > 0 ? ALL.filter((s) => suites.includes(s)) : everySuite ? ALL : TOUR;
const threads = Number(opt('threads', String(Math.min(os.availableParallelism(), 2))));
const repeat = Number(opt('repeat', quick ? '2' : everySuite || suites.length > 0 ? '7' : '3'));
const onlyKernel = opt('kernel', undefined);
const sizeOverride = opt('n', undefined);

let commit = 'unknown';
try {
  commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
    .toString()
    .trim();
} catch {
  /* not a checkout */
}
const info = {
  date: new Date().toISOString(),
  node: process.version,
  cores: os.availableParallelism(),
  cpu: os.cpus()[0]?.model ?? 'unknown',
  commit,
  threads,
  repeat,
  quick,
};
console.log(
  `parfor bench · node ${info.node} · ${info.cores} cores (${info.cpu}) · ${threads} threads · commit ${commit}${quick ? ' · QUICK (small sizes, smoke only)' : ''}`,
);
const results = { info, overhead: null, kernels: [], ceiling: null };
const { progress, suite, seconds, total } = tracker({ planned, repeat, quick });

// ---- overhead (EPCC style: time a batch of constructs, divide, median over samples) ----------
async function overhead() {
  const ready = [];
  for (let r = 0; r < (quick ? 2 : 7); r++) {
    progress(`overhead · team start-up ${r + 1}`);
    const t0 = performance.now();
    const t = createTeam({ threads });
    await t.ready();
    ready.push(performance.now() - t0);
    await t.close();
  }
  const team = createTeam({ threads });
  await team.ready();
  const pool = new Piscina({ filename: new URL('./pool-worker.mjs', import.meta.url).href, minThreads: threads, maxThreads: threads });
  const empty = (i) => {
    void i;
  };
  const zero = () => 0;
  const BARRIERS = 1000;
  const CLAIMS = 100_000;
  const tasks = [
    [
      'parallelForSync, empty, T iterations',
      2000,
      () => {
        for (let k = 0; k < 2000; k++) team.parallelForSync(0, threads, empty);
      },
    ],
    [
      'parallelFor (async), empty, T iterations',
      200,
      async () => {
        for (let k = 0; k < 200; k++) await team.parallelFor(0, threads, empty);
      },
    ],
    [
      'parallelReduceSync, empty, T iterations',
      2000,
      () => {
        for (let k = 0; k < 2000; k++) team.parallelReduceSync(0, threads, zero);
      },
    ],
    [
      'barrier inside a parallel region (sync)',
      BARRIERS,
      () =>
        team.parallelSync(
          (ctx, { n }) => {
            for (let k = 0; k < n; k++) ctx.barrier();
          },
          { shared: { n: BARRIERS } },
        ),
    ],
    ['dynamic,1 claim, per chunk (sync, empty body)', CLAIMS, () => team.parallelForSync(0, CLAIMS, empty, 'dynamic')],
    ['static, per iteration (sync, empty body)', CLAIMS, () => team.parallelForSync(0, CLAIMS, empty)],
    [
      'piscina, empty task round trip',
      200,
      async () => {
        for (let k = 0; k < 200; k++) await pool.run({ kernel: 'empty' });
      },
    ],
  ];
  const bench = new Bench({ time: quick ? 200 : 1500, warmupTime: quick ? 50 : 300 });
  for (const [name, , fn] of tasks) bench.add(name, fn);
  await pool.run({ kernel: 'empty' });
  progress('overhead · tinybench');
  await bench.run();
  progress('');
  const rows = bench.tasks.map((task, k) => {
    const lat = task.result.latency;
    const per = tasks[k][1];
    return {
      construct: task.name,
      median: (lat.p50 * 1000) / per,
      min: (lat.min * 1000) / per,
      max: (lat.max * 1000) / per,
      samples: lat.samplesCount ?? lat.samples?.length,
    };
  });
  const r = summarize(ready);
  rows.unshift({
    construct: `team of ${threads} ready (spawn → ready())`,
    median: r.median * 1000,
    min: r.min * 1000,
    max: r.max * 1000,
    samples: r.n,
  });
  if (whyNoC() === null) rows.push(...runCOverhead(threads, quick ? 5 : 21));
  console.log('\nOverhead (µs per construct)');
  console.log(
    table(
      rows.map((x) => ({ ...x, median: x.median.toFixed(3), min: x.min.toFixed(3), max: x.max.toFixed(3) })),
      ['construct', 'median', 'min', 'max', 'samples'],
    ),
  );
  const asyncEmpty = rows.find((x) => x.construct.startsWith('parallelFor (async)'));
  const piscina = rows.find((x) => x.construct.startsWith('piscina'));
  console.log(`piscina empty task / parfor async empty loop, same run: ${(piscina.median / asyncEmpty.median).toFixed(1)}×`);
  results.overhead = rows;
  await pool.destroy();
  await team.close();
}

// ---- kernels: every variant in a child process --------------------------------------------------
const VARIANTS = {
  array: [
    'serial',
    'parfor:static',
    'parfor:dynamic,1',
    'parfor:dynamic,16',
    'parfor:guided',
    'parfor:adaptive',
    'parfor:auto',
    'parfor-sync:dynamic,16',
    'piscina',
    'piscina-move',
    'piscina-batch',
    'piscina-shared',
  ],
  reduce: ['serial', 'parfor:static', 'parfor:dynamic,65536', 'parfor:guided', 'parfor:adaptive', 'parfor-sync:static'],
  jacobi: ['serial', 'region', 'region-sync', 'sweeps', 'sweeps-sync'],
};
const LABELS = {
  serial: 'serial JS',
  piscina: 'piscina rows (copied back)',
  'piscina-move': 'piscina rows (moved back, transferred)',
  'piscina-batch': 'piscina batches of 16 rows (copied back)',
  'piscina-shared': 'piscina batches of 16 rows (written into shared memory)',
  threads: 'threads.js rows (copied back)',
  region: 'parallel region + ctx.loop (1 dispatch)',
  'region-sync': 'parallel region + ctx.loop, sync',
  sweeps: 'parallelFor per sweep',
  'sweeps-sync': 'parallelForSync per sweep',
};
const label = (v) => LABELS[v] ?? `parfor ${v.split(':')[1]}${v.startsWith('parfor-sync') ? ' sync' : ''}`;

/** threads.js costs ~1.3 ms a task here (a setTimeout(0) each): run it on the row kernels with few repeats. */
const THREADS_JS_KERNELS = new Set(['fill', 'mandelbrot']);

function runVariant(name, variant, size) {
  const reps = variant === 'threads' ? Math.min(repeat, 3) : repeat;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [new URL('./variant.mjs', import.meta.url).pathname, name, variant, String(size), String(threads), String(reps)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${name} ${variant} exited with ${code}`))));
  });
}

async function kernels() {
  const names = onlyKernel ? [onlyKernel] : ['fill', 'sumto', 'mandelbrot', 'matmul', 'pi', 'jacobi'];
  for (const name of names) {
    const k = await import(`../kernels/${name}.mjs`);
    const size = sizeOverride ? Number(sizeOverride) : quick ? k.quickSize : k.defaultSize;
    const kind = k.kind === 'reduce' ? 'reduce' : k.kind === 'jacobi' ? 'jacobi' : 'array';
    const rows = [];
    const variants = [...VARIANTS[kind], ...(THREADS_JS_KERNELS.has(name) ? ['threads'] : [])];
    for (const v of variants) {
      progress(`${name} · ${label(v)} (${rows.length + 1}/${variants.length})`);
      rows.push({ variant: label(v), ...(await runVariant(name, v, size)) });
    }
    if (whyNoC() === null && kind !== 'jacobi') {
      const cSchedule = name === 'mandelbrot' || name === 'sumto' ? 'dynamic,1' : 'static';
      for (const th of [1, threads]) {
        progress(`${name} · C OpenMP, ${th} thread(s)`);
        rows.push({
          variant: `C OpenMP ${cSchedule}, ${th} thread${th > 1 ? 's' : ''}`,
          ...runC(k.name, size, repeat, th, cSchedule),
          bytesCopied: 0,
        });
      }
    }
    progress('');
    const ref = rows[0];
    for (const r of rows) {
      r.ok = kind === 'reduce' ? Math.abs(r.value - ref.value) <= 1e-9 * Math.abs(ref.value) : r.hash === ref.hash;
      r.speedup = ref.stats.median / r.stats.median;
    }
    const what = kind === 'jacobi' ? `${size}×${size}, ${k.sweepsFor(size)} sweeps` : `size ${size}`;
    console.log(`\n${name} (${k.description}; ${what}; median of ${repeat} runs after one warm-up, each variant in its own process)`);
    console.log(
      table(
        rows.map((r) => ({
          variant: r.variant,
          median: fmtTime(r.stats.median),
          'min–max': `${fmtTime(r.stats.min)}–${fmtTime(r.stats.max)}`,
          speedup: `${r.speedup.toFixed(2)}×`,
          efficiency: r === ref ? '' : `${((100 * r.speedup) / threads).toFixed(0)}%`,
          'peak RSS': `${r.maxRssMb.toFixed(0)} MB`,
          'postMessage bytes': r.bytesCopied ? `${(r.bytesCopied / 1e6).toFixed(1)} MB` : '0',
          verified: r.ok ? '✓' : '✗',
        })),
        ['variant', 'median', 'min–max', 'speedup', 'efficiency', 'peak RSS', 'postMessage bytes', 'verified'],
      ),
    );
    const parfor = rows.filter((r) => r.variant.startsWith('parfor') || r.variant.startsWith('parallel'));
    const best = [...parfor].sort((a, b) => a.stats.median - b.stats.median)[0];
    const pool = rows.find((r) => r.variant.startsWith('piscina'));
    const cRow = rows.find((r) => r.variant.startsWith('C OpenMP') && !r.variant.endsWith(' 1 thread'));
    if (best && pool)
      console.log(
        `piscina / fastest parfor (${best.variant}): ${(pool.stats.median / best.stats.median).toFixed(1)}× the time, +${(pool.maxRssMb - best.maxRssMb).toFixed(0)} MB peak RSS`,
      );
    if (best && cRow)
      console.log(
        `fastest parfor (${best.variant}) / C OpenMP at ${threads} threads: ${(best.stats.median / cRow.stats.median).toFixed(2)}×`,
      );
    results.kernels.push({ name, size, rows });
    if (rows.some((r) => !r.ok)) process.exitCode = 1;
  }
}

const cNote = whyNoC();
if (cNote) console.log(cNote);
if (!everySuite && suites.length === 0) {
  console.log(
    `The tour: ${TOUR.join(', ')}, ${repeat} timed runs a variant. --full adds ${ALL.filter((s) => !TOUR.includes(s)).join(', ')} (bench/README.md).`,
  );
}
await suite('overhead', overhead);
await suite('dispatch', async () => {
  results.dispatch = await dispatchSuite({ quick, threads, progress });
});
await suite('epcc', async () => {
  results.epcc = await epccSuite({ quick, threads, progress });
});
await suite('kernels', kernels);
await suite('ceiling', async () => {
  results.ceiling = await ceiling({ quick, threads, repeat, onlyKernel, sizeOverride, progress });
  if (results.ceiling.rows.some((r) => !r.ok)) process.exitCode = 1;
});
await suite('wasm', async () => {
  results.wasm = await wasmSuite({ quick, threads, repeat, onlyKernel, sizeOverride, progress });
  if (results.wasm.rows.some((r) => !r.ok)) process.exitCode = 1;
});
// The task benchmarks (bench/tasks.mjs, then task overhead the EPCC taskbench way against libgomp,
// bench/taskbench.mjs), each in a process of its own; their medians come back through a JSON file.
await suite('tasks', async () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'parfor-tasks-'));
  const run = (script, args, env) => {
    const out = join(dir, `${script}.json`);
    progress(`tasks · ${script}`);
    const r = spawnSync(process.execPath, [new URL(`./${script}.mjs`, import.meta.url).pathname, ...args], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...env, PARFOR_BENCH_JSON: out },
    });
    if (r.status !== 0) process.exitCode = 1;
    try {
      return JSON.parse(readFileSync(out, 'utf8'));
    } catch {
      return null;
    }
  };
  const kernelsEnv = quick ? { FIB: '25', SORT_N: '100000', SORT_CUTOFF: '5000', UTS_B0: '200' } : {};
  results.tasks = {
    kernels: run('tasks', [String(quick ? 1 : repeat)], kernelsEnv),
    overhead: run('taskbench', [String(quick ? 3 : 20), '--threads', String(threads)], quick ? { INNER: '1000' } : {}),
  };
  rmSync(dir, { recursive: true, force: true });
});
info.seconds = seconds;
// Every run leaves its results in bench/results/last-run.json (not tracked). Only an explicit
// `--write-docs` on a full run (every suite, every kernel, full sizes) replaces the committed
// bench/results/latest.json and regenerates the pages and pictures made from it.
const full = !quick && everySuite && suites.length === 0 && !onlyKernel && !sizeOverride;
const writeDocs = flag('write-docs');
if (writeDocs && !full) {
  console.error('\n--write-docs needs a full run (no suite, --kernel, --n or --quick): latest.json left as it was.');
  process.exitCode = 2;
}
// The pages' own measurements (crossover, timelines, the handout's runs) go into the same file.
if (writeDocs && full && process.exitCode !== 1) {
  progress('measuring what the pages show besides the tables (crossover, timelines, the handout runs)');
  results.docs = await measureDocs(threads);
}
const file = new URL('./results/last-run.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${file.pathname} (${total()} in all)`);
if (process.exitCode === 1) console.error('\nSome variant produced a wrong result (✗ above).');
else if (writeDocs && full) {
  writeFileSync(new URL('./results/latest.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  console.log('replaced bench/results/latest.json; rendering docs/benchmarks.md, docs/handout.md, docs/img/ and the README tables from it');
  renderAndWriteDocs();
}
