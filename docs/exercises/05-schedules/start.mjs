// Exercise 5: choose a schedule and chunk for an uneven loop (Mandelbrot rows).
// Run: node docs/exercises/05-schedules/start.mjs
import { getDefaultTeam, parallelFor, sharedArray, shutdown } from 'parfor';
import { hash, MAX_ITER, mandelRowKernel, mandelSerial, median, reportSpeedup } from '../kernels.mjs';

const size = 600;
let reference;
const serialMs = await median(() => {
  reference = mandelSerial(size);
});
console.log(`${'serial'.padEnd(12)} ${serialMs.toFixed(1).padStart(7)} ms  image ${hash(reference)}`);
let same = true;
const img = sharedArray(Int32Array, size * size);
const shared = { img, width: size, height: size, maxIter: MAX_ITER };
for (const schedule of ['static']) {
  // TODO: try 'dynamic' with chunks 1, 4, 16, 64, then 'guided' and 'auto'. Which is fastest, and why?
  const t = await median(() => parallelFor(0, size, mandelRowKernel, { schedule, shared }));
  same &&= hash(img) === hash(reference);
  console.log(`${schedule.padEnd(12)} ${t.toFixed(1).padStart(7)} ms  image ${hash(img)}`);
  reportSpeedup(schedule, serialMs, t, getDefaultTeam().size);
}
console.log(`same image as serial: ${same}`);
await shutdown();
