// A browser consumer program bundled by webpack 5 and by Vite 8 in test/browser.test.ts: the loops of
// loops-app.mjs plus a kernel module, whose URL webpack must leave for the workers to import at run time,
// and a wasm kernel named relative to this module, whose .wasm the bundler emits and whose URL it rewrites.
import { kernel, parallelFor, sharedArray, WasmHeap, wasmKernel } from 'parfor';
import { loops } from './loops-app.mjs';

const result = await loops();
const sq = sharedArray(Float64Array, 8);
await parallelFor(0, 8, kernel(new URL('/test/browser/kernels.mjs', location.href), 'square'), { shared: { out: sq } });
const heap = new WasmHeap({ maximumBytes: 1 << 20 });
const w = heap.alloc(Float64Array, 8);
const square = await wasmKernel(new URL('../fixtures/wasm/build/probe.wasm', import.meta.url), 'square', { memory: heap.memory });
await parallelFor(0, 8, square.with(w.byteOffset, 0.5), { schedule: 'dynamic' });
window.__bundled = { ...result, kernel: Array.from(sq), wasm: Array.from(w) };
