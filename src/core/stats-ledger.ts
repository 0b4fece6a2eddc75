/**
 * The stats ledger of a team created with `{ stats: true }`: one 128-byte
 * slot per thread (worker w at slot w, the calling thread at the last slot)
 * in a SharedArrayBuffer of its own, each slot written only by its thread.
 *
 * Protocol: a thread adds its region's figures to its slot with plain stores
 * after its share and before it leaves the region (W5, or thread 0's
 * `leave`). Leaving is an atomic read-modify-write of PENDING and the joiner
 * reads DONE atomically, so a reader on the joining thread that reads the
 * ledger after a loop settled sees every figure of that loop. Read while a
 * loop runs, a slot may be between two stores of the same region: the
 * figures are then those of the regions before it, or some of this one's.
 */

/** Bytes per slot (as the control block's: no two threads' slots share a cache line). */
const SLOT_BYTES = 128;
const SLOT_F64 = SLOT_BYTES / 8;

/** The figures of a slot, in order: indices into a slot's doubles. */
export const STAT = {
  /** Regions this thread took part in. */
  loops: 0,
  /** Chunks it ran, as the schedule handed them out (a region body's whole run counts as one). */
  chunks: 1,
  /** Iterations it ran (a region: 0). */
  iterations: 2,
  /** Milliseconds inside chunks, less the barrier waits inside them (a region body's). */
  busyMs: 3,
  /** Milliseconds inside regions: from the region's start on this thread to its leaving. */
  regionMs: 4,
  /** Milliseconds at barriers: a region body's `ctx.barrier()` and its loops' ends, and a scan's between its passes. */
  barrierMs: 5,
  /** Times it went to sleep waiting for a region (or a task) and was woken. */
  wakeups: 6,
  /** Tasks it took from another thread's deque. */
  steals: 7,
  /** The calling thread only: milliseconds from a region's dispatch to its end, summed. */
  wallMs: 8,
  /** The calling thread only: milliseconds it waited at the join for the others. */
  joinMs: 9,
} as const;
export type StatName = keyof typeof STAT;
/** The figures every thread's slot holds (the last two are the calling thread's alone). */
export type ThreadFigure = Exclude<StatName, 'wallMs' | 'joinMs'>;
const THREAD_FIGURES = (Object.keys(STAT) as StatName[]).filter((n): n is ThreadFigure => n !== 'wallMs' && n !== 'joinMs');

/** What a thread adds to its slot after a region: every figure but the region count and the caller's own two. */
export type StatSample = Record<Exclude<StatName, 'loops' | 'wallMs' | 'joinMs'>, number>;

export class StatsLedger {
  readonly buffer: SharedArrayBuffer;
  readonly f64: Float64Array;

  /** A new ledger for `workers` workers and the calling thread, or one over a buffer received from the team. */
  constructor(workersOrBuffer: number | SharedArrayBuffer) {
    this.buffer = typeof workersOrBuffer === 'number' ? new SharedArrayBuffer((workersOrBuffer + 1) * SLOT_BYTES) : workersOrBuffer;
    this.f64 = new Float64Array(this.buffer);
  }

  /** The slots: one per worker, then the calling thread's. */
  get slots(): number {
    return this.f64.length / SLOT_F64;
  }

  /** Add one region's figures to `slot` (its own thread only), then zero the sample. */
  add(slot: number, s: StatSample): void {
    const f = this.f64;
    const o = slot * SLOT_F64;
    f[o + STAT.loops]! += 1;
    f[o + STAT.chunks]! += s.chunks;
    f[o + STAT.iterations]! += s.iterations;
    f[o + STAT.busyMs]! += s.busyMs;
    f[o + STAT.regionMs]! += s.regionMs;
    f[o + STAT.barrierMs]! += s.barrierMs;
    f[o + STAT.wakeups]! += s.wakeups;
    f[o + STAT.steals]! += s.steals;
    s.chunks = s.iterations = s.busyMs = s.regionMs = s.barrierMs = s.wakeups = s.steals = 0;
  }

  /** The calling thread's region: its wall time and its wait at the join. */
  addWall(wallMs: number, joinMs: number): void {
    const o = (this.slots - 1) * SLOT_F64;
    this.f64[o + STAT.wallMs]! += wallMs;
    this.f64[o + STAT.joinMs]! += joinMs;
  }

  /** Every per-thread figure of `slot`, by name. */
  figures(slot: number): Record<ThreadFigure, number> {
    const out = {} as Record<ThreadFigure, number>;
    for (const name of THREAD_FIGURES) out[name] = this.get(slot, name);
    return out;
  }

  /** Figure `name` of `slot`. */
  get(slot: number, name: StatName): number {
    return this.f64[slot * SLOT_F64 + STAT[name]]!;
  }
}

/** A zeroed sample, one per thread, reused from region to region. */
export function newSample(): StatSample {
  return { chunks: 0, iterations: 0, busyMs: 0, regionMs: 0, barrierMs: 0, wakeups: 0, steals: 0 };
}
