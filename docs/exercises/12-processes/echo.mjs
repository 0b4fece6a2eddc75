// Exercise 12's other side: started as a child process (fork) or as a worker thread, it says hello
// with its memory use, then sends back every message it receives.
import { parentPort } from 'node:worker_threads';

const send = parentPort ? (m) => parentPort.postMessage(m) : (m) => process.send(m);
const on = parentPort ? (f) => parentPort.on('message', f) : (f) => process.on('message', f);
on((m) => {
  if (m === 'exit') process.exit(0);
  send(m);
});
// rss is the whole process's memory; heapTotal is this isolate's V8 heap (a worker's own, in a thread).
const { rss, heapTotal } = process.memoryUsage();
send({ hello: true, rss, heapTotal });
