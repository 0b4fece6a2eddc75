/** The `ctx` a body receives: which thread it is on, and helpers. */

import { atomicAdd } from '../../core/atomic-add.js';
import type { RegionSync } from '../../core/region-sync.js';
import { describe } from '../../describe.js';
import { isSafeInteger } from '../../intrinsics.js';
import { parseSchedule, type RuntimeSpec, type ScheduleSpec, withChunk } from '../../schedule/parse.js';
import { runShare } from '../../schedule/registry.js';
import { resolvePlan } from '../../schedule/resolve.js';
import { taskMethods } from './task-context.js';
import type { TaskScheduler } from './tasks.js';

export interface Context {
  readonly threadId: number;
  readonly numThreads: number;
  /** Atomically `array[index] += value` on a shared typed array (floats included); returns the old value. */
  readonly atomicAdd: typeof atomicAdd;
}

/** cache[numThreads][threadId]: contexts are immutable, so one per pair serves every region. */
const cache: Context[][] = [];

/** The (frozen, cached) context of thread `threadId` of `numThreads`. */
export function makeContext(threadId: number, numThreads: number): Context {
  cache[numThreads] ??= [];
  const row = cache[numThreads];
  row[threadId] ??= Object.freeze({ threadId, numThreads, atomicAdd });
  return row[threadId];
}

// ---- a parallel region's ctx ---------------------------------------------------------------

/**
 * The `ctx` of a parallel region (OpenMP's `#pragma omp parallel`): every
 * thread runs the region once and synchronises through these methods. The
 * public declaration, with the docs, is RegionContext in api/signatures.ts,
 * which checks that this implementation matches it.
 */

/** What ctx.loop() accepts as its schedule: a string of the schedule grammar, or { schedule, chunk }. */
type LoopSchedule = string | { schedule?: string; chunk?: number };

const PREFIX = 'Cannot run ctx.loop';

/** What a region's ctx reads as it runs: fixed per thread and team size, except the per-region counters and OMP_SCHEDULE. */
export interface RegionState {
  readonly threadId: number;
  readonly numThreads: number;
  /** What OMP_SCHEDULE said on the calling thread when the region started (the descriptor carries it: schedule/parse.ts, runtimeToParams). */
  runtime: RuntimeSpec | undefined;
  /** single() and loop() calls so far in this region. */
  singles: number;
  loops: number;
  /** A region with tasks: this thread's scheduler, in region mode (thread/tasks.ts); undefined without tasks. */
  tasks: TaskScheduler | undefined;
  readonly ctx: ReturnType<typeof makeRegionContext>;
}

/**
 * A thread's region ctx for `threadId` of `numThreads`, made once and reused
 * for the regions that follow with the same numbers (a thread keeps the state
 * between regions: thread/share.ts). Its methods are closures over the state,
 * so a body may take them off ctx (`const { barrier } = ctx`).
 */
export function regionState(sync: RegionSync, threadId: number, numThreads: number): RegionState {
  const rs = { threadId, numThreads, runtime: undefined, singles: 0, loops: 0, tasks: undefined } as Omit<
    RegionState,
    'ctx'
  > as RegionState;
  (rs as { ctx: RegionState['ctx'] }).ctx = makeRegionContext(sync, rs);
  return rs;
}

/** Start a region on a thread's reused state: counters at zero, this region's OMP_SCHEDULE and task scheduler. */
export function beginRegion(rs: RegionState, runtime: RuntimeSpec | undefined, tasks: TaskScheduler | undefined): RegionState['ctx'] {
  rs.singles = 0;
  rs.loops = 0;
  rs.runtime = runtime;
  rs.tasks = tasks;
  return rs.ctx;
}

export function makeRegionContext(sync: RegionSync, rs: Omit<RegionState, 'ctx'>) {
  const { threadId, numThreads } = rs;
  // In a region with tasks every barrier is a task barrier: it returns once no task of the region is left.
  const barrier = () => {
    if (rs.tasks === undefined) sync.barrier(numThreads);
    else rs.tasks.regionBarrier();
  };
  return {
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
    single<T>(fn: () => T): T | undefined {
      let value: T | undefined;
      if (sync.claimSingle(++rs.singles)) value = fn();
      barrier();
      return value;
    },
    master<T>(fn: () => T): T | undefined {
      return threadId === 0 ? fn() : undefined;
    },
    loop(start: number, end: number, fn: (i: number) => void, schedule: LoopSchedule = 'static'): void {
      const seq = rs.loops++;
      const plan = loopPlan(start, end, schedule, numThreads, rs.runtime);
      // The same walk as a region's, on this loop's own counters.
      runShare(sync.loopClaims(seq), plan, threadId, (lo, hi) => {
        for (let i = lo; i < hi; i++) fn(i);
      });
      barrier();
      if (threadId === 0) sync.resetLoop(seq); // nobody claims from it again before loop seq+2's barrier
    },
  };
}

/**
 * A region's `ctx` for a region run inline, serially on one thread (a
 * parallel() called inside a loop body): the same methods, with one thread
 * there is nothing to wait for but its own tasks (a barrier runs them).
 * ctx.loop() still checks its arguments.
 */
export function soloRegionContext(runtime: RuntimeSpec | undefined, tasks?: TaskScheduler): ReturnType<typeof makeRegionContext> {
  const run = <T>(fn: () => T): T => fn();
  const barrier = () => tasks?.regionBarrier();
  return {
    threadId: 0,
    numThreads: 1,
    atomicAdd,
    ...taskMethods(() => tasks, 1),
    barrier,
    critical: run,
    single<T>(fn: () => T): T {
      const v = fn();
      barrier();
      return v;
    },
    master: run,
    loop(start: number, end: number, fn: (i: number) => void, schedule: LoopSchedule = 'static'): void {
      loopPlan(start, end, schedule, 1, runtime);
      for (let i = start; i < end; i++) fn(i);
      barrier();
    },
  };
}

/** ctx.loop()'s plan: its bounds checked, its schedule read with the loop options' grammar (schedule/parse.ts). */
function loopPlan(start: number, end: number, s: LoopSchedule, threads: number, runtime: RuntimeSpec | undefined) {
  if (!isSafeInteger(start) || !isSafeInteger(end)) {
    throw new RangeError(`${PREFIX} as start and end must be safe integers: received ${start}, ${end}`);
  }
  let spec: ScheduleSpec;
  if (typeof s === 'object' && s !== null) {
    const written = s.schedule ?? 'static';
    spec = withChunk(parseSchedule(written, PREFIX), s.chunk, PREFIX, written);
  } else if (typeof s === 'string') {
    spec = parseSchedule(s, PREFIX);
  } else {
    throw new TypeError(`${PREFIX} as its schedule must be a string or { schedule, chunk }: received ${describe(s)}`);
  }
  return resolvePlan({ schedule: spec, start, n: end > start ? end - start : 0, threads, runtime });
}
