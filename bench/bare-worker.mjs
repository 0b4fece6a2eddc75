// The ceiling: a hand-written worker_threads worker with no library code. It imports the same
// kernel module parfor's workers import and calls the same exported function, claiming work the
// way a programmer would by hand (Atomics.add on a shared counter, static blocks, a spin-then-wait
// barrier). bench/ceiling.mjs times it against parfor. Nothing here imports parfor's runtime.
import { parentPort, workerData } from 'node:worker_threads';

const { k, T, ctl } = workerData; // ctl: Int32Array; [0..T) go counters, T: done count, T+1: next, T+2/T+3: barrier
const DONE = T,
  NEXT = T + 1,
  BAR_COUNT = T + 2,
  BAR_GEN = T + 3;
const SPINS = 20_000;
let job;

function barrier() {
  const gen = Atomics.load(ctl, BAR_GEN);
  if (Atomics.add(ctl, BAR_COUNT, 1) === T - 1) {
    Atomics.store(ctl, BAR_COUNT, 0);
    Atomics.add(ctl, BAR_GEN, 1);
    Atomics.notify(ctl, BAR_GEN);
    return;
  }
  for (let s = 0; s < SPINS; s++) if (Atomics.load(ctl, BAR_GEN) !== gen) return;
  while (Atomics.load(ctl, BAR_GEN) === gen) Atomics.wait(ctl, BAR_GEN, gen);
}

/** libgomp's static split of n iterations over T threads: thread t's [lo, hi). */
function block(n, t) {
  const q = Math.floor(n / T),
    r = n % T;
  const lo = t * q + Math.min(t, r);
  return [lo, lo + q + (t < r ? 1 : 0)];
}

function run() {
  const { shape, fn, shared, n, chunk } = job;
  if (shape === 'wasm-rows') {
    // A wasm export: the row index, then its bound arguments (pointers and sizes), four at most.
    const [a0, a1, a2, a3] = job.args;
    for (;;) {
      const lo = Atomics.add(ctl, NEXT, chunk);
      if (lo >= n) return;
      const hi = Math.min(lo + chunk, n);
      for (let i = lo; i < hi; i++) fn(i, a0, a1, a2, a3);
    }
  }
  if (shape === 'wasm-reduce') {
    const [a0, a1, a2] = job.args;
    const [lo, hi] = block(n, k);
    let acc = 0;
    for (let i = lo; i < hi; i++) acc += fn(i, a0, a1, a2);
    job.partials[k] = acc;
    return;
  }
  if (shape === 'rows' || shape === 'map') {
    const out = job.out;
    for (;;) {
      const lo = Atomics.add(ctl, NEXT, chunk);
      if (lo >= n) return;
      const hi = Math.min(lo + chunk, n);
      if (shape === 'rows') for (let i = lo; i < hi; i++) fn(i, shared);
      else for (let i = lo; i < hi; i++) out[i] = fn(i, shared);
    }
  }
  if (shape === 'reduce') {
    const [lo, hi] = block(n, k);
    let acc = 0;
    for (let i = lo; i < hi; i++) acc += fn(i, shared);
    job.partials[k] = acc;
    return;
  }
  if (shape === 'jacobi') {
    const { a, b, sweeps } = shared;
    const [lo, hi] = block(n - 2, k);
    for (let s = 0; s < sweeps; s++) {
      const src = s % 2 === 0 ? a : b;
      const dst = s % 2 === 0 ? b : a;
      for (let i = 1 + lo; i < 1 + hi; i++) fn(i, n, src, dst);
      barrier();
    }
  }
}

parentPort.on('message', async (m) => {
  if (m.module !== undefined) {
    // The same wasm module parfor's threads instantiate, over the same shared memory.
    const instance = new WebAssembly.Instance(m.module, { env: { memory: m.memory } });
    job = { ...m, fn: instance.exports[m.exportName] };
  } else {
    const mod = await import(m.url);
    job = { ...m, fn: mod[m.exportName] };
  }
  parentPort.postMessage('ready');
  let seen = Atomics.load(ctl, k);
  parentPort.removeAllListeners('message');
  for (;;) {
    for (let s = 0; s < SPINS && Atomics.load(ctl, k) === seen; s++);
    while (Atomics.load(ctl, k) === seen) Atomics.wait(ctl, k, seen);
    seen = Atomics.load(ctl, k);
    if (seen < 0) break;
    run();
    if (Atomics.add(ctl, DONE, 1) === T - 1) Atomics.notify(ctl, DONE);
  }
  process.exit(0);
});
