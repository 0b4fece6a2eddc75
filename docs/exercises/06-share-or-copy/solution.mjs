// Exercise 6, a solution: the same matrix, shared by parfor and copied back by a pool.

import { getDefaultTeam, parallelFor, SharedMatrix, shutdown } from 'parfor';
import Piscina from 'piscina';
import { fillRowKernel, hash } from '../kernels.mjs';

const n = 2000;
const rss = () => process.memoryUsage().rss / 1e6;

// Both sides warm before timing: the team started and one call made (its start is exercise 1's
// lesson), as the pool's workers are started below. The memory measured is then the matrix's.
await getDefaultTeam().ready();
const warm = new SharedMatrix(16, 16);
await parallelFor(0, 16, fillRowKernel, { shared: { M: warm }, schedule: 'dynamic', chunk: 16 });
let before = rss();
const M = new SharedMatrix(n, n);
let t0 = performance.now();
await parallelFor(0, n, fillRowKernel, { shared: { M }, schedule: 'dynamic', chunk: 16 });
console.log(
  `shared (parfor):       ${(performance.now() - t0).toFixed(1).padStart(7)} ms, +${(rss() - before).toFixed(0)} MB, 0 MB copied`,
);

const pool = new Piscina({ filename: new URL('./row-task.mjs', import.meta.url).href, maxThreads: 2 });
await pool.run({ i: 0, n }); // start the pool's workers before timing
before = rss();
t0 = performance.now();
const rows = await Promise.all(Array.from({ length: n }, (_, i) => pool.run({ i, n })));
const copy = new Float64Array(n * n);
rows.forEach((row, i) => {
  copy.set(row, i * n);
});
const bytes = rows.reduce((s, r) => s + r.byteLength, 0);
console.log(
  `copied (piscina rows): ${(performance.now() - t0).toFixed(1).padStart(7)} ms, +${(rss() - before).toFixed(0)} MB, ${(bytes / 1e6).toFixed(0)} MB copied`,
);
// One task per row costs a message each way per row, and every row exists twice for a while (in
// the worker and in the copy). Batching rows per task cuts the messages, not the copies; a pool
// that writes into a SharedArrayBuffer is what parfor does.
console.log(`same matrix: ${hash(copy) === hash(M.data)}`);
await pool.destroy();
await shutdown();
