// A Node program with a WebAssembly kernel, bundled by esbuild in test/bundler.test.ts. esbuild keeps
// `new URL('./probe.wasm', import.meta.url)` as written, so the recipe in docs/bundlers.md copies the
// .wasm next to the bundle (the test copies test/fixtures/wasm/build/probe.wasm there).
import { parallelFor, parallelForSync, shutdown, WasmHeap, wasmKernel } from 'parfor';

const heap = new WasmHeap({ maximumBytes: 1 << 20 });
const out = heap.alloc(Float64Array, 8);
const square = await wasmKernel(new URL('./probe.wasm', import.meta.url), 'square', { memory: heap.memory });
await parallelFor(0, 4, square.with(out.byteOffset, 0.5), { schedule: 'dynamic' });
parallelForSync(4, 8, square.with(out.byteOffset, 0.5));
console.log(JSON.stringify(Array.from(out)));
await shutdown();
