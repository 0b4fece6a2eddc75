#!/usr/bin/env node
// node bench/ceiling.mjs [n] — what raw worker_threads reach on the fill kernel on this machine,
// with no parfor code involved. Two workers each own half of the matrix; each half is timed with
// its worker running alone, then with both running at once. If two concurrent writers are slower
// than one alone, no runtime can give the fill its ideal 2× here: the ratios printed are ceilings.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { summarize } from './stats.mjs';

const n = Number(process.argv[2] ?? 5000);
const reps = 7;
const view = new Float64Array(new SharedArrayBuffer(n * n * 8));
view.fill(1); // map every page before timing
const go = new Int32Array(new SharedArrayBuffer(8)); // go[k]: round counter of worker k (-1: exit)
const code = `
const { workerData, parentPort } = require('node:worker_threads');
const { view, go, k, lo, hi, n } = workerData;
function rowAt(i) { const b = i * n, ii = i * i; for (let j = 0; j < n; j++) view[b + j] = ii + j * j; }
for (let r = 0; r < 3; r++) for (let i = lo; i < hi; i++) rowAt(i); // warm up the JIT
parentPort.postMessage('ready');
let seen = 0;
for (;;) {
  Atomics.wait(go, k, seen);
  seen = Atomics.load(go, k);
  if (seen < 0) break;
  const t0 = performance.now();
  for (let i = lo; i < hi; i++) rowAt(i);
  parentPort.postMessage(performance.now() - t0);
}`;
const workers = [0, 1].map((k) => new Worker(code, { eval: true, workerData: { view, go, k, lo: k * (n >> 1), hi: k ? n : n >> 1, n } }));
await Promise.all(workers.map((w) => new Promise((r) => w.once('message', r))));

/** One round: the chosen workers fill their halves at the same moment; their times. */
async function round(ks) {
  const done = ks.map((k) => new Promise((r) => workers[k].once('message', r)));
  for (const k of ks) { Atomics.add(go, k, 1); Atomics.notify(go, k); }
  return Promise.all(done);
}
const alone = [[], []];
const both = [[], []];
for (let r = 0; r < reps; r++) {
  alone[0].push((await round([0]))[0]);
  alone[1].push((await round([1]))[0]);
  (await round([0, 1])).forEach((t, k) => both[k].push(t));
}
for (const k of [0, 1]) { Atomics.store(go, k, -1); Atomics.notify(go, k); }
await Promise.all(workers.map((w) => new Promise((r) => w.once('exit', r))));

const a = alone.map((s) => summarize(s).median);
const b = both.map((s) => summarize(s).median);
const serial = a[0] + a[1];
console.log(`fill n=${n} · node ${process.version} · ${os.availableParallelism()} cores · medians of ${reps} rounds`);
console.log(`each half, its worker alone:     ${a[0].toFixed(1)} ms, ${a[1].toFixed(1)} ms (one thread doing both: ${serial.toFixed(1)} ms)`);
console.log(`each half, both workers at once: ${b[0].toFixed(1)} ms, ${b[1].toFixed(1)} ms`);
console.log(`ceiling for an even 2-way split (static): ${(serial / Math.max(...b)).toFixed(2)}×`);
console.log(`ceiling with perfect balancing (dynamic): ${(serial / (1 / (0.5 / b[0] + 0.5 / b[1]))).toFixed(2)}×`);
