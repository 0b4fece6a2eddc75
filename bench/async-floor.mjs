// The floor of an async dispatch: a round trip between this thread and bare workers, each woken by
// Atomics.notify and answering with an add + notify that this thread awaits with
// Atomics.waitAsync (the workers sleep in Atomics.wait between trips): to 1 worker (issue 25's
// floor) and to 2 at once (what an async loop on a team of 2 wakes). Alternated, round by round,
// with an empty `await team.parallelFor(0, 2, body)` on a team of 1 and on a team of 2. Prints the median µs per
// trip or loop over ROUNDS (7) rounds of 500 after WARM (5,000) of each, and the ratio.
//   node bench/async-floor.mjs
import { Worker } from 'node:worker_threads';
import { createTeam } from 'parfor';

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const N = 500;
const WARM = Number(process.env.WARM ?? 5000);
/** W bare workers: each sleeps in Atomics.wait on [0] (the trip number) and answers with an add on [1]. */
function bareWorkers(w) {
  let lost = 0;
  const i32 = new Int32Array(new SharedArrayBuffer(8));
  const workers = Array.from(
    { length: w },
    () =>
      new Worker(
        `const { workerData } = require('node:worker_threads');
         const i32 = new Int32Array(workerData);
         for (let seen = 0; ; ) {
           Atomics.wait(i32, 0, seen);
           const now = Atomics.load(i32, 0);
           if (now === seen) continue; // a notify for a trip this worker had already answered
           seen = now;
           if (seen < 0) break;
           Atomics.add(i32, 1, 1);
           Atomics.notify(i32, 1);
         }`,
        { eval: true, workerData: i32.buffer },
      ),
  );
  let trip = 0;
  return {
    get lost() {
      return lost;
    },
    async run(n) {
      const t0 = performance.now();
      for (let k = 0; k < n; k++) {
        Atomics.store(i32, 0, ++trip);
        Atomics.notify(i32, 0);
        for (;;) {
          const answered = Atomics.load(i32, 1);
          if (answered >= trip * w) {
            if (answered > trip * w) throw new Error(`trip ${trip}: ${answered} answers from ${w} workers`);
            break;
          }
          // With a timeout: V8 on Node 20 can lose a waitAsync wake-up (counted and printed).
          const wait = Atomics.waitAsync(i32, 1, answered, 5);
          if (wait.async && (await wait.value) === 'timed-out') lost++;
        }
      }
      return ((performance.now() - t0) * 1000) / n;
    },
    async close() {
      Atomics.store(i32, 0, -1);
      Atomics.notify(i32, 0);
      await Promise.all(workers.map((x) => x.terminate()));
    },
  };
}
const bare1 = bareWorkers(1);
const bare2 = bareWorkers(2);
const team = createTeam({ threads: 2 });
const team1 = createTeam({ threads: 1 }); // an async loop on it runs on its one worker
await team.ready();
await team1.ready();
const empty = () => {};
async function ours(n, t = team) {
  const t0 = performance.now();
  for (let k = 0; k < n; k++) await t.parallelFor(0, 2, empty);
  return ((performance.now() - t0) * 1000) / n;
}
// Warm: V8 compiles the async path over the first few thousand loops (docs/architecture.md, warm-up).
for (let k = 0; k < WARM / N; k++) {
  await bare1.run(N);
  await bare2.run(N);
  await ours(N);
  await ours(N, team1);
}
const a = [];
const a2 = [];
const b = [];
const b1 = [];
for (let r = 0; r < ROUNDS; r++) {
  a.push(await bare1.run(N));
  a2.push(await bare2.run(N));
  b.push(await ours(N));
  b1.push(await ours(N, team1));
}
const med = (x) => [...x].sort((p, q) => p - q)[x.length >> 1];
const f = (x) => x.toFixed(1);
console.log(
  `round trip to 1 bare worker ${f(med(a))} µs, to 2 at once ${f(med(a2))} µs; ` +
    `empty async parallelFor on a team of 1 (1 worker) ${f(med(b1))} µs = ${(med(b1) / med(a)).toFixed(2)}× the first, ` +
    `on a team of 2 (2 workers) ${f(med(b))} µs = ${(med(b) / med(a2)).toFixed(2)}× the second` +
    (bare1.lost + bare2.lost > 0 ? ` (bare waits that timed out at 5 ms: ${bare1.lost}, ${bare2.lost})` : ''),
);
await team.close();
await team1.close();
await bare1.close();
await bare2.close();
