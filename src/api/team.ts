/** The public Team: a validated face over the private Engine. */
import { describe } from '../data/typed.js';
import { Engine, type LoopRequest } from '../team/engine.js';
import { WAIT_POLICIES, type WaitPolicy } from '../team/policy.js';
import { defaultThreadCount, defaultWaitPolicy, platform } from './defaults.js';
import { runSerial } from './serial.js';
import { inLoopThread } from '../team/thread-flag.js';
import { checkSignal, checkTimeout, planLoop, readOptions, type LoopOptions } from './validate.js';

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
  resourceLimits?: { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number; codeRangeSizeMb?: number; stackSizeMb?: number };
}

/** Counters for tests and teaching. */
export interface TeamStats {
  /** Loops dispatched to workers. */
  regions: number;
  /** Messages posted to workers (new bodies or shared values); a repeated loop posts none. */
  messages: number;
}

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
      if (!TEAM_KEYS.has(key)) throw new TypeError(`Cannot create a team as '${key}' is not an option: expected one of ${[...TEAM_KEYS].join(', ')}`);
    }
    const threads = options.threads ?? defaultThreadCount();
    if (typeof threads !== 'number') throw new TypeError(`Cannot create a team as 'threads' must be a number: received ${describe(threads)}`);
    if (!Number.isSafeInteger(threads) || threads < 1 || threads > MAX_TEAM_THREADS) {
      throw new RangeError(`Cannot create a team as 'threads' must be an integer from 1 to ${MAX_TEAM_THREADS}: received ${threads}`);
    }
    const waitPolicy = options.waitPolicy ?? defaultWaitPolicy();
    if (!(WAIT_POLICIES as readonly unknown[]).includes(waitPolicy)) {
      throw new RangeError(`Cannot create a team as 'waitPolicy' must be one of ${WAIT_POLICIES.join(', ')}: received ${describe(waitPolicy)}`);
    }
    this.#engine = new Engine(platform, { threads, waitPolicy, resourceLimits: options.resourceLimits });
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
  parallelFor<S extends Record<string, unknown>>(start: number, end: number, body: LoopBody<S> | unknown, options?: LoopOptions & { shared?: S } | LoopOptions['schedule']): Promise<void> {
    try {
      const req = this.#request('parallelFor', start, end, body, options);
      if (req === null) return Promise.resolve();
      return this.#engine.runAsync(req);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Like parallelFor, but the calling thread takes part as thread 0 and the
   * call returns when the loop is done. Node only (a browser main thread may
   * not block: UnsupportedEnvironmentError). An AbortSignal can only stop the
   * loop if it is already aborted, since the thread that would fire it is busy.
   */
  parallelForSync<S extends Record<string, unknown>>(start: number, end: number, body: LoopBody<S> | unknown, options?: LoopOptions & { shared?: S } | LoopOptions['schedule']): void {
    const req = this.#request('parallelForSync', start, end, body, options);
    if (req !== null) this.#engine.runSync(req);
  }

  /** Returns null when the loop already ran serially (called from inside a loop body). */
  #request(fn: string, start: unknown, end: unknown, body: unknown, options: unknown): LoopRequest | null {
    const o = readOptions(fn, options);
    const plan = planLoop(fn, start, end, o, this.#engine.size);
    const reg = this.#engine.bodies.register(body);
    const shared = this.#engine.shared.snapshot(o.shared);
    const signal = checkSignal(fn, o.signal);
    const timeout = checkTimeout(fn, o.timeout);
    if (inLoopThread()) {
      if (signal?.aborted) throw signal.reason;
      runSerial(plan.start, plan.start + plan.n, body, o.shared);
      return null;
    }
    return { plan, body: reg, shared, signal, timeout };
  }

  /**
   * Stop the workers. Loops called before `close()` finish first; later calls
   * reject with TeamClosedError.
   */
  close(): Promise<void> {
    return this.#engine.close();
  }
}

/** Create a team of worker threads. See {@link Team}. */
export function createTeam(options?: TeamOptions): Team {
  return new Team(options);
}
