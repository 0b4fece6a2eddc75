import { Worker } from 'node:worker_threads';
import { createTeam } from 'parfor';

const bare = async (n) => {
  const t0 = performance.now();
  const ws = Array.from({ length: n }, () => new Worker('require("worker_threads").parentPort.postMessage(1)', { eval: true }));
  await Promise.all(ws.map((w) => new Promise((r) => w.once('message', r))));
  const t = performance.now() - t0;
  await Promise.all(ws.map((w) => w.terminate()));
  return t;
};
const team = async () => {
  const t0 = performance.now();
  const t = createTeam({ threads: 2 });
  await t.ready();
  const ms = performance.now() - t0;
  await t.close();
  return ms;
};
const a = [],
  b = [];
for (let r = 0; r < 9; r++) {
  a.push(await bare(2));
  b.push(await team());
}
const med = (x) => [...x].sort((p, q) => p - q)[x.length >> 1];
console.log(
  'bare 2 workers to first message',
  med(a).toFixed(1),
  'ms; team of 2 ready',
  med(b).toFixed(1),
  'ms; ratio',
  (med(b) / med(a)).toFixed(2),
);
