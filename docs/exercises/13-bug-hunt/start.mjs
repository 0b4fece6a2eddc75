// Exercise 13: a bug hunt. The area of the Mandelbrot set, serial and on the team. The two
// answers should be the same; they are not. There are three bugs, in this file and in area.mjs.
// Find each from what it does (run it several times; run it with PARFOR_NUM_THREADS=1), then fix it.
// Run: node docs/exercises/13-bug-hunt/start.mjs
import { getDefaultTeam, parallelFor, sharedArray, shutdown } from 'parfor';
import { area, body, N, row, setMaxIter } from './area.mjs';

setMaxIter(1000);

// Serial: the same row function on plain arrays.
const serial = { c: new Float64Array(2), outside: new Int32Array(1), n: N };
for (let i = 0; i < N; i++) row(i, serial);
const want = serial.outside[0];

// Parallel: the rows shared out over the team.
const c = sharedArray(Float64Array, 2);
const outside = sharedArray(Int32Array, 1);
await parallelFor(0, N, body, { shared: { c, outside, n: N }, schedule: 'dynamic', chunk: 4 });
const got = outside[0];

const threads = getDefaultTeam().size;
console.log(`serial:   ${want} points outside, area ${area(N, want).toFixed(6)}`);
console.log(`parallel: ${got} points outside, area ${area(N, got).toFixed(6)} on ${threads} thread(s)`);
console.log(`same result: ${got === want}`);
await shutdown();
