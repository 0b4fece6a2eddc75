// One round of the dispatch suite's JS side (bench/dispatch.mjs runs it as a child process):
// per-call times of an empty parallelForSync / parallelReduceSync / parallelSync, or a
// parallelTasksSync of a root task that spawns an empty child and waits for it, or an empty
// parallelForSync under the adaptive schedule, or a parallelForSync under static,1 with `ordered` whose
// every iteration calls ctx.ordered() with an empty function (EPCC's ORDERED shape), on a new team,
// after `warm` untimed calls, then 20 batches of 1,000 calls timed whole (EPCC's method).
//   node --min-semi-space-size=64 --max-semi-space-size=64 bench/dispatch-js.mjs CONSTRUCT THREADS CALLS WARM
// Prints one JSON line: { batches, calls, collections }. parfor allocates nothing per loop in the
// steady state (test/allocation.test.ts), but this harness does: performance.now() allocates on
// Node 20, 16-22 bytes a call. The parent gives this process a fixed 64 MB young generation,
// so that the harness's own garbage is not collected in the middle of the measurement, and the
// collections that happened anyway are counted and reported.
import { PerformanceObserver } from 'node:perf_hooks';
import { createTeam } from 'parfor';

const [construct, threadsArg, callsArg, warmArg] = process.argv.slice(2);
const threads = Number(threadsArg);
const calls = Number(callsArg);
const warm = Number(warmArg);
const team = createTeam({ threads });
await team.ready();
const empty = () => {};
const zero = () => 0;
const tree = {
  root(ctx) {
    ctx.spawn('leaf');
    ctx.wait();
  },
  leaf() {},
};
const orderedBody = (_i, _s, ctx) => ctx.ordered(() => {});
const ORDERED = { schedule: 'static', chunk: 1, ordered: true };
const one = {
  for: () => team.parallelForSync(0, threads, empty),
  reduce: () => team.parallelReduceSync(0, threads, zero),
  region: () => team.parallelSync(empty),
  tasks: () => team.parallelTasksSync(tree, 'root', []),
  adaptive: () => team.parallelForSync(0, threads, empty, 'adaptive'),
  ordered: () => team.parallelForSync(0, threads, orderedBody, ORDERED),
}[construct];
if (one === undefined) throw new Error(`unknown construct ${construct}: expected for, reduce, region, tasks, adaptive or ordered`);

for (let k = 0; k < warm; k++) one();
let collections = 0;
const gc = new PerformanceObserver((list) => {
  collections += list.getEntries().length;
});
gc.observe({ entryTypes: ['gc'] });
const times = new Float64Array(calls);
for (let k = 0; k < calls; k++) {
  const t0 = performance.now();
  one();
  times[k] = (performance.now() - t0) * 1000;
}
const batches = [];
for (let r = 0; r < 20; r++) {
  const t0 = performance.now();
  for (let k = 0; k < 1000; k++) one();
  batches.push(performance.now() - t0); // ms per 1,000 = µs per call
}
collections += gc.takeRecords().length;
gc.disconnect();
await team.close();
process.stdout.write(`${JSON.stringify({ batches, calls: Array.from(times, (t) => Math.round(t * 1000) / 1000), collections })}\n`);
