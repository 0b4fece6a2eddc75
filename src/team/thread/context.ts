/** The `ctx` a body receives: which thread it is on, and helpers. */

import { atomicAdd } from '../../core/atomic-add.js';
import type { RegionSync } from '../../core/region-sync.js';
import { oneOf } from '../../describe.js';
import { isSafeInteger, toNumber } from '../../intrinsics.js';
import { CONCRETE_NAMES, type ConcreteName, runShare } from '../../schedule/registry.js';
import { resolvePlan } from '../../schedule/resolve.js';

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

/** The schedules ctx.loop() takes: the concrete ones and `auto` (`runtime` is the loop call's business). */
type LoopScheduleName = ConcreteName | 'auto';
const LOOP_SCHEDULES: readonly string[] = [...CONCRETE_NAMES, 'auto'];
/** What ctx.loop() accepts as its schedule (checked here at run time). */
type LoopSchedule = string | { schedule?: string; chunk?: number };

export function makeRegionContext(sync: RegionSync, threadId: number, numThreads: number) {
  let singles = 0;
  let loops = 0;
  return {
    threadId,
    numThreads,
    atomicAdd,
    barrier: () => sync.barrier(numThreads),
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
      if (sync.claimSingle(++singles)) value = fn();
      sync.barrier(numThreads);
      return value;
    },
    master<T>(fn: () => T): T | undefined {
      return threadId === 0 ? fn() : undefined;
    },
    loop(start: number, end: number, fn: (i: number) => void, schedule: LoopSchedule = 'static'): void {
      const seq = loops++;
      const { name, chunk } = readSchedule(start, end, schedule);
      const n = end > start ? end - start : 0;
      const plan = resolvePlan(name, chunk, start, n, numThreads, undefined);
      // The same walk as a region's, on this loop's own counters.
      runShare(sync.loopClaims(seq), plan, threadId, (lo, hi) => {
        for (let i = lo; i < hi; i++) fn(i);
      });
      sync.barrier(numThreads);
      if (threadId === 0) sync.resetLoop(seq); // nobody claims from it again before loop seq+2's barrier
    },
  };
}

/** Schedule strings already read (ctx.loop runs once per sweep; its schedule rarely changes). */
const PARSED = new Map<string, { name: LoopScheduleName; chunk: number | undefined }>();

function readSchedule(start: number, end: number, s: LoopSchedule): { name: LoopScheduleName; chunk: number | undefined } {
  if (!isSafeInteger(start) || !isSafeInteger(end)) {
    throw new RangeError(`Cannot run ctx.loop as start and end must be safe integers: received ${start}, ${end}`);
  }
  if (typeof s === 'string') {
    let parsed = PARSED.get(s);
    if (parsed === undefined) {
      const [kind, chunkText] = s.split(',');
      parsed = check(kind as string, chunkText === undefined ? undefined : toNumber(chunkText));
      if (PARSED.size < 64) PARSED.set(s, parsed); // the schedules a program writes: a handful
    }
    return parsed;
  }
  if (typeof s === 'object' && s !== null) return check(s.schedule ?? 'static', s.chunk);
  throw new TypeError(`Cannot run ctx.loop as its schedule must be a name or { schedule, chunk }: received ${String(s)}`);
}

function check(kind: string, chunk: number | undefined) {
  if (!LOOP_SCHEDULES.includes(kind)) {
    throw new RangeError(`Cannot run ctx.loop as the schedule must be ${oneOf(LOOP_SCHEDULES)}: received ${JSON.stringify(kind)}`);
  }
  if (chunk !== undefined && (!isSafeInteger(chunk) || chunk < 1)) {
    throw new RangeError(`Cannot run ctx.loop as the chunk must be a positive safe integer: received ${chunk}`);
  }
  return { name: kind as LoopScheduleName, chunk };
}
