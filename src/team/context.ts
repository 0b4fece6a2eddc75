/** The `ctx` a body receives: which thread it is on, and helpers. */
import { atomicAdd } from '../core/atomic-add.js';

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
