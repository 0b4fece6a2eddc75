// What one spin-governor reading costs (docs/waiting.md): the same read platform/node.ts makes, the
// fourth field of /proc/loadavg through a descriptor kept open into one 128-byte buffer. Prints µs
// per read (median of 7 batches of 10,000) and bytes allocated per read (heap growth over 10,000
// reads with a 64 MB young generation, so no collection runs in between). Linux only.
//   node --min-semi-space-size=64 --max-semi-space-size=64 bench/loadavg-cost.mjs
import { openSync, readSync } from 'node:fs';

const fd = openSync('/proc/loadavg', 'r');
const bytes = new Uint8Array(128);
const read = () => readSync(fd, bytes, 0, bytes.length, 0);
for (let k = 0; k < 10_000; k++) read();
const times = [];
for (let b = 0; b < 7; b++) {
  const t0 = performance.now();
  for (let k = 0; k < 10_000; k++) read();
  times.push(((performance.now() - t0) * 1000) / 10_000);
}
times.sort((a, b) => a - b);
const h0 = process.memoryUsage().heapUsed;
for (let k = 0; k < 10_000; k++) read();
const perRead = (process.memoryUsage().heapUsed - h0) / 10_000;
console.log(`one reading: ${times[3].toFixed(2)} µs (median of 7 batches), ${perRead.toFixed(0)} bytes allocated`);
