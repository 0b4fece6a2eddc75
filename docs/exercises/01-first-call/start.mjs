// Exercise 1: time a parallel loop, the first call included.
// Run: node docs/exercises/01-first-call/start.mjs
import { parallelMap, shutdown } from 'parfor';
import { sumTo, sumToKernel } from '../kernels.mjs';

const n = 10_000;

let t0 = performance.now();
const serial = Array.from({ length: n }, (_, i) => sumTo(i));
console.log(`serial:           ${(performance.now() - t0).toFixed(1)} ms`);

t0 = performance.now();
const parallel = await parallelMap(0, n, sumToKernel, { schedule: 'dynamic', chunk: 16 });
console.log(`parallel, call 1: ${(performance.now() - t0).toFixed(1)} ms`);

// TODO: call parallelMap twice more, timing each call. Which call is slow, and why?

console.log(`same result: ${parallel.every((v, i) => v === serial[i])}`);
await shutdown();
