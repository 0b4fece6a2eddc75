import { Team, type LoopBody } from './team.js';
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
export declare function parallelFor<S extends Record<string, unknown>>(start: number, end: number, body: LoopBody<S> | unknown, options?: (LoopOptions & {
    shared?: S;
}) | LoopOptions['schedule']): Promise<void>;
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
export declare function parallelForSync<S extends Record<string, unknown>>(start: number, end: number, body: LoopBody<S> | unknown, options?: (LoopOptions & {
    shared?: S;
}) | LoopOptions['schedule']): void;
/** Close the default team (a later loop creates a new one). */
export declare function shutdown(): Promise<void>;
