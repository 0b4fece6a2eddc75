// One process whose team has more threads than the machine has cores (issue 25's oversubscribed
// row): an empty parallelForSync over T iterations on a team of T, against libgomp's `parallel for`
// on T threads (kernels/c/dispatch.c) and against the ceiling, the same dispatch on hand-written
// worker_threads with no library code. Each side runs in its own process, in turn, every round:
// 5,000 warm calls, then 20 batches of 1,000 timed whole (EPCC's method); a side's figure is the
// mean of its batch means, in µs per loop. Two hand-written versions: one futex wake per sleeping
// worker ("per worker", parfor's wake before this bench was written) and one wake for all of them
// ("one notify", what parfor does now: docs/waiting.md).
//   node bench/oversubscribed.mjs [rounds] [threads …]       (default: 3 rounds; 4 8 16 threads)
// BASE=/path/to/another/checkout adds that checkout's parfor (its own bench/dispatch-js.mjs and
// build) as one more side of every round: a before/after in the same window.
import { fileURLToPath } from 'node:url';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { whyNoC } from './c-reference.mjs';
import { output } from './child.mjs';

const SPINS = 100; // polls before a sleep: parfor's budget for a team with more threads than cores
const WARM = 5_000;
/** parfor and libgomp first time this many calls one by one (their tails), then the batches. */
const CALLS = '5000';
// Hand-written control words: [0] threads still in the loop, [1] last loop done, [2] caller
// asleep, [3] sleepers' generation, [4] shutdown; worker w's wake word at 8 + 2w, its "asleep" flag after it.
const PENDING = 0,
  DONE = 1,
  CALLER_ASLEEP = 2,
  GEN = 3,
  QUIT = 4;
const wakeAt = (w) => 8 + 2 * w;

/** Wait (spin, then sleep) until word `at` differs from `seen`; sleepers of the one-notify version wait on GEN. */
function awaitChange(i32, at, seen, asleepAt, oneNotify) {
  for (let k = 0; k < SPINS; k++) if (Atomics.load(i32, at) !== seen) return;
  Atomics.store(i32, asleepAt, 1);
  for (;;) {
    const gen = Atomics.load(i32, GEN);
    if (Atomics.load(i32, at) !== seen) break;
    if (oneNotify) Atomics.wait(i32, GEN, gen);
    else Atomics.wait(i32, at, seen);
  }
  Atomics.store(i32, asleepAt, 0);
}

/** Leave the loop: the last thread out publishes it and wakes the caller if it sleeps. */
function leave(i32, loop) {
  if (Atomics.sub(i32, PENDING, 1) !== 1) return;
  Atomics.store(i32, DONE, loop);
  if (Atomics.load(i32, CALLER_ASLEEP) !== 0) Atomics.notify(i32, DONE);
}

if (!isMainThread) {
  const { i32, w, oneNotify } = workerData;
  let seen = 0;
  for (;;) {
    awaitChange(i32, wakeAt(w), seen, wakeAt(w) + 1, oneNotify);
    seen = Atomics.load(i32, wakeAt(w));
    if (Atomics.load(i32, QUIT) !== 0) break;
    leave(i32, seen); // the empty share
  }
} else if (process.argv[2] === '--bare') {
  // One side's process: T - 1 hand-written workers and this thread as thread 0.
  const oneNotify = process.argv[3] === 'one';
  const T = Number(process.argv[4]);
  const i32 = new Int32Array(new SharedArrayBuffer(4 * (8 + 2 * T)));
  const workers = Array.from(
    { length: T - 1 },
    (_, w) => new Worker(fileURLToPath(import.meta.url), { workerData: { i32, w, oneNotify } }),
  );
  await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('online', resolve))));
  let loop = 0;
  const one = () => {
    loop++;
    Atomics.store(i32, PENDING, T);
    let asleep = false;
    for (let w = 0; w < T - 1; w++) {
      Atomics.store(i32, wakeAt(w), loop);
      if (Atomics.load(i32, wakeAt(w) + 1) !== 0) {
        if (oneNotify) asleep = true;
        else Atomics.notify(i32, wakeAt(w));
      }
    }
    if (asleep) {
      Atomics.add(i32, GEN, 1);
      Atomics.notify(i32, GEN);
    }
    leave(i32, loop);
    awaitChange(i32, DONE, loop - 1, CALLER_ASLEEP, false);
  };
  for (let k = 0; k < WARM; k++) one();
  const batches = [];
  for (let r = 0; r < 20; r++) {
    const t0 = performance.now();
    for (let k = 0; k < 1000; k++) one();
    batches.push(performance.now() - t0); // ms per 1,000 = µs per loop
  }
  Atomics.store(i32, QUIT, 1);
  for (let w = 0; w < T - 1; w++) Atomics.add(i32, wakeAt(w), 1);
  Atomics.add(i32, GEN, 1);
  Atomics.notify(i32, GEN);
  for (let w = 0; w < T - 1; w++) Atomics.notify(i32, wakeAt(w));
  process.stdout.write(`${JSON.stringify({ batches })}\n`);
} else {
  const rounds = Number(process.argv[2] ?? 3);
  const sizes = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [4, 8, 16];
  const self = fileURLToPath(import.meta.url);
  const jsChild = fileURLToPath(new URL('./dispatch-js.mjs', import.meta.url));
  const cBinary = fileURLToPath(new URL('../kernels/c/build/parfor-c-dispatch', import.meta.url));
  const noC = whyNoC();
  if (noC !== null) console.log(noC);

  /**
   * Run one side; resolve with the mean of its 20 batch means (µs per loop) and, for parfor and
   * libgomp, which also time CALLS calls one by one first, those calls' p99 and max.
   */
  const run = (command, args) =>
    output(command, args).then((out) => {
      const json = out.startsWith('{') ? JSON.parse(out) : undefined;
      const lines = out.trim().split('\n');
      const batches = json ? json.batches : lines[0].trim().split(/\s+/).map(Number);
      const calls = json ? (json.calls ?? []) : lines.slice(1).map(Number);
      const sorted = Float64Array.from(calls).sort();
      const at = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
      return {
        mean: batches.reduce((a, b) => a + b, 0) / batches.length,
        p99: at(0.99),
        max: sorted.length ? sorted[sorted.length - 1] : NaN,
      };
    });
  const sides = {
    libgomp: (T) => (noC === null ? run(cBinary, ['for', String(T), CALLS, String(WARM)]) : undefined),
    parfor: (T) =>
      run(process.execPath, ['--min-semi-space-size=64', '--max-semi-space-size=64', jsChild, 'for', String(T), CALLS, String(WARM)]),
    ...(process.env.BASE
      ? {
          'parfor BASE': (T) =>
            run(process.execPath, [
              '--min-semi-space-size=64',
              '--max-semi-space-size=64',
              `${process.env.BASE}/bench/dispatch-js.mjs`,
              'for',
              String(T),
              CALLS,
              String(WARM),
            ]),
        }
      : {}),
    'per worker': (T) => run(process.execPath, [self, '--bare', 'each', String(T)]),
    'one notify': (T) => run(process.execPath, [self, '--bare', 'one', String(T)]),
  };
  const seen = new Map(sizes.map((T) => [T, Object.fromEntries(Object.keys(sides).map((s) => [s, []]))]));
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  for (let r = 0; r < rounds; r++) {
    for (const T of sizes) {
      const row = [];
      for (const [name, side] of Object.entries(sides)) {
        const got = await side(T);
        if (got === undefined) continue;
        seen.get(T)[name].push(got);
        row.push(`${name} ${got.mean.toFixed(1)}`);
      }
      console.log(`round ${r + 1}, T=${T}: ${row.join(', ')} µs/loop`);
    }
  }
  console.log(`\nmedians over ${rounds} rounds, µs per loop (EPCC batches); ratios of the medians`);
  console.log(
    `T    libgomp   parfor   per worker   one notify   parfor÷libgomp   one notify÷libgomp   parfor÷one notify${process.env.BASE ? '   BASE   BASE÷libgomp' : ''}`,
  );
  for (const T of sizes) {
    const m = Object.fromEntries(Object.entries(seen.get(T)).map(([k, xs]) => [k, xs.length ? median(xs.map((x) => x.mean)) : NaN]));
    const f = (x) => (Number.isNaN(x) ? '—' : x.toFixed(1)).padStart(8);
    const q = (a, b) => (Number.isNaN(a / b) ? '—' : `${(a / b).toFixed(2)}×`).padStart(17);
    console.log(
      `${String(T).padEnd(3)} ${f(m.libgomp)} ${f(m.parfor)} ${f(m['per worker'])}     ${f(m['one notify'])} ${q(m.parfor, m.libgomp)}    ${q(m['one notify'], m.libgomp)}  ${q(m.parfor, m['one notify'])}${process.env.BASE ? ` ${f(m['parfor BASE'])} ${q(m['parfor BASE'], m.libgomp)}` : ''}`,
    );
  }
  // The tails of the calls timed one by one (a median over rounds of each round's p99 and max).
  console.log(`\ncalls timed one by one (${CALLS} a round), µs: medians over rounds of p99 and of max`);
  const tailSides = ['libgomp', 'parfor', ...(process.env.BASE ? ['parfor BASE'] : [])];
  console.log(`T    ${tailSides.map((s) => `${s} p99`.padStart(16) + `${s} max`.padStart(16)).join('')}`);
  for (const T of sizes) {
    const cells = tailSides.map((s) => {
      const xs = seen.get(T)[s];
      const g = (k) => (xs.length ? median(xs.map((x) => x[k])).toFixed(1) : '—').padStart(16);
      return g('p99') + g('max');
    });
    console.log(`${String(T).padEnd(3)}  ${cells.join('')}`);
  }
}
