// Exercise 7, a solution. joblib's Parallel(n_jobs=2)(delayed(f)(i) for i in range(n)) becomes a
// parallelMap over [0, n) on a team of 2. f is named by module URL and export, because a loop body
// is sent to the workers as source text and cannot see functions around it. The results land in a
// shared Float64Array, so nothing is copied back.
import { createTeam, kernel } from 'parfor';
import { f } from './f.mjs';

const n = 200_000;
const serial = Array.from({ length: n }, (_, i) => f(i));

const team = createTeam({ threads: 2 }); // n_jobs=2
const results = await team.parallelMap(0, n, kernel(new URL('./f.mjs', import.meta.url), 'f'), { schedule: 'auto' });
console.log(`sum: ${results.reduce((s, v) => s + v, 0).toFixed(6)}`);
console.log(`same result: ${results.every((v, i) => v === serial[i])}`);

// And print(sum(results)) without building the list: a reduction, summed per thread.
const sum = await team.parallelReduce(0, n, kernel(new URL('./f.mjs', import.meta.url), 'f'));
console.log(`parallelReduce sum: ${sum.toFixed(6)}`);
await team.close();
