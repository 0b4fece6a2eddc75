/**
 * The atomic claims of the schedules that hand chunks out at run time
 * (core/README.md, W3): `dynamic`'s fetch-add on a chunk index, `guided`'s
 * compare-exchange on the next iteration, and `adaptive`'s per-thread ranges
 * (ranges.ts). A region's claims run on the control
 * block's counters (block.ts); a parallel region's ctx.loop() on counters of
 * its own (region-sync.ts).
 */
import { atomics, toBigInt, toNumber } from '../intrinsics.js';
import type { BlockStart } from './ranges.js';

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
  /** Next `adaptive` piece [lo, out[0]) for thread `tid`: from its own range, or half of another's (ranges.ts); -1 when none is left. */
  claimSplit(tid: number, n: number, threads: number, grain: number, block: BlockStart, out: Float64Array): number;
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
