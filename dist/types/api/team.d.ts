import type { Kernel } from '../data/kernel.js';
import type { TypedArray } from '../data/typed.js';
import type { Context } from '../team/context.js';
import type { RegionContext } from '../team/region-context.js';
import { type WaitPolicy } from '../team/policy.js';
import { type MapOptions, type ReduceOptions, type Trace } from './requests.js';
import type { LoopOptions } from './validate.js';
/** What a body's `shared` argument is: an object of values. */
export type Shared = Record<string, unknown>;
/** Options with `shared` typed as what the body receives. */
export type Opts<O, S> = (O & {
    shared?: S;
    trace?: boolean;
}) | LoopOptions['schedule'];
/** What a body learns about the thread running it: `threadId`, `numThreads`, and `atomicAdd`. */
export type LoopContext = Context;
/** A loop body: called once per iteration with the index, the shared values and the thread's context. */
export type LoopBody<S = Shared> = (i: number, shared: S, ctx: LoopContext) => void;
/** A parallelForRange body: called once per chunk [lo, hi). */
export type RangeBody<S = Shared> = (lo: number, hi: number, shared: S, ctx: LoopContext) => void;
/** A parallelReduce body: returns iteration i's contribution. */
export type ReduceBody<S = Shared> = (i: number, shared: S, ctx: LoopContext) => number;
/** A parallelMap function: returns the value stored at out[i - start]. */
export type MapBody<S = Shared> = (i: number, shared: S, ctx: LoopContext) => number | bigint;
/** A parallelFor2D body: called once per cell (i, j). */
export type Body2D<S = Shared> = (i: number, j: number, shared: S, ctx: LoopContext) => void;
/** A parallel region: run once by every thread. */
export type RegionBody<S = Shared> = (ctx: RegionContext, shared: S) => void;
/** Options of parallel(): those of a loop without `schedule` and `chunk`. */
export type RegionOptions = Omit<LoopOptions, 'schedule' | 'chunk'>;
export interface TeamOptions {
    /** Threads in the team (default: PARFOR_NUM_THREADS, OMP_NUM_THREADS, or the CPU count). */
    threads?: number;
    /** 'auto' (spin briefly, then sleep; default), 'spin' or 'block'. See OMP_WAIT_POLICY. */
    waitPolicy?: WaitPolicy;
    /** Per-worker V8 heap limits (worker_threads `resourceLimits`). */
    resourceLimits?: {
        maxOldGenerationSizeMb?: number;
        maxYoungGenerationSizeMb?: number;
        codeRangeSizeMb?: number;
        stackSizeMb?: number;
    };
}
/** Counters for tests and teaching. */
export interface TeamStats {
    /** Loops dispatched to workers. */
    regions: number;
    /** Messages posted to workers (new bodies or shared values); a repeated loop posts none. */
    messages: number;
}
/** Upper bound on a team's size, far beyond any useful machine. */
export declare const MAX_TEAM_THREADS = 1024;
/**
 * A fixed set of worker threads that runs loops (OpenMP's team). Workers start
 * at once, in parallel; `await team.ready()` to pay that cost up front. Idle
 * workers do not keep the process alive.
 *
 * @example
 * ```ts
 * const team = createTeam({ threads: 2 });
 * await team.ready();
 * const out = sharedArray(Float64Array, 1e6);
 * await team.parallelFor(0, out.length, (i, { out }) => { out[i] = i * i; }, { shared: { out } });
 * await team.close();
 * ```
 */
export declare class Team {
    #private;
    constructor(options?: TeamOptions);
    /** Threads in the team. */
    get size(): number;
    get waitPolicy(): WaitPolicy;
    /** True once `close()` was called. */
    get closed(): boolean;
    get stats(): TeamStats;
    /** Resolves when every worker has started (rejects with WorkerExitError if one cannot). */
    ready(): Promise<void>;
    /**
     * Run `body(i, shared, ctx)` once for every integer i in [start, end) on
     * this team's workers. Resolves when every thread has left the loop.
     * Concurrent calls are queued and run one after another.
     */
    parallelFor<S extends Shared>(start: number, end: number, body: LoopBody<S> | Kernel, options: LoopOptions & {
        shared?: S;
        trace: true;
    }): Promise<Trace>;
    parallelFor<S extends Shared>(start: number, end: number, body: LoopBody<S> | Kernel, options?: Opts<LoopOptions, S>): Promise<void>;
    /**
     * Like parallelFor, but the calling thread takes part as thread 0 and the
     * call returns when the loop is done. Node only (a browser main thread may
     * not block: UnsupportedEnvironmentError). An AbortSignal can only stop the
     * loop if it is already aborted, since the thread that would fire it is busy.
     */
    parallelForSync<S extends Shared>(start: number, end: number, body: LoopBody<S> | Kernel, options: LoopOptions & {
        shared?: S;
        trace: true;
    }): Trace;
    parallelForSync<S extends Shared>(start: number, end: number, body: LoopBody<S> | Kernel, options?: Opts<LoopOptions, S>): void;
    /**
     * Like parallelFor, but the body receives whole chunks, `body(lo, hi, shared, ctx)`,
     * and runs the inner loop itself (TBB's blocked_range): for bodies with per-chunk state.
     * Under plain `static` each thread gets its whole block in one call.
     */
    parallelForRange<S extends Shared>(start: number, end: number, body: RangeBody<S> | Kernel, options?: Opts<LoopOptions, S>): Promise<void>;
    parallelForRangeSync<S extends Shared>(start: number, end: number, body: RangeBody<S> | Kernel, options?: Opts<LoopOptions, S>): void;
    /**
     * Reduce `body(i, shared, ctx)` (a number) over [start, end) with `op`. Each
     * thread accumulates privately; partials are combined in thread order, so a
     * `static` loop gives the same answer every run.
     */
    parallelReduce<S extends Shared>(start: number, end: number, body: ReduceBody<S> | Kernel, options?: Opts<ReduceOptions, S>): Promise<number>;
    parallelReduceSync<S extends Shared>(start: number, end: number, body: ReduceBody<S> | Kernel, options?: Opts<ReduceOptions, S>): number;
    /**
     * `out[i - start] = fn(i, shared, ctx)` for every i in [start, end), into `options.out`
     * or a new shared Float64Array; resolves with that array. Results are written in place.
     */
    parallelMap<S extends Shared, A extends TypedArray = Float64Array>(start: number, end: number, fn: MapBody<S> | Kernel, options?: Opts<MapOptions, S> & {
        out?: A;
    }): Promise<A>;
    parallelMapSync<S extends Shared, A extends TypedArray = Float64Array>(start: number, end: number, fn: MapBody<S> | Kernel, options?: Opts<MapOptions, S> & {
        out?: A;
    }): A;
    /**
     * `body(i, j, shared, ctx)` for every cell of [rows[0], rows[1]) × [cols[0], cols[1]):
     * OpenMP's `collapse(2)`. The schedule divides the flattened row-major space.
     */
    parallelFor2D<S extends Shared>(rows: [number, number], cols: [number, number], body: Body2D<S> | Kernel, options?: Opts<LoopOptions, S>): Promise<void>;
    parallelFor2DSync<S extends Shared>(rows: [number, number], cols: [number, number], body: Body2D<S> | Kernel, options?: Opts<LoopOptions, S>): void;
    /**
     * OpenMP's `#pragma omp parallel`: every thread runs `region(ctx, shared)` once.
     * Inside, `ctx` adds barrier(), critical(fn), single(fn), master(fn) and
     * loop(start, end, fn, schedule), so an iterative algorithm runs many
     * worksharing loops per dispatch.
     */
    parallel<S extends Shared>(region: RegionBody<S> | Kernel, options?: Opts<RegionOptions, S>): Promise<void>;
    parallelSync<S extends Shared>(region: RegionBody<S> | Kernel, options?: Opts<RegionOptions, S>): void;
    /**
     * Stop the workers. Loops called before `close()` finish first; later calls
     * reject with TeamClosedError.
     */
    close(): Promise<void>;
}
/** Create a team of worker threads. See {@link Team}. */
export declare function createTeam(options?: TeamOptions): Team;
