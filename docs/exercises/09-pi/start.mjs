// Exercise 9: π by numerical integration, the OpenMP Common Core's first program. π is the integral
// of 4 / (1 + x²) from 0 to 1: add up N thin rectangles. The serial loop is below; the parallel one
// is SPMD ("single program, multiple data"): every thread runs the same region body and picks its
// own rectangles by its thread id.
// Run: node docs/exercises/09-pi/start.mjs
import { getDefaultTeam, parallel, sharedArray, shutdown } from 'parfor';
import { reportSpeedup } from '../kernels.mjs';

const N = 20_000_000;
const step = 1 / N;
let serial = 0;
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  const x = (i + 0.5) * step;
  serial += 4 / (1 + x * x);
}
serial *= step;
const serialMs = performance.now() - t0;

const sums = sharedArray(Float64Array, 64); // one partial sum per thread (up to 64 threads)
async function run() {
  sums.fill(0);
  await parallel(
    (ctx, { sums, n, step }) => {
      // TODO: thread t takes the rectangles i = t, t + T, t + 2T, … (T = ctx.numThreads) and adds
      // 4 / (1 + x²) into sums[t]; then add up the partial sums after the region.
      void ctx;
      void sums;
      void n;
      void step;
    },
    { shared: { sums, n: N, step } },
  );
  let pi = 0;
  for (const s of sums) pi += s;
  return pi * step;
}
await run(); // once untimed: the team starts, and the workers compile the body
const t1 = performance.now();
const pi = await run();
const parallelMs = performance.now() - t1;
console.log(`serial   ${serialMs.toFixed(1).padStart(6)} ms  ${serial.toFixed(12)} (Math.PI ${Math.PI.toFixed(12)})`);
console.log(`parallel ${parallelMs.toFixed(1).padStart(6)} ms  ${pi.toFixed(12)}`);
reportSpeedup('SPMD', serialMs, parallelMs, getDefaultTeam().size);
// Sums taken in another order round differently: within 1e-9 counts as the same.
console.log(`same result: ${Math.abs(pi - serial) < 1e-9}`);
await shutdown();
