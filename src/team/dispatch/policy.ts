/**
 * Wait policy: how long threads poll before they sleep, in the spirit of
 * OMP_WAIT_POLICY. Measured on a 2-core machine: a futex wake round trip costs
 * ~23 µs, a spinning one ~0.15-0.5 µs, and more spinners than cores costs
 * ~150 µs per region. So spin briefly, sleep after, and never let spinners
 * outnumber cores.
 */

/** `auto`: spin a little, then sleep. `spin`: spin long (latency first, burns CPU).
 *  `block`: sleep at once (CPU first). */
export type WaitPolicy = 'auto' | 'spin' | 'block';

export const WAIT_POLICIES: readonly WaitPolicy[] = ['auto', 'spin', 'block'];

/** Polls before sleeping. One poll is an `Atomics.load`, a few ns. */
export interface SpinBudget {
  /** A worker waiting for the next region, after a synchronous one. */
  worker: number;
  /** The calling thread of a synchronous loop waiting for the others to finish. */
  join: number;
  /** A worker waiting for the next region, after an asynchronous one. */
  asyncWorker: number;
  /** The caller of an asynchronous loop, polling before it falls back to Atomics.waitAsync. */
  asyncJoin: number;
}

/** ~50-200 µs of polling: covers back-to-back loops without holding a core for long. */
const AUTO_SPINS = 50_000;
/** When threads outnumber cores, spinning steals the core the others need. */
const THROTTLED_SPINS = 100;
/** `spin`: tens of milliseconds. */
const ACTIVE_SPINS = 20_000_000;

export function spinBudget(policy: WaitPolicy, teamSize: number, cores: number): SpinBudget {
  switch (policy) {
    case 'block':
      return { worker: 0, join: 0, asyncWorker: 0, asyncJoin: 0 };
    case 'spin':
      return { worker: ACTIVE_SPINS, join: ACTIVE_SPINS, asyncWorker: ACTIVE_SPINS, asyncJoin: 0 };
    case 'auto': {
      // A synchronous loop uses the caller plus size-1 workers: size threads.
      const throttled = teamSize > cores;
      // An asynchronous loop uses size workers while the caller's thread also
      // needs a core to see the result: size+1 threads.
      const asyncThrottled = teamSize + 1 > cores;
      return {
        worker: throttled ? THROTTLED_SPINS : AUTO_SPINS,
        join: throttled ? THROTTLED_SPINS : AUTO_SPINS,
        asyncWorker: asyncThrottled ? THROTTLED_SPINS : AUTO_SPINS,
        asyncJoin: ASYNC_JOIN_SPINS,
      };
    }
  }
}

/**
 * The async caller polls this long (~10-40 µs) before Atomics.waitAsync, whose
 * wake-up costs ~30 µs here: a short loop is seen finished without it. Measured
 * on 2 cores, empty 2-worker loop: workers throttled after async regions and
 * this joiner spin, 15-20 µs; no joiner spin, 33 µs; workers spinning too, 60-600 µs.
 */
const ASYNC_JOIN_SPINS = 10_000;
