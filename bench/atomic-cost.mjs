// What one atomic operation costs on this thread, alone (no contention): the floor under
// ctx.atomicAdd and SharedLock (docs/functions.md, "ctx.atomicAdd"). Per variant, the median ns per
// operation over ROUNDS rounds of 5 million:
//   Atomics.add on an Int32Array; Atomics.add and compareExchange on a BigInt64Array;
//   ctx.atomicAdd on a Float64Array (parfor's compare-exchange loop, through the package).
//   node bench/atomic-cost.mjs [rounds=7]      (run it under each runtime to compare them)
import { createTeam, sharedArray } from 'parfor';
import { summarize } from './stats.mjs';

const rounds = Number(process.argv[2] ?? 7);
const N = 5_000_000;
const i32 = sharedArray(Int32Array, 16);
const b64 = sharedArray(BigInt64Array, 8);
const f64 = sharedArray(Float64Array, 8);
// ctx.atomicAdd as a body uses it: one iteration on a team of one, run on the calling thread.
const team = createTeam({ threads: 1 });
const opts = { shared: { f64, N } };
const addMany = (_i, { f64, N }, ctx) => {
  for (let k = 0; k < N; k++) ctx.atomicAdd(f64, 0, 1);
};
const variants = {
  'Atomics.add Int32Array': () => {
    for (let k = 0; k < N; k++) Atomics.add(i32, 0, 1);
  },
  'Atomics.add BigInt64Array': () => {
    for (let k = 0; k < N; k++) Atomics.add(b64, 0, 1n);
  },
  'Atomics.compareExchange BigInt64Array': () => {
    let old = 0n;
    for (let k = 0; k < N; k++) old = Atomics.compareExchange(b64, 1, old, old + 1n);
  },
  'ctx.atomicAdd Float64Array (in a body)': () => team.parallelForSync(0, 1, addMany, opts),
};
const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let r = -1; r < rounds; r++) {
  for (const [name, run] of Object.entries(variants)) {
    const t0 = performance.now();
    run();
    if (r >= 0) times[name].push(((performance.now() - t0) * 1e6) / N);
  }
}
console.log(
  `# ${typeof Bun !== 'undefined' ? 'bun' : typeof Deno !== 'undefined' ? 'deno' : `node ${process.version}`}, ${rounds} rounds of ${N} operations, one thread`,
);
for (const [name, t] of Object.entries(times)) {
  const s = summarize(t);
  console.log(`${name.padEnd(40)} median ${s.median.toFixed(1)} ns (range ${s.min.toFixed(1)}-${s.max.toFixed(1)})`);
}
if (f64[0] !== (rounds + 1) * N) throw new Error(`ctx.atomicAdd lost updates: ${f64[0]}`);
await team.close();
