#!/usr/bin/env node
// Task overhead measured as EPCC's taskbench measures it (v4.0's method, our own code), against
// libgomp in the same run (kernels/c/taskbench.c, gcc -O1 -fopenmp, as EPCC builds):
//   node bench/taskbench.mjs [OUTER] [--threads T]        INNER=10000 DELAY_NS=100 TREE_DEPTH=5
// A delay loop calibrated to DELAY_NS (EPCC: 0.1 µs); INNER task instances per thread per timed run;
// 5 warm-up runs of each test (libgomp: one per process, EPCC's), then OUTER timed runs in alternating
// blocks of 5 (ours, then libgomp's in a process of its own, swapped each block); overhead per task = (test time - reference time) / INNER, where
// the reference is INNER delays in a row on one thread. The tests:
//   PARALLEL_TASK  every thread of a region spawns INNER tasks (the region's end waits for them)
//   MASTER_TASK    thread 0 alone spawns INNER × T tasks, the others run them
//   TASK_WAIT      every thread spawns one task and waits for it, INNER times
//   TREE           every thread spawns INNER / (2^d - 1) binary trees of depth d, a delay in each node
// parfor runs each as parallelSync(region, { tasks }) (the caller is thread 0); C as OpenMP tasks in a
// parallel region. Reported: median and mean overhead per task (µs) over the OUTER runs, for both, and
// parfor's over libgomp's. Issue 23's target: per-task overhead ≤ 2× libgomp's. With
// PARFOR_BENCH_JSON=file it also writes them there (npm run bench reads them).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { createTeam, sharedArray } from 'parfor';
import { whyNoC } from './c-reference.mjs';
import { summarize } from './stats.mjs';
import { regions, tasks } from './taskbench-shapes.mjs';

const args = process.argv.slice(2);
const k = args.indexOf('--threads');
const threads = k >= 0 ? Number(args[k + 1]) : Math.min(os.availableParallelism(), 2);
const outer = Number(args.find((a, j) => /^\d+$/.test(a) && args[j - 1] !== '--threads') ?? 20);
const INNER = Number(process.env.INNER ?? 10_000);
const DELAY_NS = Number(process.env.DELAY_NS ?? 100);
const DEPTH = Number(process.env.TREE_DEPTH ?? 5);
const TESTS = ['PARALLEL_TASK', 'MASTER_TASK', 'TASK_WAIT', 'TREE'];

const delayBody = (len, sink) => {
  let a = 0;
  for (let i = 0; i < len; i++) a += i;
  if (a < 0) sink[0] = a;
};
/**
 * EPCC's calibration: grow the length by 10% until 1000 calls average at least `ns`. The loop is
 * compiled first (cold, its first calls took 100 ns with a length of 1), and the calibration is run
 * three times, keeping the longest length, as a noisy slice can only make it stop early.
 */
function calibrate(ns, sink) {
  for (let j = 0; j < 200_000; j++) delayBody(50, sink);
  return Math.max(calibrateOnce(ns, sink), calibrateOnce(ns, sink), calibrateOnce(ns, sink));
}
function calibrateOnce(ns, sink) {
  let len = 1;
  for (;;) {
    const t0 = performance.now();
    for (let j = 0; j < 1000; j++) delayBody(len, sink);
    if (((performance.now() - t0) * 1e6) / 1000 >= ns) return len;
    len = Math.floor(1.1 * len) + 1;
  }
}

const sink = sharedArray(Float64Array, 1);
// The workers calibrate nothing: the length is the caller's, as EPCC's one calibration is the master's.
const len = calibrate(DELAY_NS, sink);
const shared = { len, sink, inner: INNER, depth: DEPTH };
const perTask = (f) => {
  const t0 = performance.now();
  f();
  return ((performance.now() - t0) * 1e3) / INNER;
};
const ref = () =>
  perTask(() => {
    for (let j = 0; j < INNER; j++) delayBody(len, sink);
  });

let noC = whyNoC();
const bin = fileURLToPath(new URL('../kernels/c/build/parfor-c-taskbench', import.meta.url));
const src = fileURLToPath(new URL('../kernels/c/taskbench.c', import.meta.url));
if (noC === null) {
  try {
    if (!existsSync(bin) || statSync(bin).mtimeMs < statSync(src).mtimeMs) {
      mkdirSync(fileURLToPath(new URL('../kernels/c/build', import.meta.url)), { recursive: true });
      execFileSync('gcc', ['-O1', '-fopenmp', '-o', bin, src], { stdio: ['ignore', 'ignore', 'pipe'] });
    }
  } catch (e) {
    noC = `C taskbench failed to build: ${String(e.stderr ?? e.message).split('\n')[0]}`;
  }
}

// Alternating blocks of BLOCK runs, ours then a libgomp process, the order swapped each block. One
// team for the whole run (new workers each block would run cold code: a JIT's warm-up is not one
// run); between our blocks its workers go to sleep, so they take no core from libgomp's. Each side
// warms up first: libgomp with one run of each test per process (EPCC's), ours with WARM runs of
// each test once.
const BLOCK = 5;
const WARM = 5;
const runs = { ref: [] };
const c = noC === null ? { delayLen: 0, ref: [] } : undefined;
for (const name of TESTS) {
  runs[name] = [];
  if (c) c[name] = [];
}
const lens = new Set();
const team = createTeam({ threads });
await team.ready();
const once = (name) => perTask(() => team.parallelSync(regions[name], { tasks, shared }));
for (let r = 0; r < WARM; r++) {
  ref();
  for (const name of TESTS) once(name);
}
function oursBlock(n) {
  for (let r = 0; r < n; r++) runs.ref.push(ref());
  for (const name of TESTS) for (let r = 0; r < n; r++) runs[name].push(once(name));
}
function theirsBlock(n) {
  if (!c) return;
  try {
    const out = JSON.parse(
      execFileSync(bin, [String(threads), String(INNER), String(n), String(DELAY_NS), String(DEPTH)], { encoding: 'utf8' }),
    );
    lens.add(out.delayLen);
    for (const key of ['ref', ...TESTS]) c[key].push(...out[key]);
  } catch (e) {
    noC = `C taskbench failed: ${String(e.stderr ?? e.message).split('\n')[0]}`;
  }
}
for (let done = 0, b = 0; done < outer; done += BLOCK, b++) {
  const n = Math.min(BLOCK, outer - done);
  if (b % 2 === 0) {
    oursBlock(n);
    theirsBlock(n);
  } else {
    theirsBlock(n);
    oursBlock(n);
  }
}
await team.close();
if (c) c.delayLen = [...lens].join('/');

const cOk = c !== undefined && noC === null;
const median = (xs) => summarize(xs).median;
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  `# node bench/taskbench.mjs ${outer} · ${threads} threads · INNER=${INNER} DELAY_NS=${DELAY_NS} TREE_DEPTH=${DEPTH} · node ${process.version} · load ${os.loadavg()[0].toFixed(2)}`,
);
console.log(
  `# delay length: parfor ${len}${cOk ? `, C ${c.delayLen}` : ''}; overhead per task in µs = (test - reference) per task instance; blocks of ${BLOCK} runs alternating`,
);
if (noC !== null) console.log(`# ${noC}`);
const json = { outer, threads, inner: INNER, delayNs: DELAY_NS, depth: DEPTH, noC, tests: [] };
const stats = (xs) => ({ median: median(xs), mean: mean(xs), max: Math.max(...xs) });
for (const name of TESTS) {
  const ours = runs[name].map((x, r) => x - runs.ref[r]);
  const theirs = cOk ? c[name].map((x, r) => x - c.ref[r]) : undefined;
  const ratio = theirs && median(ours) / median(theirs);
  json.tests.push({ name, parfor: stats(ours), libgomp: theirs && stats(theirs), ratio });
  let line = `${name.padEnd(14)} parfor median ${median(ours).toFixed(3)} mean ${mean(ours).toFixed(3)} max ${Math.max(...ours).toFixed(3)}`;
  if (theirs) {
    line += ` | libgomp median ${median(theirs).toFixed(3)} mean ${mean(theirs).toFixed(3)} max ${Math.max(...theirs).toFixed(3)} | parfor / libgomp (medians) ${ratio.toFixed(2)}× — target ≤ 2×: ${ratio <= 2 ? 'met' : 'NOT met'}`;
  }
  console.log(line);
}
if (process.env.PARFOR_BENCH_JSON) writeFileSync(process.env.PARFOR_BENCH_JSON, `${JSON.stringify(json, null, 2)}\n`);
