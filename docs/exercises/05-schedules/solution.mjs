// Exercise 5, a solution. Rows through the set's black body cost up to 500 steps per pixel, rows
// outside it a few. `static` gives each thread one block of rows, so one thread gets most of the
// work. `dynamic` hands out chunks as threads become free; a tiny chunk costs a claim per row, a huge
// one balances badly. `guided` starts big and shrinks. Every schedule must give the same image.
import { getDefaultTeam, parallelFor, sharedArray, shutdown } from 'parfor';
import { hash, MAX_ITER, mandelRowKernel, mandelSerial, median, reportSpeedup } from '../kernels.mjs';

const size = 600;
let reference;
const serialMs = await median(() => {
  reference = mandelSerial(size);
});
console.log(`${'serial'.padEnd(12)} ${serialMs.toFixed(1).padStart(7)} ms  image ${hash(reference)}`);

const img = sharedArray(Int32Array, size * size);
const shared = { img, width: size, height: size, maxIter: MAX_ITER };
const times = [];
let same = true;
for (const schedule of ['static', 'dynamic,1', 'dynamic,4', 'dynamic,16', 'dynamic,64', 'guided', 'auto']) {
  img.fill(0);
  const t = await median(() => parallelFor(0, size, mandelRowKernel, { schedule, shared }));
  same &&= hash(img) === hash(reference);
  times.push([schedule, t]);
  console.log(`${schedule.padEnd(12)} ${t.toFixed(1).padStart(7)} ms  image ${hash(img)}`);
}
const [best] = [...times].sort((a, b) => a[1] - b[1]);
console.log(`fastest here: ${best[0]}`);
reportSpeedup(`${best[0]}, the fastest`, serialMs, best[1], getDefaultTeam().size);
console.log(`same image as serial: ${same}`);
await shutdown();
