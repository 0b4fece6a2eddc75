// Exercise 3, a solution: speedup = t(1) / t(T), efficiency = speedup / T, for two loops. Mandelbrot
// does hundreds of steps per pixel and touches little memory; the fill does two multiplications per
// element and writes 72 MB per loop.
import { availableParallelism } from 'node:os';
import { createTeam, SharedMatrix, sharedArray } from 'parfor';
import { fillRowKernel, hash, MAX_ITER, mandelRowKernel, median } from '../kernels.mjs';

const n = 3000;
const M = new SharedMatrix(n, n);
const size = 500;
const img = sharedArray(Int32Array, size * size);
const loops = [
  {
    name: `fill ${n}²`,
    run: (team) => team.parallelFor(0, n, fillRowKernel, { shared: { M }, schedule: 'dynamic', chunk: 16 }),
    out: M.data,
  },
  {
    name: `mandelbrot ${size}²`,
    run: (team) =>
      team.parallelFor(0, size, mandelRowKernel, {
        shared: { img, width: size, height: size, maxIter: MAX_ITER },
        schedule: 'dynamic',
        chunk: 4,
      }),
    out: img,
  },
];
const cores = availableParallelism();
console.log(`this machine has ${cores} cores`);
console.log('loop              threads  time        speedup  efficiency');
let same = true;
for (const loop of loops) {
  let t1;
  const hashes = new Set();
  for (let threads = 1; threads <= cores; threads++) {
    const team = createTeam({ threads });
    await team.ready();
    loop.out.fill(0);
    const t = await median(() => loop.run(team));
    hashes.add(hash(loop.out));
    t1 ??= t;
    const speedup = t1 / t;
    console.log(
      `${loop.name.padEnd(17)} ${String(threads).padEnd(8)} ${`${t.toFixed(1)} ms`.padEnd(11)} ${speedup.toFixed(2).padStart(7)}  ${`${((100 * speedup) / threads).toFixed(0)}%`.padStart(10)}` +
        // T threads cannot do more than T times one thread's work: above that, t(1) was slow or caches helped.
        (speedup > threads * 1.005 ? `  (above ${threads}×: t(1) was slow, or ${threads} cores' caches held what one could not)` : ''),
    );
    await team.close();
  }
  same &&= hashes.size === 1;
}
// Mandelbrot's speedup is steady, close to the number of physical cores on an idle machine: each
// thread needs only its own core (hyper-threads share one, and efficiency cores are slower).
// The fill's moves a lot between runs, on some below the number of cores and on
// some above it. A 10-20 ms loop that writes 72 MB also waits on things that do not double with the
// threads (memory, the operating system, other programs), and these numbers alone do not say which
// (handout, sections 8 and 9). Run it several times before drawing a conclusion.
console.log(`same result: ${same} (each loop's hash, on every team size)`);
