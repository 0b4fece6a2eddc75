/**
 * The task arena's deques (core/tasks.ts holds the rest of the arena): per
 * thread, a Chase-Lev deque of record indices, its `top` and `bottom` words
 * each on a slot of their own, then a ring of DEQUE_CAP entries. The owner
 * pushes and pops at the bottom, thieves take from the top. Steps T4-T5 of
 * the protocol in core/README.md, "Tasks".
 */
import { atomics } from '../intrinsics.js';
import { SLOT_WORDS } from './layout.js';

/**
 * Entries in each thread's deque; a spawn that finds it full runs the task at once (a cut-off, as
 * libgomp's past 64 queued tasks per team thread). Power of two. It was 256; 64 lets more tasks
 * run at once instead of through the deque (part of the change measured in
 * bench/results/issue-23-taskbench.txt: TREE 0.58x a task on 2 threads, 0.47x on 1, same-run A/B).
 */
export const DEQUE_CAP = 64;

/** Returned by pop and steal when there is nothing to take. */
export const NO_TASK = -1;

/** Words of one thread's deque: top on one slot, bottom on the next, then the ring. */
export const DEQUE_WORDS = 2 * SLOT_WORDS + DEQUE_CAP;
const MASK = DEQUE_CAP - 1;

export class TaskDeques {
  constructor(
    readonly i32: Int32Array,
    /** The first word of thread 0's deque in i32. */
    private readonly at: number,
    readonly threads: number,
  ) {}

  /** T1: every deque empty (top and bottom 0), before any thread of the next call looks. */
  protected emptyAll(): void {
    for (let t = 0; t < this.threads; t++) {
      const d = this.at + t * DEQUE_WORDS;
      atomics.store(this.i32, d, 0);
      atomics.store(this.i32, d + SLOT_WORDS, 0);
    }
  }

  /**
   * T4 (its check): whether owner `t`'s deque has room for one more entry.
   * Only the owner pushes, and thieves only take, so room seen here is still
   * there at the owner's next push. When there is none the spawner runs the
   * task at once (the cut-off) and neither counts nor queues it.
   *
   * Plain reads, not Atomics.load (about 5 ns a call in Node 20, which
   * compiles it to a call, not a load; this check runs on every spawn): bottom
   * is written only by the owner (or by T1's reset, before the publish this
   * thread has seen); top only grows, so a stale top can only make the deque
   * look fuller than it is, and a task then runs at once instead of queueing.
   */
  hasRoom(t: number): boolean {
    const i32 = this.i32;
    const d = this.at + t * DEQUE_WORDS;
    return ((i32[d + SLOT_WORDS]! - i32[d]!) | 0) < DEQUE_CAP;
  }

  /**
   * T4: the owner `t` pushes record r at the bottom (after hasRoom). The entry
   * is written with a plain store before bottom is published with a
   * sequentially consistent one, so a thief that reads the new bottom reads
   * the entry. Indices are int32 and wrap; every comparison is of their
   * difference, `(b - t) | 0`, so wrap-around changes nothing.
   */
  push(t: number, r: number): void {
    const i32 = this.i32;
    const d = this.at + t * DEQUE_WORDS;
    const b = i32[d + SLOT_WORDS]!; // the owner's own word (see hasRoom)
    i32[d + 2 * SLOT_WORDS + (b & MASK)] = r;
    atomics.store(i32, d + SLOT_WORDS, (b + 1) | 0);
  }

  /**
   * T5a: the owner takes its newest entry (LIFO: depth first, its cache is
   * warm). It first moves bottom down, then reads top: a thief that read the
   * old bottom has already moved top, or will see the new bottom. When one
   * entry was left, owner and thieves race for it with the same CAS on top
   * (the last-element race), and bottom is put back to the new top either way.
   */
  pop(t: number): number {
    const i32 = this.i32;
    const d = this.at + t * DEQUE_WORDS;
    const b = (atomics.load(i32, d + SLOT_WORDS) - 1) | 0;
    atomics.store(i32, d + SLOT_WORDS, b);
    const top = atomics.load(i32, d);
    const size = (b - top) | 0;
    if (size < 0) {
      atomics.store(i32, d + SLOT_WORDS, top); // it was empty: undo
      return NO_TASK;
    }
    let r = atomics.load(i32, d + 2 * SLOT_WORDS + (b & MASK));
    if (size > 0) return r; // more than one entry: no thief can reach this one
    if (atomics.compareExchange(i32, d, top, (top + 1) | 0) !== top) r = NO_TASK; // a thief took it
    atomics.store(i32, d + SLOT_WORDS, (top + 1) | 0);
    return r;
  }

  /**
   * T5b: a thief takes victim `t`'s oldest entry (the biggest piece of work,
   * in a divide-and-conquer tree). Read top, then bottom, then the entry, and
   * claim it by moving top with a CAS: if the CAS fails, another thief or the
   * owner's last-element pop took it, and the entry read is dropped. The
   * entry cannot have been overwritten while top still equals `top`: the
   * owner writes slot (top + DEQUE_CAP) only once top has moved past it.
   */
  steal(t: number): number {
    const i32 = this.i32;
    const d = this.at + t * DEQUE_WORDS;
    const top = atomics.load(i32, d);
    const b = atomics.load(i32, d + SLOT_WORDS);
    if (((b - top) | 0) <= 0) return NO_TASK;
    const r = atomics.load(i32, d + 2 * SLOT_WORDS + (top & MASK));
    if (atomics.compareExchange(i32, d, top, (top + 1) | 0) !== top) return NO_TASK;
    return r;
  }

  /** Whether any deque holds an entry (read by a thread before it sleeps). */
  anyQueued(): boolean {
    const i32 = this.i32;
    for (let t = 0; t < this.threads; t++) {
      const d = this.at + t * DEQUE_WORDS;
      if (((atomics.load(i32, d + SLOT_WORDS) - atomics.load(i32, d)) | 0) > 0) return true;
    }
    return false;
  }
}
