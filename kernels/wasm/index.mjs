// The wasm versions of the bench kernels (kernels.ts, built to build/kernels.wasm by
// `npm run build`): how to set each one up over a WasmHeap and call it from a parfor loop.
// The outputs are the JS references' byte for byte (π: within 1e-12).
import { SharedMatrix, WasmHeap, wasmKernel } from 'parfor';
import { MAX_ITER } from '../mandelbrot.mjs';
import { fillInputs } from '../matmul.mjs';

export const WASM_URL = new URL('./build/kernels.wasm', import.meta.url);
/** π's steps per reduction iteration (one call into wasm sums a block). */
export const PI_BLOCK = 65_536;

/**
 * Per kernel: the scalar and SIMD exports, the loop (rows: parallelFor, one call per row; reduce:
 * parallelReduce over blocks of π's steps) and the schedule the JS bench uses for it.
 */
export const WASM_KERNELS = {
  fill: { exports: ['fillRow', 'fillRowSimd'], loop: 'rows', schedule: 'dynamic,16' },
  mandelbrot: { exports: ['mandelRow', 'mandelRowSimd'], loop: 'rows', schedule: 'dynamic,16' },
  matmul: { exports: ['matmulRow', 'matmulRowSimd'], loop: 'rows', schedule: 'dynamic,4' },
  pi: { exports: ['piBlock', 'piBlockSimd'], loop: 'reduce', schedule: 'static' },
};

/**
 * Set up kernel `name` at `size` in a new WasmHeap: the inputs written, the output allocated.
 * Returns the two bodies (scalar, SIMD) with their arguments bound, the iteration count, the
 * output view (rows kernels) or the scale that turns the reduction into π, the `shared` of the
 * JS kernel's body over the same memory (so JS and wasm write the same bytes), and the spec above.
 */
export async function setupWasm(name, size) {
  const spec = WASM_KERNELS[name];
  if (spec === undefined) throw new RangeError(`No wasm kernel ${JSON.stringify(name)}: received one of ${Object.keys(WASM_KERNELS)}`);
  const heap = new WasmHeap({ maximumBytes: 2 ** 31 });
  let args;
  let output;
  let jsShared; // what the JS kernel's body takes, over the same memory
  let iterations = size;
  let scale = 1;
  if (name === 'fill') {
    output = heap.alloc(Float64Array, size * size);
    args = [output.byteOffset, size];
    jsShared = { M: new SharedMatrix(size, size, output) };
  } else if (name === 'mandelbrot') {
    output = heap.alloc(Int32Array, size * size);
    args = [output.byteOffset, size, size, MAX_ITER];
    jsShared = { img: output, width: size, height: size, maxIter: MAX_ITER };
  } else if (name === 'matmul') {
    const A = heap.alloc(Float64Array, size * size);
    const B = heap.alloc(Float64Array, size * size);
    output = heap.alloc(Float64Array, size * size);
    fillInputs(size, A, B);
    args = [A.byteOffset, B.byteOffset, output.byteOffset, size];
    jsShared = { A: new SharedMatrix(size, size, A), B: new SharedMatrix(size, size, B), C: new SharedMatrix(size, size, output) };
  } else {
    iterations = Math.ceil(size / PI_BLOCK);
    scale = 1 / size;
    args = [1 / size, size, PI_BLOCK];
    jsShared = { h: 1 / size };
  }
  const bodies = await Promise.all(spec.exports.map(async (e) => (await wasmKernel(WASM_URL, e, { memory: heap.memory })).with(...args)));
  return { heap, bodies: { wasm: bodies[0], simd: bodies[1] }, iterations, output, scale, args, jsShared, ...spec };
}
