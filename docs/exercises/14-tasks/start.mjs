// Exercise 14: tasks. Two programs that do not fit a parallel loop.
//  1. Walk a linked list and do each node's work. The loop does not know how many nodes there are,
//     and reaching node k takes k steps.
//  2. Quicksort: each partition makes two smaller sorts, of sizes nobody knows in advance.
// Run: node docs/exercises/14-tasks/start.mjs
import { shutdown } from 'parfor';
import { median, randomDoubles } from '../kernels.mjs';
import { fib, makeList, quicksort } from './work.mjs';

// 1. The list.
const { head, next, work } = makeList(1000);
const want = new Float64Array(next.length);
const out = new Float64Array(next.length);
const walkMs = await median(() => {
  for (let p = head; p !== -1; p = next[p]) out[p] = fib(work[p]);
}, 3);
want.set(out);
// TODO: do the nodes' work on the team. Two ways: walk the list once to put the nodes in an array,
// then parallelFor over it; or walk it in one task that spawns a task per node (parallelTasks).
console.log(`list walk, serial   ${walkMs.toFixed(1).padStart(7)} ms`);
console.log(`same result: ${out.every((v, p) => v === want[p])}`);

// 2. The sort.
const data = randomDoubles(2_000_000);
const sorted = data.slice().sort();
const a = new Float64Array(data.length); // made once: time the sort, not a 16 MB allocation
const sortMs = await median(() => {
  a.set(data);
  quicksort(a, 0, a.length, 1000);
}, 3);
// TODO: sort on the team: a task partitions its range and spawns a task for each side, until the
// range is short. Which part of the work stays serial, and what does that do to the speedup?
console.log(`quicksort, serial   ${sortMs.toFixed(1).padStart(7)} ms`);
console.log(`same result: ${a.every((v, i) => v === sorted[i])}`);
await shutdown();
