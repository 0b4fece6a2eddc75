/** The public Team: a validated face over the private Engine. */

import { describe } from '../describe.js';
import { isFiniteNumber, isSafeInteger } from '../intrinsics.js';
import { KIND_IDS, KINDS, type KindId } from '../kinds/table.js';
import { Engine, type WaitPolicy as EngineWaitPolicy, WAIT_POLICIES } from '../team/dispatch/engine.js';
import { type CallContext, optionsOf, parseCall } from './call.js';
import { defaultThreadCount, defaultWaitPolicy, defaultWake, platform, runtimeSchedule } from './defaults.js';
import { SECTIONS_ROOT, sectionsTable } from './sections.js';
import type { Assignable, LoopFunctions, Sections, Shared, TaskOptions } from './signatures.js';
import { formatStats, readStats, type TeamStats } from './stats.js';

/** `auto` (spin briefly, then sleep; the default), `spin` (latency first, burns CPU) or `block` (sleep at once). See OMP_WAIT_POLICY. */
export type WaitPolicy = 'auto' | 'spin' | 'block';
/** The engine takes exactly these policies (this alias fails to compile otherwise; not exported, so no engine type ships). */
// biome-ignore lint/correctness/noUnusedVariables: a compile-time check, read by tsc only
type WaitPoliciesMatch = [Assignable<WaitPolicy, EngineWaitPolicy>, Assignable<EngineWaitPolicy, WaitPolicy>];

export interface TeamOptions {
  /** Threads in the team (default: PARFOR_NUM_THREADS, OMP_NUM_THREADS, or the CPU count). */
  threads?: number;
  /** 'auto' (spin briefly, then sleep; default), 'spin' or 'block'. See OMP_WAIT_POLICY. */
  waitPolicy?: WaitPolicy;
  /** Per-worker V8 heap limits (worker_threads `resourceLimits`). */
  resourceLimits?: { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number; codeRangeSizeMb?: number; stackSizeMb?: number };
  /**
   * Keep per-thread figures in `team.stats` (busy time, chunks, barrier
   * waits, wake-ups, steals; see `statsReport()`). Every chunk and barrier is
   * then timed, which costs two clock reads per chunk. Default false.
   */
  stats?: boolean;
}

declare global {
  interface SymbolConstructor {
    /**
     * The well-known symbol of `await using` (TypeScript's lib `esnext.disposable`, and @types/node,
     * declare it too). Declared here so that parfor's types check under older `lib` settings.
     */
    readonly asyncDispose: unique symbol;
  }
}

/** Marks Team instances across copies of parfor. */
const TEAM_BRAND = Symbol.for('parfor.Team');
const TEAM_KEYS = new Set(['threads', 'waitPolicy', 'resourceLimits', 'stats']);
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
// The loop methods are declared by LoopFunctions and defined from the kind table in the class's
// static block: the interface merges them into the class's type.
export interface Team extends LoopFunctions {
  /**
   * `close()`, for `await using team = createTeam()`: the team closes when
   * the scope that declared it is left. Defined where the platform has
   * `Symbol.asyncDispose` (Node 20, Deno, Bun, current browsers). There is
   * no `Symbol.dispose`: closing waits for the loops already called and for
   * the workers to exit, which a synchronous `using` could not wait for.
   */
  [Symbol.asyncDispose](): Promise<void>;
}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: every member of LoopFunctions is defined in the static block below (test/kinds.test.ts checks)
export class Team {
  readonly #engine: Engine;
  /** What parseCall needs of this team. */
  readonly #context: CallContext;

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
    if (!isSafeInteger(threads) || threads < 1 || threads > MAX_TEAM_THREADS) {
      throw new RangeError(`Cannot create a team as 'threads' must be an integer from 1 to ${MAX_TEAM_THREADS}: received ${threads}`);
    }
    const waitPolicy = options.waitPolicy ?? defaultWaitPolicy();
    if (!(WAIT_POLICIES as readonly unknown[]).includes(waitPolicy)) {
      throw new RangeError(
        `Cannot create a team as 'waitPolicy' must be one of ${WAIT_POLICIES.join(', ')}: received ${describe(waitPolicy)}`,
      );
    }
    const stats = options.stats ?? false;
    if (typeof stats !== 'boolean') throw new TypeError(`Cannot create a team as 'stats' must be a boolean: received ${describe(stats)}`);
    this.#engine = new Engine(platform, {
      threads,
      waitPolicy,
      wake: defaultWake(),
      resourceLimits: checkResourceLimits(options.resourceLimits),
      stats,
    });
    this.#context = { teamSize: threads, runtime: runtimeSchedule };
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

  /**
   * What the team did: loops dispatched and messages posted, and, on a team
   * created with `{ stats: true }`, per-thread figures (busy time and
   * utilization, chunks, iterations, barrier and join waits, wake-ups,
   * steals) and the load imbalance. Exact between loops; a fresh object each read.
   */
  get stats(): TeamStats {
    return readStats(this.#engine.stats, this.#engine.regions, this.#engine.messages);
  }

  /** `stats` as a small table, one line per thread that took part, ending with the imbalance. */
  statsReport(): string {
    return formatStats(this.stats);
  }

  /** Resolves when every worker has started (rejects with WorkerExitError if one cannot). */
  ready(): Promise<void> {
    return this.#engine.ready();
  }

  // The loop functions (LoopFunctions), one async and one sync method per loop kind, built
  // from kinds/table.ts; they are defined here so that they may call the private #call. Where the
  // options sit is the argument shape's business (kinds/shape.ts): each method passes its four
  // arguments on as they came.
  static {
    for (const id of KIND_IDS) {
      const { fn } = KINDS[id];
      const sync = `${fn}Sync`;
      defineMethod(Team.prototype, fn, function (this: Team, a0: unknown, a1: unknown, a2: unknown, a3: unknown) {
        try {
          return this.#call(fn, id, false, a0, a1, a2, a3);
        } catch (e) {
          return Promise.reject(e); // an async function reports a bad argument by rejecting, never by throwing
        }
      });
      defineMethod(Team.prototype, sync, function (this: Team, a0: unknown, a1: unknown, a2: unknown, a3: unknown) {
        return this.#call(sync, id, true, a0, a1, a2, a3);
      });
    }
  }

  /**
   * OpenMP's `sections` (TBB's `parallel_invoke`): run each function of
   * `sections` once, in parallel, as a task `(ctx, shared) => void` that any
   * thread may run; resolves once all have finished. A section that throws
   * rejects the call with a TaskError whose `task` is `section<k>`, and the
   * others are cancelled, as in parallelTasks.
   */
  parallelSections<S extends Shared>(sections: Sections<S>, options?: TaskOptions<S>): Promise<void> {
    try {
      const { table, args } = sectionsTable('parallelSections', sections);
      return (this.#call('parallelSections', 'tasks', false, table, SECTIONS_ROOT, args, options) as Promise<unknown>).then(() => {});
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** parallelSections with the calling thread taking part as thread 0. */
  parallelSectionsSync<S extends Shared>(sections: Sections<S>, options?: TaskOptions<S>): void {
    const { table, args } = sectionsTable('parallelSectionsSync', sections);
    this.#call('parallelSectionsSync', 'tasks', true, table, SECTIONS_ROOT, args, options);
  }

  /** Parse one call (api/call.ts) and have the engine run it: async, sync, or inline inside a body. */
  #call(fn: string, id: KindId, sync: boolean, a0: unknown, a1: unknown, a2: unknown, a3: unknown): unknown {
    this.#checkTeam(fn, optionsOf(id, a0, a1, a2, a3));
    // The engine lends the Call and takes it back when the loop settles; a call that fails to parse gives it back here.
    const call = this.#engine.takeCall();
    try {
      parseCall(fn, id, this.#context, a0, a1, a2, a3, call);
    } catch (e) {
      this.#engine.giveCall(call);
      throw e;
    }
    return this.#engine.call(call, sync);
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
    if (!(n > 0) || !isFiniteNumber(n))
      throw new RangeError(`Cannot create a team as 'resourceLimits.${key}' must be a positive number of MB: received ${n}`);
    out[key] = n;
  }
  return out;
}

Object.defineProperty(Team.prototype, TEAM_BRAND, { value: true });
const asyncDispose = (Symbol as { asyncDispose?: symbol }).asyncDispose;
if (asyncDispose !== undefined) {
  defineMethod(Team.prototype, asyncDispose, function (this: Team) {
    return this.close();
  });
}

/** A method on Team.prototype, non-enumerable like a class method, named for stack traces. */
function defineMethod(proto: object, name: string | symbol, f: (...a: never[]) => unknown): void {
  Object.defineProperty(f, 'name', { value: typeof name === 'symbol' ? `[${name.description}]` : name });
  Object.defineProperty(proto, name, { value: f, writable: true, configurable: true, enumerable: false });
}

/** Create a team of worker threads. See {@link Team}. */
export function createTeam(options?: TeamOptions): Team {
  return new Team(options);
}
