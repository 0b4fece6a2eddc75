/**
 * The task arena: every word tasks share, and every Atomics call made on them
 * (the protocol, with step labels T1-T8, is in core/README.md, "Tasks").
 *
 * One SharedArrayBuffer per team, made on the team's first task call:
 *
 * - a header slot: DONE (the root task has finished), ARRIVED (threads that
 *   reached a task barrier of a region, counted over the region) and, on a
 *   slot of their own, the idle futex word SEQ and the count of threads
 *   SLEEPING on it;
 * - per thread, a Chase-Lev deque (core/task-deque.ts): the owner pushes
 *   and pops at the bottom, thieves take from the top;
 * - per thread, a stack of RECORDS_PER_THREAD task records: the tasks that
 *   thread spawned and whose spawning task has not yet returned. A record's
 *   int32 words (function, argument count, parent, pending children, state)
 *   and its doubles (six arguments, the result) sit in two arrays.
 *
 * A record index is global: thread t's records are t * RECORDS_PER_THREAD + k.
 * Only the owner allocates and frees its records (a stack top kept by the
 * thread itself, not shared): a task's children are freed when it returns,
 * and it returns only after they have all finished (an implicit taskwait),
 * so a record is never freed while another thread can still write it.
 */
import { atomics } from '../intrinsics.js';
import { smallInt } from './block.js';
import { SLOT_WORDS } from './layout.js';
import { DEQUE_WORDS, TaskDeques } from './task-deque.js';

export { DEQUE_CAP, NO_TASK } from './task-deque.js';

/** Arguments a task takes at most (numbers). */
export const MAX_TASK_ARGS = 6;
/** Records each thread may hold at once: spawned tasks whose spawning task has not yet returned. */
export const RECORDS_PER_THREAD = 1 << 14;

// Header (int32 words).
/** 1 once the root task has returned (or the call stopped): idle threads leave. */
const DONE = 0;
/** Arrivals at the task barriers of a region with tasks so far (its k-th barrier is passed at k * threads). */
const ARRIVED = 1;
/** The idle futex word: bumped (and notified) when work appears or a waited-for task finishes while someone sleeps. */
const SEQ = SLOT_WORDS;
/** Threads asleep (or about to sleep) on SEQ. */
const SLEEPING = SLOT_WORDS + 1;
const HEADER_WORDS = 2 * SLOT_WORDS;

// Record words (int32, 8 per record) and doubles (8 per record).
const R_WORDS = 8;
/** Which task function (its index in the task table). */
const R_FN = 0;
/** How many arguments it was given. */
const R_ARGC = 1;
/** The record of the task that spawned it (-1: the root). */
const R_PARENT = 2;
/** Its children that have not finished. */
const R_PENDING = 3;
/** QUEUED until the task has returned, then FINISHED. */
const R_STATE = 4;
/** 1 when the task returned a number, 0 when it returned undefined. */
const R_DEFINED = 5;
/** How many times the record has been allocated (its owner's count, wrapping at 64): a handle carries it, so a stale handle is told apart. */
const R_STAMP = 6;
const R_F64 = 8;
/** The result's place among the record's doubles (arguments are 0-5). */
const R_RESULT = MAX_TASK_ARGS;

/**
 * Stamps wrap here, so that a handle (record + stamp * HANDLE_RECORDS) stays below 2^30: a small
 * integer to V8 (a Smi, 31 bits where pointers are compressed), never a heap number. With stamps
 * up to 2^29, records reused 64 times or more gave handles above 2^30, and every spawn returned a
 * newly allocated double: 16 young-generation collections on the calling thread in a tree of 2
 * million tasks on one thread, none now (bench/results/issue-23-task-heap.txt). A stale handle goes unnoticed only when its record was
 * reused a multiple of 64 times since.
 */
const STAMP_MASK = (1 << 6) - 1;
/** Records a team may have (1,024 threads × RECORDS_PER_THREAD): a handle's low part. */
export const HANDLE_RECORDS = 1 << 24;

export const TaskState = { QUEUED: 0, FINISHED: 2 } as const;

/** Bytes of an arena for `threads` threads. */
export function arenaBytes(threads: number): number {
  const words = HEADER_WORDS + threads * DEQUE_WORDS;
  const records = threads * RECORDS_PER_THREAD;
  // doubles after the int32 words, 8-byte aligned
  return words * 4 + records * R_WORDS * 4 + records * R_F64 * 8;
}

export class TaskArena extends TaskDeques {
  readonly f64: Float64Array;
  /** Where the record words start in i32, and the record doubles in f64. */
  private readonly recWords: number;
  private readonly recF64: number;

  constructor(
    readonly buffer: SharedArrayBuffer,
    threads: number,
  ) {
    super(new Int32Array(buffer), HEADER_WORDS, threads);
    this.f64 = new Float64Array(buffer);
    this.recWords = HEADER_WORDS + threads * DEQUE_WORDS;
    this.recF64 = (this.recWords + threads * RECORDS_PER_THREAD * R_WORDS) / 2;
  }

  static create(threads: number): TaskArena {
    return new TaskArena(new SharedArrayBuffer(arenaBytes(threads)), threads);
  }

  // ---- T1: a call starts (the dispatcher, while no thread is inside a region) -------------

  /**
   * Empty every deque, clear DONE, and write the root task into record 0
   * (thread 0's first): function `fn` with `argc` arguments from `args`.
   * Called before the region is published, so the publish orders these writes
   * before any thread reads them; nothing of the last call survives it.
   */
  reset(fn: number, argc: number, args: ArrayLike<number>): void {
    this.resetRegion();
    this.init(0, fn, argc, -1, args[0] ?? 0, args[1] ?? 0, args[2] ?? 0, args[3] ?? 0, args[4] ?? 0, args[5] ?? 0);
  }

  /**
   * T1 for a parallel region with tasks: empty every deque and clear DONE and
   * ARRIVED. Each thread writes its own implicit task (its first record) as
   * it enters the region, before it spawns anything.
   */
  resetRegion(): void {
    const i32 = this.i32;
    this.emptyAll();
    atomics.store(i32, DONE, 0);
    atomics.store(i32, ARRIVED, 0);
  }

  // ---- records -----------------------------------------------------------------------------

  /** T2: fill record `r` (a free record of the calling thread) as a queued task. Plain stores: the push publishes them. */
  init(r: number, fn: number, argc: number, parent: number, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number): void {
    const w = this.recWords + r * R_WORDS;
    const i32 = this.i32;
    i32[w + R_FN] = fn;
    i32[w + R_ARGC] = argc;
    i32[w + R_PARENT] = parent;
    i32[w + R_PENDING] = 0;
    i32[w + R_STATE] = TaskState.QUEUED;
    i32[w + R_DEFINED] = 0;
    const f = this.recF64 + r * R_F64;
    const f64 = this.f64;
    f64[f] = a0;
    f64[f + 1] = a1;
    f64[f + 2] = a2;
    f64[f + 3] = a3;
    f64[f + 4] = a4;
    f64[f + 5] = a5;
  }

  /** A fresh stamp for record r, about to be reused by its owner (the only thread that reads or writes it). */
  nextStamp(r: number): number {
    const w = this.recWords + r * R_WORDS + R_STAMP;
    const stamp = (this.i32[w]! + 1) & STAMP_MASK;
    this.i32[w] = stamp;
    return stamp;
  }

  stamp(r: number): number {
    return this.i32[this.recWords + r * R_WORDS + R_STAMP]!;
  }

  fn(r: number): number {
    return this.i32[this.recWords + r * R_WORDS + R_FN]!;
  }

  argc(r: number): number {
    return this.i32[this.recWords + r * R_WORDS + R_ARGC]!;
  }

  parent(r: number): number {
    return this.i32[this.recWords + r * R_WORDS + R_PARENT]!;
  }

  /** Argument k (0-5) of record r. */
  arg(r: number, k: number): number {
    return smallInt(this.f64[this.recF64 + r * R_F64 + k]!);
  }

  /** T3: one more child of `r` is pending (its spawner, running r, counts it before the push). */
  addChild(r: number): void {
    atomics.add(this.i32, this.recWords + r * R_WORDS + R_PENDING, 1);
  }

  /** Children of r not yet finished. */
  pending(r: number): number {
    return atomics.load(this.i32, this.recWords + r * R_WORDS + R_PENDING);
  }

  state(r: number): number {
    return atomics.load(this.i32, this.recWords + r * R_WORDS + R_STATE);
  }

  /**
   * T6: r has returned (and its children have all finished). Store the result,
   * mark it FINISHED, then count it off its parent: the decrement is the last
   * write any thread makes to r or on r's behalf, so once the parent sees 0 it
   * may read every result and free the records. The three stores before it are
   * plain: the decrement (a sequentially consistent read-modify-write) orders
   * them before the parent's atomic read of PENDING, which happens before it
   * reads them. Wakes sleepers when the parent may be among them.
   */
  finish(r: number, value: number | undefined): void {
    const w = this.recWords + r * R_WORDS;
    const i32 = this.i32;
    this.f64[this.recF64 + r * R_F64 + R_RESULT] = value ?? 0;
    i32[w + R_DEFINED] = value === undefined ? 0 : 1;
    i32[w + R_STATE] = TaskState.FINISHED;
    const parent = i32[w + R_PARENT]!;
    if (parent < 0) return;
    if (atomics.sub(i32, this.recWords + parent * R_WORDS + R_PENDING, 1) === 1) this.wakeIfSleeping();
  }

  /**
   * T6 for a task its spawner ran at once (T4's cut-off: it was never queued,
   * never counted into its parent's PENDING, and no other thread can reach
   * it): the result and FINISHED, with plain stores. Only its spawning task
   * reads them, on this thread.
   */
  finishHere(r: number, value: number | undefined): void {
    this.f64[this.recF64 + r * R_F64 + R_RESULT] = value ?? 0;
    const w = this.recWords + r * R_WORDS;
    this.i32[w + R_DEFINED] = value === undefined ? 0 : 1;
    this.i32[w + R_STATE] = TaskState.FINISHED;
  }

  /** r's result, once FINISHED (undefined when the task returned undefined). */
  result(r: number): number | undefined {
    const w = this.recWords + r * R_WORDS;
    return this.i32[w + R_DEFINED] === 1 ? smallInt(this.f64[this.recF64 + r * R_F64 + R_RESULT]!) : undefined;
  }

  // ---- T7: sleeping and waking ---------------------------------------------------------------

  /** The idle word's value, read before a thread checks for work one last time and sleeps. */
  sleepTicket(): number {
    const seq = atomics.load(this.i32, SEQ);
    atomics.add(this.i32, SLEEPING, 1);
    return seq;
  }

  /**
   * Sleep on the idle word unless it moved since `ticket` (a wake came after
   * the caller's last look for work), for at most `ms`. The caller announced
   * itself with sleepTicket() before that last look; a waker makes its work
   * visible before it reads SLEEPING, so one of them sees the other.
   */
  sleep(ticket: number, ms: number): void {
    atomics.wait(this.i32, SEQ, ticket, ms);
    atomics.sub(this.i32, SLEEPING, 1);
  }

  /** Called instead of sleep() when the last look found work. */
  cancelSleep(): void {
    atomics.sub(this.i32, SLEEPING, 1);
  }

  /** After making work visible (a push, a finished child, DONE): wake every sleeper, if there is one. */
  wakeIfSleeping(): void {
    if (atomics.load(this.i32, SLEEPING) === 0) return;
    atomics.add(this.i32, SEQ, 1);
    atomics.notify(this.i32, SEQ);
  }

  // ---- T8: the end -----------------------------------------------------------------------------

  /** The root has returned: idle threads leave. */
  setDone(): void {
    atomics.store(this.i32, DONE, 1);
    this.wakeIfSleeping();
  }

  done(): boolean {
    return atomics.load(this.i32, DONE) !== 0;
  }

  /**
   * T9: a thread reached a task barrier of its region with its own tasks all
   * finished (its implicit task has no pending children). Once every thread
   * has, no task of the region is queued or running: each was spawned by some
   * thread's implicit task or by a task, and a task finishes only after its
   * children. Wakes sleepers, who may be waiting for the count.
   */
  arrive(): void {
    atomics.add(this.i32, ARRIVED, 1);
    this.wakeIfSleeping();
  }

  arrived(): number {
    return atomics.load(this.i32, ARRIVED);
  }
}
