/**
 * The joiner's steps (core/README.md, J1-J3): the thread that started a
 * region waits for every participant to leave it, blocking (a sync loop) or
 * not (an async one), and reads what they left: progress while they run,
 * partials and the fault slot after.
 */
import { atomics, toNumber } from '../intrinsics.js';
import { ControlBlock, reached } from './block.js';
import { DONE, JOINER_SLEEPING } from './layout.js';
import { type WaitResult, waitChange } from './wait.js';

export type { WaitResult };

export class JoinerBlock extends ControlBlock {
  /** True once every participant has left region `epoch`. */
  joined(epoch: number): boolean {
    return reached(atomics.load(this.i32, DONE), epoch);
  }

  /**
   * Whether the last join had to sleep (its spin ran out before the region
   * was done): what the dispatcher's spin governor reads as a sign that the
   * threads may be short of cores (team/dispatch/policy.ts).
   */
  slept = false;

  /**
   * Step J1, blocking: until region `epoch` is joined or about `timeoutMs`
   * passes (a wake that is not the region's end starts the wait again): spin
   * `spins` polls, then sleep on DONE counted in JOINER_SLEEPING. It is a
   * count, not a flag: one thread may have an async join pending while a sync
   * loop joins (docs/concurrency.md), and neither may clear the other's
   * announcement. No clock is read (performance.now() allocates on Node 20):
   * the caller keeps the deadlines, in slices.
   */
  joinSync(epoch: number, spins: number, timeoutMs: number): WaitResult {
    const i32 = this.i32;
    for (let k = 0; k < spins; k++) {
      if (reached(atomics.load(i32, DONE), epoch)) {
        this.slept = false;
        return 'ok';
      }
    }
    this.slept = true;
    atomics.add(i32, JOINER_SLEEPING, 1);
    let result: WaitResult = 'ok';
    for (;;) {
      const done = atomics.load(i32, DONE);
      if (reached(done, epoch)) break;
      if (atomics.wait(i32, DONE, done, timeoutMs) === 'timed-out' && !reached(atomics.load(i32, DONE), epoch)) {
        result = 'timed-out';
        break;
      }
    }
    atomics.sub(i32, JOINER_SLEEPING, 1);
    return result;
  }

  /**
   * Step J1, not blocking: resolve once region `epoch` is joined
   * (`Atomics.waitAsync`). The caller must keep the process alive meanwhile:
   * a pending waitAsync does not.
   */
  async joinAsync(epoch: number, spins: number): Promise<void> {
    const i32 = this.i32;
    for (let k = 0; k < spins; k++) {
      if (reached(atomics.load(i32, DONE), epoch)) {
        this.slept = false;
        return;
      }
    }
    this.slept = true;
    atomics.add(i32, JOINER_SLEEPING, 1);
    try {
      for (;;) {
        const done = atomics.load(i32, DONE);
        if (reached(done, epoch)) break;
        await waitChange(i32, DONE, done);
      }
    } finally {
      atomics.sub(i32, JOINER_SLEEPING, 1);
    }
  }

  /** Step J2b: wake every joiner waiting on DONE (they re-check it and wait again if their region is not done). */
  wakeJoiners(): void {
    atomics.notify(this.i32, DONE);
  }

  /** Iterations finished so far by threads 0…threads-1 (read while they run). */
  progress(threads: number): number {
    let sum = 0;
    for (let t = 0; t < threads; t++) sum += toNumber(atomics.load(this.i64, this.partialIndex(t) + 1));
    return sum;
  }
}
