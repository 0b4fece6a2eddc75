// Exercise 3: speedup and efficiency, one thread against more.
// Run: node docs/exercises/03-threads/start.mjs
import { availableParallelism } from 'node:os';
import { createTeam, SharedMatrix } from 'parfor';
import { fillRowKernel, fillSerial, hash, median } from '../kernels.mjs';

const n = 3000;
const M = new SharedMatrix(n, n);
const want = hash(fillSerial(n));
let same = true;
// PARFOR_NUM_THREADS, when set, caps the team sizes to try (npm run exercise -- 3 sets it to 4).
const cores = Number(process.env.PARFOR_NUM_THREADS) || availableParallelism();
console.log(`this machine has ${availableParallelism()} cores; trying up to ${cores}`);
console.log('threads  time');
for (const threads of [1]) {
  // TODO: run with 1, 2, … up to `cores`; add columns speedup = t1 / tT and efficiency = speedup / T,
  // and print the last speedup with reportSpeedup (from ../kernels.mjs) for npm run exercise -- 3.
  // Then the same for the Mandelbrot rows of exercise 5.
  const team = createTeam({ threads });
  await team.ready();
  M.data.fill(0);
  const t = await median(() => team.parallelFor(0, n, fillRowKernel, { shared: { M }, schedule: 'dynamic', chunk: 16 }));
  same &&= hash(M.data) === want;
  console.log(`${String(threads).padEnd(8)} ${t.toFixed(1)} ms`);
  await team.close();
}
console.log(`same result: ${same}`);
