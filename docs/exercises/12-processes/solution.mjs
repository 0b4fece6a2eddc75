// Exercise 12, a solution: a child process, a worker thread and a parfor team, side by side: time
// to start, memory, and the cost of moving 32 MB there and back.
// - A process has its own memory and its own V8: it costs the most to start, and data crosses as a
//   serialized copy through a pipe. Python's joblib starts processes by default because of the GIL:
//   one Python process runs Python code on one core at a time, so threads do not speed up Python code.
// - A worker thread is a separate V8 isolate, with its own heap, inside the same process: cheaper
//   to start, and a message is copied (structured clone) but not piped. Its separate heap is why a
//   loop body cannot see the variables around it: they live in another heap.
// - A SharedArrayBuffer is memory that several isolates map at once: nothing is copied, and that is
//   what parfor's team works on. The team is worker threads too, so it starts at their price.
import { fork } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { createTeam, sharedArray } from 'parfor';

const echo = new URL('./echo.mjs', import.meta.url);
const N = 4_000_000; // 32 MB of Float64
const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
const rss = () => process.memoryUsage().rss;
let same = true;

// A child process.
let t0 = performance.now();
const child = fork(echo, { serialization: 'advanced' });
const fromChild = () => new Promise((resolve) => child.once('message', resolve));
const hello = await fromChild();
const childStart = performance.now() - t0;
const data = new Float64Array(N).map((_, i) => i);
t0 = performance.now();
child.send(data);
let back = await fromChild();
const childMove = performance.now() - t0;
same &&= back.length === N && back[N - 1] === N - 1;
child.send('exit');
console.log(
  `child process:  start ${childStart.toFixed(1).padStart(6)} ms, memory ${mb(hello.rss)} of its own (V8 heap ${mb(hello.heapTotal)}), 32 MB there and back ${childMove.toFixed(1).padStart(6)} ms`,
);

// A worker thread.
t0 = performance.now();
const worker = new Worker(echo);
const fromWorker = () => new Promise((resolve) => worker.once('message', resolve));
const workerHello = await fromWorker();
const workerStart = performance.now() - t0;
t0 = performance.now();
worker.postMessage(data);
back = await fromWorker();
const workerMove = performance.now() - t0;
same &&= back.length === N && back[N - 1] === N - 1;
await worker.terminate();
console.log(
  `worker thread:  start ${workerStart.toFixed(1).padStart(6)} ms, V8 heap ${mb(workerHello.heapTotal)} of its own (the process's code is shared), 32 MB there and back ${workerMove.toFixed(1).padStart(6)} ms`,
);

// A parfor team of 2 threads on a shared array: the workers read and write the caller's memory.
// (The process's growth is a rough figure: the garbage collector runs when it likes.)
const before = rss();
t0 = performance.now();
const team = createTeam({ threads: 2 });
await team.ready();
const teamStart = performance.now() - t0;
const teamMem = rss() - before;
const shared = sharedArray(Float64Array, N);
shared.set(data);
t0 = performance.now();
await team.parallelFor(
  0,
  N,
  (i, { shared }) => {
    shared[i] += 1; // every element touched on the team's threads, nothing copied
  },
  { shared: { shared } },
);
const teamTouch = performance.now() - t0;
same &&= shared[N - 1] === N;
await team.close();
console.log(
  `parfor team:    start ${teamStart.toFixed(1).padStart(6)} ms, process grew by ${mb(teamMem)}, 0 MB moved; one pass over the 32 MB ${teamTouch.toFixed(1).padStart(6)} ms`,
);
console.log(`same result: ${same}`);
