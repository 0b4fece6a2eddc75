/** The `ctx` a body receives: which thread it is on, and helpers. */

import { atomicAdd } from '../../core/atomic-add.js';
import type { RegionSync } from '../../core/region-sync.js';
import { describe } from '../../describe.js';
import type { RuntimeSpec } from '../../schedule/parse.js';
import { taskMethods } from './task-context.js';
import type { TaskScheduler } from './tasks.js';
import {
  type LoopSchedule,
  type LoopState,
  loopCancel,
  loopOrdered,
  loopSpec,
  newLoopSpec,
  newOrderState,
  runOrdered,
  runRegionLoop,
} from './worksharing.js';

export interface Context {
  readonly threadId: number;
  readonly numThreads: number;
  /** Atomically `array[index] += value` on a shared typed array (floats included); returns the old value. */
  readonly atomicAdd: typeof atomicAdd;
  /** In a loop with `ordered`: run fn in iteration order (worksharing.ts). */
  readonly ordered: <T>(fn: () => T) => T;
  /** Stop the loop: no thread claims another chunk (worksharing.ts). */
  readonly cancel: () => void;
}

/** cache[numThreads][threadId]: contexts are immutable, so one per pair serves every region. */
const cache: Context[][] = [];

/** The (frozen, cached) context of thread `threadId` of `numThreads`. */
export function makeContext(threadId: number, numThreads: number): Context {
  cache[numThreads] ??= [];
  const row = cache[numThreads];
  row[threadId] ??= Object.freeze({ threadId, numThreads, atomicAdd, ordered: loopOrdered, cancel: loopCancel });
  return row[threadId];
}

// ---- a parallel region's ctx ---------------------------------------------------------------

/**
 * The `ctx` of a parallel region (OpenMP's `#pragma omp parallel`): every
 * thread runs the region once and synchronises through these methods. The
 * public declaration, with the docs, is RegionContext in api/signatures.ts,
 * which checks that this implementation matches it.
 */

/** What a region's ctx reads as it runs: fixed per thread and team size, except the per-region counters and OMP_SCHEDULE. */
export interface RegionState extends LoopState {
  readonly threadId: number;
  readonly numThreads: number;
  /** What OMP_SCHEDULE said on the calling thread when the region started (the descriptor carries it: schedule/parse.ts, runtimeToParams). */
  runtime: RuntimeSpec | undefined;
  /** The region's shared values (what ctx.loop() and ctx.loopRange() bodies receive). */
  shared: unknown;
  /** single() calls so far in this region (loop() calls: LoopState.loops). */
  singles: number;
  /** A region with tasks: this thread's scheduler, in region mode (thread/tasks.ts); undefined without tasks. */
  tasks: TaskScheduler | undefined;
  readonly ctx: RegionContextImpl;
}

/**
 * A thread's region ctx for `threadId` of `numThreads`, made once and reused
 * for the regions that follow with the same numbers (a thread keeps the state
 * between regions: thread/share.ts). Its methods are closures over the state,
 * so a body may take them off ctx (`const { barrier } = ctx`).
 */
export function regionState(sync: RegionSync, threadId: number, numThreads: number): RegionState {
  const rs = {
    threadId,
    numThreads,
    runtime: undefined,
    shared: undefined,
    singles: 0,
    loops: 0,
    order: newOrderState(),
    spec: newLoopSpec(),
    afterNowait: false,
    tasks: undefined,
  } as Omit<RegionState, 'ctx'> as RegionState;
  (rs as { ctx: RegionContextImpl }).ctx = makeRegionContext(sync, rs);
  return rs;
}

/** Start a region on a thread's reused state: counters at zero, this region's shared values, OMP_SCHEDULE and task scheduler. */
export function beginRegion(
  rs: RegionState,
  shared: unknown,
  runtime: RuntimeSpec | undefined,
  tasks: TaskScheduler | undefined,
): RegionContextImpl {
  rs.singles = 0;
  rs.loops = 0;
  rs.afterNowait = false;
  rs.shared = shared;
  rs.runtime = runtime;
  rs.tasks = tasks;
  return rs.ctx;
}

/** The values single() can hand every thread (copyprivate): what fits a tag and a double in shared memory. */
export type Broadcast = number | boolean | null | undefined | void;

/** A worksharing loop's body: iteration i, or chunk [lo, hi), with the region's shared values and ctx. */
type IndexFn<S> = (i: number, shared: S, ctx: RegionContextImpl) => void;
type RangeFn<S> = (lo: number, hi: number, shared: S, ctx: RegionContextImpl) => void;

/** The implementation's region ctx (RegionContext in api/signatures.ts is its public declaration). */
export interface RegionContextImpl extends Omit<Context, 'cancel'>, ReturnType<typeof taskMethods> {
  barrier(): void;
  critical<T>(fn: () => T): T;
  single<T extends Broadcast>(fn: () => T): T;
  master<T>(fn: () => T): T | undefined;
  ordered<T>(fn: () => T): T;
  loop<S = unknown>(start: number, end: number, fn: IndexFn<S>, schedule?: LoopSchedule): void;
  loopRange<S = unknown>(start: number, end: number, fn: RangeFn<S>, schedule?: LoopSchedule): void;
}

export function makeRegionContext(sync: RegionSync, rs: Omit<RegionState, 'ctx'>): RegionContextImpl {
  const { threadId, numThreads } = rs;
  // In a region with tasks every barrier is a task barrier: it returns once no task of the region is left.
  const barrier = () => {
    if (rs.tasks === undefined) sync.barrier(numThreads);
    else rs.tasks.regionBarrier();
  };
  const ctx: RegionContextImpl = {
    threadId,
    numThreads,
    atomicAdd,
    ...taskMethods(() => rs.tasks, numThreads),
    barrier,
    critical<T>(fn: () => T): T {
      sync.lock();
      try {
        return fn();
      } finally {
        sync.unlock();
      }
    },
    single<T extends Broadcast>(fn: () => T): T {
      const k = ++rs.singles;
      if (sync.claimSingle(k)) sync.putSingle(k, broadcast(fn()));
      barrier();
      return sync.getSingle(k) as T;
    },
    master<T>(fn: () => T): T | undefined {
      return threadId === 0 ? fn() : undefined;
    },
    ordered<T>(fn: () => T): T {
      return runOrdered(sync, rs.order, fn);
    },
    loop<S>(start: number, end: number, fn: IndexFn<S>, schedule: LoopSchedule = 'static'): void {
      const spec = loopSpec('loop', start, end, schedule, numThreads, rs.runtime, rs.spec);
      const shared = rs.shared as S;
      const run = (lo: number, hi: number) => {
        for (let i = lo; i < hi; i++) fn(i, shared, ctx);
      };
      runRegionLoop(sync, rs, spec, threadId, numThreads, run, barrier);
    },
    loopRange<S>(start: number, end: number, fn: RangeFn<S>, schedule: LoopSchedule = 'static'): void {
      const spec = loopSpec('loopRange', start, end, schedule, numThreads, rs.runtime, rs.spec);
      const shared = rs.shared as S;
      runRegionLoop(sync, rs, spec, threadId, numThreads, (lo, hi) => fn(lo, hi, shared, ctx), barrier);
    },
  };
  return ctx;
}

/** single()'s value, checked before it is written for the other threads. */
function broadcast<T>(v: T): T {
  if (v === undefined || v === null || typeof v === 'number' || typeof v === 'boolean') return v;
  throw new TypeError(
    `Cannot return ${describe(v)} from ctx.single: its value goes to every thread, so it must be a number, boolean, null or undefined (put larger results in a shared array)`,
  );
}

/**
 * A region's `ctx` for a region run inline, serially on one thread (a
 * parallel() called inside a loop body): the same methods, with one thread
 * there is nothing to wait for but its own tasks (a barrier runs them).
 * ctx.loop() still checks its arguments.
 */
export function soloRegionContext(shared: unknown, runtime: RuntimeSpec | undefined, tasks?: TaskScheduler): RegionContextImpl {
  const run = <T>(fn: () => T): T => fn();
  const barrier = () => tasks?.regionBarrier();
  // One thread: ordered code runs in order by itself; only whether a loop asked for it is kept.
  const order = newOrderState();
  const solo = (fn: 'loop' | 'loopRange', start: number, end: number, schedule: LoopSchedule, body: (lo: number, hi: number) => void) => {
    const spec = loopSpec(fn, start, end, schedule, 1, runtime);
    order.active = spec.ordered;
    order.held = true;
    try {
      if (end > start) body(start, end);
    } finally {
      order.active = false;
    }
    if (!spec.nowait) barrier();
  };
  const ctx: RegionContextImpl = {
    threadId: 0,
    numThreads: 1,
    atomicAdd,
    ...taskMethods(() => tasks, 1),
    barrier,
    critical: run,
    single<T extends Broadcast>(fn: () => T): T {
      const v = broadcast(fn());
      barrier();
      return v;
    },
    master: run,
    ordered<T>(fn: () => T): T {
      // held: no turn to wait for, so runOrdered never touches the (absent) region words.
      return runOrdered(undefined as unknown as RegionSync, order, fn);
    },
    loop<S>(start: number, end: number, fn: IndexFn<S>, schedule: LoopSchedule = 'static'): void {
      solo('loop', start, end, schedule, (lo, hi) => {
        for (let i = lo; i < hi; i++) fn(i, shared as S, ctx);
      });
    },
    loopRange<S>(start: number, end: number, fn: RangeFn<S>, schedule: LoopSchedule = 'static'): void {
      solo('loopRange', start, end, schedule, (lo, hi) => fn(lo, hi, shared as S, ctx));
    },
  };
  return ctx;
}
