/**
 * One thread's share of a region: walk the chunks the schedule gives thread
 * `tid`, calling `run(lo, hi)` with absolute iteration bounds, and stop at the
 * next chunk boundary once the region is told to stop.
 */
import { type Claims, type Descriptor, smallInt } from '../core/control.js';

/** What a thread's walk reads of a region (or of a ctx.loop() plan). */
export type ShareShape = Pick<Descriptor, 'kind' | 'start' | 'n' | 'chunk' | 'threads' | 'numChunks' | 'slice'>;

import { Kind } from './kinds.js';
import { guidedEnd, staticBlockSize, staticBlockStart } from './math.js';

/** Plain static blocks are run in at most this many slices, so a stop request
 * (error, abort, timeout) is seen within 1/STATIC_SLICES of a block. The
 * iterations a thread runs, and their order, do not change. */
export const STATIC_SLICES = 64;

export type ChunkRunner = (lo: number, hi: number) => void;

export function runShare(ctl: Claims, d: ShareShape, tid: number, run: ChunkRunner): void {
  const { start, n, chunk, threads: T, numChunks } = d;
  switch (d.kind) {
    case Kind.STATIC: {
      const lo = staticBlockStart(n, T, tid);
      const len = staticBlockSize(n, T, tid);
      const hi = lo + len;
      if (len <= 0) return;
      const step = d.slice ? Math.max(1, Math.ceil(len / STATIC_SLICES)) : len;
      for (let a = lo; a < hi; a += step) {
        if (ctl.stopped()) return;
        run(start + a, start + Math.min(a + step, hi));
      }
      return;
    }
    case Kind.STATIC_CHUNKED: {
      for (let k = tid; k < numChunks; k += T) {
        if (ctl.stopped()) return;
        const lo = k * chunk;
        run(start + lo, start + Math.min(lo + chunk, n));
      }
      return;
    }
    case Kind.DYNAMIC: {
      for (;;) {
        if (ctl.stopped()) return;
        const k = ctl.claimChunk(numChunks, T);
        if (k < 0) return;
        const lo = k * chunk;
        run(start + lo, start + Math.min(lo + chunk, n));
      }
    }
    case Kind.GUIDED: {
      const out = new Float64Array(1);
      const end = (lo: number) => guidedEnd(lo, n, T, chunk);
      for (;;) {
        if (ctl.stopped()) return;
        const lo = ctl.claimRange(n, end, out);
        if (lo < 0) return;
        run(start + lo, start + smallInt(out[0]!));
      }
    }
    default:
      throw new RangeError(`Unknown schedule kind code: received ${d.kind}`);
  }
}
