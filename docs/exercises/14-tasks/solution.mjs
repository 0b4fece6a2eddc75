// Exercise 14, a solution: the list walk and the quicksort on the team, timed against the serial
// versions and checked against them (tasks-solution.mjs has the tasks).
import { getDefaultTeam, parallelFor, parallelTasks, sharedArray, shutdown } from 'parfor';
import { median, randomDoubles, reportSpeedup } from '../kernels.mjs';
import { nodeAtBody, tasks } from './tasks-solution.mjs';
import { fib, makeList, partition, quicksort } from './work.mjs';

const threads = getDefaultTeam().size;
await getDefaultTeam().ready(); // its threads boot on the same cores: time nothing while they do
const row = (label, ms, base) => {
  console.log(`${label.padEnd(30)} ${ms.toFixed(1).padStart(7)} ms`);
  if (ms !== base) reportSpeedup(label, base, ms, threads);
};
let same = true;

// 1. The list.
const { head, next, work } = makeList(1000);
const want = new Float64Array(next.length);
const serialMs = await median(() => {
  for (let p = head; p !== -1; p = next[p]) want[p] = fib(work[p]);
}, 3);
row('list walk, serial', serialMs, serialMs);
const out = sharedArray(Float64Array, next.length);
const shared = { next, work, out };

// (a) Walk once to put the nodes in an array (cheap: one step per node), then a loop over it.
// Nodes cost up to 100× each other, so a dynamic schedule.
const nodes = sharedArray(Int32Array, next.length);
const arrayMs = await median(async () => {
  out.fill(0);
  let count = 0;
  for (let p = head; p !== -1; p = next[p]) nodes[count++] = p;
  await parallelFor(0, count, nodeAtBody, { shared: { nodes, work, out }, schedule: 'dynamic', chunk: 1 });
}, 3);
same &&= out.every((v, p) => v === want[p]);
row('list to array + parallelFor', arrayMs, serialMs);

// (b) One task walks the list and spawns a task per node.
const taskMs = await median(async () => {
  out.fill(0);
  await parallelTasks(tasks, 'walk', [head], { shared });
}, 3);
same &&= out.every((v, p) => v === want[p]);
row('a task per node', taskMs, serialMs);

// 2. The sort. The first partition reads all 2 million values on one thread, the next two on at
// most two threads, and so on: that serial start bounds the speedup (Amdahl's law).
const data = randomDoubles(2_000_000);
const sorted = data.slice().sort();
const a = new Float64Array(data.length); // made once, as the shared one below is
const sortMs = await median(() => {
  a.set(data);
  quicksort(a, 0, a.length, 1000);
}, 3);
same &&= a.every((v, i) => v === sorted[i]);
row('quicksort, serial', sortMs, sortMs);
const s = sharedArray(Float64Array, data.length);
const taskSortMs = await median(async () => {
  s.set(data);
  await parallelTasks(tasks, 'qsort', [0, s.length], { shared: { a: s, taskCutoff: 50_000 } });
}, 3);
same &&= s.every((v, i) => v === sorted[i]);
row('quicksort, tasks', taskSortMs, sortMs);
// How long the first partition alone takes: the part no thread can share.
const first = data.slice();
const t0 = performance.now();
partition(first, 0, first.length);
console.log(`the first partition alone       ${(performance.now() - t0).toFixed(1).padStart(6)} ms`);

console.log(`on ${threads} thread${threads === 1 ? '' : 's'}; same result: ${same}`);
await shutdown();
