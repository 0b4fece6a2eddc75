// Exercise 13's kernel module: the area of the Mandelbrot set, by testing a grid of points.
// It has three bugs on purpose (docs/exercises/README.md, exercise 13). Do not copy it.
import { kernel } from 'parfor';

/** The grid is n × n points over x in [-2, 0.5], y in [0, 1.125]: the upper half of the set. */
export const N = 500;

let maxIter = 500; // how many steps a point may take before it counts as inside
/** Ask for more steps per point: a finer answer, at a higher cost. */
export function setMaxIter(n) {
  maxIter = n;
}

/** Does z → z² + c leave the disc of radius 2 within maxIter steps, for c = (c[0], c[1])? */
function escapes(c) {
  let x = 0;
  let y = 0;
  for (let k = 0; k < maxIter; k++) {
    const t = x * x - y * y + c[0];
    y = 2 * x * y + c[1];
    x = t;
    if (x * x + y * y > 4) return true;
  }
  return false;
}

/** Row i of the grid: add the number of its points outside the set to outside[0]. */
export function row(i, { c, outside, n }) {
  for (let j = 0; j < n; j++) {
    // c holds the point being tested: one scratch array, allocated once, instead of one per point
    c[0] = -2 + (2.5 * i) / n + 1e-7;
    c[1] = (1.125 * j) / n + 1e-7;
    if (escapes(c)) outside[0]++;
  }
}
export const body = kernel(new URL(import.meta.url), 'row');

/** The set's area from the count of grid points outside it (both halves: the set is symmetric). */
export const area = (n, outside) => (2 * 2.5 * 1.125 * (n * n - outside)) / (n * n);
