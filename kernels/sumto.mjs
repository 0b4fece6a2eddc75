// The course handout's "silly function": func(i) = Σ_{j<i} j, for every i < n, as a
// parallelMap. Iteration i costs i steps, so the work grows along the loop: a static split
// gives the last thread most of it, dynamic and guided balance it.
import { kernel } from 'parfor';

export const name = 'sumTo';
export const description = "the handout's func(i) = Σ_{j<i} j for i < n, as parallelMap (imbalanced)";
export const kind = 'map';
export const defaultSize = 40_000;
export const quickSize = 2_000;

export function sumTo(i) {
  let s = 0;
  for (let j = 0; j < i; j++) s += j;
  return s;
}

export const body = kernel(new URL(import.meta.url), 'sumTo');

export function setup(n) {
  const output = new Float64Array(new SharedArrayBuffer(n * 8));
  return { shared: {}, output, iterations: n };
}

export function serial(n, out = new Float64Array(n)) {
  for (let i = 0; i < n; i++) out[i] = sumTo(i);
  return out;
}

export function rowOnly(i) {
  return new Float64Array([sumTo(i)]);
}
