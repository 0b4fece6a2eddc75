// A 2-D Jacobi stencil: every sweep replaces each interior cell by the mean of its four
// neighbours, reading one grid and writing the other. Many short sweeps: dispatch-bound.
// Two parallel forms: one parallel region whose threads run every sweep with ctx.loop (one
// dispatch in all, a barrier per sweep), or one parallelFor per sweep (one dispatch per sweep).
import { kernel } from 'parfor';

export const name = 'jacobi';
export const description = '2-D Jacobi stencil, n×n grid, many sweeps';
export const kind = 'jacobi';
export const defaultSize = 256;
export const quickSize = 48;
export const sweepsFor = (n) => (n >= 256 ? 1000 : 50);

/** Row i of one sweep: dst[i, j] = mean of src's four neighbours, for the interior columns. */
export function rowUpdate(i, n, src, dst) {
  const r = i * n;
  for (let j = 1; j < n - 1; j++) dst[r + j] = 0.25 * (src[r + j - 1] + src[r + j + 1] + src[r - n + j] + src[r + n + j]);
}

/** parallelFor body: row i of the current sweep; par[0] says which grid is the source. */
export function sweepRow(i, { a, b, n, par }) {
  if (par[0] === 0) rowUpdate(i, n, a, b);
  else rowUpdate(i, n, b, a);
}

/** parallel() region: every sweep as a worksharing loop, with its implied barrier. */
export function region(ctx, { a, b, n, sweeps }) {
  for (let s = 0; s < sweeps; s++) {
    const src = s % 2 === 0 ? a : b;
    const dst = s % 2 === 0 ? b : a;
    ctx.loop(1, n - 1, (i) => rowUpdate(i, n, src, dst));
  }
}

export const rowBody = kernel(new URL(import.meta.url), 'sweepRow');
export const regionBody = kernel(new URL(import.meta.url), 'region');

/** Grids with fixed edges: top row 1, the rest 0. */
export function setup(n, alloc = (len) => new Float64Array(new SharedArrayBuffer(len * 8))) {
  const g = { a: alloc(n * n), b: alloc(n * n), n, sweeps: sweepsFor(n), par: new Int32Array(new SharedArrayBuffer(4)) };
  reset(g);
  return g;
}

/** Back to the starting grids (before each timed run). */
export function reset({ a, b, n }) {
  a.fill(0);
  b.fill(0);
  for (let j = 0; j < n; j++) {
    a[j] = 1;
    b[j] = 1;
  }
}

/** The grid after all sweeps (the last one written). */
export function result(g) {
  return g.sweeps % 2 === 0 ? g.a : g.b;
}

export function serial(n, g = setup(n, (len) => new Float64Array(len))) {
  for (let s = 0; s < g.sweeps; s++) {
    const src = s % 2 === 0 ? g.a : g.b;
    const dst = s % 2 === 0 ? g.b : g.a;
    for (let i = 1; i < n - 1; i++) rowUpdate(i, n, src, dst);
  }
  return result(g);
}
