// Exercise 7: translate a joblib program. The Python:
//
//   from joblib import Parallel, delayed
//   import math
//   def f(i): return math.sqrt(i) * math.sin(i)
//   results = Parallel(n_jobs=2)(delayed(f)(i) for i in range(200_000))
//   print(sum(results))
//
// Run: node docs/exercises/07-from-joblib/start.mjs
import { f } from './f.mjs';

const n = 200_000;
const serial = Array.from({ length: n }, (_, i) => f(i)); // serial, like Parallel(n_jobs=1)
// TODO: the same with parfor on 2 threads, into `results`. Hint: parallelMap(0, n, (i) => f(i))
// fails with "f is not defined": a loop body runs on other threads and cannot see f. Name it instead.
const results = serial;
console.log(`sum: ${results.reduce((s, v) => s + v, 0).toFixed(6)}`);
console.log(`same result: ${results.every((v, i) => v === serial[i])}`);
