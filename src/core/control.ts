/**
 * The control block. Every method here is one step of the protocol in
 * `core/README.md`; read that before changing the order of any two lines.
 * `Atomics` is called only in `core/`: here for the control block's words,
 * in `region-sync.ts` for a region's barrier, lock, single and ctx.loop
 * claims, in `atomic-add.ts` for ctx.atomicAdd, and in `trace-buffer.ts`
 * for the trace ring.
 *
 * Memory ordering: every `Atomics` operation is sequentially consistent. Plain
 * (non-atomic) writes to the descriptor are published by the atomic store of
 * the wake word that follows them, and plain writes of error details by the
 * atomic decrement of PENDING that follows them.
 */
import { atomics, math, now, toBigInt, toNumber } from '../intrinsics.js';
import {
  BAR_COUNT,
  BAR_GEN,
  CLAIM_I64,
  CLAIM32,
  controlBytes,
  D_BODY,
  D_CHUNK_F64,
  D_FLAGS,
  D_N_F64,
  D_NCHUNKS_F64,
  D_PARAM0_F64,
  D_PARAM1_F64,
  D_PARAM2_F64,
  D_SCHEDULE,
  D_SHARED,
  D_SLICE,
  D_SPINS,
  D_START_F64,
  D_THREADS,
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
  LOCK,
  LOOP_CLAIM,
  LOOP_NEXT_I64,
  PENDING,
  partialSlot,
  SHUTDOWN,
  SINGLE,
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
  WATCHER_READY,
  WORKER_SLOTS,
  WorkerState,
  workersFor,
} from './layout.js';

/** What a region needs written into the descriptor. */
export interface Descriptor {
  /** The schedule's code (schedule/registry.ts). */
  schedule: number;
  threads: number;
  bodyId: number;
  sharedId: number;
  /** Polls the workers spend waiting for the next region before they sleep. */
  spins: number;
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

/** The first error of a region, as recorded in the fault slot. */
export interface Fault {
  kind: number;
  threadId: number;
  worker: number;
  exitCode: number;
  index: number;
  /** End of the chunk that threw (bodies that receive whole chunks), or NaN. */
  hi: number;
}

/** Largest chunk index the int32 claim counter may hand out without overflow. */
const INT32_CLAIM_LIMIT = 0x7fffffff;

/**
 * What walking a schedule needs from shared memory: the stop flag and the two
 * claims. The control block provides them for a region; a parallel region's
 * ctx.loop() provides them on counters of its own (core/region-sync.ts).
 */
export interface Claims {
  stopped(): boolean;
  /** Next chunk index of a `dynamic` schedule, or -1 when none is left. */
  claimChunk(numChunks: number, threads: number): number;
  /** Next guided range [lo, end(lo)) (`out[0]` gets the end), or -1 when none is left. */
  claimRange(n: number, end: (lo: number) => number, out: Float64Array): number;
}

/**
 * One fetch-add on a chunk counter: the int32 word at `at32` while chunk
 * indices leave head-room below 2^31 for every thread's final overshoot, the
 * int64 word at `at64` beyond. Returns the chunk index, or -1 when none is left.
 */
export function claimChunkAt(i32: Int32Array, at32: number, i64: BigInt64Array, at64: number, numChunks: number, threads: number): number {
  const c = numChunks + threads < INT32_CLAIM_LIMIT ? atomics.add(i32, at32, 1) : toNumber(atomics.add(i64, at64, 1n));
  return c < numChunks ? c : -1;
}

/**
 * Claim [lo, end(lo)) by compare-exchange on the next-iteration counter at
 * `at` (guided). Returns lo, or -1 when nothing is left; `out[0]` gets the end.
 */
export function claimRangeAt(i64: BigInt64Array, at: number, n: number, end: (lo: number) => number, out: Float64Array): number {
  for (;;) {
    const seen = atomics.load(i64, at);
    const lo = toNumber(seen);
    if (lo >= n) return -1;
    const hi = end(lo);
    if (atomics.compareExchange(i64, at, seen, toBigInt(hi)) === seen) {
      out[0] = hi;
      return lo;
    }
  }
}

/**
 * Resolve once `i32[index]` may have changed from `value`, without blocking
 * the thread: `Atomics.waitAsync` where the platform has it. Where it does not
 * (Firefox ESR 140), poll: a few turns of a message channel, then timers that
 * back off to 4 ms. That costs latency, not correctness. Callers re-check the
 * word, so an early return is harmless.
 */
function waitChange(i32: Int32Array, index: number, value: number): Promise<unknown> | undefined {
  const waitAsync = atomics.waitAsync;
  if (waitAsync !== undefined) {
    const r = waitAsync(i32, index, value);
    return r.async ? r.value : undefined;
  }
  return new Promise((resolve) => {
    let polls = 0;
    const tick = () => {
      if (atomics.load(i32, index) !== value) return resolve(undefined);
      polls++;
      if (polls < 50 && typeof MessageChannel === 'function') yieldTurn(tick);
      else setTimeout(tick, math.min(4, (polls - 50) >> 3));
    };
    tick();
  });
}

/** Run `cb` after the current task, without a timer's clamping (a message to ourselves). */
let turnPort: MessagePort | undefined;
const turnQueue: Array<() => void> = [];
function yieldTurn(cb: () => void): void {
  if (turnPort === undefined) {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => turnQueue.shift()?.();
    turnPort = ch.port2;
    (ch.port1 as unknown as { unref?: () => void }).unref?.();
  }
  turnQueue.push(cb);
  turnPort.postMessage(0);
}

/** Outcome of a bounded wait. */
export type WaitResult = 'ok' | 'timed-out';

/**
 * True once DONE has reached `epoch`. Epochs only grow (mod 2^32), and a
 * later region may already have finished by the time a joiner looks: a sync
 * loop can settle an async region and run its own before the async joiner's
 * continuation runs, so "joined" is DONE at or past the epoch, not equal to it.
 */
function reached(done: number, epoch: number): boolean {
  return ((done - epoch) | 0) >= 0;
}

/**
 * `x` as a small integer where it is one. A number read from a Float64Array is
 * a heap-allocated double in V8's interpreter even when its value is whole,
 * and so is everything computed from it: a loop index built from the
 * descriptor's `start` reached the body as a double, and the body's index
 * arithmetic (`out[i * n + j]`) was then compiled for doubles. On the fill and
 * matmul kernels that made a parfor worker 1.3-1.5x slower than a bare worker
 * running the same function (docs/architecture.md, "Integer indices").
 */
export function smallInt(x: number): number {
  return (x | 0) === x ? x | 0 : x;
}

export class ControlBlock implements Claims {
  readonly buffer: SharedArrayBuffer;
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  readonly i64: BigInt64Array;

  /** Workers this block was laid out for. */
  readonly workers: number;

  constructor(buffer: SharedArrayBuffer) {
    this.buffer = buffer;
    this.workers = workersFor(buffer.byteLength);
    this.i32 = new Int32Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.i64 = new BigInt64Array(buffer);
  }

  static create(workers: number): ControlBlock {
    return new ControlBlock(new SharedArrayBuffer(controlBytes(workers)));
  }

  private slot(w: number): number {
    return (FIRST_WORKER_SLOT + WORKER_SLOTS * w) * SLOT_WORDS;
  }

  // ---- dispatcher side -------------------------------------------------------

  /**
   * Step D2: write the descriptor and reset the per-region words. Only
   * legal while no region is in flight (PENDING is 0).
   */
  prepare(d: Descriptor, participants: number): number {
    const { i32, f64 } = this;
    // Each word is written only when it changes: an unchanged cache line stays
    // shared with the workers' cores instead of being invalidated every region.
    if (i32[D_SCHEDULE] !== d.schedule) i32[D_SCHEDULE] = d.schedule;
    if (i32[D_THREADS] !== d.threads) i32[D_THREADS] = d.threads;
    if (i32[D_BODY] !== d.bodyId) i32[D_BODY] = d.bodyId;
    if (i32[D_SHARED] !== d.sharedId) i32[D_SHARED] = d.sharedId;
    if (i32[D_SPINS] !== d.spins) i32[D_SPINS] = d.spins;
    if (f64[D_START_F64] !== d.start) f64[D_START_F64] = d.start;
    if (f64[D_N_F64] !== d.n) f64[D_N_F64] = d.n;
    if (f64[D_CHUNK_F64] !== d.chunk) f64[D_CHUNK_F64] = d.chunk;
    if (f64[D_NCHUNKS_F64] !== d.numChunks) f64[D_NCHUNKS_F64] = d.numChunks;
    if (i32[D_FLAGS] !== d.flags) i32[D_FLAGS] = d.flags;
    if (d.flags !== 0) for (let t = 0; t < d.threads; t++) this.i64[this.progressIndex(t)] = 0n;
    const slice = d.slice ? 1 : 0;
    if (i32[D_SLICE] !== slice) i32[D_SLICE] = slice;
    if (!Object.is(f64[D_PARAM0_F64], d.param0)) f64[D_PARAM0_F64] = d.param0;
    if (f64[D_PARAM1_F64] !== d.param1) f64[D_PARAM1_F64] = d.param1;
    if (f64[D_PARAM2_F64] !== d.param2) f64[D_PARAM2_F64] = d.param2;
    if (i32[CLAIM32] !== 0) i32[CLAIM32] = 0;
    if (this.i64[CLAIM_I64] !== 0n) this.i64[CLAIM_I64] = 0n;
    if (i32[ERR_KIND] !== FaultKind.NONE) {
      i32[STOP] = 0;
      i32[ERR_KIND] = FaultKind.NONE;
      i32[ERR_WORKER] = -1;
      i32[ERR_EXIT_CODE] = 0;
    } else if (i32[STOP] !== 0) {
      i32[STOP] = 0;
    }
    // Region synchronisation words (parallel regions); zero unless the last region used them.
    if (i32[BAR_COUNT] !== 0) i32[BAR_COUNT] = 0;
    if (i32[LOCK] !== 0) i32[LOCK] = 0;
    if (i32[SINGLE] !== 0) i32[SINGLE] = 0;
    if (i32[LOOP_CLAIM] !== 0) i32[LOOP_CLAIM] = 0;
    if (i32[LOOP_CLAIM + 1] !== 0) i32[LOOP_CLAIM + 1] = 0;
    if (this.i64[LOOP_NEXT_I64] !== 0n) this.i64[LOOP_NEXT_I64] = 0n;
    if (this.i64[LOOP_NEXT_I64 + 1] !== 0n) this.i64[LOOP_NEXT_I64 + 1] = 0n;
    atomics.store(i32, PENDING, participants);
    return atomics.add(i32, EPOCH, 1) + 1;
  }

  /** Step D3: worker w will run as loop thread `tid` (written only when it changes). */
  assign(w: number, tid: number): void {
    const at = this.slot(w) + W_TID;
    if (this.i32[at] !== tid) this.i32[at] = tid;
  }

  /**
   * Step D4: start worker w in region `epoch`; a futex wake only if it sleeps.
   * Then re-read its state: if it died meanwhile, its death may have been
   * observed before this wake store, by someone who then saw no region to
   * account for, so account for it here (the W_LEFT CAS keeps that to once).
   */
  wake(w: number, epoch: number): void {
    const s = this.slot(w);
    atomics.store(this.i32, s + W_WAKE, epoch);
    if (atomics.load(this.i32, s + W_SLEEPING) !== 0) atomics.notify(this.i32, s + W_WAKE);
    if ((atomics.load(this.i32, s + W_STATE) & STATE_MASK) !== WorkerState.ALIVE) this.accountDead(w, epoch);
  }

  /** Tell every worker to leave its loop (team closing). */
  shutdown(workers: number): void {
    atomics.store(this.i32, SHUTDOWN, 1);
    for (let w = 0; w < workers; w++) {
      const s = this.slot(w);
      atomics.add(this.i32, s + W_WAKE, 1);
      atomics.notify(this.i32, s + W_WAKE);
    }
  }

  epoch(): number {
    return atomics.load(this.i32, EPOCH);
  }

  // ---- worker side ------------------------------------------------------------

  /**
   * Step W1: wait until worker w's wake word differs from `seen`. Spins for
   * `spins` polls, then announces itself as sleeping and blocks. Returns the
   * new wake value. The SLEEPING store comes before the re-check inside
   * `Atomics.wait`, and the dispatcher's WAKE store before its SLEEPING load,
   * so one of the two always sees the other (no lost wake-up).
   */
  awaitWake(w: number, seen: number, spins: number): number {
    const i32 = this.i32;
    const at = this.slot(w) + W_WAKE;
    for (let k = 0; k < spins; k++) {
      const v = atomics.load(i32, at);
      if (v !== seen) return v;
    }
    const sleeping = this.slot(w) + W_SLEEPING;
    atomics.store(i32, sleeping, 1);
    let v = atomics.load(i32, at);
    while (v === seen) {
      atomics.wait(i32, at, seen);
      v = atomics.load(i32, at);
    }
    atomics.store(i32, sleeping, 0);
    return v;
  }

  /** The wake value worker w must treat as already seen when it (re)starts. */
  wakeValue(w: number): number {
    return atomics.load(this.i32, this.slot(w) + W_WAKE);
  }

  shuttingDown(): boolean {
    return atomics.load(this.i32, SHUTDOWN) !== 0;
  }

  /** Read the descriptor (after W1 has observed the wake store). */
  descriptor(): Descriptor {
    const { i32, f64 } = this;
    return {
      schedule: i32[D_SCHEDULE]!,
      threads: i32[D_THREADS]!,
      bodyId: i32[D_BODY]!,
      sharedId: i32[D_SHARED]!,
      spins: i32[D_SPINS]!,
      start: smallInt(f64[D_START_F64]!),
      n: smallInt(f64[D_N_F64]!),
      chunk: smallInt(f64[D_CHUNK_F64]!),
      numChunks: smallInt(f64[D_NCHUNKS_F64]!),
      slice: i32[D_SLICE] !== 0,
      flags: i32[D_FLAGS]!,
      param0: f64[D_PARAM0_F64]!,
      param1: smallInt(f64[D_PARAM1_F64]!),
      param2: smallInt(f64[D_PARAM2_F64]!),
    };
  }

  /** A thread's reduction partial: written by that thread before it leaves (published by the leave). */
  setPartial(tid: number, value: number): void {
    this.f64[(partialSlot(this.workers, tid) * SLOT_BYTES) / 8] = value;
  }

  private progressIndex(tid: number): number {
    return (partialSlot(this.workers, tid) * SLOT_BYTES) / 8 + 1;
  }

  /** Thread `tid` finished `count` more iterations (its own word: no contention). */
  addProgress(tid: number, count: number): void {
    atomics.add(this.i64, this.progressIndex(tid), toBigInt(count));
  }

  /** Iterations finished so far by threads 0…threads-1 (read while they run). */
  progress(threads: number): number {
    let sum = 0;
    for (let t = 0; t < threads; t++) sum += toNumber(atomics.load(this.i64, this.progressIndex(t)));
    return sum;
  }

  /** The partials of threads 0…threads-1, read by the joiner after the join. */
  partials(threads: number): number[] {
    const out: number[] = [];
    for (let t = 0; t < threads; t++) out.push(this.f64[(partialSlot(this.workers, t) * SLOT_BYTES) / 8]!);
    return out;
  }

  threadIdOf(w: number): number {
    return this.i32[this.slot(w) + W_TID]!;
  }

  /** Worker boot: BOOTING → ALIVE, waking anyone waiting for it to be ready. */
  markReady(w: number, gen: number): boolean {
    const at = this.slot(w) + W_STATE;
    const from = (gen << STATE_BITS) | WorkerState.BOOTING;
    const ok = atomics.compareExchange(this.i32, at, from, (gen << STATE_BITS) | WorkerState.ALIVE) === from;
    atomics.notify(this.i32, at);
    return ok;
  }

  /**
   * Worker w found its realm changed by a body (team/thread/realm.ts): ALIVE →
   * RETIRED, before it leaves its region, so no dispatcher can start it again.
   */
  retire(w: number, gen: number): boolean {
    const at = this.slot(w) + W_STATE;
    const from = (gen << STATE_BITS) | WorkerState.ALIVE;
    const ok = atomics.compareExchange(this.i32, at, from, (gen << STATE_BITS) | WorkerState.RETIRED) === from;
    atomics.notify(this.i32, at);
    return ok;
  }

  /**
   * Step W5 for a worker: mark region `epoch` left (CAS on W_LEFT), then leave.
   * If the CAS fails the worker was already accounted for and must not leave twice.
   */
  workerLeave(w: number, epoch: number): void {
    const at = this.slot(w) + W_LEFT;
    const v = atomics.load(this.i32, at);
    if (v !== epoch && atomics.compareExchange(this.i32, at, v, epoch) === v) this.leave();
  }

  /** True while worker w is inside region `epoch` (woken for it, not yet left or accounted for). */
  inRegion(w: number, epoch: number): boolean {
    const s = this.slot(w);
    return atomics.load(this.i32, s + W_WAKE) === epoch && atomics.load(this.i32, s + W_LEFT) !== epoch;
  }

  /**
   * Worker w is gone: if it was inside region `epoch`, win the W_LEFT CAS for
   * it, record WORKER_EXIT and leave on its behalf.
   */
  private accountDead(w: number, epoch: number, exitCode = 0): void {
    const s = this.slot(w);
    if (atomics.load(this.i32, s + W_WAKE) !== epoch) return;
    const v = atomics.load(this.i32, s + W_LEFT);
    if (v === epoch || atomics.compareExchange(this.i32, s + W_LEFT, v, epoch) !== v) return;
    const own = atomics.load(this.i32, s + W_EXIT);
    this.raise(FaultKind.WORKER_EXIT, this.threadIdOf(w), w, NaN, own !== 0 ? own - 1 : exitCode);
    this.leave();
  }

  /** Worker w's thread is ending with `code` (stored by the worker itself, read when its death is accounted for). */
  setExitCode(w: number, code: number): void {
    atomics.store(this.i32, this.slot(w) + W_EXIT, code + 1);
  }

  /** The exit code worker w stored as it ended, or undefined. */
  exitCode(w: number): number | undefined {
    const v = atomics.load(this.i32, this.slot(w) + W_EXIT);
    return v === 0 ? undefined : v - 1;
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

  // ---- claims -----------------------------------------------------------------

  /** The region's dynamic claim (see claimChunkAt). */
  claimChunk(numChunks: number, threads: number): number {
    return claimChunkAt(this.i32, CLAIM32, this.i64, CLAIM_I64, numChunks, threads);
  }

  /** The region's guided claim (see claimRangeAt). */
  claimRange(n: number, end: (lo: number) => number, out: Float64Array): number {
    return claimRangeAt(this.i64, CLAIM_I64, n, end, out);
  }

  /** Set the claim counter directly (tests drive overflow paths with it). */
  setClaimCounter(value: bigint): void {
    atomics.store(this.i64, CLAIM_I64, value);
    atomics.store(this.i32, CLAIM32, toNumber(toBigInt.asIntN(32, value)));
  }

  // ---- faults -----------------------------------------------------------------

  /** True once someone asked the region to stop claiming. */
  stopped(): boolean {
    return atomics.load(this.i32, STOP) !== 0;
  }

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

  /**
   * Declare worker w gone (called by whoever observes the exit: the watcher
   * thread or the team's exit handler; both may, only one wins). If it was
   * inside the current region, record WORKER_EXIT and leave on its behalf.
   * Returns the state it had, or -1 if it was already dead.
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
      // The state store above precedes this read of W_WAKE, and the dispatcher's
      // W_WAKE store precedes its state re-read (wake): one of us sees the other.
      // A retired worker has normally left its last region already; if it died before leaving,
      // the W_LEFT CAS in accountDead makes this account for it exactly once.
      if (s === WorkerState.ALIVE || s === WorkerState.RETIRED) this.accountDead(w, atomics.load(i32, EPOCH), exitCode);
      return s;
    }
  }

  /**
   * Give slot w to a replacement worker: next generation, BOOTING. Only the
   * dispatcher calls this, and only when the slot is DEAD or FAILED (or new).
   * Returns the new generation.
   */
  rearm(w: number): number {
    const s = this.slot(w);
    const gen = (atomics.load(this.i32, s + W_STATE) >>> STATE_BITS) + 1;
    atomics.store(this.i32, s + W_SLEEPING, 0);
    atomics.store(this.i32, s + W_EXIT, 0);
    atomics.store(this.i32, s + W_STATE, (gen << STATE_BITS) | WorkerState.BOOTING);
    return gen;
  }

  /** Worker w's WorkerState (without the generation). */
  state(w: number): number {
    return atomics.load(this.i32, this.slot(w) + W_STATE) & STATE_MASK;
  }

  // ---- the joiner (the thread that started the region) ------------------------

  /** True once every participant has left region `epoch`. */
  joined(epoch: number): boolean {
    return reached(atomics.load(this.i32, DONE), epoch);
  }

  /**
   * Block until region `epoch` is joined or `timeoutMs` passes: spin `spins`
   * polls, then sleep on DONE counted in JOINER_SLEEPING. It is a count, not a
   * flag: one thread may have an async join pending while a sync loop joins
   * (docs/concurrency.md), and neither may clear the other's announcement.
   */
  joinSync(epoch: number, spins: number, timeoutMs: number): WaitResult {
    const i32 = this.i32;
    for (let k = 0; k < spins; k++) if (reached(atomics.load(i32, DONE), epoch)) return 'ok';
    atomics.add(i32, JOINER_SLEEPING, 1);
    const deadline = now() + timeoutMs;
    let result: WaitResult = 'ok';
    for (;;) {
      const done = atomics.load(i32, DONE);
      if (reached(done, epoch)) break;
      const left = deadline - now();
      if (left <= 0) {
        result = 'timed-out';
        break;
      }
      atomics.wait(i32, DONE, done, left);
    }
    atomics.sub(i32, JOINER_SLEEPING, 1);
    return result;
  }

  /**
   * Resolve once region `epoch` is joined, without blocking the thread
   * (`Atomics.waitAsync`). The caller must keep the process alive meanwhile:
   * a pending waitAsync does not.
   */
  async joinAsync(epoch: number, spins: number): Promise<void> {
    const i32 = this.i32;
    for (let k = 0; k < spins; k++) if (reached(atomics.load(i32, DONE), epoch)) return;
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

  /** Wake every joiner waiting on DONE (they re-check it and wait again if their region is not done). */
  wakeJoiners(): void {
    atomics.notify(this.i32, DONE);
  }

  /** Block until worker w is no longer BOOTING, or the time runs out. */
  awaitBootSync(w: number, timeoutMs: number): number {
    const at = this.slot(w) + W_STATE;
    const deadline = now() + timeoutMs;
    for (;;) {
      const v = atomics.load(this.i32, at);
      const left = deadline - now();
      if ((v & STATE_MASK) !== WorkerState.BOOTING || left <= 0) return v & STATE_MASK;
      atomics.wait(this.i32, at, v, left);
    }
  }

  /** Resolve with worker w's state once it is no longer BOOTING. */
  async awaitBoot(w: number): Promise<number> {
    const at = this.slot(w) + W_STATE;
    for (;;) {
      const v = atomics.load(this.i32, at);
      if ((v & STATE_MASK) !== WorkerState.BOOTING) return v & STATE_MASK;
      await waitChange(this.i32, at, v);
    }
  }

  // ---- watcher ----------------------------------------------------------------

  markWatcherReady(): void {
    atomics.store(this.i32, WATCHER_READY, 1);
    atomics.notify(this.i32, WATCHER_READY);
  }

  /** Resolve once the watcher has marked itself ready. */
  async awaitWatcher(): Promise<void> {
    while (atomics.load(this.i32, WATCHER_READY) === 0) await waitChange(this.i32, WATCHER_READY, 0);
  }

  awaitWatcherSync(timeoutMs: number): boolean {
    const r = atomics.wait(this.i32, WATCHER_READY, 0, timeoutMs);
    return r !== 'timed-out';
  }
}
