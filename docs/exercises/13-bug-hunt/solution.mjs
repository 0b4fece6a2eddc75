// Exercise 13, a solution: the three bugs fixed (area-solution.mjs says what each was and what gave
// it away). The serial count and three parallel runs must agree exactly: counts are integers.
import { getDefaultTeam, parallelReduce, shutdown } from 'parfor';
import { area, body, N, rowOutside } from './area-solution.mjs';

const maxIter = 1000;
let want = 0;
for (let i = 0; i < N; i++) want += rowOutside(i, { n: N, maxIter });

const runs = [];
for (let r = 0; r < 3; r++) {
  runs.push(await parallelReduce(0, N, body, { shared: { n: N, maxIter }, schedule: 'dynamic', chunk: 4 }));
}
const threads = getDefaultTeam().size;
console.log(`serial:   ${want} points outside, area ${area(N, want).toFixed(6)}`);
console.log(`parallel: ${runs.join(', ')} points outside in three runs on ${threads} thread(s)`);
console.log(`same result: ${runs.every((x) => x === want)}`);
await shutdown();
