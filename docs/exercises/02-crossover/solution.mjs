// Exercise 2, a solution: the work grows like n² (iteration i costs i steps) while the cost of
// starting a loop on the team stays the same, so past some n the parallel loop wins.
import { parallelMap, shutdown } from 'parfor';
import { median, sumTo, sumToKernel } from '../kernels.mjs';

await parallelMap(0, 100, sumToKernel);
console.log('n        serial      parallel    speedup (serial / parallel)');
let first;
let same = true;
for (const n of [100, 300, 1000, 3000, 10000, 30000]) {
  const serial = Array.from({ length: n }, (_, i) => sumTo(i));
  const parallel = await parallelMap(0, n, sumToKernel, { schedule: 'dynamic', chunk: 16 });
  same &&= parallel.every((v, i) => v === serial[i]);
  const s = await median(() => Array.from({ length: n }, (_, i) => sumTo(i)), 3);
  const p = await median(() => parallelMap(0, n, sumToKernel, { schedule: 'dynamic', chunk: 16 }), 3);
  console.log(`${String(n).padEnd(8)} ${s.toFixed(3).padStart(8)} ms ${p.toFixed(3).padStart(8)} ms ${(s / p).toFixed(2).padStart(8)}×`);
  if (first === undefined && p < s) first = n;
}
console.log(first === undefined ? 'parallel did not win at these sizes' : `parallel first wins at n = ${first}`);
console.log(`same result: ${same}`);
await shutdown();
