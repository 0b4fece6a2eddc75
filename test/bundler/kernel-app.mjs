// A Node program bundled by webpack 5 (Node target) in test/bundler.test.ts, then moved to another
// folder before it runs, as a deployed bundle is: loops, a kernel module in an async and a sync loop,
// and a WebAssembly kernel loaded by URL (webpack emits the .wasm as an asset and rewrites the URL).
import { kernel, parallelFor, parallelForSync, parallelMap, parallelReduce, sharedArray, shutdown, WasmHeap, wasmKernel } from 'parfor';

const squares = await parallelMap(0, 100, (i) => i * i, { schedule: 'dynamic', chunk: 8 });
const sum = await parallelReduce(0, 100, (i, { squares }) => squares[i], { shared: { squares } });
const cube = kernel(new URL('./kernels.mjs', import.meta.url), 'cube');
const a = sharedArray(Float64Array, 8);
const b = sharedArray(Float64Array, 8);
await parallelFor(0, 8, cube, { shared: { out: a } });
parallelForSync(0, 8, cube, { shared: { out: b } });
const heap = new WasmHeap({ maximumBytes: 1 << 20 });
const w = heap.alloc(Float64Array, 8);
const square = await wasmKernel(new URL('../fixtures/wasm/build/probe.wasm', import.meta.url), 'square', { memory: heap.memory });
await parallelFor(0, 4, square.with(w.byteOffset, 0.5), { schedule: 'dynamic' });
parallelForSync(4, 8, square.with(w.byteOffset, 0.5));
console.log(JSON.stringify({ last: squares[99], sum, async: Array.from(a), sync: Array.from(b), wasm: Array.from(w) }));
await shutdown();
