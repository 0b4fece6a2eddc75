// Exercise 3, a solution: speedup = t(1) / t(T), efficiency = speedup / T.
import { availableParallelism } from 'node:os';
import { createTeam, SharedMatrix } from 'parfor';
import { fillRowKernel, hash, median } from '../kernels.mjs';

const n = 3000;
const M = new SharedMatrix(n, n);
const cores = availableParallelism();
console.log(`this machine has ${cores} cores`);
console.log('threads  time        speedup  efficiency');
let t1;
const hashes = new Set();
for (let threads = 1; threads <= Math.min(cores, 4); threads++) {
  const team = createTeam({ threads });
  await team.ready();
  M.data.fill(0);
  const t = await median(() => team.parallelFor(0, n, fillRowKernel, { shared: { M }, schedule: 'dynamic', chunk: 16 }));
  hashes.add(hash(M.data));
  t1 ??= t;
  const speedup = t1 / t;
  console.log(
    `${String(threads).padEnd(8)} ${`${t.toFixed(1)} ms`.padEnd(11)} ${speedup.toFixed(2).padStart(7)}  ${`${((100 * speedup) / threads).toFixed(0)}%`.padStart(10)}`,
  );
  await team.close();
}
// The fill writes 72 MB and does two multiplications per element: memory speed, shared by all
// cores, limits it, so efficiency falls as threads are added (a compute-bound loop such as
// Mandelbrot keeps close to 100% on two cores).
console.log(`same result: ${hashes.size === 1}`);
