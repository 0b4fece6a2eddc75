import { type WaitPolicy } from '../team/policy.js';
import { type LoopOptions } from './validate.js';
/** A loop body: called once per iteration with the index, the shared values and the thread's context. */
export type LoopBody<S = Record<string, unknown>> = (i: number, shared: S, ctx: LoopContext) => void;
/** What a body learns about the thread running it. */
export interface LoopContext {
    /** 0 … numThreads-1; in a synchronous loop the calling thread is 0. */
    readonly threadId: number;
    /** Threads taking part in this loop. */
    readonly numThreads: number;
}
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
    parallelFor<S extends Record<string, unknown>>(start: number, end: number, body: LoopBody<S> | unknown, options?: LoopOptions & {
        shared?: S;
    } | LoopOptions['schedule']): Promise<void>;
    /**
     * Like parallelFor, but the calling thread takes part as thread 0 and the
     * call returns when the loop is done. Node only (a browser main thread may
     * not block: UnsupportedEnvironmentError). An AbortSignal can only stop the
     * loop if it is already aborted, since the thread that would fire it is busy.
     */
    parallelForSync<S extends Record<string, unknown>>(start: number, end: number, body: LoopBody<S> | unknown, options?: LoopOptions & {
        shared?: S;
    } | LoopOptions['schedule']): void;
    /**
     * Stop the workers. Loops called before `close()` finish first; later calls
     * reject with TeamClosedError.
     */
    close(): Promise<void>;
}
/** Create a team of worker threads. See {@link Team}. */
export declare function createTeam(options?: TeamOptions): Team;
