// C = A·B for n×n matrices, one row of C per iteration, in i-k-j order (the inner loop
// streams a row of B and a row of C). Compute-heavy with a large working set.
import { kernel, SharedMatrix } from 'parfor';

export const name = 'matmul';
export const description = 'C = A·B, n×n, i-k-j order, over rows';
export const defaultSize = 1024;
export const quickSize = 128;

/** Deterministic inputs, the same in JS and C: small integers divided by 8 (exact in binary). */
export function fillInputs(n, A, B) {
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      A[i * n + k] = ((i * 7 + k * 3) % 17) / 8;
      B[i * n + k] = ((i * 5 + k * 11) % 13) / 8;
    }
  }
}

/** Row i of C = A·B into out[base … base+n). */
export function matmulRowAt(i, n, A, B, out, base) {
  for (let j = 0; j < n; j++) out[base + j] = 0;
  for (let k = 0; k < n; k++) {
    const a = A[i * n + k];
    const bk = k * n;
    for (let j = 0; j < n; j++) out[base + j] += a * B[bk + j];
  }
}

export function matmulRow(i, { A, B, C }) {
  matmulRowAt(i, C.cols, A.data, B.data, C.data, i * C.cols);
}

export const body = kernel(new URL(import.meta.url), 'matmulRow');

export function setup(n) {
  const A = new SharedMatrix(n, n);
  const B = new SharedMatrix(n, n);
  const C = new SharedMatrix(n, n);
  fillInputs(n, A.data, B.data);
  return { shared: { A, B, C }, output: C.data, iterations: n };
}

export function serial(n, out = new Float64Array(n * n)) {
  const A = new Float64Array(n * n);
  const B = new Float64Array(n * n);
  fillInputs(n, A, B);
  for (let i = 0; i < n; i++) matmulRowAt(i, n, A, B, out, i * n);
  return out;
}

let inputs; // per worker of a message-copying pool: built once per size
export function rowOnly(i, n) {
  if (inputs?.n !== n) {
    inputs = { n, A: new Float64Array(n * n), B: new Float64Array(n * n) };
    fillInputs(n, inputs.A, inputs.B);
  }
  const row = new Float64Array(n);
  matmulRowAt(i, n, inputs.A, inputs.B, row, 0);
  return row;
}
