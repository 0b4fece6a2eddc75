// Exercise 15, a solution: the O(n²) step serial and on the team, then the binned O(n) step serial,
// with a loop schedule and with tasks. Each version runs 3 + 20 steps per size; it prints the median
// time of a step, how the time grows with n (time ∝ n^k), and the check (momentum and the sampled
// O(n²) forces, particles.mjs). `--csv` prints the points for a plot instead.
// Run with PARFOR_NUM_THREADS=1, 2, … to see how the time falls with threads.
import { getDefaultTeam, parallelFor, parallelForSync, parallelTasks, shutdown } from 'parfor';
import { reportSpeedup } from '../kernels.mjs';
import { forceBinned, forceBinnedBody, insertBody, rebuild, tasks, withBins } from './binned-solution.mjs';
import { check, forceAll, forceAllBody, growth, init, move, moveBody } from './particles.mjs';

const STEPS = 20;
const WARM = 3; // untimed steps first: the engine compiles the step's code while it runs
const csv = process.argv.includes('--csv');
// More binned sizes on the command line: node solution.mjs 128000 512000
const extra = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => Number.isInteger(n) && n >= 200);
const threads = getDefaultTeam().size;

/** Runs STEPS steps on n particles: the median ms per step, and the check. */
/** The median ms of STEPS calls of `run` (sync or async), after WARM untimed ones. */
async function medianStep(run) {
  const times = [];
  for (let k = 0; k < WARM + STEPS; k++) {
    const t0 = performance.now();
    await run();
    if (k >= WARM) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[STEPS >> 1];
}

async function simulate(n, version) {
  const s = version.prepare(init(n));
  const ms = await medianStep(async () => {
    await version.forces(s);
    await version.move(s);
  });
  await version.forces(s); // the accelerations for the final positions, for the check to compare
  return { ms, ...check(s) };
}

const serialMove = (s) => {
  for (let i = 0; i < s.n; i++) move(i, s);
};
// Thousands of particles make a short loop: about 1 µs a particle binned. The synchronous call
// saves the promise's round trip, and the caller works as one of the threads.
const parallelMove = (s) => parallelForSync(0, s.n, moveBody, { shared: s, schedule: 'static' });
// The bins rebuilt on every thread: one thread clears the heads, then all push their particles.
const parallelRebuild = (s) => {
  s.head.fill(-1);
  parallelForSync(0, s.n, insertBody, { shared: s, schedule: 'static' });
};
/** The binned forces on the team, as a loop (see binnedLoop). */
const parallelForces = (s) => parallelForSync(0, s.n, forceBinnedBody, { shared: s, schedule: 'dynamic', chunk: 256 });
/** A binned version whose forces are a parallel loop after `rebuildWith(s)`. */
const binnedLoop = (name, rebuildWith) => ({
  name,
  sizes: binnedSizes,
  prepare: withBins,
  forces: (s) => {
    rebuildWith(s);
    parallelForces(s);
  },
  move: parallelMove,
});
const naiveSizes = [400, 800, 1600];
const binnedSizes = [2000, 8000, 32000, ...extra];
const versions = [
  {
    name: 'O(n²), serial',
    sizes: naiveSizes,
    prepare: (s) => s,
    forces: (s) => {
      for (let i = 0; i < s.n; i++) forceAll(i, s);
    },
    move: serialMove,
  },
  {
    name: 'O(n²), parallelFor',
    sizes: naiveSizes,
    prepare: (s) => s,
    forces: (s) => parallelFor(0, s.n, forceAllBody, { shared: s, schedule: 'static' }),
    move: parallelMove,
  },
  {
    name: 'bins, serial',
    sizes: binnedSizes,
    prepare: withBins,
    forces: (s) => {
      rebuild(s);
      for (let i = 0; i < s.n; i++) forceBinned(i, s);
    },
    move: serialMove,
  },
  // Particles in the same bin are far apart in the index order, and the numbers per bin vary:
  // dynamic chunks of 256 keep every thread busy to the end. The rebuild stays on the caller, or runs
  // on every thread with atomics.
  binnedLoop('bins, parallelFor', rebuild),
  binnedLoop('bins, parallelFor, atomic rebuild', parallelRebuild),
  {
    name: 'bins, tasks',
    sizes: binnedSizes,
    prepare: (s) => ({ ...withBins(s), grain: 1024 }),
    forces: async (s) => {
      rebuild(s);
      await parallelTasks(tasks, 'forces', [0, s.n], { shared: s });
    },
    move: parallelMove,
  },
];
let same = true;
const serialAt = new Map(); // 'O(n²)' or 'bins' and n → the serial version's ms a step
if (csv) console.log('version,threads,n,ms_per_step');
for (const v of versions) {
  const points = [];
  for (const n of v.sizes) {
    const r = await simulate(n, v);
    same &&= r.ok;
    points.push([n, r.ms]);
    const kind = v.name.split(',')[0];
    if (v.name.endsWith('serial')) serialAt.set(`${kind} ${n}`, r.ms);
    else if (!csv && n === v.sizes.at(-1)) reportSpeedup(`${v.name}, n = ${n}`, serialAt.get(`${kind} ${n}`), r.ms, threads);
    if (csv) console.log(`${v.name},${threads},${n},${r.ms.toFixed(4)}`);
    else if (!r.ok) console.log(`${v.name}: n = ${n} failed the check: momentum ${r.momentum}, force error ${r.forceError}`);
  }
  if (!csv) {
    const row = points.map(([n, ms]) => `${n}: ${ms.toFixed(2)}`).join('  ');
    console.log(`${v.name.padEnd(34)} ms a step  ${row}   (∝ n^${growth(points).toFixed(2)})`);
  }
}
if (!csv) {
  // Where a binned step's time goes, phase by phase, serial and on the team (the median of 20 after
  // 3 untimed). The rebuild on one thread caps the speedup (Amdahl's law): with a share r of the
  // serial step, T threads give at most 1 / (r + (1 - r) / T).
  const n = binnedSizes.at(-1);
  const s = withBins(init(n));
  const phases = {
    'rebuild, one thread': () => rebuild(s),
    'rebuild, atomic, team': () => parallelRebuild(s),
    'forces, one thread': () => {
      for (let i = 0; i < s.n; i++) forceBinned(i, s);
    },
    'forces, team': () => parallelForces(s),
    'move, one thread': () => serialMove(s),
    'move, team': () => parallelMove(s),
  };
  const ms = {};
  for (const [name, run] of Object.entries(phases)) ms[name] = await medianStep(run);
  console.log(
    `a binned step at n = ${n}, phase by phase (ms): ${Object.entries(ms)
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join(', ')}`,
  );
  const serialStep = ms['rebuild, one thread'] + ms['forces, one thread'] + ms['move, one thread'];
  const r = ms['rebuild, one thread'] / serialStep;
  const cap = (t) => (1 / (r + (1 - r) / t)).toFixed(2);
  console.log(
    `the rebuild on one thread is ${(100 * r).toFixed(0)}% of the serial step: Amdahl's cap ${cap(2)}× on 2 threads, ${cap(4)}× on 4`,
  );
}
if (!csv) console.log(`on ${threads} thread${threads === 1 ? '' : 's'}; checked (momentum kept, forces match O(n²)): ${same}`);
await shutdown();
