/**
 * Pure iteration-space math for each schedule, over the normalised space
 * 0 … n-1. No atomics and no threads: property-tested directly.
 * The formulas follow libgomp (GCC's OpenMP runtime), see docs/schedules.md.
 */
import { math } from '../intrinsics.js';

/**
 * libgomp's `schedule(static)` split: thread `tid` of `threads` gets one
 * contiguous block; the first `n % threads` threads get one extra iteration.
 * Returns [lo, hi) (empty when lo === hi).
 */
export function staticBlock(n: number, threads: number, tid: number): [number, number] {
  const lo = staticBlockStart(n, threads, tid);
  return [lo, lo + staticBlockSize(n, threads, tid)];
}

/** Iterations in thread tid's static block: ⌊n/T⌋, plus one for the first n mod T threads. */
export function staticBlockSize(n: number, threads: number, tid: number): number {
  return math.floor(n / threads) + (tid < n % threads ? 1 : 0);
}

/** First iteration of thread tid's static block. */
export function staticBlockStart(n: number, threads: number, tid: number): number {
  return math.floor(n / threads) * tid + math.min(tid, n % threads);
}

/** Number of chunks of size `chunk` covering n iterations. */
export function chunkCount(n: number, chunk: number): number {
  return math.ceil(n / chunk);
}

/**
 * libgomp's guided step: from `lo`, with n iterations in all, the next chunk
 * ends at lo + max(ceil(remaining / threads), chunk), clipped to n.
 */
export function guidedEnd(lo: number, n: number, threads: number, chunk: number): number {
  const remaining = n - lo;
  let q = math.ceil(remaining / threads);
  if (q < chunk) q = chunk;
  return q <= remaining ? lo + q : n;
}

/**
 * The sequence of chunks a guided schedule hands out when claims are served
 * one after another (which thread claims each does not change the sequence).
 */
export function guidedSequence(n: number, threads: number, chunk: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let lo = 0; lo < n; ) {
    const hi = guidedEnd(lo, n, threads, chunk);
    out.push([lo, hi]);
    lo = hi;
  }
  return out;
}
