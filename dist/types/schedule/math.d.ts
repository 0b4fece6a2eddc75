/**
 * Pure iteration-space math for each schedule, over the normalised space
 * 0 … n-1. No atomics and no threads: property-tested directly.
 * The formulas follow libgomp (GCC's OpenMP runtime), see docs/schedules.md.
 */
/**
 * libgomp's `schedule(static)` split: thread `tid` of `threads` gets one
 * contiguous block; the first `n % threads` threads get one extra iteration.
 * Returns [lo, hi) (empty when lo === hi).
 */
export declare function staticBlock(n: number, threads: number, tid: number): [number, number];
/** Iterations in thread tid's static block: ⌊n/T⌋, plus one for the first n mod T threads. */
export declare function staticBlockSize(n: number, threads: number, tid: number): number;
/** First iteration of thread tid's static block. */
export declare function staticBlockStart(n: number, threads: number, tid: number): number;
/** Number of chunks of size `chunk` covering n iterations. */
export declare function chunkCount(n: number, chunk: number): number;
/**
 * libgomp's guided step: from `lo`, with n iterations in all, the next chunk
 * ends at lo + max(ceil(remaining / threads), chunk), clipped to n.
 */
export declare function guidedEnd(lo: number, n: number, threads: number, chunk: number): number;
/**
 * The sequence of chunks a guided schedule hands out when claims are served
 * one after another (which thread claims each does not change the sequence).
 */
export declare function guidedSequence(n: number, threads: number, chunk: number): Array<[number, number]>;
