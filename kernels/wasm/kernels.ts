// The bench's kernels in AssemblyScript, compiled to one WebAssembly module that imports a shared
// memory (see asconfig.json). Every export is a loop body: parfor passes the loop's own arguments
// first (a row index, or a chunk's lo and hi), then the kernel's `args` (pointers and sizes).
//
// Rules for a module that every thread instantiates over one shared memory:
// - no static data and no allocation: instantiating writes active data segments again, and each
//   instance has its own bump pointer, so two threads would hand out the same bytes;
// - globals are per thread (per instance); memory is the only thing the threads share;
// - the arithmetic is in the JS reference's order, so results are equal byte for byte (wasm has
//   no fused multiply-add outside relaxed SIMD).

// ---- fill: M[i, j] = i² + j² ----------------------------------------------------------------

/** Row i of the n×n matrix at M (f64, row-major). */
export function fillRow(i: i32, M: usize, n: i32): void {
  const ii = <f64>i * <f64>i;
  const row = M + ((<usize>i * <usize>n) << 3);
  for (let j = 0; j < n; j++) store<f64>(row + ((<usize>j) << 3), ii + <f64>j * <f64>j);
}

/** The same row, two columns per instruction. */
export function fillRowSimd(i: i32, M: usize, n: i32): void {
  const ii = f64x2.splat(<f64>i * <f64>i);
  const row = M + ((<usize>i * <usize>n) << 3);
  let jj = f64x2(0, 1);
  const two = f64x2.splat(2);
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    v128.store(row + ((<usize>j) << 3), f64x2.add(ii, f64x2.mul(jj, jj)));
    jj = f64x2.add(jj, two);
  }
  for (; j < n; j++) store<f64>(row + ((<usize>j) << 3), <f64>i * <f64>i + <f64>j * <f64>j);
}

// ---- matmul: C = A·B, i-k-j order, one row of C per call ------------------------------------

/** Row i of C = A·B (n×n, f64, row-major). */
export function matmulRow(i: i32, A: usize, B: usize, C: usize, n: i32): void {
  const c = C + ((<usize>i * <usize>n) << 3);
  const a = A + ((<usize>i * <usize>n) << 3);
  memory.fill(c, 0, (<usize>n) << 3);
  for (let k = 0; k < n; k++) {
    const aik = load<f64>(a + ((<usize>k) << 3));
    const b = B + ((<usize>k * <usize>n) << 3);
    for (let j = 0; j < n; j++) {
      const p = (<usize>j) << 3;
      store<f64>(c + p, load<f64>(c + p) + aik * load<f64>(b + p));
    }
  }
}

/**
 * The same row with f64x2, four rows of B per pass over the row of C: c[j] is loaded and stored
 * once per four k, and the four products are added to it in k order, as the scalar loop does.
 */
export function matmulRowSimd(i: i32, A: usize, B: usize, C: usize, n: i32): void {
  const c = C + ((<usize>i * <usize>n) << 3);
  const a = A + ((<usize>i * <usize>n) << 3);
  const rowBytes = (<usize>n) << 3;
  memory.fill(c, 0, rowBytes);
  const evenN = n & ~1;
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const a0s = load<f64>(a + ((<usize>k) << 3));
    const a1s = load<f64>(a + ((<usize>(k + 1)) << 3));
    const a2s = load<f64>(a + ((<usize>(k + 2)) << 3));
    const a3s = load<f64>(a + ((<usize>(k + 3)) << 3));
    const a0 = f64x2.splat(a0s);
    const a1 = f64x2.splat(a1s);
    const a2 = f64x2.splat(a2s);
    const a3 = f64x2.splat(a3s);
    const b0 = B + <usize>k * rowBytes;
    const b1 = b0 + rowBytes;
    const b2 = b1 + rowBytes;
    const b3 = b2 + rowBytes;
    let j = 0;
    for (; j < evenN; j += 2) {
      const p = (<usize>j) << 3;
      let s = v128.load(c + p);
      s = f64x2.add(s, f64x2.mul(a0, v128.load(b0 + p)));
      s = f64x2.add(s, f64x2.mul(a1, v128.load(b1 + p)));
      s = f64x2.add(s, f64x2.mul(a2, v128.load(b2 + p)));
      s = f64x2.add(s, f64x2.mul(a3, v128.load(b3 + p)));
      v128.store(c + p, s);
    }
    for (; j < n; j++) {
      const p = (<usize>j) << 3;
      let s = load<f64>(c + p);
      s += a0s * load<f64>(b0 + p);
      s += a1s * load<f64>(b1 + p);
      s += a2s * load<f64>(b2 + p);
      s += a3s * load<f64>(b3 + p);
      store<f64>(c + p, s);
    }
  }
  for (; k < n; k++) {
    const aik = load<f64>(a + ((<usize>k) << 3));
    const b = B + <usize>k * rowBytes;
    for (let j = 0; j < n; j++) {
      const p = (<usize>j) << 3;
      store<f64>(c + p, load<f64>(c + p) + aik * load<f64>(b + p));
    }
  }
}

// ---- mandelbrot: escape iterations, size×size, over rows ------------------------------------

/** The escape iteration of the pixel at (x0, y0): the scalar loop, as the JS reference writes it. */
function mandelPixel(x0: f64, y0: f64, maxIter: i32): i32 {
  let x = 0.0;
  let y = 0.0;
  let k = 0;
  while (k < maxIter) {
    const x2 = x * x;
    const y2 = y * y;
    if (x2 + y2 > 4) break;
    y = 2 * x * y + y0;
    x = x2 - y2 + x0;
    k++;
  }
  return k;
}

/** Row i of the image at img (i32 per pixel). */
export function mandelRow(i: i32, img: usize, width: i32, height: i32, maxIter: i32): void {
  const y0 = -1 + (2.5 * <f64>i) / <f64>height;
  const out = img + ((<usize>i * <usize>width) << 2);
  for (let j = 0; j < width; j++) {
    store<i32>(out + ((<usize>j) << 2), mandelPixel(-2 + (2.5 * <f64>j) / <f64>width, y0, maxIter));
  }
}

/**
 * The same row, two pixels per instruction. A lane that escapes stops counting (its mask stays
 * off), and the pair is done when both lanes have escaped or reached maxIter.
 */
export function mandelRowSimd(i: i32, img: usize, width: i32, height: i32, maxIter: i32): void {
  const y0 = f64x2.splat(-1 + (2.5 * <f64>i) / <f64>height);
  const out = img + ((<usize>i * <usize>width) << 2);
  const four = f64x2.splat(4);
  const two = f64x2.splat(2);
  let j = 0;
  for (; j + 2 <= width; j += 2) {
    const x0 = f64x2(-2 + (2.5 * <f64>j) / <f64>width, -2 + (2.5 * <f64>(j + 1)) / <f64>width);
    let x = f64x2.splat(0);
    let y = f64x2.splat(0);
    let k = i64x2.splat(0);
    let live = i64x2.splat(-1);
    for (let it = 0; it < maxIter; it++) {
      const x2 = f64x2.mul(x, x);
      const y2 = f64x2.mul(y, y);
      live = v128.and(live, f64x2.le(f64x2.add(x2, y2), four));
      if (!v128.any_true(live)) break;
      k = i64x2.sub(k, live);
      y = f64x2.add(f64x2.mul(f64x2.mul(two, x), y), y0);
      x = f64x2.add(f64x2.sub(x2, y2), x0);
    }
    store<i32>(out + ((<usize>j) << 2), <i32>i64x2.extract_lane(k, 0));
    store<i32>(out + ((<usize>(j + 1)) << 2), <i32>i64x2.extract_lane(k, 1));
  }
  if (j < width) {
    const x0 = -2 + (2.5 * <f64>j) / <f64>width;
    store<i32>(out + ((<usize>j) << 2), mandelPixel(x0, f64x2.extract_lane(y0, 0), maxIter));
  }
}

// ---- pi: the midpoint rule, one block of steps per call (a parallelReduce body) -------------

/** The sum of the terms of steps [b·block, min((b+1)·block, steps)), h = 1/steps. */
export function piBlock(b: i32, h: f64, steps: i32, block: i32): f64 {
  const lo = b * block;
  const hi = min(lo + block, steps);
  let s = 0.0;
  for (let i = lo; i < hi; i++) {
    const x = (<f64>i + 0.5) * h;
    s += 4 / (1 + x * x);
  }
  return s;
}

/** The same block, two steps per instruction (two running sums, added at the end). */
export function piBlockSimd(b: i32, h: f64, steps: i32, block: i32): f64 {
  const lo = b * block;
  const hi = min(lo + block, steps);
  const hv = f64x2.splat(h);
  const one = f64x2.splat(1);
  const four = f64x2.splat(4);
  const two = f64x2.splat(2);
  let iv = f64x2(<f64>lo + 0.5, <f64>lo + 1.5);
  let s = f64x2.splat(0);
  let i = lo;
  for (; i + 2 <= hi; i += 2) {
    const x = f64x2.mul(iv, hv);
    s = f64x2.add(s, f64x2.div(four, f64x2.add(one, f64x2.mul(x, x))));
    iv = f64x2.add(iv, two);
  }
  let t = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < hi; i++) {
    const x = (<f64>i + 0.5) * h;
    t += 4 / (1 + x * x);
  }
  return t;
}
