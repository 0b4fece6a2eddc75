// Exercise 13's kernel module, fixed. Each of the three bugs, and what gave it away:
//  1. maxIter was module state. Every thread loads its own copy of this module, so the caller's
//     setMaxIter(1000) changed the caller's copy only, and the workers kept 500. Symptom: wrong on a
//     team of 1 as well, and the same wrong answer every run. Fix: pass it in `shared`, which every
//     thread sees.
//  2. The point being tested lived in one shared array, c. Another thread overwrote it while
//     escapes() was still reading it, so points were tested at coordinates that mixed two rows (a
//     loop variable shared by all threads, in OpenMP terms). Fix: keep it in local variables.
//  3. outside[0]++ reads, adds and writes: the race of exercise 4, losing counts. Fix: count each
//     row in a local and let parallelReduce add the rows' counts.
// Symptoms 2 and 3 change from run to run and vanish on a team of 1: that is how a race looks.
import { kernel } from 'parfor';

export const N = 500;

function escapes(x0, y0, maxIter) {
  let x = 0;
  let y = 0;
  for (let k = 0; k < maxIter; k++) {
    const t = x * x - y * y + x0;
    y = 2 * x * y + y0;
    x = t;
    if (x * x + y * y > 4) return true;
  }
  return false;
}

/** Row i of the grid: the number of its points outside the set. */
export function rowOutside(i, { n, maxIter }) {
  const x0 = -2 + (2.5 * i) / n + 1e-7;
  let count = 0;
  for (let j = 0; j < n; j++) if (escapes(x0, (1.125 * j) / n + 1e-7, maxIter)) count++;
  return count;
}
export const body = kernel(new URL(import.meta.url), 'rowOutside');

export const area = (n, outside) => (2 * 2.5 * 1.125 * (n * n - outside)) / (n * n);
