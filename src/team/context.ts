/** The `ctx` a body receives: which thread it is on, and helpers. */
import { atomicAdd } from '../core/atomic-add.js';

export interface Context {
  readonly threadId: number;
  readonly numThreads: number;
  /** Atomically `array[index] += value` on a shared typed array (floats included); returns the old value. */
  readonly atomicAdd: typeof atomicAdd;
}

export function makeContext(threadId: number, numThreads: number): Context {
  return { threadId, numThreads, atomicAdd };
}
