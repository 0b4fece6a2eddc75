// Loop bodies the exercises share. A body runs on other threads and cannot see the code around it,
// so functions it calls live in a module and are named with kernel(url, name).
import { kernel } from 'parfor';

/** The handout's "silly function": the sum of the numbers below i. Iteration i costs i steps. */
export function sumTo(i) {
  let s = 0;
  for (let j = 0; j < i; j++) s += j;
  return s;
}

/** Row i of the matrix M[i,j] = i² + j² (a SharedMatrix, or { cols, data }). */
export function fillRow(i, { M }) {
  const n = M.cols;
  const base = i * n;
  for (let j = 0; j < n; j++) M.data[base + j] = i * i + j * j;
}

/** Row i of a size×size Mandelbrot image: the escape step of each pixel, at most maxIter. */
export function mandelRow(i, { img, size, maxIter }) {
  const y0 = -1 + (2.5 * i) / size;
  for (let j = 0; j < size; j++) {
    const x0 = -2 + (2.5 * j) / size;
    let x = 0;
    let y = 0;
    let k = 0;
    while (k < maxIter && x * x + y * y <= 4) {
      const t = x * x - y * y + x0;
      y = 2 * x * y + y0;
      x = t;
      k++;
    }
    img[i * size + j] = k;
  }
}

export const sumToKernel = kernel(new URL(import.meta.url), 'sumTo');
export const fillRowKernel = kernel(new URL(import.meta.url), 'fillRow');
export const mandelRowKernel = kernel(new URL(import.meta.url), 'mandelRow');

/** Median of `reps` timed calls of `fn` (sync or async), in ms. */
export async function median(fn, reps = 5) {
  const t = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[reps >> 1];
}

/** A short FNV-1a hash of a typed array's bytes, to compare two results at a glance. */
export function hash(view) {
  const b = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  let h = 0x811c9dc5;
  for (let k = 0; k < b.length; k++) h = Math.imul(h ^ b[k], 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
