// What the exercises share: the bench's own kernels (kernels/*.mjs) and its timing and hashing
// helpers (bench/). A loop body runs on other threads and cannot see the code around it, so the
// functions it calls live in a module and are named with kernel(url, name); each kernel module
// exports that as `body`.
import { sharedArray } from 'parfor';
import { fnv1a } from '../../bench/c-reference.mjs';
import { medianTime } from '../../bench/stats.mjs';
import * as fill from '../../kernels/fill.mjs';
import * as mandelbrot from '../../kernels/mandelbrot.mjs';
import * as sumto from '../../kernels/sumto.mjs';

/** The handout's "silly function": the sum of the numbers below i. Iteration i costs i steps. */
export const sumTo = sumto.sumTo;
export const sumToKernel = sumto.body;

/** fillRow(i, { M }): row i of the matrix M[i,j] = i² + j²; rowOnly(i, n): that row in a fresh array. */
export const fillRowKernel = fill.body;
export const fillRowOnly = fill.rowOnly;

/** mandelRow(i, { img, width, height, maxIter }): row i of the Mandelbrot image; serial(size): all of it. */
export const mandelRowKernel = mandelbrot.body;
export const mandelSerial = mandelbrot.serial;
export const MAX_ITER = mandelbrot.MAX_ITER;

/** The median time in ms of `reps` calls of `fn` (sync or async), after one untimed call. */
export const median = (fn, reps = 5) => medianTime(fn, reps);

/** A short hash of a typed array's bytes, to compare two results at a glance. */
export const hash = (view) => fnv1a(view).toString(16).padStart(8, '0');

/**
 * `n` bytes in 0-255 from a fixed-seed generator (xorshift32) in shared memory: the same data on
 * every run, so a histogram can be checked against the serial count.
 */
export function randomBytes(n, seed = 2463534242) {
  const out = sharedArray(Uint8Array, n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 255;
  }
  return out;
}
