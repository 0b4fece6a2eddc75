// One run of the runtime matrix (test/runtimes.test.ts): the README example, a reduce, tasks and
// the random task-tree properties, an error path, a kernel module and the capture rules, under
// whichever runtime runs this file (Node, Deno, Bun). Prints one JSON line: each case's result, 'pass' or what went wrong.

import * as P from '../../dist/index.js';
import fc from '../../node_modules/fast-check/lib/fast-check.js';
import { checkTaskTrees } from '../fixtures/task-trees.mjs';

const res = {};
async function check(name, fn) {
  try {
    res[name] = await fn();
  } catch (e) {
    res[name] = `threw ${e?.name}: ${String(e?.message).slice(0, 600)}`; // fast-check's report starts with its seed
  }
}

// The README's first example: rows of M[i,j] = i² + j², then a sync pass reading it back.
await check('example', async () => {
  const t0 = performance.now();
  const n = 2000;
  const M = new P.SharedMatrix(n, n);
  await P.parallelFor(
    0,
    n,
    (i, { M }) => {
      const row = M.row(i);
      for (let j = 0; j < row.length; j++) row[j] = i * i + j * j;
    },
    { shared: { M }, schedule: 'dynamic', chunk: 16 },
  );
  const diag = P.sharedArray(Float64Array, n);
  P.parallelForSync(
    0,
    n,
    (i, { M, diag }) => {
      diag[i] = M.get(i, i);
    },
    { shared: { M, diag } },
  );
  res.exampleMs = Math.round(performance.now() - t0);
  for (let i = 0; i < n; i += 97) for (let j = 0; j < n; j += 89) if (M.get(i, j) !== i * i + j * j) return `M[${i},${j}] = ${M.get(i, j)}`;
  return diag[10] === 200 ? 'pass' : `diag[10] = ${diag[10]}`;
});

await check('reduce', async () => {
  const s = await P.parallelReduce(0, 100_000, (i) => i, { schedule: 'guided' });
  return s === 4_999_950_000 ? 'pass' : `sum ${s}`;
});

// The adaptive schedule (issue 23): its ranges' lock waits with Atomics.wait on every thread.
await check('adaptive', async () => {
  const hits = P.sharedArray(Int32Array, 5000);
  await P.parallelFor(0, 5000, (i, { hits }) => Atomics.add(hits, i, 1), { shared: { hits }, schedule: 'adaptive' });
  P.parallelForSync(0, 5000, (i, { hits }) => Atomics.add(hits, i, 1), { shared: { hits }, schedule: 'adaptive,7' });
  const s = await P.parallelReduce(0, 100_000, (i) => i, { schedule: 'adaptive' });
  for (let i = 0; i < 5000; i++) if (hits[i] !== 2) return `hits[${i}] = ${hits[i]}`;
  return s === 4_999_950_000 ? 'pass' : `sum ${s}`;
});

// Tasks (issue 23): a tree async and sync, and a task's error.
await check('tasks', async () => {
  const fib = {
    fib(ctx, _s, n) {
      if (n < 2) return n;
      const a = ctx.spawn('fib', n - 1);
      const b = ctx.spawn('fib', n - 2);
      ctx.wait();
      return ctx.result(a) + ctx.result(b);
    },
  };
  const a = await P.parallelTasks(fib, 'fib', [20]);
  const s = P.parallelTasksSync(fib, 'fib', [18]);
  if (a !== 6765 || s !== 2584) return `fib ${a}, ${s}`;
  const e = await P.parallelTasks(
    {
      bad: (_c, _s, k) => {
        if (k === 3) throw new RangeError('three');
        return k;
      },
    },
    'bad',
    [3],
  ).catch((x) => x);
  return e instanceof P.TaskError && e.task === 'bad' && e.cause instanceof RangeError ? 'pass' : `error ${e}`;
});

// Issue 24: an ordered loop, a region's single broadcast with nowait and ordered loops, and a search.
await check('constructs', async () => {
  const team = P.createTeam({ threads: 3 });
  try {
    const log = P.sharedArray(Float64Array, 301);
    await team.parallelFor(
      0,
      300,
      (i, { log }, ctx) =>
        ctx.ordered(() => {
          log[1 + log[0]++] = i;
        }),
      { shared: { log }, schedule: 'dynamic,4', ordered: true },
    );
    const rlog = P.sharedArray(Float64Array, 201);
    const hits = P.sharedArray(Int32Array, 100);
    team.parallelSync(
      (ctx) => {
        const v = ctx.single(() => 0.5);
        ctx.loop(
          0,
          100,
          (i, { hits }) => {
            Atomics.add(hits, i, 1);
          },
          { schedule: 'guided', nowait: true },
        );
        ctx.loopRange(
          0,
          200,
          (lo, hi, { rlog }, c) =>
            c.ordered(() => {
              for (let i = lo; i < hi; i++) rlog[1 + rlog[0]++] = i + v;
            }),
          { schedule: 'dynamic', chunk: 9, ordered: true },
        );
      },
      { shared: { rlog, hits } },
    );
    const a = P.sharedArray(Int32Array, 10_000);
    a[6543] = a[9000] = 1;
    const found = await team.parallelFind(0, a.length, (i, { a }) => a[i] === 1, { shared: { a } });
    const ok =
      log.subarray(1).every((x, i) => x === i) &&
      rlog.subarray(1).every((x, i) => x === i + 0.5) &&
      hits.every((h) => h === 1) &&
      found === 6543;
    return ok ? 'pass' : `wrong: found ${found}`;
  } finally {
    await team.close();
  }
});

// The fast-check task-tree properties test/tasks.test.ts runs on Node 20 (random trees, throws,
// aborts), here on a team of 3, async and sync.
await check('taskTrees', async () => {
  const team = P.createTeam({ threads: 3 });
  try {
    await checkTaskTrees(fc, P, team, { numRuns: 20 });
    await checkTaskTrees(fc, P, team, { numRuns: 20, sync: true });
  } finally {
    await team.close();
  }
  return 'pass';
});

await check('error', async () => {
  const e = await P.parallelFor(
    0,
    10,
    (i) => {
      if (i === 7) throw new RangeError('seven');
    },
    'dynamic',
  ).then(
    () => 'no error',
    (x) => x,
  );
  if (!(e instanceof P.LoopBodyError)) return `got ${e}`;
  if (e.index !== 7 || !(e.cause instanceof RangeError) || e.cause.message !== 'seven') return `index ${e.index}, cause ${e.cause}`;
  // The team is still usable after the failure.
  return (await P.parallelReduce(0, 10, (i) => i)) === 45 ? 'pass' : 'team unusable after the error';
});

await check('kernel', async () => {
  const out = P.sharedArray(Float64Array, 5);
  await P.parallelFor(0, 5, P.kernel(new URL('../browser/kernels.mjs', import.meta.url), 'square'), { shared: { out } });
  return Array.from(out).join() === '0,1,4,9,16' ? 'pass' : Array.from(out).join();
});

// A wasm kernel (issue 13): one module on every thread over one shared memory, async and sync, and a trap.
await check('wasm', async () => {
  const heap = new P.WasmHeap();
  const out = heap.alloc(Float64Array, 50);
  const probe = new URL('../fixtures/wasm/build/probe.wasm', import.meta.url);
  const square = await P.wasmKernel(probe, 'square', { memory: heap.memory });
  await P.parallelFor(0, 50, square.with(out.byteOffset, 1), 'dynamic');
  P.parallelForSync(0, 25, square.with(out.byteOffset, 2));
  for (let i = 0; i < 50; i++) if (out[i] !== i * i + (i < 25 ? 2 : 1)) return `out[${i}] = ${out[i]}`;
  const trap = await P.wasmKernel(probe, 'trapAt', { memory: heap.memory });
  const e = await P.parallelFor(0, 20, trap.with(13)).then(
    () => 'no error',
    (x) => x,
  );
  if (!(e instanceof P.LoopBodyError) || e.index !== 13 || !(e.cause instanceof WebAssembly.RuntimeError)) {
    return `trap: ${e?.name} index ${e?.index} cause ${e?.cause?.name}`;
  }
  return 'pass';
});

// Capture rules: a body sees only its arguments. Outcome per runtime, recorded for the docs.
const moduleConst = 3;
function folded() {
  const local = 3; // a function-local const bound to a literal: Bun writes 3 into the body's source
  return (i) => i * local;
}
const outcome = async (body) =>
  P.parallelReduce(0, 4, body).then(
    (v) => `ran ${v}`,
    // Refused on the calling thread before any thread runs (team/bodies/captures.ts).
    (e) => (e instanceof TypeError && /which is not defined on the threads/.test(e.message) ? 'refused' : `threw ${e}`),
  );
await check('captureModuleConst', () => outcome((i) => i * moduleConst));
await check('captureObject', () => {
  const o = { v: 3 };
  return outcome((i) => i * o.v);
});
await check('captureLocalLiteral', () => outcome(folded()));
await check('strict', async () => {
  // The typeof hides the name from the calling thread's check, so the assignment runs and must throw.
  const e = await P.parallelFor(0, 2, () => {
    if (typeof undeclaredGlobal === 'undefined') undeclaredGlobal = 1;
  }).then(
    () => 'no error',
    (x) => x,
  ); // eslint-disable-line no-undef
  return e instanceof P.LoopBodyError && e.cause instanceof ReferenceError && !('undeclaredGlobal' in globalThis) ? 'pass' : `got ${e}`;
});

await P.shutdown();
console.log(JSON.stringify(res));
