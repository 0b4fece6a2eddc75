// Can a thread blocked in Atomics.wait see that a worker ended, without a watcher thread? A worker's
// `performance.eventLoopUtilization()` is answered by the worker's native handle, not by the event
// loop, and says `idle: -1` once that thread has stopped. This probe starts a worker, lets it come
// online, then makes it end (`exit`: process.exit(3); `oom`: heap exhaustion under resourceLimits;
// `terminate`: this thread calls worker.terminate() on it) while this thread busy-waits polling that
// call, and prints how long the end took to show.
//   node bench/death-probe.mjs [exit|oom|terminate]   (also under bun / deno run -A: see what each says)
import { Worker } from 'node:worker_threads';

const kind = process.argv[2] ?? 'exit';
const i32 = new Int32Array(new SharedArrayBuffer(4));
const w = new Worker(
  `const { workerData } = require('worker_threads');
   Atomics.wait(new Int32Array(workerData.sab), 0, 0);
   if (workerData.kind === 'exit') process.exit(3);
   const hold = []; for (;;) hold.push(new Array(1e5).fill(1.5));`,
  { eval: true, workerData: { sab: i32.buffer, kind }, resourceLimits: { maxOldGenerationSizeMb: 32 } },
);
w.on('error', () => {});
await new Promise((r) => w.once('online', r));
await new Promise((r) => setTimeout(r, 50));
const elu = () => w.performance?.eventLoopUtilization?.();
console.log('alive:', elu());
if (kind === 'terminate') void w.terminate();
else {
  Atomics.store(i32, 0, 1);
  Atomics.notify(i32, 0);
}
const t0 = performance.now();
let seen = 'not seen within 3 s';
while (performance.now() - t0 < 3000) {
  const e = elu();
  if (e === undefined) {
    seen = 'no eventLoopUtilization on a worker here';
    break;
  }
  if (e.idle < 0) {
    seen = `seen after ${(performance.now() - t0).toFixed(2)} ms (idle: ${e.idle})`;
    break;
  }
}
console.log(`${kind}: ${seen}`);
process.exit(0);
