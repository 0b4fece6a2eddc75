// Exercise 4, a solution. `count[0] += 1` is three steps (read, add, write). When two threads read
// the same old value, both write old + 1 and one update is lost: a race. Two fixes:
import { parallelFor, parallelReduce, sharedArray, shutdown } from 'parfor';

const N = 2_000_000;

// Fix 1: make the read-add-write one indivisible step. ctx.atomicAdd is Atomics.add for integer
// arrays and a compare-exchange loop for Float64Array. Correct, but every iteration still fights
// over one memory location, so it is slow.
const count = sharedArray(Float64Array, 1);
await parallelFor(
  0,
  N,
  (_i, { count }, ctx) => {
    ctx.atomicAdd(count, 0, 1);
  },
  { shared: { count }, schedule: 'dynamic', chunk: 1000 },
);
console.log(`atomicAdd:      expected ${N}, got ${count[0]}`);
const atomicRight = count[0] === N;

// Fix 2: do not share the counter at all. Each thread sums its own iterations and parfor adds the
// per-thread sums once at the end: OpenMP's reduction(+:count).
const total = await parallelReduce(0, N, () => 1, { schedule: 'dynamic', chunk: 1000 });
console.log(`parallelReduce: expected ${N}, got ${total}`);
console.log(`same result: ${atomicRight && total === N}`);
await shutdown();
