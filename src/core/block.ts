/**
 * The control block: one SharedArrayBuffer of coordination words (offsets in
 * layout.ts), and the protocol steps more than one actor takes on it. Each
 * actor has a class of its own over the same buffer, with its own steps:
 * dispatcher.ts (D2-D4, and starting workers), worker.ts (W1-W5),
 * joiner.ts (J1-J3) and watcher.ts. Every method is a step of the protocol in
 * core/README.md; read that before changing the order of any two lines.
 *
 * Memory ordering: every `Atomics` operation is sequentially consistent. Plain
 * (non-atomic) writes to the descriptor are published by the atomic store of
 * the wake word that follows them, and plain writes of error details by the
 * atomic decrement of PENDING that follows them. Atomics are called through
 * parfor's own references (src/intrinsics.ts), which a loop body cannot replace.
 */
import { atomics, toBigInt } from '../intrinsics.js';
import { type Claims, claimChunkAt, claimRangeAt } from './claims.js';
import {
  BAR_GEN,
  BLOCK_SLOTS,
  blocksIndex,
  CLAIM_I64,
  CLAIM32,
  DONE,
  EPOCH,
  ERR_EXIT_CODE,
  ERR_HI_F64,
  ERR_INDEX_F64,
  ERR_KIND,
  ERR_THREAD,
  ERR_WORKER,
  FaultKind,
  FIRST_WORKER_SLOT,
  JOINER_SLEEPING,
  PENDING,
  partialSlot,
  SLOT_BYTES,
  SLOT_WORDS,
  STATE_BITS,
  STATE_MASK,
  STOP,
  W_EXIT,
  W_LEFT,
  W_SLEEPING,
  W_STATE,
  W_TID,
  W_WAKE,
  WORKER_SLOTS,
  WorkerState,
  workersFor,
} from './layout.js';
import { type BlockStart, Ranges } from './ranges.js';

/** What a region needs written into the descriptor. */
export interface Descriptor {
  /** The schedule's code (schedule/registry.ts). */
  schedule: number;
  threads: number;
  bodyId: number;
  /** A region with tasks: its task table's body id; 0 otherwise. */
  tasksId: number;
  sharedId: number;
  /** Polls the workers spend waiting for the next region before they sleep. */
  spins: number;
  /** Polls a thread spends on a wait inside the region (barrier, ordered turn, lock) before it sleeps. */
  regionSpins: number;
  start: number;
  n: number;
  chunk: number;
  numChunks: number;
  /** Whether long chunks may be run in pieces (schedule/pace.ts; false when the body receives whole chunks). */
  slice: boolean;
  /** What threads record per chunk (RECORD_PROGRESS, RECORD_TRACE). */
  flags: number;
  /** The loop kind's three parameters (kinds/table.ts names them per kind: a reduction's identity, a 2-D loop's columns, first row and column). */
  param0: number;
  param1: number;
  param2: number;
}

/** A descriptor to fill (the dispatcher's from a request, a worker's from the control block). */
export function newDescriptor(): Descriptor {
  return {
    schedule: 0,
    threads: 0,
    bodyId: 0,
    tasksId: 0,
    sharedId: 0,
    spins: 0,
    regionSpins: 0,
    start: 0,
    n: 0,
    chunk: 0,
    numChunks: 0,
    slice: false,
    flags: 0,
    param0: 0,
    param1: 0,
    param2: 0,
  };
}

/** The first error of a region, as recorded in the fault slot. */
export interface Fault {
  kind: number;
  threadId: number;
  worker: number;
  exitCode: number;
  index: number;
  /** End of the chunk that threw (bodies that receive whole chunks), COMBINING, or NaN. */
  hi: number;
}

/**
 * True once DONE has reached `epoch`. Epochs only grow (mod 2^32), and a
 * later region may already have finished by the time a joiner looks: a sync
 * loop can settle an async region and run its own before the async joiner's
 * continuation runs, so "joined" is DONE at or past the epoch, not equal to it.
 */
export function reached(done: number, epoch: number): boolean {
  return ((done - epoch) | 0) >= 0;
}

/**
 * `x` as a small integer where it is one. A number read from a Float64Array is
 * a heap-allocated double in V8's interpreter even when its value is whole,
 * and so is everything computed from it: a loop index built from the
 * descriptor's `start` reached the body as a double, and the body's index
 * arithmetic (`out[i * n + j]`) was then compiled for doubles. On the fill and
 * matmul kernels that made a parfor worker 1.3-1.5x slower than a bare worker
 * running the same function (docs/architecture.md, "Integer indices"). Task
 * arguments and results come back through it too (core/tasks.ts): fib(32) as
 * one task ran 1.55x slower than serial JS before they did
 * (bench/results/issue-23-tasks.txt). test/integer-index.test.ts checks both
 * with V8's %IsSmi.
 */
export function smallInt(x: number): number {
  const i = x | 0;
  return i === x && (i !== 0 || 1 / x > 0) ? i : x; // -0 stays -0 (a task's argument may be one)
}

/** The words and the steps every actor shares: a participant's, the fault slot's, and death's. */
export class ControlBlock implements Claims {
  readonly buffer: SharedArrayBuffer;
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  readonly i64: BigInt64Array;
  /** Workers this block was laid out for. */
  readonly workers: number;
  /** The adaptive schedule's per-thread ranges, in the threads' partial slots. */
  protected readonly ranges: Ranges;
  /** A deterministic reduction's block values (BLOCK_SLOTS; protocol B1 in README.md). */
  readonly blocks: Float64Array;

  constructor(buffer: SharedArrayBuffer) {
    this.buffer = buffer;
    this.workers = workersFor(buffer.byteLength);
    this.i32 = new Int32Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.i64 = new BigInt64Array(buffer);
    this.ranges = new Ranges(this.i32, this.f64, this.workers);
    this.blocks = this.f64.subarray(blocksIndex(this.workers), blocksIndex(this.workers) + BLOCK_SLOTS);
  }

  /** First int32 word of worker w's state slot (its wake slot follows). */
  protected slot(w: number): number {
    return (FIRST_WORKER_SLOT + WORKER_SLOTS * w) * SLOT_WORDS;
  }

  /** Float64 index of thread `tid`'s reduction partial; its progress count is the int64 after it. */
  protected partialIndex(tid: number): number {
    return (partialSlot(this.workers, tid) * SLOT_BYTES) / 8;
  }

  epoch(): number {
    return atomics.load(this.i32, EPOCH);
  }

  // ---- a participant's steps: any thread of a region (a worker, or thread 0 of a sync loop) ----

  /** True once someone asked the region to stop claiming. */
  /**
   * C1: a body called ctx.cancel(). STOP without a fault: every thread stops
   * claiming at its next chunk and the loop ends as if it had run out (D2
   * clears STOP for the next region).
   */
  cancel(): void {
    atomics.store(this.i32, STOP, 1);
  }

  stopped(): boolean {
    return atomics.load(this.i32, STOP) !== 0;
  }

  /** The region's dynamic claim (claims.ts). */
  claimChunk(numChunks: number, threads: number): number {
    return claimChunkAt(this.i32, CLAIM32, this.i64, CLAIM_I64, numChunks, threads);
  }

  /** The region's adaptive claim: the ranges tagged with this region's epoch and loop 0 (ranges.ts). */
  claimSplit(tid: number, n: number, threads: number, grain: number, block: BlockStart, out: Float64Array): number {
    return this.ranges.claim(tid, 0, n, threads, grain, block, out);
  }

  /** The region's guided claim (claims.ts). */
  claimRange(n: number, end: (lo: number) => number, out: Float64Array): number {
    return claimRangeAt(this.i64, CLAIM_I64, n, end, out);
  }

  /** A thread's reduction partial: written by that thread before it leaves (published by the leave). */
  setPartial(tid: number, value: number): void {
    this.f64[this.partialIndex(tid)] = value;
  }

  /** The partials of threads 0…threads-1: read in a scan's second pass. */
  partials(threads: number): number[] {
    return this.readPartials([], threads);
  }

  /** The same, into `out` (the joiner's, reused: nothing is allocated once it has grown). */
  readPartials(out: number[], threads: number): number[] {
    if (out.length !== threads) out.length = threads;
    for (let t = 0; t < threads; t++) out[t] = this.f64[this.partialIndex(t)]!;
    return out;
  }

  /**
   * B1: the first `count` block values of a deterministic reduction, into `out`
   * (the region's own array, made on first use; plain reads, published by the
   * threads' leaves as their partials are).
   */
  readBlocks(out: Float64Array | undefined, count: number): Float64Array {
    const into = out ?? new Float64Array(BLOCK_SLOTS);
    for (let b = 0; b < count; b++) into[b] = this.blocks[b]!;
    return into;
  }

  /** B1: before the region is published, every block value starts at the identity (a block a stop skips adds nothing). */
  resetBlocks(identity: number, count: number): void {
    this.blocks.fill(identity, 0, count);
  }

  /** Thread `tid` finished `count` more iterations (its own word: no contention). */
  addProgress(tid: number, count: number): void {
    atomics.add(this.i64, this.partialIndex(tid) + 1, toBigInt(count));
  }

  /**
   * Step W5: one participant leaves the region. The last one out publishes
   * DONE and wakes the joiner if it sleeps. After this call the thread must not
   * touch the region's memory (the joiner may already report completion).
   */
  leave(): void {
    const i32 = this.i32;
    if (atomics.sub(i32, PENDING, 1) === 1) {
      atomics.store(i32, DONE, atomics.load(i32, EPOCH));
      if (atomics.load(i32, JOINER_SLEEPING) !== 0) atomics.notify(i32, DONE);
    }
  }

  // ---- the fault slot ------------------------------------------------------------------------

  /**
   * Record the region's first error. Only the first caller wins (returns true)
   * and writes the details; everyone sets STOP so the others stop claiming.
   */
  raise(kind: number, threadId: number, worker: number, index = NaN, exitCode = 0, hi = NaN): boolean {
    const i32 = this.i32;
    const won = atomics.compareExchange(i32, ERR_KIND, FaultKind.NONE, kind) === FaultKind.NONE;
    if (won) {
      i32[ERR_THREAD] = threadId;
      i32[ERR_WORKER] = worker;
      i32[ERR_EXIT_CODE] = exitCode;
      this.f64[ERR_INDEX_F64] = index;
      this.f64[ERR_HI_F64] = hi;
    }
    atomics.store(i32, STOP, 1);
    // Threads of a parallel region may wait at a barrier for one that will never come:
    // bump the generation so they wake, see STOP and unwind.
    atomics.add(i32, BAR_GEN, 1);
    atomics.notify(i32, BAR_GEN);
    return won;
  }

  /** True when the region just joined recorded an error. */
  faulted(): boolean {
    return atomics.load(this.i32, ERR_KIND) !== FaultKind.NONE;
  }

  /** The first error of the region just joined (read after the join). */
  fault(): Fault {
    const i32 = this.i32;
    return {
      kind: atomics.load(i32, ERR_KIND),
      threadId: i32[ERR_THREAD]!,
      worker: i32[ERR_WORKER]!,
      exitCode: i32[ERR_EXIT_CODE]!,
      index: this.f64[ERR_INDEX_F64]!,
      hi: this.f64[ERR_HI_F64]!,
    };
  }

  // ---- workers' membership and death ---------------------------------------------------------

  /** Worker w's WorkerState (without the generation). */
  state(w: number): number {
    return atomics.load(this.i32, this.slot(w) + W_STATE) & STATE_MASK;
  }

  /** Where worker w sleeps: 0 while it runs or spins, SLEEP_OWN on its wake word, SLEEP_GEN on WAKE_GEN (W_SLEEPING). */
  sleepingOn(w: number): number {
    return atomics.load(this.i32, this.slot(w) + W_SLEEPING);
  }

  /** The loop thread id worker w runs as in the current region. */
  threadIdOf(w: number): number {
    return this.i32[this.slot(w) + W_TID]!;
  }

  /** True while worker w is inside region `epoch` (woken for it, not yet left or accounted for). */
  inRegion(w: number, epoch: number): boolean {
    const s = this.slot(w);
    return atomics.load(this.i32, s + W_WAKE) === epoch && atomics.load(this.i32, s + W_LEFT) !== epoch;
  }

  /** The exit code worker w stored as it ended, or undefined. */
  exitCode(w: number): number | undefined {
    const v = atomics.load(this.i32, this.slot(w) + W_EXIT);
    return v === 0 ? undefined : v - 1;
  }

  /**
   * Declare worker w gone (called by whoever observes the exit: the watcher
   * thread, the team's exit handler, or the joiner giving up on a terminated
   * thread; any may, only one wins). If it was inside the current region,
   * record WORKER_EXIT and leave on its behalf. Returns the state it had, or -1
   * if it was already dead.
   */
  markDead(w: number, gen: number, exitCode = 0): number {
    const i32 = this.i32;
    const at = this.slot(w) + W_STATE;
    for (;;) {
      const v = atomics.load(i32, at);
      if (v >>> STATE_BITS !== gen) return -1;
      const s = v & STATE_MASK;
      if (s === WorkerState.DEAD || s === WorkerState.FAILED) return -1;
      const next = (gen << STATE_BITS) | (s === WorkerState.BOOTING ? WorkerState.FAILED : WorkerState.DEAD);
      if (atomics.compareExchange(i32, at, v, next) !== v) continue;
      atomics.notify(i32, at);
      // The state store above precedes this read of W_WAKE, and the dispatcher's W_WAKE store
      // precedes its state re-read (D4, wake): one of us sees the other. A retired worker has
      // normally left its last region already; if it died before leaving, the W_LEFT CAS in
      // accountDead makes this account for it exactly once.
      if (s === WorkerState.ALIVE || s === WorkerState.RETIRED) this.accountDead(w, atomics.load(i32, EPOCH), exitCode);
      return s;
    }
  }

  /**
   * Worker w is gone: if it was inside region `epoch`, win the W_LEFT CAS for
   * it, record WORKER_EXIT and leave on its behalf.
   */
  protected accountDead(w: number, epoch: number, exitCode = 0): void {
    const s = this.slot(w);
    if (atomics.load(this.i32, s + W_WAKE) !== epoch) return;
    const v = atomics.load(this.i32, s + W_LEFT);
    if (v === epoch || atomics.compareExchange(this.i32, s + W_LEFT, v, epoch) !== v) return;
    const own = atomics.load(this.i32, s + W_EXIT);
    this.raise(FaultKind.WORKER_EXIT, this.threadIdOf(w), w, NaN, own !== 0 ? own - 1 : exitCode);
    this.leave();
  }
}
