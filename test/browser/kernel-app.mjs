// A browser consumer program bundled by webpack 5 and by Vite 8 in test/browser.test.ts: loops plus a kernel
// module, whose URL webpack must leave for the workers to import at run time.
import { kernel, parallelFor, parallelReduce, sharedArray } from 'parfor';

const out = sharedArray(Int32Array, 64);
await parallelFor(
  0,
  64,
  (i, { out }) => {
    out[i] = i * 3;
  },
  { shared: { out } },
);
const sum = await parallelReduce(0, 64, (i, { out }) => out[i], { shared: { out } });
const sq = sharedArray(Float64Array, 8);
await parallelFor(0, 8, kernel(new URL('/test/browser/kernels.mjs', location.href), 'square'), { shared: { out: sq } });
window.__bundled = { sum, last: out[63], kernel: Array.from(sq) };
