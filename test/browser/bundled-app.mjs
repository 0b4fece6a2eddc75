// A browser consumer program, bundled by esbuild in test/browser.test.ts and run in Chromium.
import { parallelFor, parallelReduce, sharedArray } from 'parfor';

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
window.__bundled = { sum, last: out[63] };
