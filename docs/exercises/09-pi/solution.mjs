// Exercise 9, a solution: the Common Core's π arc, each step timed and checked against the serial sum.
//  1. SPMD partial sums, one per thread, side by side: correct, but the sums share cache lines and
//     every add moves a line between cores (false sharing, exercise 8).
//  2. The same, each sum 128 bytes apart (padding).
//  3. Each thread sums into a local variable and adds it once, inside ctx.critical: no array at all.
//  4. A loop with a reduction: parallelReduce shares the iterations out and adds the per-thread sums.
//  5. Divide and conquer with tasks: a task splits its range in two until it is small.
// Sums taken in a different order round differently, so "the same" means within 1e-9 of the serial one.
import { getDefaultTeam, parallel, parallelReduce, parallelTasks, sharedArray, shutdown } from 'parfor';
import { median } from '../kernels.mjs';

const N = 20_000_000;
const step = 1 / N;
const threads = getDefaultTeam().size;
// Let the team finish starting first: its threads boot on the same cores, and timed meanwhile the
// serial loop ran 1.2x slower than the same loop as a body on a team of 1.
await getDefaultTeam().ready();
function piSerial(n) {
  const step = 1 / n;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const x = (i + 0.5) * step;
    s += 4 / (1 + x * x);
  }
  return s * step;
}
let serial = 0;
const serialMs = await median(() => {
  serial = piSerial(N);
}, 3);
console.log(`serial                     ${serialMs.toFixed(1).padStart(7)} ms  ${serial.toFixed(12)}`);

const PAD = 16;
const sums = sharedArray(Float64Array, threads * PAD);
const spmd = (ctx, { sums, n, step, pad }) => {
  const me = ctx.threadId * pad;
  for (let i = ctx.threadId; i < n; i += ctx.numThreads) {
    const x = (i + 0.5) * step;
    sums[me] += 4 / (1 + x * x); // written to shared memory on every iteration
  }
};
const total = sharedArray(Float64Array, 1);
const variants = {
  'SPMD, adjacent sums': async () => {
    sums.fill(0);
    await parallel(spmd, { shared: { sums, n: N, step, pad: 1 } });
    return sums.reduce((a, b) => a + b, 0) * step;
  },
  'SPMD, padded sums': async () => {
    sums.fill(0);
    await parallel(spmd, { shared: { sums, n: N, step, pad: PAD } });
    return sums.reduce((a, b) => a + b, 0) * step;
  },
  'local sum + critical': async () => {
    total[0] = 0;
    await parallel(
      (ctx, { total, n, step }) => {
        let s = 0;
        for (let i = ctx.threadId; i < n; i += ctx.numThreads) {
          const x = (i + 0.5) * step;
          s += 4 / (1 + x * x);
        }
        // A copy for the closure: a variable an inner function captures lives in a heap object, and
        // V8 then boxes every double stored into it, so the loop above must not add into it.
        const mine = s;
        ctx.critical(() => {
          total[0] += mine; // one thread at a time: a read-add-write that no other thread interleaves
        });
      },
      { shared: { total, n: N, step } },
    );
    return total[0] * step;
  },
  parallelReduce: async () =>
    (await parallelReduce(
      0,
      N,
      (i, { step }) => {
        const x = (i + 0.5) * step;
        return 4 / (1 + x * x);
      },
      { shared: { step }, schedule: 'static' },
    )) * step,
  'tasks, divide and conquer': async () =>
    (await parallelTasks(
      {
        pi(ctx, { step }, lo, hi) {
          if (hi - lo <= 250_000) {
            let s = 0;
            for (let i = lo; i < hi; i++) {
              const x = (i + 0.5) * step;
              s += 4 / (1 + x * x);
            }
            return s;
          }
          const mid = Math.floor((lo + hi) / 2);
          const a = ctx.spawn('pi', lo, mid);
          const b = ctx.spawn('pi', mid, hi);
          ctx.wait();
          return ctx.result(a) + ctx.result(b);
        },
      },
      'pi',
      [0, N],
      { shared: { step } },
    )) * step,
};
let same = true;
for (const [name, run] of Object.entries(variants)) {
  let pi = 0;
  const ms = await median(async () => {
    pi = await run();
  }, 3);
  same &&= Math.abs(pi - serial) < 1e-9;
  const speedup = serialMs / ms;
  // T threads cannot do more than T times one thread's work: a speedup above T says the serial
  // time was slow (the machine was busy then), so compare the variants with each other.
  const flag = speedup > threads * 1.005 ? `  (${speedup.toFixed(2)}× serial: above ${threads}×, see the comment)` : '';
  console.log(`${name.padEnd(26)} ${ms.toFixed(1).padStart(7)} ms  ${pi.toFixed(12)}${flag}`);
}
console.log(`on ${threads} thread${threads === 1 ? '' : 's'}; same result: ${same}`);
await shutdown();
