/**
 * Pure iteration-space math for each schedule, over the normalised space
 * 0 … n-1. No atomics and no threads: property-tested directly.
 * The formulas follow libgomp (GCC's OpenMP runtime), see docs/schedules.md.
 */
import { math } from '../intrinsics.js';

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
