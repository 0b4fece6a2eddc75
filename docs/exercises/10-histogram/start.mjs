// Exercise 10: a histogram. Two million values in 0-255, counted into 256 bins. Many threads add to
// the same bins at once. Is the parallel count right?
// Run: node docs/exercises/10-histogram/start.mjs
import { parallelFor, sharedArray, shutdown } from 'parfor';
import { randomBytes } from '../kernels.mjs';

const N = 2_000_000;
const data = randomBytes(N);
const serial = new Int32Array(256);
for (let i = 0; i < N; i++) serial[data[i]]++;

const hist = sharedArray(Int32Array, 256);
await parallelFor(
  0,
  N,
  (i, { data, hist }) => {
    hist[data[i]]++; // TODO: read, add, write: the race of exercise 4, on 256 counters
  },
  { shared: { data, hist }, schedule: 'dynamic', chunk: 1000 },
);
const counted = hist.reduce((a, b) => a + b, 0);
console.log(`counted ${counted} of ${N} (lost ${N - counted}); same histogram: ${hist.every((v, b) => v === serial[b])}`);
await shutdown();
