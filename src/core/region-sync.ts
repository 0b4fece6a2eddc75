/**
 * Synchronisation inside a parallel region: barrier, critical (a lock),
 * single, and the chunk counters of ctx.loop() (its adaptive ranges are the
 * threads' own, core/ranges.ts). Words are in layout.ts
 * (slots 6-9); the dispatcher's publish() (D2) zeroes them for every region.
 *
 * Every wait also watches STOP: when the region fails (an error, an abort, a
 * timeout, a dead worker), raise() sets STOP and bumps the barrier generation,
 * and each waiting thread unwinds by throwing REGION_STOPPED, so no thread
 * waits forever for one that has left.
 */
import { atomics, now } from '../intrinsics.js';
import { type Claims, claimChunkAt, claimRangeAt } from './claims.js';
import {
  BAR_COUNT,
  BAR_GEN,
  ERR_KIND,
  FaultKind,
  LOCK,
  LOOP_CLAIM,
  LOOP_LEFT,
  LOOP_NEXT_I64,
  LOOP_ORDER,
  LOOP_OWNER,
  LOOP_SLEEPERS,
  SINGLE,
  SINGLE_TAG,
  SINGLE_VALUE_F64,
  STOP,
  workersFor,
} from './layout.js';
import { lockWord, unlockWord } from './lock-word.js';
import { Ranges } from './ranges.js';
import { SpinLimit } from './spin-limit.js';

/** Thrown inside a region's threads to unwind them once the region has stopped. */
export const REGION_STOPPED: { readonly parforRegionStopped: true } = Object.freeze({ parforRegionStopped: true });

/** How long a blocked thread sleeps before it looks at STOP again. */
const SLICE_MS = 20;

export class RegionSync {
  private readonly f64: Float64Array;
  /** The claims of ctx.loop() number k use counter pair k mod 2 (see resetLoop). */
  private readonly loops: [Claims, Claims];
  /** The loop number each pair's adaptive claims tag their ranges with (k + 1 for ctx.loop() number k). */
  private readonly seqs = [0, 0];
  /** What a thread waiting for the lock does between sleeps (made once: lock() allocates nothing). */
  private readonly beforeSleep = (): void => {
    this.checkDeadline();
    this.checkStop();
  };
  private readonly beforeMergeSleep = (): void => {
    this.checkDeadline();
    if (atomics.load(this.i32, ERR_KIND) !== FaultKind.NONE) throw REGION_STOPPED;
  };
  /** How long this thread's waits spin before they sleep (spin-limit.ts). */
  readonly spin = new SpinLimit();
  /**
   * now() past which a thread waiting here stops the region as
   * timed out. Only the calling thread of a synchronous loop sets it: no timer
   * can fire there while it waits, and nobody else can wake it.
   */
  deadline = Infinity;

  constructor(
    private readonly i32: Int32Array,
    private readonly i64: BigInt64Array,
    spins: number,
    /** What to do at the deadline: record the timeout and set STOP (the control block's raise). */
    private readonly onDeadline: () => void = () => {},
    /** What the calling thread does between sleeps besides: look for dead workers where no watcher does. */
    private readonly onSleep: () => void = () => {},
  ) {
    this.spin.set(spins);
    // The ranges are the threads' own (one set for both pairs: loop k+1 starts only after loop k's
    // barrier, which is why ctx.loop() refuses `nowait` with `adaptive`).
    const buffer = i32.buffer as SharedArrayBuffer;
    this.f64 = new Float64Array(buffer);
    const ranges = new Ranges(i32, this.f64, workersFor(buffer.byteLength));
    const claims = (p: number): Claims => ({
      stopped: () => this.stopped(),
      claimChunk: (numChunks, threads) => claimChunkAt(i32, LOOP_CLAIM + p, i64, LOOP_NEXT_I64 + p, numChunks, threads),
      claimRange: (n, end, out) => claimRangeAt(i64, LOOP_NEXT_I64 + p, n, end, out),
      claimSplit: (tid, n, threads, grain, block, out) => ranges.claim(tid, this.seqs[p]!, n, threads, grain, block, out),
    });
    this.loops = [claims(0), claims(1)];
  }

  private checkStop(): void {
    if (atomics.load(this.i32, STOP) !== 0) throw REGION_STOPPED;
  }

  /** Between two sleeps: past the deadline, stop the region (the caller reports the timeout). */
  private checkDeadline(): void {
    this.onSleep();
    if (this.deadline !== Infinity && now() > this.deadline) this.onDeadline();
  }

  /**
   * Wait until all `threads` threads have arrived. The generation is read
   * before arriving, so the last thread's bump (after it resets the count)
   * releases exactly this barrier's waiters.
   */
  barrier(threads: number): void {
    if (!this.timing) {
      this.arrive(threads);
      return;
    }
    const t0 = now();
    try {
      this.arrive(threads);
    } finally {
      this.waitedMs += now() - t0;
    }
  }

  /** Milliseconds this thread spent in barriers while `timing` was set (a team with `{ stats: true }`). */
  waitedMs = 0;
  timing = false;

  private arrive(threads: number): void {
    const i32 = this.i32;
    this.checkStop();
    const gen = atomics.load(i32, BAR_GEN);
    if (atomics.add(i32, BAR_COUNT, 1) === threads - 1) {
      atomics.store(i32, BAR_COUNT, 0);
      atomics.add(i32, BAR_GEN, 1);
      atomics.notify(i32, BAR_GEN);
      return;
    }
    const spin = this.spin;
    const polls = spin.next();
    for (let k = 0; k < polls; k++) {
      if (atomics.load(i32, BAR_GEN) !== gen) {
        spin.spun(k, polls);
        this.checkStop();
        return;
      }
    }
    spin.spun(-1, polls);
    while (atomics.load(i32, BAR_GEN) === gen) {
      atomics.wait(i32, BAR_GEN, gen, SLICE_MS);
      this.checkDeadline();
    }
    this.checkStop();
  }

  /** Take the region's lock (lock-word.ts), watching the deadline and STOP between sleeps. */
  lock(): void {
    lockWord(this.i32, LOCK, this.spin.current(), SLICE_MS, this.beforeSleep);
  }

  unlock(): void {
    unlockWord(this.i32, LOCK);
  }

  /**
   * Take the same lock for a loop's `merge` (after the thread's last chunk).
   * A stop alone does not end this wait, as it ends a region's: a loop a body
   * cancelled still merges every thread's state. A fault does (the loop has
   * failed; its merges no longer matter), and so does the deadline.
   */
  lockForMerge(): void {
    lockWord(this.i32, LOCK, this.spin.current(), SLICE_MS, this.beforeMergeSleep);
  }

  /** True for the one thread that claims the k-th (1-based) single construct of the region. */
  claimSingle(k: number): boolean {
    return atomics.compareExchange(this.i32, SINGLE, k - 1, k) === k - 1;
  }

  /**
   * Enter ctx.loop() number `seq` (R1 in core/README.md): wait until its
   * counter pair (seq & 1) is free, that is until the last thread out of loop
   * seq − 2 has reset it. Without `nowait` the pair is always free by then
   * (loop seq − 1's barrier came after); with it, a thread two loops ahead waits here.
   */
  enterLoop(seq: number, afterNowait: boolean): Claims {
    const p = seq & 1;
    // After a loop with a barrier, loop seq − 2 was released before anyone passed it: nothing to read.
    if (afterNowait) this.awaitWord(LOOP_OWNER + p, seq >> 1);
    this.seqs[p] = seq + 1;
    return this.loops[p]!;
  }

  /**
   * This thread has run its last chunk of loop `seq` (R2). The last of the
   * loop's `threads` to get here zeroes the pair's counters and hands the
   * pair to loop seq + 2. Every chunk of the loop has run by then, ordered
   * code included.
   */
  leaveLoop(seq: number, threads: number): void {
    if (atomics.add(this.i32, LOOP_LEFT + (seq & 1), 1) === threads - 1) this.releaseLoop(seq);
  }

  /**
   * Hand loop `seq`'s pair on to loop seq + 2: called by the last thread out
   * of a `nowait` loop (R2), or by thread 0 after a loop's barrier, when every
   * thread is out of it (R2'; no count needed).
   */
  releaseLoop(seq: number): void {
    const i32 = this.i32;
    const p = seq & 1;
    // Plain stores, published by the sequentially consistent store of OWNER that a claimer of loop
    // seq + 2 reads first (or by the barrier it passed); skipped where already zero.
    if (i32[LOOP_CLAIM + p] !== 0) i32[LOOP_CLAIM + p] = 0;
    if (this.i64[LOOP_NEXT_I64 + p] !== 0n) this.i64[LOOP_NEXT_I64 + p] = 0n;
    if (i32[LOOP_ORDER + p] !== 0) i32[LOOP_ORDER + p] = 0;
    if (i32[LOOP_LEFT + p] !== 0) i32[LOOP_LEFT + p] = 0;
    atomics.store(i32, LOOP_OWNER + p, (seq >> 1) + 1);
    this.notifySleepers(LOOP_OWNER + p);
  }

  /**
   * Ordered (R3): wait until the turn word reaches `offset`, the start of
   * this thread's chunk counted from the loop's start. `at` is
   * orderWord(seq) for ctx.loop() number seq, or REGION_ORDER for a loop's
   * own iterations.
   */
  awaitTurn(at: number, offset: number): void {
    this.awaitWord(at, offset);
  }

  /** Ordered (R3): this thread's chunk is done; the chunk starting at `offset` may run its ordered code. */
  passTurn(at: number, offset: number): void {
    atomics.store(this.i32, at, offset);
    this.notifySleepers(at);
  }

  /** The turn word of ctx.loop() number `seq`. */
  orderWord(seq: number): number {
    return LOOP_ORDER + (seq & 1);
  }

  /**
   * Wait until word `at` holds `value`: spin, then sleep in slices, watching
   * STOP and the deadline. The word only moves forward, so any other value
   * means "not yet".
   */
  private awaitWord(at: number, value: number): void {
    const i32 = this.i32;
    let c = atomics.load(i32, at);
    if (c === value) return;
    const spin = this.spin;
    const polls = spin.next();
    let k = 0;
    while (c !== value && k < polls) {
      c = atomics.load(i32, at);
      k++;
    }
    spin.spun(c === value ? k : -1, polls);
    while (c !== value) {
      this.checkStop();
      // Counted before the wait, which sleeps only if the word still holds c: a mover that
      // stored after that finds the count and notifies (both sequentially consistent).
      atomics.add(i32, LOOP_SLEEPERS, 1);
      atomics.wait(i32, at, c, SLICE_MS);
      atomics.sub(i32, LOOP_SLEEPERS, 1);
      this.checkDeadline();
      c = atomics.load(i32, at);
    }
  }

  /** After a store to `at`: wake its sleepers, if any thread sleeps on a loop word (a notify costs a lock when nobody waits). */
  private notifySleepers(at: number): void {
    if (atomics.load(this.i32, LOOP_SLEEPERS) !== 0) atomics.notify(this.i32, at);
  }

  /**
   * single()'s broadcast (copyprivate), written by the thread that ran single
   * number k before the barrier and read by every thread after it. Plain
   * words: the barrier orders them. Two sets, by k's parity: single k + 1's
   * barrier comes before single k + 2 can write.
   */
  putSingle(k: number, value: unknown): void {
    const p = k & 1;
    const tag = value === undefined ? 0 : value === null ? 1 : value === false ? 2 : value === true ? 3 : 4;
    // Written only when it changes: a single that returns nothing (the usual case) leaves the line alone.
    if (this.i32[SINGLE_TAG + p] !== tag) this.i32[SINGLE_TAG + p] = tag;
    if (tag === 4) this.f64[SINGLE_VALUE_F64 + p] = value as number;
  }

  getSingle(k: number): unknown {
    const p = k & 1;
    const tag = this.i32[SINGLE_TAG + p];
    return tag === 0 ? undefined : tag === 1 ? null : tag === 2 ? false : tag === 3 ? true : this.f64[SINGLE_VALUE_F64 + p];
  }

  stopped(): boolean {
    return atomics.load(this.i32, STOP) !== 0;
  }
}
