// Exercise 11: caching, joblib's Memory. The Mandelbrot image below takes a while, and a program
// that is run again and again recomputes it every time. Keep it on disk instead.
// Run: node docs/exercises/11-caching/start.mjs
import { parallelFor, sharedArray, shutdown } from 'parfor';
import { hash, MAX_ITER, mandelRowKernel, mandelSerial } from '../kernels.mjs';

const size = 800;
const t0 = performance.now();
const img = sharedArray(Int32Array, size * size);
await parallelFor(0, size, mandelRowKernel, {
  shared: { img, width: size, height: size, maxIter: MAX_ITER },
  schedule: 'dynamic',
  chunk: 4,
});
console.log(`computed in ${(performance.now() - t0).toFixed(1)} ms, image ${hash(img)}`);
// TODO: before computing, look for a file named by a hash of everything the image depends on (the
// size, maxIter, and the kernel's own source text); if it is there, read the image from it; if
// not, compute and write it. Then change maxIter and check that the cache misses.
console.log(`same image as serial: ${hash(img) === hash(mandelSerial(size))}`);
await shutdown();
