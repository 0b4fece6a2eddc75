// What the documentation pages show besides the suites' tables, measured once by
// `npm run bench -- --write-docs` and stored in bench/results/latest.json under `docs`, so that
// every page is rendered from that one file (bench/write-docs.mjs) and a test can check it.
import os from 'node:os';
import { createTeam, sharedArray } from 'parfor';
import * as fill from '../kernels/fill.mjs';
import * as mandelbrot from '../kernels/mandelbrot.mjs';
import * as sumto from '../kernels/sumto.mjs';
import { medianTime } from './stats.mjs';

/** Measure everything the pages quote that the suites do not: crossover, timelines, the handout's runs. */
export async function measureDocs(threads) {
  const team = createTeam({ threads });
  await team.ready();
  try {
    return {
      date: new Date().toISOString(),
      node: process.version,
      cores: os.availableParallelism(),
      threads,
      crossover: await crossover(team),
      timelines: await timelines(team),
      handout: await handoutRuns(team),
      threadsSweep: await threadsSweep(),
    };
  } finally {
    await team.close();
  }
}

/** Serial against parfor as n grows, for sumTo and the fill (the handout's "try increasing n"). */
async function crossover(team) {
  const out = [];
  for (const [k, sizes, run] of [
    [sumto, [100, 300, 1000, 3000, 10000, 30000], (n, o) => team.parallelMap(0, n, sumto.body, { schedule: 'dynamic', chunk: 16, out: o })],
    [fill, [30, 100, 300, 1000, 3000], (n, _o, shared) => team.parallelFor(0, n, fill.body, { schedule: 'dynamic', chunk: 16, shared })],
  ]) {
    const serial = [];
    const par = [];
    for (const n of sizes) {
      const { shared, output } = k.setup(n);
      serial.push([n, await medianTime(() => k.serial(n, output))]);
      par.push([n, await medianTime(() => run(n, output, shared))]);
    }
    out.push({ name: k.name, serial, par });
  }
  return out;
}

/** Traced Mandelbrot runs under three schedules, for the timelines. */
async function timelines(team) {
  const size = 600;
  const runs = [];
  for (const schedule of ['static', 'dynamic,8', 'guided']) {
    const { shared, iterations } = mandelbrot.setup(size);
    await team.parallelFor(0, iterations, mandelbrot.body, { schedule, shared }); // warm
    const trace = await team.parallelFor(0, iterations, mandelbrot.body, { schedule, shared, trace: true });
    runs.push({ schedule, trace });
  }
  return { size, runs };
}

/** The handout's own runs: the sumTo sweep, what verbose prints, a race and its fixes. */
async function handoutRuns(team) {
  const sweep = [];
  for (const n of [100, 300, 1000, 3000, 10000, 30000]) {
    const out = sharedArray(Float64Array, n);
    const serial = await medianTime(() => sumto.serial(n, out));
    const parallel = await medianTime(() => team.parallelMap(0, n, sumto.body, { out, schedule: 'dynamic', chunk: 16 }));
    sweep.push({ n, serial, parallel });
  }
  const verbose = [];
  const origError = console.error;
  console.error = (l) => verbose.push(l);
  try {
    await team.parallelMap(0, 20000, sumto.body, { schedule: 'dynamic', chunk: 16, verbose: 5 });
  } finally {
    console.error = origError;
  }
  const n = 200_000;
  const s = sharedArray(Float64Array, 1);
  const opts = { shared: { s }, schedule: 'dynamic', chunk: 64 };
  await team.parallelFor(
    0,
    n,
    (_i, { s }) => {
      s[0] += 1;
    },
    opts,
  );
  const racy = s[0];
  const atomicRun = async () => {
    s[0] = 0;
    await team.parallelFor(
      0,
      n,
      (_i, { s }, ctx) => {
        ctx.atomicAdd(s, 0, 1);
      },
      opts,
    );
  };
  await atomicRun();
  const atomic = s[0];
  const atomicMs = await medianTime(atomicRun, 5);
  const reduced = await team.parallelReduce(0, n, () => 1);
  const reduceMs = await medianTime(() => team.parallelReduce(0, n, () => 1), 5);
  return { sweep, verbose, race: { n, racy, atomic, atomicMs, reduced, reduceMs } };
}

/**
 * Amdahl's law, measured: each kernel serially, then on a team of 2 × cores threads (at most 4) run
 * with `threads: T` for T = 1 … that size. More threads than cores is part of the lesson.
 */
async function threadsSweep() {
  const most = Math.min(4, 2 * os.availableParallelism());
  const team = createTeam({ threads: most });
  await team.ready();
  try {
    const kernels = [];
    for (const [k, size, schedule] of [
      [mandelbrot, 1000, 'dynamic,16'],
      [fill, 3000, 'dynamic,16'],
    ]) {
      const { shared, output, iterations } = k.setup(size);
      const serial = await medianTime(() => k.serial(size, output));
      const runs = [];
      for (let T = 1; T <= most; T++) {
        runs.push({ threads: T, ms: await medianTime(() => team.parallelFor(0, iterations, k.body, { schedule, shared, threads: T })) });
      }
      kernels.push({ name: k.name, size, schedule, serial, runs });
    }
    return { cores: os.availableParallelism(), kernels };
  } finally {
    await team.close();
  }
}
