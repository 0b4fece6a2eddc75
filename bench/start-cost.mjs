// What a team costs to start, against the floor: spawning 2 bare worker_threads (an eval'd CommonJS
// one-liner) until each has posted a first message, alternated with createTeam({ threads: 2 }) +
// ready() and then one empty parallelForSync (which waits for anything ready() left starting).
// Medians of ROUNDS (9) alternating rounds.
//   node bench/start-cost.mjs
import { Worker } from 'node:worker_threads';
import { createTeam } from 'parfor';

const ROUNDS = Number(process.env.ROUNDS ?? 9);
const bare = async (n) => {
  const t0 = performance.now();
  const ws = Array.from({ length: n }, () => new Worker('require("worker_threads").parentPort.postMessage(1)', { eval: true }));
  await Promise.all(ws.map((w) => new Promise((r) => w.once('message', r))));
  const t = performance.now() - t0;
  await Promise.all(ws.map((w) => w.terminate()));
  return t;
};
const empty = () => {};
const team = async () => {
  const t0 = performance.now();
  const t = createTeam({ threads: 2 });
  await t.ready();
  const ready = performance.now() - t0;
  const t1 = performance.now();
  t.parallelForSync(0, 2, empty);
  const first = performance.now() - t1;
  await t.close();
  return { ready, first };
};
const a = [];
const ready = [];
const first = [];
for (let r = 0; r < ROUNDS; r++) {
  a.push(await bare(2));
  const t = await team();
  ready.push(t.ready);
  first.push(t.first);
}
const med = (x) => [...x].sort((p, q) => p - q)[x.length >> 1];
const f = (x) => x.toFixed(1);
console.log(
  `bare 2 workers to first message ${f(med(a))} ms; team of 2 ready ${f(med(ready))} ms (×${(med(ready) / med(a)).toFixed(2)}); ` +
    `first sync loop after ready ${med(first).toFixed(2)} ms; ready + first loop ×${((med(ready) + med(first)) / med(a)).toFixed(2)}`,
);
