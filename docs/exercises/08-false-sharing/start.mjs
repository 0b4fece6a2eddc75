// Exercise 8: false sharing. Each thread adds to its own counter, so there is no race. Is it fast?
// Run: node docs/exercises/08-false-sharing/start.mjs
import { parallel, sharedArray, shutdown } from 'parfor';
import { median } from '../kernels.mjs';

const ADDS = 20_000_000;
const counts = sharedArray(Float64Array, 64);
const body = (ctx, { counts, adds }) => {
  const slot = ctx.threadId; // TODO: slots 8 bytes apart share one 64-byte cache line; try threadId * 16
  for (let k = 0; k < adds; k++) counts[slot] += 1;
};
const ms = await median(() => parallel(body, { shared: { counts, adds: ADDS } }), 3);
console.log(`adjacent slots: ${ms.toFixed(1)} ms`);
await shutdown();
