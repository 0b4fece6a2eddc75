// Exercise 3, a solution: speedup = t(1) / t(T), efficiency = speedup / T, for two loops. Mandelbrot
// does hundreds of steps per pixel and touches little memory; the fill does two multiplications per
// element and writes 72 MB per loop.
import { availableParallelism } from 'node:os';
import { createTeam, SharedMatrix, sharedArray } from 'parfor';
import { fillRowKernel, fillSerial, hash, MAX_ITER, mandelRowKernel, mandelSerial, median, reportSpeedup } from '../kernels.mjs';

const n = 3000;
const M = new SharedMatrix(n, n);
const size = 500;
const img = sharedArray(Int32Array, size * size);
const loops = [
  {
    name: `fill ${n}²`,
    run: (team) => team.parallelFor(0, n, fillRowKernel, { shared: { M }, schedule: 'dynamic', chunk: 16 }),
    out: M.data,
    want: hash(fillSerial(n)),
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
    want: hash(mandelSerial(size)),
  },
];
// PARFOR_NUM_THREADS, when set, caps the team sizes (npm run exercise -- 3 sets it to 4).
const cores = Number(process.env.PARFOR_NUM_THREADS) || availableParallelism();
console.log(`this machine has ${availableParallelism()} cores; trying up to ${cores}`);
console.log('loop              threads  time        speedup  efficiency');
let same = true;
for (const loop of loops) {
  let t1;
  let t;
  for (let threads = 1; threads <= cores; threads++) {
    const team = createTeam({ threads });
    await team.ready();
    loop.out.fill(0);
    t = await median(() => loop.run(team));
    same &&= hash(loop.out) === loop.want;
    t1 ??= t;
    const speedup = t1 / t;
    console.log(
      `${loop.name.padEnd(17)} ${String(threads).padEnd(8)} ${`${t.toFixed(1)} ms`.padEnd(11)} ${speedup.toFixed(2).padStart(7)}  ${`${((100 * speedup) / threads).toFixed(0)}%`.padStart(10)}` +
        // T threads cannot do more than T times one thread's work: above that, t(1) was slow or caches helped.
        (speedup > threads * 1.005 ? `  (above ${threads}×: t(1) was slow, or ${threads} cores' caches held what one could not)` : ''),
    );
    await team.close();
  }
  if (loop.name.startsWith('mandelbrot')) reportSpeedup(`mandelbrot, 1 → ${cores} threads`, t1, t, cores);
}
// Mandelbrot's speedup is steady, close to the number of physical cores on an idle machine: each
// thread needs only its own core (hyper-threads share one, and efficiency cores are slower).
// The fill's moves a lot between runs, on some below the number of cores and on
// some above it. A 10-20 ms loop that writes 72 MB also waits on things that do not double with the
// threads (memory, the operating system, other programs), and these numbers alone do not say which
// (handout, sections 8 and 9). Run it several times before drawing a conclusion.
console.log(`same result: ${same} (each loop's image against the serial one, on every team size)`);
