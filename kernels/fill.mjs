// The course handout's worked example: fill an n×n matrix with M[i,j] = i² + j², one row per iteration.
import { kernel, SharedMatrix } from 'parfor';

export const name = 'fill';
export const description = 'M[i,j] = i² + j², n×n, over rows';
export const defaultSize = 5000;
export const quickSize = 500;

/** Row i of an n-column matrix into out[base … base+n). */
export function fillRowAt(i, n, out, base) {
  const ii = i * i;
  for (let j = 0; j < n; j++) out[base + j] = ii + j * j;
}

/** The loop body: row i of the SharedMatrix M. */
export function fillRow(i, { M }) {
  fillRowAt(i, M.cols, M.data, i * M.cols);
}

/** Row i alone, in a fresh array (for message-copying pools). */
export function rowOnly(i, n) {
  const row = new Float64Array(n);
  fillRowAt(i, n, row, 0);
  return row;
}

export const body = kernel(new URL(import.meta.url), 'fillRow');

export function setup(n) {
  const M = new SharedMatrix(n, n);
  return { shared: { M }, output: M.data, iterations: n };
}

/** Serial reference: the same row function over a plain matrix (`out` reused when given). */
export function serial(n, out = new Float64Array(n * n)) {
  const M = { cols: n, data: out };
  for (let i = 0; i < n; i++) fillRow(i, { M });
  return out;
}
