// parfor's side of the bench's EPCC suite (bench/epcc.mjs): the method of kernels/c/epcc.c (EPCC's
// syncbench and schedbench: a calibrated delay, repetitions doubled from 10 until a run takes
// TEST_US, one untimed run, OUTER timed ones in µs per construct) on a team of THREADS, with the
// bodies of bench/epcc-kernels.mjs. Prints one JSON line per test, as the C program does.
//   node bench/epcc-js.mjs THREADS OUTER TEST_US DELAY_US TEST...
import { createTeam, kernel, SharedLock, sharedArray } from 'parfor';
import * as K from './epcc-kernels.mjs';

const [threadsArg, outerArg, testArg, delayArg, ...tests] = process.argv.slice(2);
const T = Number(threadsArg);
const OUTER = Number(outerArg);
const TEST_US = Number(testArg);
const DELAY_US = Number(delayArg);
const ITERS_PER_THREAD = 1024; // EPCC v4.0's itersperthr

const url = new URL('./epcc-kernels.mjs', import.meta.url);
const k = (name) => kernel(url, name);
const team = createTeam({ threads: T });
await team.ready();

const nowUs = () => performance.now() * 1000;

/**
 * The shortest delay length whose 1,000 calls average at least `us` microseconds, once the delay
 * is compiled: a cold delay(0) in the interpreter already takes longer than 0.1 µs.
 */
function calibrate(us) {
  const warm = performance.now() + 100;
  while (performance.now() < warm) for (let r = 0; r < 1000; r++) K.delay(r & 255);
  let len = 0;
  for (;;) {
    const l = Math.floor(len);
    const t0 = nowUs();
    for (let r = 0; r < 1000; r++) K.delay(l);
    if ((nowUs() - t0) / 1000 >= us) return l;
    len = 1.1 * len + 1;
  }
}
const dl = calibrate(DELAY_US);
const sum = sharedArray(Float64Array, 1);
const lock = new SharedLock();

const once = k('once');
const iteration = k('iteration');
const reduceIteration = k('reduceIteration');
const orderedIteration = k('orderedIteration');
const plain = { shared: { dl } };
const orderedOpts = { shared: { dl }, schedule: 'static,1', ordered: true };

/** A region kernel run once with `reps` (and what else it reads) in its shared values. */
const region = (name, extra = {}) => {
  const body = k(name);
  return (reps) => team.parallelSync(body, { shared: { dl, reps, sum, lock, ...extra } });
};

const refDelay = (reps) => {
  for (let r = 0; r < reps; r++) K.delay(dl);
};
const TESTS = {
  PARALLEL: [
    refDelay,
    (reps) => {
      for (let r = 0; r < reps; r++) team.parallelSync(once, plain);
    },
  ],
  FOR: [refDelay, region('forRegion')],
  PARALLEL_FOR: [
    refDelay,
    (reps) => {
      for (let r = 0; r < reps; r++) team.parallelForSync(0, T, iteration, plain);
    },
  ],
  BARRIER: [refDelay, region('barrierRegion')],
  SINGLE: [refDelay, region('singleRegion')],
  CRITICAL: [refDelay, region('criticalRegion')],
  LOCK_CONTENDED: [refDelay, region('lockContendedRegion')],
  LOCK_UNCONTENDED: [refDelay, region('lockUncontendedRegion')],
  ORDERED: [refDelay, (reps) => team.parallelForSync(0, reps, orderedIteration, orderedOpts)],
  ATOMIC: [
    (reps) => {
      for (let r = 0; r < reps; r++) sum[0] += 1;
    },
    region('atomicRegion'),
  ],
  REDUCTION: [
    (reps) => {
      for (let r = 0; r < reps; r++) {
        K.delay(dl);
        sum[0] += 1;
      }
    },
    (reps) => {
      for (let r = 0; r < reps; r++) sum[0] += team.parallelReduceSync(0, T, reduceIteration, plain);
    },
  ],
};

/** schedbench's test for a name such as DYNAMIC_8 (a chunk of 0: the schedule without one). */
function schedTest(name) {
  const m = /^(STATIC|DYNAMIC|GUIDED)_(\d+)$/.exec(name);
  if (m === null) return undefined;
  const chunk = Number(m[2]);
  const schedule = `${m[1].toLowerCase()}${chunk > 0 ? `,${chunk}` : ''}`;
  const ref = (reps) => {
    for (let r = 0; r < reps; r++) for (let i = 0; i < ITERS_PER_THREAD; i++) K.delay(dl);
  };
  return [ref, region('schedRegion', { iters: ITERS_PER_THREAD, schedule })];
}

/**
 * Repetitions for `f`: doubled from 10 until one run takes at least TEST_US. Before that, `f` runs
 * for WARM_MS: V8 compiles a construct's path after it has run for a while (about 10 ms per team,
 * once: docs/architecture.md), which C pays at build time and is not what EPCC measures.
 */
const WARM_MS = 200;
function sizeReps(f) {
  let reps = 10;
  const until = performance.now() + WARM_MS;
  for (let w = 10; performance.now() < until; w = Math.min(w * 2, 10_000)) f(w);
  for (;;) {
    const t0 = nowUs();
    f(reps);
    if (nowUs() - t0 >= TEST_US || reps > 2 ** 28) return reps;
    reps *= 2;
  }
}

/** One untimed run, then OUTER timed ones: µs per instance. */
function series(f, reps) {
  f(reps);
  const out = [];
  for (let o = 0; o < OUTER; o++) {
    const t0 = nowUs();
    f(reps);
    out.push((nowUs() - t0) / reps);
  }
  return out;
}

for (const name of tests) {
  const pair = TESTS[name] ?? schedTest(name);
  if (pair === undefined) throw new Error(`unknown test ${name}`);
  const [ref, test] = pair;
  const refReps = sizeReps(ref);
  const reps = sizeReps(test);
  const line = { test: name, delayLength: dl, innerreps: reps, ref: series(ref, refReps), times: series(test, reps) };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
if (K.sink() === 12345) process.exitCode = 1;
await team.close();
