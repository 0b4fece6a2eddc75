// Exercise 3: speedup and efficiency, one thread against more.
// Run: node docs/exercises/03-threads/start.mjs
import { availableParallelism } from 'node:os';
import { createTeam, SharedMatrix } from 'parfor';
import { fillRowKernel, median } from '../kernels.mjs';

const n = 3000;
const M = new SharedMatrix(n, n);
console.log(`this machine has ${availableParallelism()} cores`);
console.log('threads  time');
for (const threads of [1]) {
  // TODO: run with 1, 2, … up to the number of cores; add columns speedup = t1 / tT and efficiency = speedup / T.
  const team = createTeam({ threads });
  await team.ready();
  const t = await median(() => team.parallelFor(0, n, fillRowKernel, { shared: { M }, schedule: 'dynamic', chunk: 16 }));
  console.log(`${String(threads).padEnd(8)} ${t.toFixed(1)} ms`);
  await team.close();
}
