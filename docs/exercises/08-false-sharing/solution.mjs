// Exercise 8, a solution. No value is shared, but adjacent counters sit in one 64-byte cache line,
// and a core must own a line to write it: every add moves the line between the cores. Putting
// each thread's counter on a line of its own (128 bytes apart, 16 Float64 slots) removes that.
// parfor pads its own per-thread words the same way (docs/architecture.md, control block layout).
// The array has 16 slots per thread of the team, so every thread has a counter at either spacing,
// and the check reads them all.
import { getDefaultTeam, parallel, sharedArray, shutdown } from 'parfor';
import { median } from '../kernels.mjs';

const ADDS = 20_000_000;
const PAD = 16; // Float64 slots in 128 bytes
const threads = getDefaultTeam().size;
const counts = sharedArray(Float64Array, threads * PAD);
const body = (ctx, { counts, adds, stride }) => {
  const slot = ctx.threadId * stride;
  for (let k = 0; k < adds; k++) counts[slot] += 1;
};
let correct = true;
for (const [label, stride] of [
  ['adjacent slots (one cache line)', 1],
  ['padded slots (128 bytes apart)', PAD],
]) {
  const ms = await median(async () => {
    counts.fill(0);
    await parallel(body, { shared: { counts, adds: ADDS, stride } });
  }, 3);
  // Every thread's counter holds its adds, and nothing else was written.
  for (let t = 0; t < threads; t++) correct &&= counts[t * stride] === ADDS;
  correct &&= counts.reduce((a, b) => a + b, 0) === threads * ADDS;
  console.log(`${label.padEnd(32)} ${ms.toFixed(1).padStart(7)} ms`);
}
if (threads === 1) console.log('(one thread: no other core shares the line, so both should take about the same time)');
console.log(`same result: ${correct}`);
await shutdown();
