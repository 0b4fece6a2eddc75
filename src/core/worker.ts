/**
 * A worker's steps (core/README.md, W1-W5): wait for its wake word, read the
 * descriptor, and leave; start up, retire, and leave its exit code. The steps
 * of running its share (claims, partials, progress) are every participant's
 * (block.ts): thread 0 of a sync loop takes them too.
 */
import { atomics } from '../intrinsics.js';
import { ControlBlock, type Descriptor, newDescriptor, smallInt } from './block.js';
import {
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
  SHUTDOWN,
  SLEEP_GEN,
  SLEEP_OWN,
  STATE_BITS,
  W_EXIT,
  W_LEFT,
  W_SLEEPING,
  W_STATE,
  W_WAKE,
  WAKE_GEN,
  WAKE_TOGETHER,
  WorkerState,
} from './layout.js';

export class WorkerBlock extends ControlBlock {
  /** Times this worker slept in W1 and was woken (this thread's own count: team.stats reads it through the ledger). */
  sleeps = 0;

  /**
   * Step W1: wait until worker w's wake word differs from `seen`. Spins for
   * `spins` polls, then announces itself as sleeping and blocks: on its wake
   * word (SLEEP_OWN), or, in a team that wakes together (WAKE_TOGETHER), on
   * WAKE_GEN (SLEEP_GEN), which the dispatcher bumps once for all sleepers. A
   * worker that such a bump finds outside the region moves to its own word
   * (it announces SLEEP_OWN, then re-checks), so that the regions it takes no
   * part in stop waking it; it goes back to WAKE_GEN once it takes part again.
   * Returns the new wake value. Every SLEEPING store comes before a re-check
   * of the wake word, and the dispatcher's wake store before its SLEEPING
   * load, so one of the two always sees the other; WAKE_GEN is read before
   * the re-check, so a bump after it makes the wait return at once (no lost
   * wake-up).
   */
  awaitWake(w: number, seen: number, spins: number): number {
    const i32 = this.i32;
    const at = this.slot(w) + W_WAKE;
    for (let k = 0; k < spins; k++) {
      const v = atomics.load(i32, at);
      if (v !== seen) return v;
    }
    const sleeping = this.slot(w) + W_SLEEPING;
    // A call returns only when the wake word changed, i.e. when this worker takes part in a region:
    // so every call starts on WAKE_GEN in a team that wakes together, and a move to its own word
    // lasts until the call returns.
    let where = atomics.load(i32, WAKE_TOGETHER) !== 0 ? SLEEP_GEN : SLEEP_OWN;
    atomics.store(i32, sleeping, where);
    let gen = atomics.load(i32, WAKE_GEN);
    let v = atomics.load(i32, at);
    if (v === seen) this.sleeps++;
    while (v === seen) {
      if (where === SLEEP_OWN) atomics.wait(i32, at, seen);
      else {
        atomics.wait(i32, WAKE_GEN, gen);
        gen = atomics.load(i32, WAKE_GEN);
        if (atomics.load(i32, at) === seen) {
          // Roused for a region without this worker: sleep apart, announced before the re-check below.
          where = SLEEP_OWN;
          atomics.store(i32, sleeping, SLEEP_OWN);
        }
      }
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

  /** A descriptor for readDescriptor to fill: a worker keeps one, so reading a region allocates nothing. */
  newDescriptor(): Descriptor {
    return newDescriptor();
  }

  /** Step W2: read the descriptor into `d` (after W1 has observed the wake store, which published it). */
  readDescriptor(d: Descriptor): Descriptor {
    const { i32, f64 } = this;
    d.schedule = i32[D_SCHEDULE]!;
    d.threads = i32[D_THREADS]!;
    d.bodyId = i32[D_BODY]!;
    d.tasksId = i32[D_TASKS]!;
    d.sharedId = i32[D_SHARED]!;
    d.spins = i32[D_SPINS]!;
    d.regionSpins = i32[D_REGION_SPINS]!;
    d.start = smallInt(f64[D_START_F64]!);
    d.n = smallInt(f64[D_N_F64]!);
    d.chunk = smallInt(f64[D_CHUNK_F64]!);
    d.numChunks = smallInt(f64[D_NCHUNKS_F64]!);
    d.slice = i32[D_SLICE] !== 0;
    d.flags = i32[D_FLAGS]!;
    d.param0 = f64[D_PARAM0_F64]!;
    d.param1 = smallInt(f64[D_PARAM1_F64]!);
    d.param2 = smallInt(f64[D_PARAM2_F64]!);
    return d;
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
   * Step W4b: worker w found its realm changed by a body (team/thread/realm.ts):
   * ALIVE → RETIRED, before it leaves its region, so no dispatcher can start it again.
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

  /** Worker w's thread is ending with `code` (read when its death is accounted for: a blocked caller sees no exit event). */
  setExitCode(w: number, code: number): void {
    atomics.store(this.i32, this.slot(w) + W_EXIT, code + 1);
  }
}
