/**
 * The public signatures of the loop functions, written once: Team has them
 * as methods and the package exports them as functions on the default team,
 * both built from kinds/table.ts. A new loop kind adds its two members here.
 */

import type { atomicAdd } from '../core/atomic-add.js';
import type { Kernel } from '../data/kernel.js';
import type { TypedArray } from '../data/typed.js';
import type { WasmKernel } from '../data/wasm-kernel.js';
import type { KindFunctionName } from '../kinds/table.js';
import type { ScheduleName } from '../schedule/parse.js';
import type { makeContext, makeRegionContext } from '../team/thread/context.js';
import type { TaskContext as ImplTaskContext } from '../team/thread/tasks.js';
import type { Trace } from './trace.js';
import type { LoopOptions, MapOptions, ReduceOptions, ScanOptions } from './validate.js';

/** What a body's `shared` argument is: an object of values (a type or an interface). */
export type Shared = object;
/** Options with `shared` typed as what the body receives; a schedule name alone is a shorthand. */
export type Opts<O, S> = (O & { shared?: S; trace?: boolean }) | LoopOptions['schedule'];
/**
 * Options of parallel(): those of a loop without `schedule` and `chunk`, and
 * `tasks`, the task functions region code may spawn (OpenMP's parallel +
 * single + task).
 */
export type RegionOptions<S = Shared> = Omit<LoopOptions, 'schedule' | 'chunk' | 'ordered'> & { tasks?: Tasks<S> };

/** What every body and task learns about the thread running it, and a helper. */
export interface ThreadContext {
  /** This thread's number in the loop, 0 … numThreads − 1 (the calling thread is 0 in a sync loop). */
  readonly threadId: number;
  /** Threads taking part in the loop. */
  readonly numThreads: number;
  /** Atomically `array[index] += value` on a shared typed array (floats included); returns the old value. */
  readonly atomicAdd: typeof atomicAdd;
}

/** A loop body's ctx: the thread, and ctx.ordered() for a loop with `{ ordered: true }`. */
export interface LoopContext extends ThreadContext {
  /**
   * In a loop with `{ ordered: true }`: run `fn` once every earlier iteration
   * (or, for a body that receives chunks, every earlier chunk) has run its
   * ordered code or finished, and return fn's value (OpenMP's `ordered`
   * construct). A TypeError in a loop without it.
   */
  readonly ordered: <T>(fn: () => T) => T;
  /**
   * Stop the loop (OpenMP's `cancel for`): no thread claims another chunk,
   * and the loop ends as if it had run out, without an error. The iterations
   * already begun run to their end. Where the loop's threads stop is a chunk
   * boundary, or about a millisecond into a long chunk run in pieces.
   */
  readonly cancel: () => void;
}

/** How ctx.loop() divides its iterations: a schedule name, 'name,chunk', or { schedule, chunk } (not `runtime`). */
export type RegionLoopSchedule =
  | Exclude<ScheduleName, 'runtime'>
  | `${Exclude<ScheduleName, 'auto' | 'runtime'>},${number}`
  | RegionLoopOptions;

/** ctx.loop() and ctx.loopRange() options: the schedule, and OpenMP's `nowait` and `ordered` clauses. */
export interface RegionLoopOptions {
  schedule?: Exclude<ScheduleName, 'runtime'>;
  chunk?: number;
  /** No barrier at the loop's end: a thread that runs out of chunks goes on at once (OpenMP's `nowait`). Not with 'adaptive'. */
  nowait?: boolean;
  /** ctx.ordered(fn) in the body runs `fn` in iteration order (OpenMP's `ordered`). At most 2^31 − 1 iterations. */
  ordered?: boolean;
}

/** What ctx.single() can return to every thread (OpenMP's `copyprivate`): a value that fits in shared memory as a tag and a double. */
export type Broadcast = number | boolean | null | undefined | void;

/**
 * The `ctx` of a parallel region (OpenMP's `#pragma omp parallel`): every
 * thread runs the region once. With `{ tasks }` its code may spawn tasks
 * (the task methods are a TypeError without them); every barrier, and the
 * region's end, then also waits for every task of the region to finish,
 * running them meanwhile.
 */
export interface RegionContext extends Omit<LoopContext, 'cancel'>, TaskMethods {
  /** Wait until every thread of the region has arrived (and, in a region with tasks, every task has finished). */
  barrier(): void;
  /** Run `fn` with no other thread inside any critical section of this region. */
  critical<T>(fn: () => T): T;
  /**
   * One thread runs `fn`; all wait at the implied barrier after it, and every
   * thread returns fn's value (OpenMP's `single copyprivate`). The value must
   * be a number, boolean, null or undefined (a TypeError otherwise): larger
   * results go in a shared array.
   */
  single<T extends Broadcast>(fn: () => T): T;
  /** Thread 0 runs `fn`; no barrier. */
  master<T>(fn: () => T): T | undefined;
  /**
   * Inside a ctx.loop() or ctx.loopRange() with `{ ordered: true }`: run `fn`
   * after the ordered code of every earlier iteration (or chunk) has run, and
   * return its value (OpenMP's `ordered` construct). A TypeError elsewhere.
   */
  ordered<T>(fn: () => T): T;
  /**
   * A worksharing loop: the threads divide [start, end) between them and call
   * `fn(i, shared, ctx)` for each i; implied barrier at the end unless `nowait`.
   */
  loop<S = Shared>(start: number, end: number, fn: (i: number, shared: S, ctx: RegionContext) => void, schedule?: RegionLoopSchedule): void;
  /**
   * The same loop with `fn(lo, hi, shared, ctx)` once per chunk, the body owning
   * the inner loop (as parallelForRange outside a region). Under plain
   * 'static', one call per thread.
   */
  loopRange<S = Shared>(
    start: number,
    end: number,
    fn: (lo: number, hi: number, shared: S, ctx: RegionContext) => void,
    schedule?: RegionLoopSchedule,
  ): void;
}

/** What ctx.spawn() returns: a number naming the spawned task, for ctx.result() once ctx.wait() has returned. */
export type TaskHandle = number;

/** How ctx.taskloop() cuts [start, end) into tasks: chunks of `grainsize` iterations, or `numTasks` tasks (default: one per thread). */
export interface TaskloopOptions {
  grainsize?: number;
  numTasks?: number;
  /** Up to four more numbers each task receives after lo and hi. */
  args?: readonly number[];
}

/** What a task's ctx and a region-with-tasks' ctx offer: spawn, wait, result, join, taskloop. */
export interface TaskMethods {
  /**
   * Spawn task `name` with up to six numeric arguments: it may run on any
   * thread, now or later. The spawning task's children always finish before
   * it does (an implicit `wait()` when it returns).
   */
  spawn(name: string, ...args: number[]): TaskHandle;
  /** OpenMP's `taskwait`: return once every task this task spawned has finished; this thread runs other tasks meanwhile. */
  wait(): void;
  /** What a finished child returned (after `wait()`); a RangeError before it finished or for another task's child. */
  result(handle: TaskHandle): number | undefined;
  /** Rayon's `join`: run `a(...argsA)` and `b(...argsB)`, perhaps in parallel, and return both results. */
  join(a: string, argsA: readonly number[], b: string, argsB: readonly number[]): [number | undefined, number | undefined];
  /**
   * OpenMP's `taskloop`: task `name(ctx, shared, lo, hi, ...args)` for each
   * chunk of [start, end), then a wait for them all.
   */
  taskloop(start: number, end: number, name: string, options?: TaskloopOptions): void;
}

/** The `ctx` of a task (parallelTasks, or spawned in a region): spawn children that any thread may run, wait for them, read their results. */
export interface TaskContext extends ThreadContext, TaskMethods {}

/** A task function: runs on any thread of the team with the call's shared values and its numeric arguments. */
export type TaskFunction<S = Shared> = (ctx: TaskContext, shared: S, ...args: number[]) => number | undefined | void;
/** The tasks of a parallelTasks call, by name: functions (shipped as source, like loop bodies), kernel(url, name), or wasm kernels (leaf tasks). */
export type Tasks<S = Shared> = Record<string, TaskFunction<S> | Kernel<TaskFunction<S>> | WasmKernel>;
/** Options of parallelTasks(): those of a loop without `schedule` and `chunk`. */
export type TaskOptions<S = Shared> = Omit<LoopOptions, 'schedule' | 'chunk' | 'ordered'> & { shared?: S };

/**
 * Per-thread state for a loop (Rayon's `for_each_init`, TBB's `combinable`):
 * `init` runs once on each thread taking part, before its first chunk, and
 * every body call on that thread receives what it returned as its last
 * argument; `merge`, if given, runs once on each of those threads after its
 * last chunk, one thread at a time, so it may add the state into shared
 * memory without atomics. The state lives for one loop call. Both travel as
 * source, like a body: they cannot see variables around them.
 */
export interface LocalOptions<S = Shared, L = unknown> {
  init?: (ctx: LoopContext, shared: S) => L;
  merge?: (local: L, shared: S, ctx: LoopContext) => void;
}

/** A compile error unless T is assignable to U (checks that implementations match the public declarations). */
export type Assignable<T extends U, U> = T;
/**
 * The team's contexts are what the declarations above promise (this alias fails to compile otherwise).
 * Not exported: the published declarations then need none of the engine's.
 */
// biome-ignore lint/correctness/noUnusedVariables: a compile-time check, read by tsc only
type ContextsMatch = [
  Assignable<ReturnType<typeof makeContext>, LoopContext>,
  Assignable<ReturnType<typeof makeRegionContext>, RegionContext>,
  Assignable<ImplTaskContext, TaskContext>,
];
/** A loop body: called once per iteration with the index, the shared values and the thread's context. */
export type LoopBody<S = Shared, L = undefined> = (i: number, shared: S, ctx: LoopContext, local: L) => void;
/** A parallelForRange body: called once per chunk [lo, hi). */
export type RangeBody<S = Shared, L = undefined> = (lo: number, hi: number, shared: S, ctx: LoopContext, local: L) => void;
/** A parallelReduce or parallelScan body: returns iteration i's contribution. */
export type ReduceBody<S = Shared, L = undefined> = (i: number, shared: S, ctx: LoopContext, local: L) => number;
/** A parallelMap function: returns the value stored at out[i - start]. */
export type MapBody<S = Shared, L = undefined> = (i: number, shared: S, ctx: LoopContext, local: L) => number | bigint;
/** A parallelFor2D body: called once per cell (i, j). */
export type Body2D<S = Shared, L = undefined> = (i: number, j: number, shared: S, ctx: LoopContext, local: L) => void;
/** A parallelForEach body: called once per element with its value and index. */
export type ForEachBody<S = Shared, V = number | bigint, L = undefined> = (
  value: V,
  i: number,
  shared: S,
  ctx: LoopContext,
  local: L,
) => void;
/** A parallel region: run once by every thread. */
export type RegionBody<S = Shared> = (ctx: RegionContext, shared: S) => void;

/**
 * The loop functions. `X` returns a promise and the caller awaits; `XSync`
 * (Node only) makes the calling thread thread 0 and returns when the loop is
 * done. The top-level functions run on the default team (or `options.team`).
 */
export interface LoopFunctions {
  /**
   * Run `body(i, shared, ctx)` once for every integer i in [start, end), in
   * parallel. Resolves when every thread has left the loop; with `trace: true`,
   * with the chunks each thread ran. `options` may be a schedule name.
   *
   * @example
   * ```ts
   * const M = new SharedMatrix(n, n);
   * await parallelFor(0, n, (i, { M, n }) => {
   *   for (let j = 0; j < n; j++) M.data[i * n + j] = i * i + j * j;
   * }, { shared: { M, n }, schedule: 'dynamic', chunk: 16 });
   * ```
   */
  parallelFor: {
    <S extends Shared, L = undefined>(
      start: number,
      end: number,
      body: LoopBody<S, L> | Kernel<LoopBody<S, L>> | WasmKernel,
      options: LoopOptions & LocalOptions<S, L> & { shared?: S; trace: true },
    ): Promise<Trace>;
    <S extends Shared, L = undefined>(
      start: number,
      end: number,
      body: LoopBody<S, L> | Kernel<LoopBody<S, L>> | WasmKernel,
      options?: Opts<LoopOptions & LocalOptions<S, L>, S>,
    ): Promise<void>;
  };
  /**
   * parallelFor with the calling thread as thread 0. Node only (a browser main
   * thread may not block: UnsupportedEnvironmentError). An AbortSignal can only
   * stop it if already aborted: the thread that would fire it is busy.
   */
  parallelForSync: {
    <S extends Shared, L = undefined>(
      start: number,
      end: number,
      body: LoopBody<S, L> | Kernel<LoopBody<S, L>> | WasmKernel,
      options: LoopOptions & LocalOptions<S, L> & { shared?: S; trace: true },
    ): Trace;
    <S extends Shared, L = undefined>(
      start: number,
      end: number,
      body: LoopBody<S, L> | Kernel<LoopBody<S, L>> | WasmKernel,
      options?: Opts<LoopOptions & LocalOptions<S, L>, S>,
    ): void;
  };
  /**
   * The body receives whole chunks, `body(lo, hi, shared, ctx)`, and runs the inner
   * loop itself (TBB's blocked_range). Under plain `static` each thread gets its
   * whole block in one call.
   *
   * @example
   * ```ts
   * await parallelForRange(0, n, (lo, hi, { out }) => { for (let i = lo; i < hi; i++) out[i] = i; }, { shared: { out } });
   * ```
   */
  parallelForRange<S extends Shared, L = undefined>(
    start: number,
    end: number,
    body: RangeBody<S, L> | Kernel<RangeBody<S, L>> | WasmKernel,
    options?: Opts<LoopOptions & LocalOptions<S, L>, S>,
  ): Promise<void>;
  parallelForRangeSync<S extends Shared, L = undefined>(
    start: number,
    end: number,
    body: RangeBody<S, L> | Kernel<RangeBody<S, L>> | WasmKernel,
    options?: Opts<LoopOptions & LocalOptions<S, L>, S>,
  ): void;
  /**
   * OpenMP's `reduction`: combine what `body` returns for every i with `op`
   * ('+' by default, '*', 'min', 'max', or a combiner with an `identity`). Each
   * thread accumulates privately and the partials are combined in thread order,
   * so a `static` loop gives the same answer every run.
   *
   * @example
   * ```ts
   * const steps = 1e8;
   * const pi = await parallelReduce(0, steps, (i, { h }) => { const x = (i + 0.5) * h; return 4 / (1 + x * x); },
   *   { op: '+', shared: { h: 1 / steps } }) / steps;
   * ```
   */
  parallelReduce<S extends Shared, L = undefined>(
    start: number,
    end: number,
    body: ReduceBody<S, L> | Kernel<ReduceBody<S, L>> | WasmKernel,
    options?: Opts<ReduceOptions & LocalOptions<S, L>, S>,
  ): Promise<number>;
  parallelReduceSync<S extends Shared, L = undefined>(
    start: number,
    end: number,
    body: ReduceBody<S, L> | Kernel<ReduceBody<S, L>> | WasmKernel,
    options?: Opts<ReduceOptions & LocalOptions<S, L>, S>,
  ): number;
  /**
   * joblib's `Parallel(n_jobs)(delayed(f)(i) for i in range(n))`, without copying
   * results back: `out[i - start] = fn(i, shared, ctx)` into `options.out` or a new
   * shared Float64Array, which it resolves with.
   *
   * @example
   * ```ts
   * const squares = await parallelMap(0, 1000, (i) => i * i);   // a shared Float64Array
   * ```
   */
  parallelMap<S extends Shared, A extends TypedArray = Float64Array, L = undefined>(
    start: number,
    end: number,
    fn: MapBody<S, L> | Kernel<MapBody<S, L>> | WasmKernel,
    options?: Opts<MapOptions & LocalOptions<S, L>, S> & { out?: A },
  ): Promise<A>;
  parallelMapSync<S extends Shared, A extends TypedArray = Float64Array, L = undefined>(
    start: number,
    end: number,
    fn: MapBody<S, L> | Kernel<MapBody<S, L>> | WasmKernel,
    options?: Opts<MapOptions & LocalOptions<S, L>, S> & { out?: A },
  ): A;
  /**
   * An inclusive prefix scan: `out[k] = body(start) op body(start + 1) op … op body(start + k)`
   * into `options.out` or a new shared Float64Array, which it resolves with. `op` is
   * a reduction's ('+' by default); a combiner must be associative. It runs under
   * plain `static`: each thread scans its block, waits for the others, and adds the
   * total of the blocks before it. Values accumulate in doubles, as in parallelReduce.
   *
   * @example
   * ```ts
   * const offsets = await parallelScan(0, counts.length, (i, { counts }) => counts[i], { shared: { counts } });
   * ```
   */
  parallelScan<S extends Shared, A extends TypedArray = Float64Array>(
    start: number,
    end: number,
    body: ReduceBody<S> | Kernel<ReduceBody<S>> | WasmKernel,
    options?: Opts<ScanOptions, S> & { out?: A },
  ): Promise<A>;
  parallelScanSync<S extends Shared, A extends TypedArray = Float64Array>(
    start: number,
    end: number,
    body: ReduceBody<S> | Kernel<ReduceBody<S>> | WasmKernel,
    options?: Opts<ScanOptions, S> & { out?: A },
  ): A;
  /**
   * OpenMP's `collapse(2)`: `body(i, j, shared, ctx)` for every cell of
   * [rows[0], rows[1]) × [cols[0], cols[1]), the schedule dividing the flattened
   * row-major space. A LoopBodyError carries the cell's `row` and `col`.
   *
   * @example
   * ```ts
   * await parallelFor2D([0, n], [0, n], (i, j, { M }) => M.set(i, j, i * i + j * j), { shared: { M } });
   * ```
   */
  parallelFor2D<S extends Shared, L = undefined>(
    rows: [number, number],
    cols: [number, number],
    body: Body2D<S, L> | Kernel<Body2D<S, L>> | WasmKernel,
    options?: Opts<LoopOptions & LocalOptions<S, L>, S>,
  ): Promise<void>;
  parallelFor2DSync<S extends Shared, L = undefined>(
    rows: [number, number],
    cols: [number, number],
    body: Body2D<S, L> | Kernel<Body2D<S, L>> | WasmKernel,
    options?: Opts<LoopOptions & LocalOptions<S, L>, S>,
  ): void;
  /**
   * `body(array[i], i, shared, ctx)` for every element of a shared typed array,
   * which every thread reads in place (nothing is copied).
   *
   * @example
   * ```ts
   * const xs = sharedArray(Float64Array, [3, 1, 4, 1, 5]);
   * const squares = sharedArray(Float64Array, xs.length);
   * await parallelForEach(xs, (x, i, { squares }) => { squares[i] = x * x; }, { shared: { squares } });
   * ```
   */
  parallelForEach<S extends Shared, A extends TypedArray, L = undefined>(
    array: A,
    body:
      | ForEachBody<S, A extends BigInt64Array | BigUint64Array ? bigint : number, L>
      | Kernel<ForEachBody<S, A extends BigInt64Array | BigUint64Array ? bigint : number, L>>
      | WasmKernel,
    options?: Opts<LoopOptions & LocalOptions<S, L>, S>,
  ): Promise<void>;
  parallelForEachSync<S extends Shared, A extends TypedArray, L = undefined>(
    array: A,
    body:
      | ForEachBody<S, A extends BigInt64Array | BigUint64Array ? bigint : number, L>
      | Kernel<ForEachBody<S, A extends BigInt64Array | BigUint64Array ? bigint : number, L>>
      | WasmKernel,
    options?: Opts<LoopOptions & LocalOptions<S, L>, S>,
  ): void;
  /**
   * OpenMP's `#pragma omp parallel`: every thread runs `region(ctx, shared)` once,
   * with ctx.barrier(), critical(fn), single(fn), master(fn) and
   * loop(start, end, fn, schedule), so an iterative algorithm runs many
   * worksharing loops per dispatch. With `{ tasks }`, region code may also
   * ctx.spawn / wait / result / join / taskloop them; barriers and the
   * region's end run the region's tasks before they return.
   *
   * @example
   * ```ts
   * await parallel((ctx, { a, b, sweeps, n }) => {
   *   for (let s = 0; s < sweeps; s++) {
   *     ctx.loop(1, n - 1, (i) => { b[i] = (a[i - 1] + a[i + 1]) / 2; });   // implied barrier
   *     ctx.loop(1, n - 1, (i) => { a[i] = b[i]; });
   *   }
   * }, { shared: { a, b, sweeps: 100, n } });
   * ```
   */
  parallel<S extends Shared>(
    region: RegionBody<S> | Kernel<RegionBody<S>> | WasmKernel,
    options?: Opts<RegionOptions<S>, S>,
  ): Promise<void>;
  parallelSync<S extends Shared>(region: RegionBody<S> | Kernel<RegionBody<S>> | WasmKernel, options?: Opts<RegionOptions<S>, S>): void;
  /**
   * Fork-join tasks (OpenMP's `task` / `taskwait`, Rayon's `join`): run task
   * `root` with `args`; any task may `ctx.spawn` more, which idle threads
   * steal, and `ctx.wait()` for them. Resolves with what the root returned.
   * A task that throws rejects the call with a TaskError naming it and its
   * arguments; the rest of the tree is cancelled.
   *
   * @example
   * ```ts
   * const fib = await parallelTasks({
   *   fib(ctx, _shared, n) {
   *     if (n < 20) { let a = 0, b = 1; for (let i = 0; i < n; i++) [a, b] = [b, a + b]; return a; }
   *     const x = ctx.spawn('fib', n - 1), y = ctx.spawn('fib', n - 2);
   *     ctx.wait();
   *     return ctx.result(x)! + ctx.result(y)!;
   *   },
   * }, 'fib', [30]);
   * ```
   */
  parallelTasks<S extends Shared, K extends string>(
    tasks: Record<K, TaskFunction<S> | Kernel<TaskFunction<S>> | WasmKernel>,
    root: NoInfer<K>,
    args?: readonly number[],
    options?: TaskOptions<S>,
  ): Promise<number | undefined>;
  parallelTasksSync<S extends Shared, K extends string>(
    tasks: Record<K, TaskFunction<S> | Kernel<TaskFunction<S>> | WasmKernel>,
    root: NoInfer<K>,
    args?: readonly number[],
    options?: TaskOptions<S>,
  ): number | undefined;
  /**
   * The lowest i in [start, end) for which `pred(i, shared, ctx)` is truthy,
   * or -1 (Rayon's `position_first`, `Array.prototype.findIndex`). Every thread
   * stops claiming chunks once one hits, and the chunks below the hit, which
   * are already claimed, finish. Runs under 'auto' (the default), 'dynamic'
   * or 'guided', whose chunks are claimed in order.
   *
   * @example
   * ```ts
   * const first = await parallelFind(0, n, (i, { a }) => a[i] < 0, { shared: { a } });
   * ```
   */
  parallelFind<S extends Shared>(
    start: number,
    end: number,
    pred: SearchBody<S> | Kernel<SearchBody<S>> | WasmKernel,
    options?: Opts<SearchOptions, S>,
  ): Promise<number>;
  parallelFindSync<S extends Shared>(
    start: number,
    end: number,
    pred: SearchBody<S> | Kernel<SearchBody<S>> | WasmKernel,
    options?: Opts<SearchOptions, S>,
  ): number;
  /** Whether `pred(i, shared, ctx)` is truthy for some i in [start, end) (`Array.prototype.some`, Rayon's `any`); every thread stops at the first hit. */
  parallelAny<S extends Shared>(
    start: number,
    end: number,
    pred: SearchBody<S> | Kernel<SearchBody<S>> | WasmKernel,
    options?: Opts<SearchOptions, S>,
  ): Promise<boolean>;
  parallelAnySync<S extends Shared>(
    start: number,
    end: number,
    pred: SearchBody<S> | Kernel<SearchBody<S>> | WasmKernel,
    options?: Opts<SearchOptions, S>,
  ): boolean;
  /** Whether `pred(i, shared, ctx)` is truthy for every i in [start, end) (`Array.prototype.every`, Rayon's `all`); every thread stops at the first falsy one. */
  parallelAll<S extends Shared>(
    start: number,
    end: number,
    pred: SearchBody<S> | Kernel<SearchBody<S>> | WasmKernel,
    options?: Opts<SearchOptions, S>,
  ): Promise<boolean>;
  parallelAllSync<S extends Shared>(
    start: number,
    end: number,
    pred: SearchBody<S> | Kernel<SearchBody<S>> | WasmKernel,
    options?: Opts<SearchOptions, S>,
  ): boolean;
}

/** A section of parallelSections: run once, as a task, on any thread (its ctx may spawn tasks of its own). */
export type Section<S = Shared> = (ctx: TaskContext, shared: S) => void;
/** parallelSections' sections: functions, kernels or wasm kernels. */
export type Sections<S = Shared> = ReadonlyArray<Section<S> | Kernel<Section<S>> | WasmKernel>;

/** parallelFind, parallelAny and parallelAll's predicate: truthy for a hit (as for Array.prototype.find). */
export type SearchBody<S = Shared> = (i: number, shared: S, ctx: LoopContext) => unknown;
/** Options of the searches: a loop's, without `ordered`; the schedule is 'auto' (default), 'dynamic' or 'guided'. */
export type SearchOptions = Omit<LoopOptions, 'ordered'>;

/** The name of a loop function. */
export type LoopFunctionName = keyof LoopFunctions;

/**
 * Every loop kind's pair of functions is declared above: a kind added to
 * kinds/table.ts without its signatures here fails to compile on this line.
 */
export type EveryKindDeclared = Assignable<KindFunctionName | `${KindFunctionName}Sync`, LoopFunctionName>;

/**
 * And every loop function declared here is exported by api/loops.ts (and so
 * by the package, which re-exports it with `export *`): one missing from that
 * file's export list fails to compile on this line, naming it.
 */
export type EveryLoopExported = Assignable<LoopFunctionName, keyof typeof import('./loops.js')>;
