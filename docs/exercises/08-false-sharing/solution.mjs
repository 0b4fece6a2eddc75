// Exercise 8, a solution. No value is shared, but the two counters sit in one 64-byte cache line,
// and a core must own a line to write it: every add moves the line between the cores. Putting
// each thread's counter on a line of its own (128 bytes apart, 16 Float64 slots) removes that.
// parfor pads its own per-thread words the same way (docs/architecture.md, control block layout).
import { parallel, sharedArray, shutdown } from 'parfor';
import { median } from '../kernels.mjs';

const ADDS = 20_000_000;
const counts = sharedArray(Float64Array, 64);
const body = (ctx, { counts, adds, stride }) => {
  const slot = ctx.threadId * stride;
  for (let k = 0; k < adds; k++) counts[slot] += 1;
};
let correct = true;
for (const [label, stride] of [
  ['adjacent slots (one cache line)', 1],
  ['padded slots (128 bytes apart)', 16],
]) {
  const ms = await median(async () => {
    counts.fill(0);
    await parallel(body, { shared: { counts, adds: ADDS, stride } });
  }, 3);
  correct &&= counts[0] === ADDS && counts[stride] === ADDS;
  console.log(`${label.padEnd(32)} ${ms.toFixed(1).padStart(7)} ms`);
}
console.log(`same result: ${correct}`);
await shutdown();
