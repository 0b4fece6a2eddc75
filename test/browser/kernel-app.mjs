// A browser consumer program bundled by webpack 5 and by Vite 8 in test/browser.test.ts: the loops of
// loops-app.mjs plus a kernel module, whose URL webpack must leave for the workers to import at run time.
import { kernel, parallelFor, sharedArray } from 'parfor';
import { loops } from './loops-app.mjs';

const result = await loops();
const sq = sharedArray(Float64Array, 8);
await parallelFor(0, 8, kernel(new URL('/test/browser/kernels.mjs', location.href), 'square'), { shared: { out: sq } });
window.__bundled = { ...result, kernel: Array.from(sq) };
