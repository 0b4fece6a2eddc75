// A user's TypeScript, type-checked against the built declarations (test/types.test.ts).
import {
  createTeam,
  kernel,
  LoopBodyError,
  type LoopOptions,
  parallel,
  parallelAllSync,
  parallelAny,
  parallelFind,
  parallelFor,
  parallelForRange,
  parallelForSync,
  parallelReduce,
  parallelTasks,
  SharedLock,
  SharedMatrix,
  sharedArray,
  type WasmKernel,
} from 'parfor';

// `shared` typed by an interface: the body's parameters get its types.
interface Inputs {
  out: Float64Array;
  scale: number;
}
const inputs: Inputs = { out: sharedArray(Float64Array, 10), scale: 2 };
await parallelFor(
  0,
  10,
  (i, { out, scale }) => {
    out[i] = i * scale;
  },
  { shared: inputs },
);

// An options object held in a variable, with no `as const`.
const opts = { schedule: 'dynamic', chunk: 4, shared: { M: new SharedMatrix(4, 4) } };
parallelForSync(
  0,
  4,
  (i, { M }) => {
    M.set(i, i, 1);
  },
  opts,
);
const typed: LoopOptions = { schedule: 'guided,8', threads: 2 };
void typed;

// sharedArray's buffer is a SharedArrayBuffer.
const sab: SharedArrayBuffer = sharedArray(Int32Array, 4).buffer;
void sab;

const total: number = await parallelReduce(0, 100, (i) => i, { op: '+' });
void total;
const team = createTeam({ threads: 2 });
try {
  await team.parallelFor(0, 1, () => {});
} catch (e) {
  if (e instanceof LoopBodyError) console.log(e.index, e.range);
} finally {
  await team.close();
}

// Tasks: functions and a wasm leaf in one table; the root must be one of its names.
declare const leaf: WasmKernel;
const tree = {
  sum(ctx: import('parfor').TaskContext, _s: { n: number }, lo: number, hi: number): number {
    if (hi - lo < 2) {
      const h = ctx.spawn('leaf', lo);
      ctx.wait();
      return ctx.result(h) ?? 0;
    }
    const [a, b] = ctx.join('sum', [lo, (lo + hi) >> 1], 'sum', [(lo + hi) >> 1, hi]);
    return (a ?? 0) + (b ?? 0);
  },
  leaf,
};
const summed: number | undefined = await parallelTasks(tree, 'sum', [0, 8], { shared: { n: 8 } });
void summed;
// @ts-expect-error: 'nope' names no task
void parallelTasks(tree, 'nope', []);

// A SharedLock in shared: the body sees its methods.
const lock = new SharedLock();
await parallelFor(
  0,
  4,
  (_i, { lock }) => {
    const n: number = lock.withLock(() => 1);
    if (lock.tryAcquire()) lock.release();
    void n;
  },
  { shared: { lock } },
);
await lock.acquireAsync();
lock.release();

// Issue 24: searches resolve with an index or a boolean; single's value reaches every thread, typed;
// ctx.loop takes nowait/ordered; ordered is not an option of parallel().
const hit: number = await parallelFind(0, 10, (i, { k }) => i > k, { shared: { k: 3 } });
const some: boolean = await parallelAny(0, 10, (i) => i === 3);
const every: boolean = parallelAllSync(0, 10, (i) => i >= 0);
void [hit, some, every];
await parallelFor(0, 10, (i, _s, ctx) => ctx.ordered(() => i), { ordered: true });
await parallel((ctx) => {
  const n: number = ctx.single(() => 4);
  ctx.loop(0, n, (i, _s, c) => c.ordered(() => i), { schedule: 'dynamic', nowait: false, ordered: true });
  ctx.loopRange(0, n, (lo: number, hi: number) => void (hi - lo), 'guided');
  // @ts-expect-error: single's value must fit shared memory (a number, boolean, null or undefined)
  ctx.single(() => ({ big: 1 }));
  // @ts-expect-error: a region ctx has no cancel (a region is not a loop)
  ctx.cancel();
});
// @ts-expect-error: ordered is an option of loops, not of regions
void parallel(() => {}, { ordered: true });

// Issue 24, items 6 and 7: per-thread state is typed from init's result, or from the body's annotation
// when init's parameters are not annotated (TypeScript types the body first); deterministic is a reduce option.
await parallelFor(
  0,
  100,
  (i, { bins }, _ctx, local: Int32Array) => {
    local[i % bins]++;
  },
  {
    shared: { bins: 8, hist: sharedArray(Int32Array, 8) },
    init: (_ctx, { bins }) => new Int32Array(bins),
    merge: (local, { hist }) => {
      for (let b = 0; b < local.length; b++) hist[b]! += local[b]!;
    },
  },
);
const counted: number = await parallelReduce(0, 10, (i, _s, _c, local) => i + local.offset, { init: () => ({ offset: 1 }) });
const same: number = await parallelReduce(0, 10, (i) => i / 3, { deterministic: true, schedule: 'dynamic' });
void [counted, same];
// @ts-expect-error: without init, a body's state is undefined
await parallelFor(0, 10, (_i, _s, _c, local) => local.length);
// @ts-expect-error: merge receives what init returns
await parallelFor(0, 10, () => {}, { init: () => 1, merge: (local: string) => void local });

// A typed kernel: the module's type names its function exports (a type literal here stands for
// `typeof import('./fill.js')`).
interface FillModule {
  fillRow(i: number, shared: { out: Float64Array }): void;
  fillCol(i: number): void;
  readonly VERSION: string;
}
const fillUrl = new URL('file:///kernels/fill.js');
await parallelFor(0, 10, kernel<FillModule>(fillUrl, 'fillRow'), { shared: { out: sharedArray(Float64Array, 10) } });
void kernel<FillModule>(fillUrl, 'fillCol');
void kernel(fillUrl, 'anything'); // untyped: any name, checked on the workers
// @ts-expect-error: 'fillRoe' is not an export of the module
void kernel<FillModule>(fillUrl, 'fillRoe');
// @ts-expect-error: VERSION is an export, but not a function
void kernel<FillModule>(fillUrl, 'VERSION');
// Given the export's name as a type too, the kernel carries the export's type and the loop checks it.
interface RangeModule {
  fillRows(lo: number, hi: number, shared: { out: Float64Array }): void;
  sumTo(i: number, shared: { out: Float64Array }): number;
}
const rangeUrl = new URL('file:///kernels/range.js');
const typedOut = { out: sharedArray(Float64Array, 10) };
const fillRow = kernel<FillModule, 'fillRow'>(fillUrl, 'fillRow');
await parallelFor(0, 10, fillRow, { shared: typedOut });
parallelForSync(0, 10, fillRow, { shared: typedOut });
await parallelForRange(0, 10, kernel<RangeModule, 'fillRows'>(rangeUrl, 'fillRows'), { shared: typedOut });
const typedSum: number = await parallelReduce(0, 10, kernel<RangeModule, 'sumTo'>(rangeUrl, 'sumTo'), { shared: typedOut });
void typedSum;
// @ts-expect-error: the export wants shared.out, and the loop passes { n }
await parallelFor(0, 10, fillRow, { shared: { n: 3 } });
// @ts-expect-error: a range body (lo, hi, shared) is not a body (i, shared, ctx)
await parallelFor(0, 10, kernel<RangeModule, 'fillRows'>(rangeUrl, 'fillRows'), { shared: typedOut });
// @ts-expect-error: the name given as a type must be the one given as a value
void kernel<RangeModule, 'sumTo'>(rangeUrl, 'fillRows');
// Untyped kernels still fit any loop.
await parallelForRange(0, 10, kernel(rangeUrl, 'fillRows'), { shared: typedOut });
