// Mandelbrot set, one image row per iteration. Rows through the set's body cost up to
// maxIter steps per pixel, rows outside it almost nothing: an imbalanced loop. The view
// (x in [-2, 0.5), y in [-1, 1.5)) is deliberately off-centre: a centred view is symmetric,
// which would hand two static halves the same work and hide the imbalance.
import { kernel } from 'parfor';

export const name = 'mandelbrot';
export const description = 'escape-time Mandelbrot, size×size pixels, 500 iterations, over rows';
export const defaultSize = 2000;
export const quickSize = 200;
export const MAX_ITER = 500;

/** Row i: the escape iteration of every pixel, into out[base … base+width). */
export function mandelRowAt(i, width, height, maxIter, out, base) {
  const y0 = -1 + (2.5 * i) / height;
  for (let j = 0; j < width; j++) {
    const x0 = -2 + (2.5 * j) / width;
    let x = 0;
    let y = 0;
    let k = 0;
    while (k < maxIter) {
      const x2 = x * x;
      const y2 = y * y;
      if (x2 + y2 > 4) break;
      y = 2 * x * y + y0;
      x = x2 - y2 + x0;
      k++;
    }
    out[base + j] = k;
  }
}

/** The loop body: row i of the shared image. */
export function mandelRow(i, { img, width, height, maxIter }) {
  mandelRowAt(i, width, height, maxIter, img, i * width);
}

/** Row i alone, in a fresh array (for message-copying pools). */
export function rowOnly(i, size) {
  const row = new Int32Array(size);
  mandelRowAt(i, size, size, MAX_ITER, row, 0);
  return row;
}

export const body = kernel(new URL(import.meta.url), 'mandelRow');

export function setup(size) {
  const img = new Int32Array(new SharedArrayBuffer(size * size * 4));
  return { shared: { img, width: size, height: size, maxIter: MAX_ITER }, output: img, iterations: size };
}

/** Serial reference: the same row function, plain loop, plain array (`img` reused when given). */
export function serial(size, img = new Int32Array(size * size)) {
  const shared = { img, width: size, height: size, maxIter: MAX_ITER };
  for (let i = 0; i < size; i++) mandelRow(i, shared);
  return img;
}
