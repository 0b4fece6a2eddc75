/**
 * Running a chunk in pieces, so that a stop request (another thread's error,
 * an abort, a timeout) is seen within about a millisecond of work, however
 * long the chunk: a static block of a 10^12-iteration loop, `auto`'s or
 * guided's first chunk. The walk (registry.ts, runShare) checks STOP between
 * chunks; the pacer checks it between the pieces of a long chunk.
 *
 * A piece aims at PIECE_NS of work, sized from the body's cost per
 * iteration, which the pacer measures on the pieces it times. Timing costs a
 * clock read (~50-60 ns here), so only pieces expected to run at least
 * TIMED_NS are timed (in practice, all but the tail of a chunk); a chunk no
 * longer than PROBE iterations, before anything is known, runs whole and
 * untimed (dynamic and guided chunks of cheap bodies never pay). The estimate
 * starts afresh with every region: one body's cost may change from loop to
 * loop with its shared values (an estimate carried over from a cheap loop
 * once made a 10 µs-per-iteration loop's first piece last 10 s).
 *
 * What a piece cannot bound: one iteration that runs long. For that the
 * joiner terminates threads still in the region STOP_GRACE_MS after the
 * stop (team/dispatch/join.ts).
 */
import { math, now } from '../intrinsics.js';

/** The first piece of a long chunk while the cost per iteration is unknown. */
export const PROBE = 16;
/** The work a piece aims at, in ns: STOP is seen about this often. */
export const PIECE_NS = 1_000_000;
/** Pieces expected to run shorter than this (ns) are not timed: a clock read stays under 0.1 % of them. */
export const TIMED_NS = 50_000;
/** The most iterations in one piece. */
export const MAX_PIECE = 1 << 24;

/** A piece of a chunk: [lo, hi) with absolute bounds. */
export type PieceRunner = (lo: number, hi: number) => void;

/** Where the pacer looks for a stop request (the control block, or a region's ctx.loop counters). */
export interface StopFlag {
  stopped(): boolean;
}

const NOTHING = () => {};

/**
 * One thread's pacer, kept from region to region. Nothing is allocated per
 * region: `begin` stores the region's runner and returns `chunk`, made once.
 */
/** A thread's deadline (now() ms; Infinity for none) and what to call past it. */
export interface Deadline {
  readonly deadline: number;
  readonly onDeadline: () => void;
}

export class Pacer {
  /** Measured ns per iteration of the current region's body on this thread, NaN until measured. */
  private iterNs = NaN;
  /** now() past which this thread stops the region as timed out: the calling thread of a sync loop only. */
  private deadline = Infinity;
  private run: PieceRunner = NOTHING;
  private flag: StopFlag = { stopped: () => false };
  private onDeadline: () => void = NOTHING;
  /** Runs one chunk of the current region in pieces (see begin). */
  private readonly chunk: PieceRunner = (lo, hi) => this.pieces(lo, hi);
  /** Runs one whole chunk of the current region, once the deadline has been checked. */
  private readonly wholeChunk: PieceRunner = (lo, hi) => {
    if (now() > this.deadline) this.onDeadline();
    else this.run(lo, hi);
  };

  /**
   * Start a region of `body` whose pieces `run` runs. Returns what the walk
   * calls per chunk: it runs the chunk in pieces, returning early once `flag`
   * says stop, or once `limit.deadline` (now() ms) has passed, after calling
   * `limit.onDeadline` (which raises the timeout). `whole`: the body receives whole
   * chunks (parallelForRange), which are never cut; only the deadline is
   * checked, before each chunk. `fresh`: a new region (a scan's second pass
   * keeps the first pass's estimate).
   */
  begin(run: PieceRunner, whole: boolean, flag: StopFlag, limit: Deadline, fresh = true): PieceRunner {
    if (fresh) this.iterNs = NaN;
    this.run = run;
    this.flag = flag;
    // Read from the thread's record, not passed: a double passed to a call that is not inlined is boxed.
    this.deadline = limit.deadline;
    this.onDeadline = limit.onDeadline;
    if (!whole) return this.chunk;
    return this.deadline === Infinity ? run : this.wholeChunk;
  }

  private pieces(lo: number, hi: number): void {
    const { run, deadline } = this;
    while (lo < hi) {
      const left = hi - lo;
      const est = this.iterNs;
      let piece: number;
      let timed: boolean;
      // biome-ignore lint/suspicious/noSelfCompare: NaN test without a call, on the path of every chunk
      if (est !== est) {
        // Not measured yet: a short chunk runs whole; a long one starts with a probe.
        if (left <= PROBE && deadline === Infinity) {
          run(lo, hi);
          return;
        }
        piece = math.min(left, PROBE);
        timed = true;
      } else {
        const want = est > 0 ? math.floor(PIECE_NS / est) : MAX_PIECE;
        piece = math.min(left, math.max(1, math.min(want, MAX_PIECE)));
        timed = deadline !== Infinity || piece * est >= TIMED_NS;
      }
      if (timed) {
        const t0 = now();
        run(lo, lo + piece);
        const t1 = now();
        this.iterNs = ((t1 - t0) * 1e6) / piece;
        if (t1 > deadline) {
          this.onDeadline();
          return;
        }
      } else {
        run(lo, lo + piece);
      }
      lo += piece;
      if (lo < hi && this.flag.stopped()) return;
    }
  }
}
