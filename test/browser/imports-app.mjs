// The program of test/browser-kernel-imports.test.ts: a loop whose body is a kernel module that imports
// a sibling file. Each bundler's entry (imports-*.mjs) gives the URL its recipe emits the kernel at.
import { kernel, parallelFor, sharedArray } from 'parfor';

export async function cubes(url) {
  const out = sharedArray(Float64Array, 8);
  try {
    await parallelFor(0, 8, kernel(url, 'cubes'), { shared: { out } });
    return Array.from(out);
  } catch (e) {
    return `${e.name}: ${e.message}`;
  }
}
