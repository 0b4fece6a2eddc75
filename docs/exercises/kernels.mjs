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
/** fillSerial(n): the whole n × n matrix, serially, in a plain array. */
export const fillSerial = fill.serial;

/** mandelRow(i, { img, width, height, maxIter }): row i of the Mandelbrot image; serial(size): all of it. */
export const mandelRowKernel = mandelbrot.body;
export const mandelSerial = mandelbrot.serial;
export const MAX_ITER = mandelbrot.MAX_ITER;

/** The median time in ms of `reps` calls of `fn` (sync or async), after one untimed call. */
export const median = (fn, reps = 5) => medianTime(fn, reps);

/**
 * Prints "speedup, <label>: <x>×", the line `npm run exercise -- N` reads to check an exercise's
 * speedup floor (docs/exercises/check.mjs). x is the serial time over the parallel one. Given the
 * team's size T, a speedup above T is flagged: T threads cannot do more than T times one thread's
 * work, so the serial run was slow (a busy core, a colder cache, or code the engine compiled less
 * well) and the parallel variants are better compared with each other.
 */
export function reportSpeedup(label, serialMs, parallelMs, threads) {
  const x = serialMs / parallelMs;
  const flag =
    threads !== undefined && x > threads * 1.005
      ? `  (above ${threads}× on ${threads} thread${threads === 1 ? '' : 's'}: the serial run was slow)`
      : '';
  console.log(`speedup, ${label}: ${x.toFixed(2)}×${flag}`);
}

/** A short hash of a typed array's bytes, to compare two results at a glance. */
export const hash = (view) => fnv1a(view).toString(16).padStart(8, '0');

/**
 * A fixed-seed generator (xorshift32): each call returns the next number in [0, 2^32). The same
 * numbers on every run, so a parallel result can be checked against the serial one.
 */
export function xorshift32(seed) {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** `n` bytes in 0-255 from xorshift32, in shared memory. */
export function randomBytes(n, seed = 2463534242) {
  const out = sharedArray(Uint8Array, n);
  const next = xorshift32(seed);
  for (let i = 0; i < n; i++) out[i] = next() & 255;
  return out;
}

/** `n` doubles in [0, 1) from xorshift32, in shared memory. */
export function randomDoubles(n, seed = 987654321) {
  const out = sharedArray(Float64Array, n);
  const next = xorshift32(seed);
  for (let i = 0; i < n; i++) out[i] = next() / 2 ** 32;
  return out;
}
