/** The public Team: a validated face over the private Engine. */

import type { Kernel } from '../data/kernel.js';
import type { TypedArray } from '../data/typed.js';
import { describe } from '../data/typed.js';
import type { Context } from '../team/context.js';
import { Engine, type LoopResult } from '../team/engine.js';
import { WAIT_POLICIES, type WaitPolicy } from '../team/policy.js';
import type { RegionContext } from '../team/region-context.js';
import { defaultThreadCount, defaultWaitPolicy, platform } from './defaults.js';
import { type Kind, type MapOptions, prepare, type ReduceOptions, type Trace } from './requests.js';
import type { LoopOptions } from './validate.js';

/** What a body's `shared` argument is: an object of values (a type or an interface). */
export type Shared = object;
/** Options with `shared` typed as what the body receives. */
export type Opts<O, S> = (O & { shared?: S; trace?: boolean }) | LoopOptions['schedule'];

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
  resourceLimits?: { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number; codeRangeSizeMb?: number; stackSizeMb?: number };
}

/** Counters for tests and teaching. */
export interface TeamStats {
  /** Loops dispatched to workers. */
  regions: number;
  /** Messages posted to workers (new bodies or shared values); a repeated loop posts none. */
  messages: number;
}

/** Marks Team instances across copies of parfor. */
const TEAM_BRAND = Symbol.for('parfor.Team');
const TEAM_KEYS = new Set(['threads', 'waitPolicy', 'resourceLimits']);
/** Upper bound on a team's size, far beyond any useful machine. */
export const MAX_TEAM_THREADS = 1024;

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
export class Team {
  readonly #engine: Engine;

  constructor(options: TeamOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`Cannot create a team as its options must be an object: received ${describe(options)}`);
    }
    for (const key of Object.keys(options)) {
      if (!TEAM_KEYS.has(key))
        throw new TypeError(`Cannot create a team as '${key}' is not an option: expected one of ${[...TEAM_KEYS].join(', ')}`);
    }
    const threads = options.threads ?? defaultThreadCount();
    if (typeof threads !== 'number')
      throw new TypeError(`Cannot create a team as 'threads' must be a number: received ${describe(threads)}`);
    if (!Number.isSafeInteger(threads) || threads < 1 || threads > MAX_TEAM_THREADS) {
      throw new RangeError(`Cannot create a team as 'threads' must be an integer from 1 to ${MAX_TEAM_THREADS}: received ${threads}`);
    }
    const waitPolicy = options.waitPolicy ?? defaultWaitPolicy();
    if (!(WAIT_POLICIES as readonly unknown[]).includes(waitPolicy)) {
      throw new RangeError(
        `Cannot create a team as 'waitPolicy' must be one of ${WAIT_POLICIES.join(', ')}: received ${describe(waitPolicy)}`,
      );
    }
    this.#engine = new Engine(platform, { threads, waitPolicy, resourceLimits: checkResourceLimits(options.resourceLimits) });
  }

  /** `instanceof Team` works across copies of parfor in one process (ESM and CJS builds, two versions). */
  static [Symbol.hasInstance](v: unknown): boolean {
    return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[TEAM_BRAND] === true;
  }

  /** Threads in the team. */
  get size(): number {
    return this.#engine.size;
  }

  get waitPolicy(): WaitPolicy {
    return this.#engine.waitPolicy;
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#engine.isClosed;
  }

  get stats(): TeamStats {
    return { regions: this.#engine.regions, messages: this.#engine.messages };
  }

  /** Resolves when every worker has started (rejects with WorkerExitError if one cannot). */
  ready(): Promise<void> {
    return this.#engine.ready();
  }

  /**
   * Run `body(i, shared, ctx)` once for every integer i in [start, end) on
   * this team's workers. Resolves when every thread has left the loop.
   * Concurrent calls are queued and run one after another.
   */
  parallelFor<S extends Shared>(
    start: number,
    end: number,
    body: LoopBody<S> | Kernel,
    options: LoopOptions & { shared?: S; trace: true },
  ): Promise<Trace>;
  parallelFor<S extends Shared>(start: number, end: number, body: LoopBody<S> | Kernel, options?: Opts<LoopOptions, S>): Promise<void>;
  parallelFor<S extends Shared>(
    start: number,
    end: number,
    body: LoopBody<S> | Kernel,
    options?: Opts<LoopOptions, S>,
  ): Promise<void | Trace> {
    return this.#async('parallelFor', 'for', start, end, body, options) as Promise<void | Trace>;
  }

  /**
   * Like parallelFor, but the calling thread takes part as thread 0 and the
   * call returns when the loop is done. Node only (a browser main thread may
   * not block: UnsupportedEnvironmentError). An AbortSignal can only stop the
   * loop if it is already aborted, since the thread that would fire it is busy.
   */
  parallelForSync<S extends Shared>(
    start: number,
    end: number,
    body: LoopBody<S> | Kernel,
    options: LoopOptions & { shared?: S; trace: true },
  ): Trace;
  parallelForSync<S extends Shared>(start: number, end: number, body: LoopBody<S> | Kernel, options?: Opts<LoopOptions, S>): void;
  parallelForSync<S extends Shared>(start: number, end: number, body: LoopBody<S> | Kernel, options?: Opts<LoopOptions, S>): void | Trace {
    return this.#sync('parallelForSync', 'for', start, end, body, options) as void | Trace;
  }

  /**
   * Like parallelFor, but the body receives whole chunks, `body(lo, hi, shared, ctx)`,
   * and runs the inner loop itself (TBB's blocked_range): for bodies with per-chunk state.
   * Under plain `static` each thread gets its whole block in one call.
   */
  parallelForRange<S extends Shared>(
    start: number,
    end: number,
    body: RangeBody<S> | Kernel,
    options?: Opts<LoopOptions, S>,
  ): Promise<void> {
    return this.#async('parallelForRange', 'range', start, end, body, options) as Promise<void>;
  }

  parallelForRangeSync<S extends Shared>(start: number, end: number, body: RangeBody<S> | Kernel, options?: Opts<LoopOptions, S>): void {
    this.#sync('parallelForRangeSync', 'range', start, end, body, options);
  }

  /**
   * Reduce `body(i, shared, ctx)` (a number) over [start, end) with `op`. Each
   * thread accumulates privately; partials are combined in thread order, so a
   * `static` loop gives the same answer every run.
   */
  parallelReduce<S extends Shared>(
    start: number,
    end: number,
    body: ReduceBody<S> | Kernel,
    options?: Opts<ReduceOptions, S>,
  ): Promise<number> {
    return this.#async('parallelReduce', 'reduce', start, end, body, options) as Promise<number>;
  }

  parallelReduceSync<S extends Shared>(start: number, end: number, body: ReduceBody<S> | Kernel, options?: Opts<ReduceOptions, S>): number {
    return this.#sync('parallelReduceSync', 'reduce', start, end, body, options) as number;
  }

  /**
   * `out[i - start] = fn(i, shared, ctx)` for every i in [start, end), into `options.out`
   * or a new shared Float64Array; resolves with that array. Results are written in place.
   */
  parallelMap<S extends Shared, A extends TypedArray = Float64Array>(
    start: number,
    end: number,
    fn: MapBody<S> | Kernel,
    options?: Opts<MapOptions, S> & { out?: A },
  ): Promise<A> {
    return this.#async('parallelMap', 'map', start, end, fn, options) as Promise<A>;
  }

  parallelMapSync<S extends Shared, A extends TypedArray = Float64Array>(
    start: number,
    end: number,
    fn: MapBody<S> | Kernel,
    options?: Opts<MapOptions, S> & { out?: A },
  ): A {
    return this.#sync('parallelMapSync', 'map', start, end, fn, options) as A;
  }

  /**
   * `body(i, j, shared, ctx)` for every cell of [rows[0], rows[1]) × [cols[0], cols[1]):
   * OpenMP's `collapse(2)`. The schedule divides the flattened row-major space.
   */
  parallelFor2D<S extends Shared>(
    rows: [number, number],
    cols: [number, number],
    body: Body2D<S> | Kernel,
    options?: Opts<LoopOptions, S>,
  ): Promise<void> {
    return this.#async('parallelFor2D', 'for2d', rows, cols, body, options) as Promise<void>;
  }

  parallelFor2DSync<S extends Shared>(
    rows: [number, number],
    cols: [number, number],
    body: Body2D<S> | Kernel,
    options?: Opts<LoopOptions, S>,
  ): void {
    this.#sync('parallelFor2DSync', 'for2d', rows, cols, body, options);
  }

  /**
   * OpenMP's `#pragma omp parallel`: every thread runs `region(ctx, shared)` once.
   * Inside, `ctx` adds barrier(), critical(fn), single(fn), master(fn) and
   * loop(start, end, fn, schedule), so an iterative algorithm runs many
   * worksharing loops per dispatch.
   */
  parallel<S extends Shared>(region: RegionBody<S> | Kernel, options?: Opts<RegionOptions, S>): Promise<void> {
    return this.#async('parallel', 'region', undefined, undefined, region, options) as Promise<void>;
  }

  parallelSync<S extends Shared>(region: RegionBody<S> | Kernel, options?: Opts<RegionOptions, S>): void {
    this.#sync('parallelSync', 'region', undefined, undefined, region, options);
  }

  /** The `team` option, on a Team's own method, may only name this team (the top-level functions pass it on). */
  #checkTeam(fn: string, options: unknown): void {
    if (typeof options !== 'object' || options === null) return;
    const t = (options as { team?: unknown }).team;
    if (t !== undefined && t !== this) {
      throw new TypeError(
        `Cannot run ${fn} with the 'team' option on a Team's own method unless it names that team: received ${describe(t)}; ` +
          'call the method on the team you mean, or use the top-level function',
      );
    }
  }

  #async(fn: string, kind: Kind, a: unknown, b: unknown, body: unknown, options: unknown): Promise<unknown> {
    let p: ReturnType<typeof prepare>;
    try {
      this.#checkTeam(fn, options);
      p = prepare(this.#engine, fn, kind, a, b, body, options);
    } catch (e) {
      return Promise.reject(e);
    }
    if ('value' in p) return Promise.resolve(p.value);
    const { req, finish, locate, report } = p;
    report.begin();
    return this.#engine.runAsync(req).then(
      (r) => {
        report.end();
        return finish(r);
      },
      (e: unknown) => {
        report.end(e);
        throw locate ? locate(e) : e;
      },
    );
  }

  #sync(fn: string, kind: Kind, a: unknown, b: unknown, body: unknown, options: unknown): unknown {
    this.#checkTeam(fn, options);
    const p = prepare(this.#engine, fn, kind, a, b, body, options);
    if ('value' in p) return p.value;
    p.report.begin();
    let r: LoopResult;
    try {
      r = this.#engine.runSync(p.req);
    } catch (e) {
      p.report.end(e);
      throw p.locate ? p.locate(e) : e;
    }
    p.report.end();
    return p.finish(r);
  }

  /**
   * Stop the workers. Loops called before `close()` finish first; later calls
   * reject with TeamClosedError.
   */
  close(): Promise<void> {
    return this.#engine.close();
  }
}

const LIMIT_KEYS = ['maxOldGenerationSizeMb', 'maxYoungGenerationSizeMb', 'codeRangeSizeMb', 'stackSizeMb'];

function checkResourceLimits(v: unknown): Record<string, number> | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new TypeError(`Cannot create a team as 'resourceLimits' must be an object of sizes in MB: received ${describe(v)}`);
  }
  const out: Record<string, number> = {};
  for (const key in v) {
    if (!LIMIT_KEYS.includes(key)) {
      throw new TypeError(`Cannot create a team as 'resourceLimits.${key}' is not a limit: expected one of ${LIMIT_KEYS.join(', ')}`);
    }
    const n = (v as Record<string, unknown>)[key];
    if (n === undefined) continue;
    if (typeof n !== 'number')
      throw new TypeError(`Cannot create a team as 'resourceLimits.${key}' must be a number of MB: received ${describe(n)}`);
    if (!(n > 0) || !Number.isFinite(n))
      throw new RangeError(`Cannot create a team as 'resourceLimits.${key}' must be a positive number of MB: received ${n}`);
    out[key] = n;
  }
  return out;
}

Object.defineProperty(Team.prototype, TEAM_BRAND, { value: true });

/** Create a team of worker threads. See {@link Team}. */
export function createTeam(options?: TeamOptions): Team {
  return new Team(options);
}
