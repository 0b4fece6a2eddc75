// Exercise 4: a bug hunt. Every iteration adds 1 to one shared counter. What does it print?
// Run it a few times: node docs/exercises/04-race/start.mjs
import { parallelFor, sharedArray, shutdown } from 'parfor';

const N = 2_000_000;
const count = sharedArray(Float64Array, 1);
await parallelFor(
  0,
  N,
  (_i, { count }) => {
    count[0] += 1; // read the counter, add 1, write it back
  },
  { shared: { count }, schedule: 'dynamic', chunk: 1000 },
);
console.log(`expected ${N}, got ${count[0]}, lost ${N - count[0]}`);
console.log(`same result: ${count[0] === N}`);
await shutdown();
