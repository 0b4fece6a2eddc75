// Where the dispatch tail is in time: 20,000 empty parallelForSync (or parallelReduceSync, or
// parallelSync) calls on 2 threads after WARM (20,000) untimed ones, printing every call slower
// than 100 µs with its start time (ms from the first timed call). Run it as it is and with V8's
// background compilation off, and compare:
//   node bench/dispatch-bursts.mjs [for|reduce|region]
//   node --no-concurrent-recompilation bench/dispatch-bursts.mjs [for|reduce|region]
// (The harness allocates 16-22 bytes a call in performance.now(); run it with
// --min-semi-space-size=64 --max-semi-space-size=64 to keep that from being collected mid-run.)
import { createTeam } from 'parfor';

const N = 20_000;
const WARM = Number(process.env.WARM ?? 20_000);
const team = createTeam({ threads: 2 });
await team.ready();
const empty = () => {};
const zero = () => 0;
const one = {
  for: () => team.parallelForSync(0, 2, empty),
  reduce: () => team.parallelReduceSync(0, 2, zero),
  region: () => team.parallelSync(empty),
}[process.argv[2] ?? 'for'];
for (let k = 0; k < WARM; k++) one();
const start = new Float64Array(N);
const took = new Float64Array(N);
const T0 = performance.now();
for (let k = 0; k < N; k++) {
  const t0 = performance.now();
  one();
  const t1 = performance.now();
  start[k] = t0 - T0;
  took[k] = t1 - t0;
}
const slow = [];
for (let k = 0; k < N; k++) if (took[k] > 0.1) slow.push(`${start[k].toFixed(2)}ms:${Math.round(took[k] * 1000)}µs`);
console.log(`${N} calls in ${(performance.now() - T0).toFixed(1)} ms; ${slow.length} over 100 µs: ${slow.join(' ')}`);
await team.close();
