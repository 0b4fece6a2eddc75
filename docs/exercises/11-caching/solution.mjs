// Exercise 11, a solution: a disk cache in the way of joblib's Memory. The key is a hash of every
// input the result depends on: the arguments, and the code that computes it (here the kernel
// module's source text, so editing the kernel invalidates its old results, which Memory also does
// by hashing the function's code). Forget one input and the cache returns a stale result: that is
// the whole difficulty, and why Memory hashes the code as well as the arguments.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parallelFor, sharedArray, shutdown } from 'parfor';
import { hash, MAX_ITER, mandelRowKernel } from '../kernels.mjs';

const dir = join(tmpdir(), `parfor-exercise-cache-${process.pid}`); // per run here; a real cache keeps one folder
mkdirSync(dir, { recursive: true });
const kernelSource = readFileSync(new URL(mandelRowKernel.url), 'utf8');

/** The image for these inputs, from the cache or computed (then stored). */
async function mandelbrot(size, maxIter) {
  const key = createHash('sha256').update(JSON.stringify({ size, maxIter })).update(kernelSource).digest('hex');
  const file = join(dir, `${key}.bin`);
  try {
    const bytes = readFileSync(file);
    const img = sharedArray(Int32Array, size * size);
    img.set(new Int32Array(bytes.buffer, bytes.byteOffset, size * size));
    return { img, from: 'cache' };
  } catch {
    const img = sharedArray(Int32Array, size * size);
    await parallelFor(0, size, mandelRowKernel, { shared: { img, width: size, height: size, maxIter }, schedule: 'dynamic', chunk: 4 });
    writeFileSync(file, new Uint8Array(img.buffer, img.byteOffset, img.byteLength));
    return { img, from: 'computed' };
  }
}

const size = 800;
const runs = [];
for (const [label, maxIter] of [
  ['first call', MAX_ITER],
  ['same inputs', MAX_ITER],
  ['maxIter changed', MAX_ITER / 2],
]) {
  const t0 = performance.now();
  const { img, from } = await mandelbrot(size, maxIter);
  const ms = performance.now() - t0;
  runs.push({ from, image: hash(img) });
  console.log(`${label.padEnd(16)} ${from.padEnd(9)} ${ms.toFixed(1).padStart(7)} ms  image ${hash(img)}`);
}
// The second call must come from the cache with the first one's image; the third must miss.
const same = runs[1].from === 'cache' && runs[1].image === runs[0].image && runs[2].from === 'computed' && runs[2].image !== runs[0].image;
console.log(`same result: ${same}`);
rmSync(dir, { recursive: true, force: true });
await shutdown();
