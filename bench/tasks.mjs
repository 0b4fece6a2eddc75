// The task benchmarks (issue 23): fib(N) with a serial cut-off, an unbalanced tree search (UTS-style)
// and a quicksort of doubles, each as serial JS, parfor tasks on 1 and on 2 threads (parallelTasksSync: the caller is thread 0), and
// C OpenMP tasks on 1 and 2 threads (kernels/c/tasks.c, gcc -O2 -fopenmp), every result checked.
// Variants alternate within each round, each reporting the third of three runs in a row (as C does);
// medians over ROUNDS rounds. Speedups are same-run ratios:
// tasks on 2 threads against the same tasks on 1, for parfor and for C.
//   node bench/tasks.mjs [rounds]      FIB=30 CUTOFF=18 UTS_B0=2000 UTS_WORK=64 SORT_N=10000000 SORT_CUTOFF=10000
// With PARFOR_BENCH_JSON=file it also writes the medians and ranges there (npm run bench reads them).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTeam, kernel, sharedArray } from 'parfor';
import { whyNoC } from './c-reference.mjs';
import { utsSerial } from './uts.mjs';

const rounds = Number(process.argv[2] ?? 7);
const FIB = Number(process.env.FIB ?? 30);
const CUTOFF = Number(process.env.CUTOFF ?? 18);
const SORT_N = Number(process.env.SORT_N ?? 10_000_000);
const SORT_CUTOFF = Number(process.env.SORT_CUTOFF ?? 10_000);
// An unbalanced tree search in the manner of UTS's binomial trees: the root has UTS_B0 children, and
// every other node has 5 children with probability 199/1000, else none (0.995 expected children a
// node: a tree whose shape, depth and size only the walk finds out). Each node costs UTS_WORK rounds
// of an integer hash (UTS hashes with SHA-1), one task per node. Seed 1: 349,591 nodes (printed).
const UTS_B0 = Number(process.env.UTS_B0 ?? 2000);
const UTS_WORK = Number(process.env.UTS_WORK ?? 64);
const UTS_SEED = 1;

const tasks = {
  fib(ctx, { cutoff }, n) {
    if (n < cutoff) {
      const f = (k) => (k < 2 ? k : f(k - 1) + f(k - 2));
      return f(n);
    }
    const x = ctx.spawn('fib', n - 1);
    const y = ctx.spawn('fib', n - 2);
    ctx.wait();
    return ctx.result(x) + ctx.result(y);
  },
  // One node of the unbalanced tree, from a kernel module shared with the serial walk (bench/uts.mjs).
  uts: kernel(new URL('./uts.mjs', import.meta.url), 'utsTask'),
  // Hoare partition around the middle element; the sides as tasks down to `cutoff` elements.
  sort(ctx, { a, cutoff }, lo, hi) {
    const qs = (lo, hi, spawn) => {
      if (hi - lo <= 32) {
        for (let i = lo + 1; i < hi; i++) {
          const v = a[i];
          let j = i - 1;
          while (j >= lo && a[j] > v) {
            a[j + 1] = a[j];
            j--;
          }
          a[j + 1] = v;
        }
        return;
      }
      const p = a[lo + ((hi - lo) >> 1)];
      let i = lo - 1;
      let j = hi;
      for (;;) {
        do i++;
        while (a[i] < p);
        do j--;
        while (a[j] > p);
        if (i >= j) break;
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
      if (spawn && hi - lo >= cutoff) {
        ctx.spawn('sort', lo, j + 1);
        ctx.spawn('sort', j + 1, hi);
        ctx.wait();
      } else {
        qs(lo, j + 1, false);
        qs(j + 1, hi, false);
      }
    };
    qs(lo, hi, true);
  },
};

/** The same pseudo-random doubles as kernels/c/tasks.c. */
function fill(a) {
  let x = 1;
  for (let i = 0; i < a.length; i++) {
    x = Number((BigInt(x) * 48271n) % 2147483647n);
    a[i] = x / 2147483647;
  }
}
const source = sharedArray(Float64Array, SORT_N);
fill(source);
const a = sharedArray(Float64Array, SORT_N);
const sorted = Float64Array.from(source).sort();
const sameAsSorted = () => a.every((v, i) => v === sorted[i]);

function serialFib(n) {
  const f = (k) => (k < 2 ? k : f(k - 1) + f(k - 2));
  return f(n);
}
function serialSort() {
  const ctx = { spawn() {}, wait() {} };
  tasks.sort(ctx, { a, cutoff: Infinity }, 0, a.length);
}

const teams = { 1: createTeam({ threads: 1 }), 2: createTeam({ threads: 2 }) };
await Promise.all(Object.values(teams).map((t) => t.ready()));
const expectedFib = serialFib(FIB);
const expectedUts = utsSerial(UTS_SEED, 0, UTS_B0, UTS_WORK);

const cBin = fileURLToPath(new URL('../kernels/c/build/parfor-c-tasks', import.meta.url));
const cSrc = fileURLToPath(new URL('../kernels/c/tasks.c', import.meta.url));
let noC = whyNoC();
if (noC === null && (!existsSync(cBin) || statSync(cBin).mtimeMs < statSync(cSrc).mtimeMs)) {
  try {
    mkdirSync(fileURLToPath(new URL('../kernels/c/build', import.meta.url)), { recursive: true });
    execFileSync('gcc', ['-O2', '-fopenmp', '-o', cBin, cSrc], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    noC = `gcc -fopenmp failed on tasks.c: ${String(e.stderr ?? e.message).split('\n')[0]}`;
  }
}
// Each C run repeats the tree 3 times in one process and reports the last: the first tree in a fresh
// process pays libgomp's thread start and first-touch faults (fib(35) on 2 threads: 38 ms first, 28 ms
// after). The JS variants do the same in their process (third()).
function runC(what, n, cutoff, threads) {
  const j = JSON.parse(execFileSync(cBin, [what, String(n), String(cutoff), String(threads), '3'], { encoding: 'utf8' }));
  const ok = what === 'fib' ? j.result === expectedFib : what === 'uts' ? j.result === expectedUts : j.result === 1;
  if (!ok) throw new Error(`C ${what} on ${threads} threads gave a wrong result: ${j.result}`);
  return j.ms[j.ms.length - 1];
}

const time = (f) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};
/**
 * Every JS variant runs its work three times in a row and reports the third, as each C run does
 * (runC): the C side's third tree starts with libgomp's threads still spinning from the second,
 * and parfor's must start the same way, not with a worker asleep since the last variant (a tree of
 * fib(30) is about 8 ms of work: waking a sleeping thread on this VM took up to a 4 ms tick).
 * `prep` runs untimed before each (the quicksort's input is copied back).
 */
const third = (f, prep = () => {}) => {
  let ms = 0;
  for (let k = 0; k < 3; k++) {
    prep();
    ms = time(f);
  }
  return ms;
};
/** The 'parfor 1' and 'parfor 2' variants of a tree that returns a value: task `root` with `args`, checked against `expected`. */
function parforTree(root, args, shared, expected) {
  return Object.fromEntries(
    [1, 2].map((T) => [
      `parfor ${T}`,
      () => {
        let v;
        const ms = third(() => (v = teams[T].parallelTasksSync(tasks, root, args, { shared })));
        if (v !== expected) throw new Error(`parfor ${root} on ${T} threads gave ${v}, not ${expected}`);
        return ms;
      },
    ]),
  );
}
const variants = {
  fib: {
    serial: () => {
      let v;
      const ms = third(() => (v = serialFib(FIB)));
      if (v !== expectedFib) throw new Error('serial fib wrong');
      return ms;
    },
    ...parforTree('fib', [FIB], { cutoff: CUTOFF }, expectedFib),
    ...(noC === null ? { 'C 1': () => runC('fib', FIB, CUTOFF, 1), 'C 2': () => runC('fib', FIB, CUTOFF, 2) } : {}),
  },
  uts: {
    serial: () => {
      let v;
      const ms = third(() => (v = utsSerial(UTS_SEED, 0, UTS_B0, UTS_WORK)));
      if (v !== expectedUts) throw new Error('serial uts wrong');
      return ms;
    },
    ...parforTree('uts', [UTS_SEED, 0], { b0: UTS_B0, work: UTS_WORK }, expectedUts),
    ...(noC === null ? { 'C 1': () => runC('uts', UTS_B0, UTS_WORK, 1), 'C 2': () => runC('uts', UTS_B0, UTS_WORK, 2) } : {}),
  },
  sort: {
    serial: () => {
      const ms = third(serialSort, () => a.set(source));
      if (!sameAsSorted()) throw new Error('serial sort wrong');
      return ms;
    },
    ...Object.fromEntries(
      [1, 2].map((T) => [
        `parfor ${T}`,
        () => {
          const ms = third(
            () => teams[T].parallelTasksSync(tasks, 'sort', [0, a.length], { shared: { a, cutoff: SORT_CUTOFF } }),
            () => a.set(source),
          );
          if (!sameAsSorted()) throw new Error(`parfor sort on ${T} threads is not sorted`);
          return ms;
        },
      ]),
    ),
    ...(noC === null ? { 'C 1': () => runC('qsort', SORT_N, SORT_CUTOFF, 1), 'C 2': () => runC('qsort', SORT_N, SORT_CUTOFF, 2) } : {}),
  },
};

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
console.log(
  `# node bench/tasks.mjs ${rounds}   fib(${FIB}) cut-off ${CUTOFF}; unbalanced tree (UTS-style, root ${UTS_B0} children, ${UTS_WORK} hash rounds a node, seed ${UTS_SEED}: ${expectedUts} nodes); quicksort of ${SORT_N} doubles, cut-off ${SORT_CUTOFF}`,
);
if (noC !== null) console.log(`# ${noC}`);
const json = {
  rounds,
  params: { fib: FIB, cutoff: CUTOFF, utsB0: UTS_B0, utsWork: UTS_WORK, utsNodes: expectedUts, sortN: SORT_N, sortCutoff: SORT_CUTOFF },
  noC,
  kernels: [],
};
for (const [name, vs] of Object.entries(variants)) {
  for (const f of Object.values(vs)) f(); // warm-up, untimed
  const times = Object.fromEntries(Object.keys(vs).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? Object.keys(vs).reverse() : Object.keys(vs);
    for (const k of order) times[k].push(vs[k]());
  }
  const m = Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, median(xs)]));
  const cells = Object.entries(times).map(
    ([k, xs]) => `${k} ${m[k].toFixed(1)} ms [${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)}]`,
  );
  console.log(`${name}: ${cells.join('  ')}`);
  const ours = m['parfor 1'] / m['parfor 2'];
  let line = `${name}: parfor 2 threads over 1: ${ours.toFixed(2)}x; parfor 1 thread / serial JS: ${(m['parfor 1'] / m.serial).toFixed(2)}`;
  if (m['C 1'] !== undefined) {
    const c = m['C 1'] / m['C 2'];
    line += `; C OpenMP 2 over 1: ${c.toFixed(2)}x; C's speedup / parfor's: ${(c / ours).toFixed(2)}`;
  }
  console.log(line);
  json.kernels.push({
    name,
    rows: Object.entries(times).map(([variant, xs]) => ({ variant, median: m[variant], min: Math.min(...xs), max: Math.max(...xs) })),
    parforSpeedup: ours,
    cSpeedup: m['C 1'] === undefined ? null : m['C 1'] / m['C 2'],
  });
}
if (process.env.PARFOR_BENCH_JSON) writeFileSync(process.env.PARFOR_BENCH_JSON, `${JSON.stringify(json, null, 2)}\n`);
await Promise.all(Object.values(teams).map((t) => t.close()));
