// The bodies of the EPCC suite's parfor side (bench/epcc-js.mjs), as a kernel module: every thread
// imports it, so the region code below can call delay() and pass module functions to ctx.loop,
// ctx.single, ctx.critical and ctx.ordered. Each mirrors a test of kernels/c/epcc.c.

let sinkValue = 0;

/** EPCC's delay: a floating-point accumulate loop of `len` steps whose result is kept. */
export function delay(len) {
  let a = 0;
  for (let i = 0; i < len; i++) a += i;
  if (a < 0) sinkValue = a;
}

/** The delay length this thread runs in ctx.single, ctx.critical and ctx.ordered (set from `shared`). */
let length = 0;
function delayed() {
  delay(length);
}

export function once(_ctx, { dl }) {
  delay(dl);
}

export function iteration(_i, { dl }) {
  delay(dl);
}

export function reduceIteration(_i, { dl }) {
  delay(dl);
  return 1;
}

export function orderedIteration(_i, { dl }, ctx) {
  length = dl;
  ctx.ordered(delayed);
}

export function forRegion(ctx, { dl, reps }) {
  for (let r = 0; r < reps; r++) ctx.loop(0, ctx.numThreads, iteration);
  if (dl < 0) sinkValue = dl;
}

export function barrierRegion(ctx, { dl, reps }) {
  for (let r = 0; r < reps; r++) {
    delay(dl);
    ctx.barrier();
  }
}

export function singleRegion(ctx, { dl, reps }) {
  length = dl;
  for (let r = 0; r < reps; r++) ctx.single(delayed);
}

export function criticalRegion(ctx, { dl, reps }) {
  length = dl;
  const mine = Math.floor(reps / ctx.numThreads);
  for (let r = 0; r < mine; r++) ctx.critical(delayed);
}

export function lockContendedRegion(ctx, { dl, reps, lock }) {
  const mine = Math.floor(reps / ctx.numThreads);
  for (let r = 0; r < mine; r++) {
    lock.acquire();
    delay(dl);
    lock.release();
  }
}

export function lockUncontendedRegion(ctx, { dl, reps, lock }) {
  if (ctx.threadId !== 0) return;
  for (let r = 0; r < reps; r++) {
    lock.acquire();
    delay(dl);
    lock.release();
  }
}

export function atomicRegion(ctx, { reps, sum }) {
  const mine = Math.floor(reps / ctx.numThreads);
  for (let r = 0; r < mine; r++) ctx.atomicAdd(sum, 0, 1);
}

/** schedbench: `reps` worksharing loops of iters × T delays under `schedule` in one region. */
export function schedRegion(ctx, { reps, iters, schedule }) {
  const n = iters * ctx.numThreads;
  for (let r = 0; r < reps; r++) ctx.loop(0, n, iteration, schedule);
}

/** What the delays computed, so that no engine may drop them. */
export function sink() {
  return sinkValue;
}
