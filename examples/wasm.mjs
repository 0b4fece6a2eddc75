// C = A·B with a WebAssembly SIMD kernel on parfor's team. The module is built from
// kernels/wasm/kernels.ts by `npm run build` (AssemblyScript; the flags are in scripts/build-wasm.mjs).
import { parallelFor, WasmHeap, wasmKernel } from 'parfor';

const n = 512;
const heap = new WasmHeap(); // a shared WebAssembly.Memory; alloc() hands out views over it
const A = heap.alloc(Float64Array, n * n);
const B = heap.alloc(Float64Array, n * n);
const C = heap.alloc(Float64Array, n * n);
for (let k = 0; k < n * n; k++) {
  A[k] = (k % 7) - 3;
  B[k] = (k % 5) / 4;
}

const url = new URL('../kernels/wasm/build/kernels.wasm', import.meta.url);
const matmulRow = await wasmKernel(url, 'matmulRowSimd', { memory: heap.memory });

// One row of C per iteration: the export gets (i, A, B, C, n), pointers being byte offsets.
await parallelFor(0, n, matmulRow.with(A.byteOffset, B.byteOffset, C.byteOffset, n), 'dynamic,4');

// The same entry in plain JS, summed in the same order.
const [i, j] = [7, 300];
let c = 0;
for (let k = 0; k < n; k++) c += A[i * n + k] * B[k * n + j];
console.log(`C[${i},${j}] = ${C[i * n + j]}, JS: ${c}, equal: ${C[i * n + j] === c}`);
