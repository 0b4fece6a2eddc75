/** The default team and the top-level loop functions that use it. */

import type { Kernel } from '../data/kernel.js';
import type { TypedArray } from '../data/typed.js';
import { describe } from '../data/typed.js';
import type { MapOptions, ReduceOptions, Trace } from './requests.js';
import {
  type Body2D,
  type LoopBody,
  type MapBody,
  type Opts,
  type RangeBody,
  type ReduceBody,
  type RegionBody,
  type RegionOptions,
  type Shared,
  Team,
} from './team.js';
import type { LoopOptions } from './validate.js';

/**
 * Where the default team lives: on the global object under a registered
 * symbol, so every copy of parfor in the process (ESM and CJS builds, two
 * versions) shares one default team instead of each starting its own.
 */
const DEFAULT_TEAM = Symbol.for('parfor.defaultTeam');
const slot = globalThis as unknown as Record<symbol, Team | undefined>;

/** The default team, created on first use (sized by PARFOR_NUM_THREADS, OMP_NUM_THREADS or the CPU count). */
export function getDefaultTeam(): Team {
  const t = slot[DEFAULT_TEAM];
  if (t !== undefined && !t.closed) return t;
  const created = new Team();
  Object.defineProperty(globalThis, DEFAULT_TEAM, { value: created, configurable: true, writable: true, enumerable: false });
  return created;
}

function teamOf(fn: string, options: unknown): Team {
  if (typeof options === 'object' && options !== null && 'team' in options) {
    const t = (options as { team?: unknown }).team;
    if (t !== undefined) {
      if (!(t instanceof Team)) throw new TypeError(`Cannot run ${fn} as 'team' must be a Team from createTeam(): received ${describe(t)}`);
      return t;
    }
  }
  return getDefaultTeam();
}

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
export function parallelFor<S extends Shared>(
  start: number,
  end: number,
  body: LoopBody<S> | Kernel,
  options: LoopOptions & { shared?: S; trace: true },
): Promise<Trace>;
export function parallelFor<S extends Shared>(
  start: number,
  end: number,
  body: LoopBody<S> | Kernel,
  options?: Opts<LoopOptions, S>,
): Promise<void>;
export function parallelFor<S extends Shared>(
  start: number,
  end: number,
  body: LoopBody<S> | Kernel,
  options?: Opts<LoopOptions, S>,
): Promise<void | Trace> {
  return viaTeam('parallelFor', options, (t) => t.parallelFor(start, end, body, options as Opts<LoopOptions, S>));
}

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
export function parallelForSync<S extends Shared>(
  start: number,
  end: number,
  body: LoopBody<S> | Kernel,
  options: LoopOptions & { shared?: S; trace: true },
): Trace;
export function parallelForSync<S extends Shared>(
  start: number,
  end: number,
  body: LoopBody<S> | Kernel,
  options?: Opts<LoopOptions, S>,
): void;
export function parallelForSync<S extends Shared>(
  start: number,
  end: number,
  body: LoopBody<S> | Kernel,
  options?: Opts<LoopOptions, S>,
): void | Trace {
  return teamOf('parallelForSync', options).parallelForSync(start, end, body, options as Opts<LoopOptions, S>);
}

/**
 * The body receives whole chunks `(lo, hi, shared, ctx)` and owns the inner loop.
 *
 * @example
 * ```ts
 * await parallelForRange(0, n, (lo, hi, { out }) => { for (let i = lo; i < hi; i++) out[i] = i; }, { shared: { out } });
 * ```
 */
export function parallelForRange<S extends Shared>(
  start: number,
  end: number,
  body: RangeBody<S> | Kernel,
  options?: Opts<LoopOptions, S>,
): Promise<void> {
  return viaTeam('parallelForRange', options, (t) => t.parallelForRange(start, end, body, options));
}

export function parallelForRangeSync<S extends Shared>(
  start: number,
  end: number,
  body: RangeBody<S> | Kernel,
  options?: Opts<LoopOptions, S>,
): void {
  teamOf('parallelForRangeSync', options).parallelForRangeSync(start, end, body, options);
}

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
export function parallelReduce<S extends Shared>(
  start: number,
  end: number,
  body: ReduceBody<S> | Kernel,
  options?: Opts<ReduceOptions, S>,
): Promise<number> {
  return viaTeam('parallelReduce', options, (t) => t.parallelReduce(start, end, body, options));
}

export function parallelReduceSync<S extends Shared>(
  start: number,
  end: number,
  body: ReduceBody<S> | Kernel,
  options?: Opts<ReduceOptions, S>,
): number {
  return teamOf('parallelReduceSync', options).parallelReduceSync(start, end, body, options);
}

/**
 * joblib's `Parallel(n_jobs)(delayed(f)(i) for i in range(n))`, without copying
 * results back: `out[i - start] = fn(i, shared, ctx)` in a shared typed array.
 *
 * @example
 * ```ts
 * const squares = await parallelMap(0, 1000, (i) => i * i);   // a shared Float64Array
 * ```
 */
export function parallelMap<S extends Shared, A extends TypedArray = Float64Array>(
  start: number,
  end: number,
  fn: MapBody<S> | Kernel,
  options?: Opts<MapOptions, S> & { out?: A },
): Promise<A> {
  return viaTeam('parallelMap', options, (t) => t.parallelMap(start, end, fn, options));
}

export function parallelMapSync<S extends Shared, A extends TypedArray = Float64Array>(
  start: number,
  end: number,
  fn: MapBody<S> | Kernel,
  options?: Opts<MapOptions, S> & { out?: A },
): A {
  return teamOf('parallelMapSync', options).parallelMapSync(start, end, fn, options);
}

/**
 * OpenMP's `collapse(2)`: `body(i, j, shared, ctx)` over a rectangle of cells,
 * the schedule dividing the flattened row-major space.
 *
 * @example
 * ```ts
 * await parallelFor2D([0, n], [0, n], (i, j, { M }) => M.set(i, j, i * i + j * j), { shared: { M } });
 * ```
 */
export function parallelFor2D<S extends Shared>(
  rows: [number, number],
  cols: [number, number],
  body: Body2D<S> | Kernel,
  options?: Opts<LoopOptions, S>,
): Promise<void> {
  return viaTeam('parallelFor2D', options, (t) => t.parallelFor2D(rows, cols, body, options));
}

export function parallelFor2DSync<S extends Shared>(
  rows: [number, number],
  cols: [number, number],
  body: Body2D<S> | Kernel,
  options?: Opts<LoopOptions, S>,
): void {
  teamOf('parallelFor2DSync', options).parallelFor2DSync(rows, cols, body, options);
}

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
export function parallel<S extends Shared>(region: RegionBody<S> | Kernel, options?: Opts<RegionOptions, S>): Promise<void> {
  return viaTeam('parallel', options, (t) => t.parallel(region, options));
}

export function parallelSync<S extends Shared>(region: RegionBody<S> | Kernel, options?: Opts<RegionOptions, S>): void {
  teamOf('parallelSync', options).parallelSync(region, options);
}

function viaTeam<T>(fn: string, options: unknown, run: (t: Team) => Promise<T>): Promise<T> {
  try {
    return run(teamOf(fn, options));
  } catch (e) {
    return Promise.reject(e);
  }
}

/** Close the default team (a later loop creates a new one). */
export async function shutdown(): Promise<void> {
  const t = slot[DEFAULT_TEAM];
  slot[DEFAULT_TEAM] = undefined;
  if (t !== undefined) await t.close();
}
