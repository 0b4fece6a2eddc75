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
export declare const WAIT_POLICIES: readonly WaitPolicy[];
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
export declare function spinBudget(policy: WaitPolicy, teamSize: number, cores: number): SpinBudget;
