#!/usr/bin/env node
// Task overhead measured as EPCC's taskbench measures it (v4.0's method, our own code), against
// libgomp in the same run (kernels/c/taskbench.c, gcc -O1 -fopenmp, as EPCC builds):
//   node bench/taskbench.mjs [OUTER] [--threads T]        INNER=10000 DELAY_NS=100 TREE_DEPTH=5
// A delay loop calibrated to DELAY_NS (EPCC: 0.1 µs); INNER task instances per thread per timed run;
// one warm-up, then OUTER timed runs; overhead per task = (test time - reference time) / INNER, where
// the reference is INNER delays in a row on one thread. The tests:
//   PARALLEL_TASK  every thread of a region spawns INNER tasks (the region's end waits for them)
//   MASTER_TASK    thread 0 alone spawns INNER × T tasks, the others run them
//   TASK_WAIT      every thread spawns one task and waits for it, INNER times
//   TREE           every thread spawns INNER / (2^d - 1) binary trees of depth d, a delay in each node
// parfor runs each as parallelSync(region, { tasks }) (the caller is thread 0); C as OpenMP tasks in a
// parallel region. Reported: median and mean overhead per task (µs) over the OUTER runs, for both, and
// parfor's over libgomp's. Issue 23's target: per-task overhead ≤ 2× libgomp's.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { createTeam, sharedArray } from 'parfor';
import { whyNoC } from './c-reference.mjs';
import { summarize } from './stats.mjs';

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

const tasks = {
  work(_ctx, { len, sink }) {
    let a = 0;
    for (let i = 0; i < len; i++) a += i;
    if (a < 0) sink[0] = a;
  },
  node(ctx, { len, sink }, depth) {
    let a = 0;
    for (let i = 0; i < len; i++) a += i;
    if (a < 0) sink[0] = a;
    if (depth > 1) {
      ctx.spawn('node', depth - 1);
      ctx.spawn('node', depth - 1);
    }
  },
};
const regions = {
  PARALLEL_TASK: (ctx, { inner }) => {
    for (let j = 0; j < inner; j++) ctx.spawn('work');
  },
  MASTER_TASK: (ctx, { inner }) => {
    if (ctx.threadId === 0) for (let j = 0; j < inner * ctx.numThreads; j++) ctx.spawn('work');
  },
  TASK_WAIT: (ctx, { inner }) => {
    for (let j = 0; j < inner; j++) {
      ctx.spawn('work');
      ctx.wait();
    }
  },
  TREE: (ctx, { inner, depth }) => {
    const roots = Math.floor(inner / (2 ** depth - 1));
    for (let j = 0; j < roots; j++) ctx.spawn('node', depth);
  },
};

const sink = sharedArray(Float64Array, 1);
const team = createTeam({ threads });
await team.ready();
// The workers calibrate nothing: the length is the caller's, as EPCC's one calibration is the master's.
const len = calibrate(DELAY_NS, sink);
const shared = { len, sink, inner: INNER, depth: DEPTH };
const perTask = (f) => {
  const t0 = performance.now();
  f();
  return ((performance.now() - t0) * 1e3) / INNER;
};
const runs = { ref: [] };
const ref = () =>
  perTask(() => {
    for (let j = 0; j < INNER; j++) delayBody(len, sink);
  });
ref();
for (let r = 0; r < outer; r++) runs.ref.push(ref());
for (const name of TESTS) {
  const once = () => perTask(() => team.parallelSync(regions[name], { tasks, shared }));
  once();
  runs[name] = [];
  for (let r = 0; r < outer; r++) runs[name].push(once());
}
await team.close();

// libgomp, same method, same process lifetime order (run after ours, on the same cores).
let c;
let noC = whyNoC();
const bin = fileURLToPath(new URL('../kernels/c/build/parfor-c-taskbench', import.meta.url));
const src = fileURLToPath(new URL('../kernels/c/taskbench.c', import.meta.url));
if (noC === null) {
  try {
    if (!existsSync(bin) || statSync(bin).mtimeMs < statSync(src).mtimeMs) {
      mkdirSync(fileURLToPath(new URL('../kernels/c/build', import.meta.url)), { recursive: true });
      execFileSync('gcc', ['-O1', '-fopenmp', '-o', bin, src], { stdio: ['ignore', 'ignore', 'pipe'] });
    }
    c = JSON.parse(
      execFileSync(bin, [String(threads), String(INNER), String(outer), String(DELAY_NS), String(DEPTH)], { encoding: 'utf8' }),
    );
  } catch (e) {
    noC = `C taskbench failed: ${String(e.stderr ?? e.message).split('\n')[0]}`;
  }
}

const median = (xs) => summarize(xs).median;
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  `# node bench/taskbench.mjs ${outer} · ${threads} threads · INNER=${INNER} DELAY_NS=${DELAY_NS} TREE_DEPTH=${DEPTH} · node ${process.version} · load ${os.loadavg()[0].toFixed(2)}`,
);
console.log(`# delay length: parfor ${len}${c ? `, C ${c.delayLen}` : ''}; overhead per task in µs = (test - reference) per task instance`);
if (noC !== null) console.log(`# ${noC}`);
for (const name of TESTS) {
  const ours = runs[name].map((x, r) => x - runs.ref[r]);
  let line = `${name.padEnd(14)} parfor median ${median(ours).toFixed(3)} mean ${mean(ours).toFixed(3)} max ${Math.max(...ours).toFixed(3)}`;
  if (c) {
    const theirs = c[name].map((x, r) => x - c.ref[r]);
    const ratio = median(ours) / median(theirs);
    line += ` | libgomp median ${median(theirs).toFixed(3)} mean ${mean(theirs).toFixed(3)} max ${Math.max(...theirs).toFixed(3)} | parfor / libgomp (medians) ${ratio.toFixed(2)}× — target ≤ 2×: ${ratio <= 2 ? 'met' : 'NOT met'}`;
  }
  console.log(line);
}
