// Exercise 10, a solution: four ways to count into shared bins, timed against each other.
//  1. ctx.atomicAdd on each bin: correct; threads still fight over the same 256 words.
//  2. A SharedLock around each increment (OpenMP's omp_set_lock): correct, and the slowest, since
//     only one thread counts at a time and taking the lock costs more than the add.
//  3. Per-thread histograms (init and merge): each thread counts into its own array, with no
//     sharing at all, and the arrays are added into the shared one once per thread at the end.
//  4. The racy starter, for comparison: fast, and wrong.
import { getDefaultTeam, parallelFor, SharedLock, sharedArray, shutdown } from 'parfor';
import { median, randomBytes } from '../kernels.mjs';

const N = 2_000_000;
const data = randomBytes(N);
const serial = new Int32Array(256);
for (let i = 0; i < N; i++) serial[data[i]]++;

const hist = sharedArray(Int32Array, 256);
const lock = new SharedLock();
const opts = { shared: { data, hist, lock }, schedule: 'dynamic', chunk: 1000 };
const variants = {
  'ctx.atomicAdd': () =>
    parallelFor(
      0,
      N,
      (i, { data, hist }, ctx) => {
        ctx.atomicAdd(hist, data[i], 1);
      },
      opts,
    ),
  SharedLock: () =>
    parallelFor(
      0,
      N,
      (i, { data, hist, lock }) => {
        lock.acquire();
        hist[data[i]]++;
        lock.release();
      },
      opts,
    ),
  'per-thread histograms': () =>
    parallelFor(
      0,
      N,
      (i, { data }, _ctx, local) => {
        local[data[i]]++;
      },
      {
        ...opts,
        init: (_ctx, { hist }) => new Int32Array(hist.length), // once per thread
        merge: (local, { hist }) => {
          for (let b = 0; b < local.length; b++) hist[b] += local[b]; // one thread at a time
        },
      },
    ),
  'racy (the starter)': () =>
    parallelFor(
      0,
      N,
      (i, { data, hist }) => {
        hist[data[i]]++;
      },
      opts,
    ),
};
let same = true;
for (const [name, run] of Object.entries(variants)) {
  let right = false;
  let counted = 0;
  const ms = await median(async () => {
    hist.fill(0);
    await run();
    counted = hist.reduce((a, b) => a + b, 0);
    right = hist.every((v, b) => v === serial[b]);
  }, 3);
  if (!name.startsWith('racy')) same &&= right;
  console.log(`${name.padEnd(22)} ${ms.toFixed(1).padStart(8)} ms  counted ${counted} of ${N}${right ? '' : ' (wrong)'}`);
}
const threads = getDefaultTeam().size;
console.log(`on ${threads} thread${threads === 1 ? '' : 's'}; same result: ${same} (the three fixes; the racy one may lose counts)`);
await shutdown();
