// Exercise 8: false sharing. Each thread adds to its own counter, so there is no race. Is it fast?
// Run: node docs/exercises/08-false-sharing/start.mjs
import { getDefaultTeam, parallel, sharedArray, shutdown } from 'parfor';
import { median } from '../kernels.mjs';

const ADDS = 20_000_000;
const threads = getDefaultTeam().size;
const counts = sharedArray(Float64Array, threads * 16); // room for a counter every 16 slots (128 bytes)
const body = (ctx, { counts, adds }) => {
  const slot = ctx.threadId; // TODO: slots 8 bytes apart share one 64-byte cache line; try threadId * 16
  for (let k = 0; k < adds; k++) counts[slot] += 1;
};
const ms = await median(async () => {
  counts.fill(0);
  await parallel(body, { shared: { counts, adds: ADDS } });
}, 3);
const total = counts.reduce((a, b) => a + b, 0);
console.log(
  `adjacent slots: ${ms.toFixed(1)} ms on ${threads} thread${threads === 1 ? '' : 's'} (checked, no add lost: ${total === threads * ADDS})`,
);
await shutdown();
