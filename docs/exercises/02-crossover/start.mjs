// Exercise 2: find the n where the parallel loop starts to win.
// Run: node docs/exercises/02-crossover/start.mjs
import { parallelMap, shutdown } from 'parfor';
import { median, sumTo, sumToKernel } from '../kernels.mjs';

let same = true;

await parallelMap(0, 100, sumToKernel); // start the team before timing anything (exercise 1)
console.log('n        serial      parallel');
for (const n of [100, 1000]) {
  // TODO: add larger n until the parallel column is the smaller one.
  let serial = [];
  let parallel = [];
  const s = await median(() => {
    serial = Array.from({ length: n }, (_, i) => sumTo(i));
  });
  const p = await median(async () => {
    parallel = await parallelMap(0, n, sumToKernel, { schedule: 'dynamic', chunk: 16 });
  });
  same &&= parallel.every((v, i) => v === serial[i]);
  console.log(`${String(n).padEnd(8)} ${s.toFixed(3).padStart(8)} ms ${p.toFixed(3).padStart(8)} ms`);
}
console.log(`same result: ${same}`);
await shutdown();
