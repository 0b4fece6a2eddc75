// Exercise 12: processes or threads? joblib starts worker *processes* by default; JavaScript has
// processes (child_process, cluster) and threads (worker_threads, which parfor's team is made of).
// This starter times one worker thread's start and one 32 MB round trip to it.
// Run: node docs/exercises/12-processes/start.mjs
import { Worker } from 'node:worker_threads';

const echo = new URL('./echo.mjs', import.meta.url);
const t0 = performance.now();
const worker = new Worker(echo);
const next = () => new Promise((resolve) => worker.once('message', resolve));
await next(); // its hello
console.log(`worker thread: started in ${(performance.now() - t0).toFixed(1)} ms`);
const data = new Float64Array(4_000_000).map((_, i) => i); // 32 MB
const t1 = performance.now();
worker.postMessage(data); // copied into the worker, then copied back
const back = await next();
console.log(`32 MB there and back: ${(performance.now() - t1).toFixed(1)} ms, intact: ${back[3_999_999] === 3_999_999}`);
console.log(`same result: ${back.length === 4_000_000 && back[3_999_999] === 3_999_999}`);
worker.postMessage('exit');
// TODO: do the same with a child process (child_process.fork, { serialization: 'advanced' }), and
// with a parfor team (createTeam + ready; a shared array moves no bytes). Compare memory too.
