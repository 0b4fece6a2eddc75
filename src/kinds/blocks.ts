/**
 * A reproducible reduction (`parallelReduce(…, { deterministic: true })`):
 * the same bits under every schedule and team size. Floating-point `+` is not
 * associative, so a plain reduction's value depends on where the threads'
 * chunks began and ended. Here the iteration space is cut into fixed blocks
 * whose size depends only on the trip count; each block is reduced left to
 * right from the identity, by whichever thread claims it, into its own slot;
 * and the caller combines the slots left to right. The schedule hands out
 * blocks instead of iterations (a `chunk` of c iterations becomes
 * ceil(c / block) blocks), so no block is ever split between two threads.
 *
 * The block size is chosen so that there are at most `most` blocks (the
 * control block's BLOCK_SLOTS, 1,024: the slots stay small and their
 * combination costs about a microsecond) and each holds at least MIN_BLOCK
 * iterations (a block's overhead, one runner call and one store, stays far
 * below its work for any body). Both are constants, so the size is a function
 * of the trip count alone.
 */
import { math } from '../intrinsics.js';
import type { Aux, Runner, ThrowSite } from './kind.js';

/** The fewest iterations in a block (the last one may hold fewer). */
export const MIN_BLOCK = 256;

/** The iterations in each block of a loop of `n` iterations cut into at most `most` blocks. */
export function blockSize(n: number, most: number): number {
  return math.max(MIN_BLOCK, math.ceil(n / most));
}

/** How many blocks that makes (0 for an empty loop). */
export function blockCount(n: number, most: number): number {
  return math.ceil(n / blockSize(n, most));
}

/**
 * Run blocks [lo − aux.start, hi − aux.start) with the reduction's chunk
 * runner: each from `aux.identity`, over its own iterations (block b starts
 * at aux.start + b·aux.block and ends at aux.end at the latest), its value
 * stored in slot b of `aux.out`. The schedule's bounds `lo`, `hi` count blocks
 * from aux.start, so that a thread's progress and trace stay in one unit.
 */
export function runBlocks(runner: Runner, lo: number, hi: number, shared: unknown, ctx: unknown, at: ThrowSite, aux: Aux): void {
  const slots = aux.out as Float64Array;
  const start = aux.start;
  const size = aux.block;
  const end = aux.end;
  for (let b = lo - start; b < hi - start; b++) {
    const first = start + b * size;
    aux.acc = aux.identity;
    runner(first, math.min(first + size, end), shared, ctx, at, aux);
    slots[b] = aux.acc;
  }
}

/** The iterations in blocks [lo − start, hi − start): what a thread's progress counts. */
export function blockIterations(lo: number, hi: number, aux: Aux): number {
  const start = aux.start;
  return math.min(start + (hi - start) * aux.block, aux.end) - (start + (lo - start) * aux.block);
}
