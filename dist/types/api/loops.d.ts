import type { Kernel } from '../data/kernel.js';
import type { TypedArray } from '../data/typed.js';
import type { MapOptions, ReduceOptions, Trace } from './requests.js';
import { Team, type Body2D, type LoopBody, type MapBody, type Opts, type RangeBody, type ReduceBody, type RegionBody, type RegionOptions, type Shared } from './team.js';
import type { LoopOptions } from './validate.js';
/** The default team, created on first use (sized by PARFOR_NUM_THREADS, OMP_NUM_THREADS or the CPU count). */
export declare function getDefaultTeam(): Team;
/**
 * Run `body(i, shared, ctx)` once for every integer i in [start, end), in
 * parallel on a team of worker threads (the default team unless `team` is
 * given). `options` may be a schedule name as a shorthand.
 *
 * @example
 * ```ts
 * const M = new SharedMatrix(n, n);
 * await parallelFor(0, n, (i, { M, n }) => {
 *   for (let j = 0; j < n; j++) M.data[i * n + j] = i * i + j * j;
 * }, { shared: { M, n }, schedule: 'dynamic', chunk: 16 });
 * ```
 */
export declare function parallelFor<S extends Shared>(start: number, end: number, body: LoopBody<S> | Kernel, options: LoopOptions & {
    shared?: S;
    trace: true;
}): Promise<Trace>;
export declare function parallelFor<S extends Shared>(start: number, end: number, body: LoopBody<S> | Kernel, options?: Opts<LoopOptions, S>): Promise<void>;
/**
 * Run the loop with the calling thread taking part as thread 0; returns when
 * every iteration has run. Node only.
 *
 * @example
 * ```ts
 * const out = sharedArray(Float64Array, n);
 * parallelForSync(0, n, (i, { out }) => { out[i] = Math.sqrt(i); }, { shared: { out } });
 * ```
 */
export declare function parallelForSync<S extends Shared>(start: number, end: number, body: LoopBody<S> | Kernel, options: LoopOptions & {
    shared?: S;
    trace: true;
}): Trace;
export declare function parallelForSync<S extends Shared>(start: number, end: number, body: LoopBody<S> | Kernel, options?: Opts<LoopOptions, S>): void;
/**
 * The body receives whole chunks `(lo, hi, shared, ctx)` and owns the inner loop.
 *
 * @example
 * ```ts
 * await parallelForRange(0, n, (lo, hi, { out }) => { for (let i = lo; i < hi; i++) out[i] = i; }, { shared: { out } });
 * ```
 */
export declare function parallelForRange<S extends Shared>(start: number, end: number, body: RangeBody<S> | Kernel, options?: Opts<LoopOptions, S>): Promise<void>;
export declare function parallelForRangeSync<S extends Shared>(start: number, end: number, body: RangeBody<S> | Kernel, options?: Opts<LoopOptions, S>): void;
/**
 * OpenMP's `reduction`: combine what `body` returns for every i with `op`
 * ('+' by default, '*', 'min', 'max', or a combiner with an `identity`).
 *
 * @example
 * ```ts
 * const steps = 1e8;
 * const pi = await parallelReduce(0, steps, (i, { h }) => { const x = (i + 0.5) * h; return 4 / (1 + x * x); },
 *   { op: '+', shared: { h: 1 / steps } }) / steps;
 * ```
 */
export declare function parallelReduce<S extends Shared>(start: number, end: number, body: ReduceBody<S> | Kernel, options?: Opts<ReduceOptions, S>): Promise<number>;
export declare function parallelReduceSync<S extends Shared>(start: number, end: number, body: ReduceBody<S> | Kernel, options?: Opts<ReduceOptions, S>): number;
/**
 * joblib's `Parallel(n_jobs)(delayed(f)(i) for i in range(n))`, without copying
 * results back: `out[i - start] = fn(i, shared, ctx)` in a shared typed array.
 *
 * @example
 * ```ts
 * const squares = await parallelMap(0, 1000, (i) => i * i);   // a shared Float64Array
 * ```
 */
export declare function parallelMap<S extends Shared, A extends TypedArray = Float64Array>(start: number, end: number, fn: MapBody<S> | Kernel, options?: Opts<MapOptions, S> & {
    out?: A;
}): Promise<A>;
export declare function parallelMapSync<S extends Shared, A extends TypedArray = Float64Array>(start: number, end: number, fn: MapBody<S> | Kernel, options?: Opts<MapOptions, S> & {
    out?: A;
}): A;
/**
 * OpenMP's `collapse(2)`: `body(i, j, shared, ctx)` over a rectangle of cells,
 * the schedule dividing the flattened row-major space.
 *
 * @example
 * ```ts
 * await parallelFor2D([0, n], [0, n], (i, j, { M }) => M.set(i, j, i * i + j * j), { shared: { M } });
 * ```
 */
export declare function parallelFor2D<S extends Shared>(rows: [number, number], cols: [number, number], body: Body2D<S> | Kernel, options?: Opts<LoopOptions, S>): Promise<void>;
export declare function parallelFor2DSync<S extends Shared>(rows: [number, number], cols: [number, number], body: Body2D<S> | Kernel, options?: Opts<LoopOptions, S>): void;
/**
 * OpenMP's `#pragma omp parallel`: every thread runs `region(ctx, shared)` once,
 * with ctx.barrier(), critical(fn), single(fn), master(fn) and loop(start, end, fn, schedule).
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
export declare function parallel<S extends Shared>(region: RegionBody<S> | Kernel, options?: Opts<RegionOptions, S>): Promise<void>;
export declare function parallelSync<S extends Shared>(region: RegionBody<S> | Kernel, options?: Opts<RegionOptions, S>): void;
/** Close the default team (a later loop creates a new one). */
export declare function shutdown(): Promise<void>;
