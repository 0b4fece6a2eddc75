// A Node program bundled by webpack 5 (Node target) in test/bundler.test.ts, with a kernel module that
// imports a sibling file (test/browser/kernel-with-import.mjs): the kernel is an entry of its own,
// emitted as an ES module beside the program, and `webpackIgnore` keeps its URL for run time.
import { kernel, parallelFor, parallelForSync, sharedArray, shutdown } from 'parfor';

const cubes = kernel(new URL(/* webpackIgnore: true */ './kernel.mjs', import.meta.url), 'cubes');
const a = sharedArray(Float64Array, 8);
const b = sharedArray(Float64Array, 8);
await parallelFor(0, 8, cubes, { shared: { out: a } });
parallelForSync(0, 8, cubes, { shared: { out: b } });
console.log(JSON.stringify({ async: Array.from(a), sync: Array.from(b) }));
await shutdown();
