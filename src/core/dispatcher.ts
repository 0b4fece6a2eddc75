/**
 * The dispatcher's steps (core/README.md, D2-D4): the thread that starts
 * regions publishes the descriptor, assigns loop thread ids and wakes the
 * workers. It also owns the workers' slots: it re-arms a slot for a new
 * worker, waits for workers and the watcher to start, and tells workers to
 * leave when the team closes.
 */
import { atomics, now } from '../intrinsics.js';
import { ControlBlock, type Descriptor } from './block.js';
import {
  BAR_COUNT,
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
  D_REGION_SPINS,
  D_SCHEDULE,
  D_SHARED,
  D_SLICE,
  D_SPINS,
  D_START_F64,
  D_TASKS,
  D_THREADS,
  EPOCH,
  ERR_EXIT_CODE,
  ERR_KIND,
  ERR_WORKER,
  FaultKind,
  LOCK,
  LOOP_CLAIM,
  LOOP_NEXT_I64,
  LOOP_OWNER,
  LOOP_SLEEPERS,
  PENDING,
  SHUTDOWN,
  SINGLE,
  SLEEP_GEN,
  SLEEP_OWN,
  STATE_BITS,
  STATE_MASK,
  STOP,
  W_EXIT,
  W_SLEEPING,
  W_STATE,
  W_TID,
  W_WAKE,
  WAKE_GEN,
  WAKE_TOGETHER,
  WATCHER_READY,
  WorkerState,
} from './layout.js';
import { waitChange } from './wait.js';

export class DispatcherBlock extends ControlBlock {
  /** A new control block for a team of `workers` workers. */
  static create(workers: number): DispatcherBlock {
    return new DispatcherBlock(new SharedArrayBuffer(controlBytes(workers)));
  }

  /**
   * Step D2: publish region `d` for `participants` threads: write the
   * descriptor and reset the per-region words. Only legal while no region is
   * in flight (PENDING is 0). Returns the region's epoch.
   */
  publish(d: Descriptor, participants: number): number {
    const { i32, f64 } = this;
    // Each word is written only when it changes: an unchanged cache line stays
    // shared with the workers' cores instead of being invalidated every region.
    if (i32[D_SCHEDULE] !== d.schedule) i32[D_SCHEDULE] = d.schedule;
    if (i32[D_THREADS] !== d.threads) i32[D_THREADS] = d.threads;
    if (i32[D_BODY] !== d.bodyId) i32[D_BODY] = d.bodyId;
    if (i32[D_TASKS] !== d.tasksId) i32[D_TASKS] = d.tasksId;
    if (i32[D_SHARED] !== d.sharedId) i32[D_SHARED] = d.sharedId;
    if (i32[D_SPINS] !== d.spins) i32[D_SPINS] = d.spins;
    if (i32[D_REGION_SPINS] !== d.regionSpins) i32[D_REGION_SPINS] = d.regionSpins;
    if (f64[D_START_F64] !== d.start) f64[D_START_F64] = d.start;
    if (f64[D_N_F64] !== d.n) f64[D_N_F64] = d.n;
    if (f64[D_CHUNK_F64] !== d.chunk) f64[D_CHUNK_F64] = d.chunk;
    if (f64[D_NCHUNKS_F64] !== d.numChunks) f64[D_NCHUNKS_F64] = d.numChunks;
    if (i32[D_FLAGS] !== d.flags) i32[D_FLAGS] = d.flags;
    if (d.flags !== 0) for (let t = 0; t < d.threads; t++) this.i64[this.partialIndex(t) + 1] = 0n;
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
      // A worker terminated after the fault may have died holding an adaptive range's lock (ranges.ts).
      this.ranges.clearLocks();
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
    // ctx.loop()'s owners, leavers and ordered turns, and the loop's own ordered turn (contiguous words).
    for (let at = LOOP_OWNER; at <= LOOP_SLEEPERS; at++) if (i32[at] !== 0) i32[at] = 0;
    atomics.store(i32, PENDING, participants);
    return atomics.add(i32, EPOCH, 1) + 1;
  }

  /** Step D3: worker w will run as loop thread `tid` (written only when it changes). */
  assign(w: number, tid: number): void {
    const at = this.slot(w) + W_TID;
    if (this.i32[at] !== tid) this.i32[at] = tid;
  }

  /** Choose how sleeping workers are woken (team/dispatch/policy.ts, wakeTogether). Before the first worker starts. */
  setWakeTogether(on: boolean): void {
    atomics.store(this.i32, WAKE_TOGETHER, on ? 1 : 0);
  }

  /**
   * Step D4: start workers 0…count-1 in region `epoch`. Each gets the epoch
   * in its wake word; one that had announced that it sleeps gets a futex
   * wake (a syscall, which a spinning worker does not need). In a team that
   * wakes together, the sleepers wait on WAKE_GEN instead, and one bump and
   * one notify after all the stores wake every one of them; a sleeper that
   * takes no part finds its wake word unchanged and sleeps again, on its own
   * word from then on (worker.ts, awaitWake), until a region includes it.
   */
  wakeAll(count: number, epoch: number): void {
    let asleep = false;
    for (let w = 0; w < count; w++) if (this.start(w, epoch)) asleep = true;
    if (asleep) this.rouse();
  }

  /** Step D4 for worker w alone. */
  wake(w: number, epoch: number): void {
    if (this.start(w, epoch)) this.rouse();
  }

  /**
   * Store the epoch in worker w's wake word. If it sleeps on its own word
   * (SLEEP_OWN), notify it there; if it sleeps on WAKE_GEN (SLEEP_GEN),
   * return true: the caller then rouses all sleepers once. Then re-read its state: if it died
   * meanwhile, its death may have been observed before this wake store, by
   * someone who then saw no region to account for, so account for it here
   * (the W_LEFT CAS keeps that to once).
   */
  private start(w: number, epoch: number): boolean {
    const s = this.slot(w);
    atomics.store(this.i32, s + W_WAKE, epoch);
    const sleeps = atomics.load(this.i32, s + W_SLEEPING);
    const rouse = sleeps === SLEEP_GEN;
    if (sleeps === SLEEP_OWN) atomics.notify(this.i32, s + W_WAKE);
    if ((atomics.load(this.i32, s + W_STATE) & STATE_MASK) !== WorkerState.ALIVE) this.accountDead(w, epoch);
    return rouse;
  }

  /** Wake every worker sleeping on WAKE_GEN (they re-read their wake words). */
  private rouse(): void {
    atomics.add(this.i32, WAKE_GEN, 1);
    atomics.notify(this.i32, WAKE_GEN);
  }

  /** How many of workers 0…count-1 are asleep (announced in W_SLEEPING): threads a region will have to wake. */
  asleep(count: number): number {
    let n = 0;
    for (let w = 0; w < count; w++) if (atomics.load(this.i32, this.slot(w) + W_SLEEPING) !== 0) n++;
    return n;
  }

  /** Tell every worker to leave its loop (team closing). */
  shutdown(workers: number): void {
    atomics.store(this.i32, SHUTDOWN, 1);
    for (let w = 0; w < workers; w++) {
      atomics.add(this.i32, this.slot(w) + W_WAKE, 1);
      atomics.notify(this.i32, this.slot(w) + W_WAKE);
    }
    this.rouse();
  }

  // ---- starting workers ----------------------------------------------------------------------

  /**
   * Give slot w to a replacement worker: next generation, BOOTING. Only the
   * dispatcher calls this, and only when the slot is DEAD, FAILED or RETIRED
   * (or new). Returns the new generation.
   */
  rearm(w: number): number {
    const s = this.slot(w);
    const gen = (atomics.load(this.i32, s + W_STATE) >>> STATE_BITS) + 1;
    atomics.store(this.i32, s + W_SLEEPING, 0);
    atomics.store(this.i32, s + W_EXIT, 0);
    atomics.store(this.i32, s + W_STATE, (gen << STATE_BITS) | WorkerState.BOOTING);
    return gen;
  }

  /** Block until worker w is no longer BOOTING, or the time runs out. Returns its state. */
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

  /** Resolve once the watcher has marked itself ready. */
  async awaitWatcher(): Promise<void> {
    while (atomics.load(this.i32, WATCHER_READY) === 0) await waitChange(this.i32, WATCHER_READY, 0);
  }

  /** Block until the watcher has marked itself ready; false if the time ran out. */
  awaitWatcherSync(timeoutMs: number): boolean {
    return atomics.wait(this.i32, WATCHER_READY, 0, timeoutMs) !== 'timed-out';
  }
}
