// Exercise 6: share the result, or copy it back? The parfor version writes into shared memory.
// Run: node docs/exercises/06-share-or-copy/start.mjs
import { getDefaultTeam, parallelFor, SharedMatrix, shutdown } from 'parfor';
import { fillRowKernel, fillSerial, hash } from '../kernels.mjs';

const n = 2000;
const rss = () => process.memoryUsage().rss / 1e6;
// Warm first: the team started and one untimed call (exercise 1 timed the start). Warm the pool too.
await getDefaultTeam().ready();
await parallelFor(0, 16, fillRowKernel, { shared: { M: new SharedMatrix(16, 16) } });
const before = rss();
const M = new SharedMatrix(n, n);
const t0 = performance.now();
await parallelFor(0, n, fillRowKernel, { shared: { M }, schedule: 'dynamic', chunk: 16 });
console.log(`shared: ${(performance.now() - t0).toFixed(1)} ms, +${(rss() - before).toFixed(0)} MB, matrix ${hash(M.data)}`);
// TODO: fill the same matrix with a pool whose tasks return rows (piscina, and row-task.mjs next to
// this file), then copy each row into a plain Float64Array. Compare time, memory and bytes copied,
// and check the copy against the serial matrix as this line checks the shared one.
console.log(`same matrix: ${hash(M.data) === hash(fillSerial(n))}`);
await shutdown();
