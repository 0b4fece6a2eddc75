/**
 * The `adaptive` schedule's ranges: protocol A1-A5 in core/README.md.
 *
 * Each loop thread owns one range [lo, hi) of iterations, kept in the second
 * half of its partial slot (layout.ts, R_*). The range starts as the thread's
 * block of an even split of the loop. Its owner takes pieces off the front; a
 * thread whose range is empty takes the back half of the fullest other range
 * into its own, where a third thread may in turn take half of it (thief
 * splitting: work is divided further only where a thread ran out).
 *
 * Every step on a range holds that range's lock (a three-state futex word:
 * 0 free, 1 held, 2 held with waiters), so lo and hi can be plain doubles
 * (any safe integer) and are never seen half-updated. A critical section is a
 * few loads and stores; a waiter spins briefly and then sleeps in 1 ms slices.
 *
 * A range is tagged with the loop it belongs to: the region's epoch, and 0 for
 * the region's own loop or k + 1 for the region's k-th ctx.loop(). Whoever
 * locks a range first in a loop (its owner, or a thief that got there first)
 * finds an old tag and seeds the range with its owner's block. No thread
 * waits for another to start, and a thread that wakes late finds the back of
 * its block already taken.
 */
import { atomics, math } from '../intrinsics.js';
import { EPOCH, partialSlot, R_EPOCH, R_HI, R_LO, R_LOCK, R_SEQ, SLOT_WORDS } from './layout.js';
import { lockWord, unlockWord } from './lock-word.js';

/** An owner's piece is about 1/PIECES of what is left of its range (at least the grain). */
export const PIECES = 8;

/** Lock attempts before a waiter sleeps: a holder keeps the lock for a few loads and stores. */
const LOCK_SPINS = 64;

/** Where thread t's block of an even split of n iterations over `threads` starts (schedule/math.ts passes its static split). */
export type BlockStart = (n: number, threads: number, t: number) => number;

export class Ranges {
  constructor(
    private readonly i32: Int32Array,
    private readonly f64: Float64Array,
    /** Workers the control block was laid out for (the slots' positions depend on it). */
    private readonly workers: number,
  ) {}

  /** First int32 word of thread t's range. */
  private base(t: number): number {
    return partialSlot(this.workers, t) * SLOT_WORDS;
  }

  /**
   * The next piece for thread `tid` of loop `seq` (0: the region's loop;
   * k + 1: its k-th ctx.loop): [lo, out[0]) with lo returned, from its own
   * range (A2) or, once that is empty, from half of another's (A3).
   * Returns -1 when every range is empty (A4).
   */
  claim(tid: number, seq: number, n: number, threads: number, grain: number, block: BlockStart, out: Float64Array): number {
    const epoch = atomics.load(this.i32, EPOCH);
    for (;;) {
      const lo = this.takePiece(tid, epoch, seq, n, threads, grain, block, out);
      if (lo >= 0) return lo;
      if (!this.steal(tid, epoch, seq, n, threads, grain, block)) return -1;
    }
  }

  /** A2: the owner's piece off the front of its range, or -1 when it is empty. */
  private takePiece(
    tid: number,
    epoch: number,
    seq: number,
    n: number,
    threads: number,
    grain: number,
    block: BlockStart,
    out: Float64Array,
  ): number {
    const b = this.base(tid);
    const f64 = this.f64;
    this.lock(b);
    this.current(b, tid, epoch, seq, n, threads, block);
    const lo = f64[(b + R_LO) / 2]!;
    const hi = f64[(b + R_HI) / 2]!;
    if (lo >= hi) {
      this.unlock(b);
      return -1;
    }
    const end = math.min(hi, lo + math.max(grain, math.ceil((hi - lo) / PIECES)));
    f64[(b + R_LO) / 2] = end;
    this.unlock(b);
    out[0] = end;
    return lo;
  }

  /**
   * A3: move the back half of the fullest other range (all of it when less
   * than two grains are left) into thread `tid`'s own, which is empty.
   * Returns false when every other range is empty.
   */
  private steal(tid: number, epoch: number, seq: number, n: number, threads: number, grain: number, block: BlockStart): boolean {
    const f64 = this.f64;
    for (;;) {
      // A look without locks picks the victim; the lock below re-reads it.
      let victim = -1;
      let most = 0;
      for (let t = 0; t < threads; t++) {
        if (t === tid) continue;
        const left = this.estimate(t, epoch, seq, n, threads, block);
        if (left > most) {
          most = left;
          victim = t;
        }
      }
      if (victim < 0) return false;
      const v = this.base(victim);
      this.lock(v);
      this.current(v, victim, epoch, seq, n, threads, block);
      const lo = f64[(v + R_LO) / 2]!;
      const hi = f64[(v + R_HI) / 2]!;
      if (lo >= hi) {
        this.unlock(v); // emptied since the look: look again
        continue;
      }
      const left = hi - lo;
      const mid = left < 2 * grain ? lo : hi - math.ceil(left / 2);
      f64[(v + R_HI) / 2] = mid;
      this.unlock(v);
      // Publish it as this thread's range, where a third thread may take half of it again.
      const b = this.base(tid);
      this.lock(b);
      f64[(b + R_LO) / 2] = mid;
      f64[(b + R_HI) / 2] = hi;
      this.unlock(b);
      return true;
    }
  }

  /**
   * Free every range's lock. Only for the dispatcher's D2 after a faulted region, while no thread is
   * inside one: a worker terminated after the fault may have died between lock and unlock.
   */
  clearLocks(): void {
    for (let t = 0; t <= this.workers; t++) {
      const at = this.base(t) + R_LOCK;
      if (this.i32[at] !== 0) atomics.store(this.i32, at, 0);
    }
  }

  /** Iterations left in thread t's range, read without its lock (a guess, checked under the lock). */
  private estimate(t: number, epoch: number, seq: number, n: number, threads: number, block: BlockStart): number {
    const b = this.base(t);
    if (!this.tagged(b, epoch, seq)) return block(n, threads, t + 1) - block(n, threads, t);
    return this.f64[(b + R_HI) / 2]! - this.f64[(b + R_LO) / 2]!;
  }

  /** A1 (under the range's lock): a range with an old tag is seeded with its owner's block and tagged with this loop. */
  private current(b: number, t: number, epoch: number, seq: number, n: number, threads: number, block: BlockStart): void {
    if (this.tagged(b, epoch, seq)) return;
    this.f64[(b + R_LO) / 2] = block(n, threads, t);
    this.f64[(b + R_HI) / 2] = block(n, threads, t + 1);
    this.i32[b + R_EPOCH] = epoch;
    this.i32[b + R_SEQ] = seq;
  }

  /** Whether the range at b belongs to loop (epoch, seq): the one test A1 and A4's look share. */
  private tagged(b: number, epoch: number, seq: number): boolean {
    return this.i32[b + R_EPOCH] === epoch && this.i32[b + R_SEQ] === seq;
  }

  /** A5: take the range's lock (lock-word.ts: spin, then sleep in 1 ms slices; the holder wakes a sleeper). */
  private lock(b: number): void {
    lockWord(this.i32, b + R_LOCK, LOCK_SPINS, 1);
  }

  private unlock(b: number): void {
    unlockWord(this.i32, b + R_LOCK);
  }
}
