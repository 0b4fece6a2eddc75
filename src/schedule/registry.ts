/**
 * The schedule registry: one record per schedule the descriptor can carry
 * (its name, code, label and chunk count), and the walk that claims each
 * one's chunks for a thread's share of a region (runShare). `auto` and
 * `runtime` are not records: they resolve to one of these (resolve.ts).
 *
 * To add a schedule: add a record to SCHEDULES (its `code` is its index),
 * its name to CONCRETE_NAMES, and its walk as a case of runShare below; the
 * option parser, ctx.loop, verbose and traces read them from here. See
 * docs/architecture.md.
 */

import { type Descriptor, smallInt } from '../core/block.js';
import type { Claims } from '../core/claims.js';
import { math } from '../intrinsics.js';
import { chunkCount, guidedEnd, staticBlockSize, staticBlockStart } from './math.js';

/** The schedules a loop may name with a chunk (or without one), as in OpenMP's `schedule` clause. */
export const CONCRETE_NAMES = ['static', 'dynamic', 'guided', 'adaptive'] as const;
export type ConcreteName = (typeof CONCRETE_NAMES)[number];

/** What a thread's walk reads of a region (or of a ctx.loop() plan). */
export type ShareShape = Pick<Descriptor, 'schedule' | 'start' | 'n' | 'chunk' | 'threads' | 'numChunks'>;
export type ChunkRunner = (lo: number, hi: number) => void;

export interface Schedule {
  name: ConcreteName;
  /** The code the descriptor carries: the record's index in SCHEDULES. */
  code: number;
  /** Whether this record takes a chunk size. A name without a chunk uses its unchunked record,
   * or its chunked one with chunk 1 (OpenMP's default) when it has none. */
  chunked: boolean;
  /** How many chunks n iterations make on `threads` threads (guided: an upper bound, unused). */
  count(n: number, chunk: number, threads: number): number;
  /** How verbose describes the loop's pieces. */
  pieces(numChunks: number, chunk: number, threads: number): string;
}

/** `static` without a chunk: one contiguous block per thread (libgomp's split). */
const STATIC: Schedule = {
  name: 'static',
  code: 0,
  chunked: false,
  count: (_n, _c, threads) => threads,
  pieces: (_k, _c, threads) => `${threads} blocks`,
};

/** `static,c`: chunk k goes to thread k mod T; no claims. */
const STATIC_CHUNKED: Schedule = {
  name: 'static',
  code: 1,
  chunked: true,
  count: (n, chunk) => chunkCount(n, chunk),
  pieces: (k) => `${k} chunks`,
};

/** `dynamic,c`: chunks of c, first come first served, one fetch-add per claim. */
const DYNAMIC: Schedule = {
  name: 'dynamic',
  code: 2,
  chunked: true,
  count: (n, chunk) => chunkCount(n, chunk),
  pieces: (k) => `${k} chunks`,
};

/** `guided,c`: chunks of max(⌈remaining/T⌉, c), claimed by compare-exchange (libgomp). */
const GUIDED: Schedule = {
  name: 'guided',
  code: 3,
  chunked: true,
  count: (n, chunk) => chunkCount(n, chunk),
  pieces: (_k, chunk) => `shrinking chunks of at least ${chunk}`,
};

/**
 * `adaptive`: each thread starts with its static block and takes pieces of
 * about an eighth of what is left of it; a thread that runs out takes the back
 * half of the fullest other thread's range (core/ranges.ts). No chunk size to
 * choose: work is split further only where a thread ran out (Rayon's thief
 * splitting, TBB's auto_partitioner).
 */
const ADAPTIVE: Schedule = {
  name: 'adaptive',
  code: 4,
  chunked: false,
  count: (_n, _c, threads) => threads,
  pieces: (_k, _c, threads) => `${threads} blocks, split where a thread runs out`,
};

/** `adaptive,g`: the same, with no piece or stolen half smaller than g iterations (unless less is left). */
const ADAPTIVE_GRAIN: Schedule = {
  name: 'adaptive',
  code: 5,
  chunked: true,
  count: (_n, _c, threads) => threads,
  pieces: (_k, chunk, threads) => `${threads} blocks, split where a thread runs out into pieces of at least ${chunk}`,
};

/** Every schedule, indexed by code. */
export const SCHEDULES: readonly Schedule[] = [STATIC, STATIC_CHUNKED, DYNAMIC, GUIDED, ADAPTIVE, ADAPTIVE_GRAIN];

/** Codes by name, for code that must tell schedules apart (plain static's traces, the tests). */
export const Code = { STATIC: STATIC.code, STATIC_CHUNKED: STATIC_CHUNKED.code, DYNAMIC: DYNAMIC.code, GUIDED: GUIDED.code } as const;

/** Scratch for the claims that return a range's end (guided, adaptive): read at once, before the
 * chunk runs (a ctx.loop() inside it may claim too), so one array serves every walk. */
const END = new Float64Array(1);

/** How one loop's iterations are divided, fully resolved. */
export interface Plan {
  /** The schedule's code (SCHEDULES index). */
  schedule: number;
  /** First iteration. */
  start: number;
  /** Trip count. */
  n: number;
  /** Chunk size (0 for a schedule without chunks). */
  chunk: number;
  /** How many chunks (the thread count for plain static). */
  numChunks: number;
  /** Threads taking part. */
  threads: number;
}

/** The schedule of `name` with `chunk` (undefined: none given), per the rule on `Schedule.chunked`. */
export function scheduleFor(name: ConcreteName, chunk: number | undefined): Schedule {
  let chunked: Schedule | undefined;
  // Indexed, not for-of: an iterator that escapes (this function not inlined) is an allocation per loop.
  for (let k = 0; k < SCHEDULES.length; k++) {
    const s = SCHEDULES[k]!;
    if (s.name !== name) continue;
    if (!s.chunked && chunk === undefined) return s;
    if (s.chunked) chunked = s;
  }
  if (chunked === undefined) throw new RangeError(`No schedule is registered as ${JSON.stringify(name)}`);
  return chunked;
}

/**
 * The plan for n iterations from `start` on `threads` threads, written into
 * `out` (a caller's plan is reused from call to call: nothing is allocated).
 */
export function planInto(out: Plan, name: ConcreteName, chunk: number | undefined, start: number, n: number, threads: number): Plan {
  const schedule = scheduleFor(name, chunk);
  const c = schedule.chunked ? (chunk ?? 1) : 0;
  out.schedule = schedule.code;
  out.start = start;
  out.n = n;
  out.chunk = c;
  out.numChunks = schedule.count(n, c, threads);
  out.threads = threads;
  return out;
}

/** A plan to fill (planInto). */
export function newPlan(): Plan {
  return { schedule: 0, start: 0, n: 0, chunk: 0, numChunks: 0, threads: 0 };
}

function scheduleOf(code: number): Schedule {
  const s = SCHEDULES[code];
  if (s === undefined) throw new RangeError(`Unknown schedule code: received ${code}`);
  return s;
}

/** What a plan's schedule was resolved to, e.g. `static`, `dynamic,16`. */
export function planLabel(p: Plan): string {
  const s = scheduleOf(p.schedule);
  return s.chunked ? `${s.name},${p.chunk}` : s.name;
}

/** How verbose describes a plan's pieces, e.g. `2 blocks`, `40 chunks`. */
export function planPieces(p: Plan): string {
  return scheduleOf(p.schedule).pieces(p.numChunks, p.chunk, p.threads);
}

/**
 * Thread `tid`'s share of region `d`: its schedule's walk over its chunks,
 * `run(lo, hi)` with absolute bounds, until none is left or the region stops.
 *
 * The walks are written out here, in one function, rather than as a `walk`
 * method on each record: measured in one process, alternating builds (fill
 * 5000², dynamic,16, 2 workers), the same loops called through the records
 * made the async fill slower in each of 8 runs, by 3-29% (mean 16%); see bench/results/issue-11-ab.txt.
 */
export function runShare(ctl: Claims, d: ShareShape, tid: number, run: ChunkRunner): void {
  const { start, n, chunk, threads, numChunks } = d;
  switch (d.schedule) {
    case STATIC.code: {
      // One block per thread: a long one is run in pieces by the runner (schedule/pace.ts).
      const lo = staticBlockStart(n, threads, tid);
      const len = staticBlockSize(n, threads, tid);
      if (len <= 0 || ctl.stopped()) return;
      run(start + lo, start + lo + len);
      return;
    }
    case STATIC_CHUNKED.code: {
      for (let k = tid; k < numChunks; k += threads) {
        if (ctl.stopped()) return;
        const lo = k * chunk;
        run(start + lo, start + math.min(lo + chunk, n));
      }
      return;
    }
    case DYNAMIC.code: {
      // One fetch-add per claim.
      for (;;) {
        if (ctl.stopped()) return;
        const k = ctl.claimChunk(numChunks, threads);
        if (k < 0) return;
        const lo = k * chunk;
        run(start + lo, start + math.min(lo + chunk, n));
      }
    }
    case GUIDED.code: {
      // Compare-exchange on the next iteration: the chunk's end depends on where it starts.
      const end = (lo: number) => guidedEnd(lo, n, threads, chunk);
      for (;;) {
        if (ctl.stopped()) return;
        const lo = ctl.claimRange(n, end, END);
        if (lo < 0) return;
        run(start + lo, start + smallInt(END[0]!)); // END read before the chunk runs
      }
    }
    case ADAPTIVE.code:
    case ADAPTIVE_GRAIN.code: {
      // A lock on a range per piece (uncontended unless a thief is at it), a scan of the ranges per steal.
      const grain = chunk > 0 ? chunk : 1;
      for (;;) {
        if (ctl.stopped()) return;
        const lo = ctl.claimSplit(tid, n, threads, grain, staticBlockStart, END);
        if (lo < 0) return;
        const hi = END[0]!; // read before the chunk runs: a ctx.loop() inside it may claim too
        run(start + smallInt(lo), start + smallInt(hi));
      }
    }
    default:
      throw new RangeError(`Unknown schedule code: received ${d.schedule}`);
  }
}
