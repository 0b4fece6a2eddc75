/**
 * One thread's share of a region: walk the chunks the schedule gives thread
 * `tid`, calling `run(lo, hi)` with absolute iteration bounds, and stop at the
 * next chunk boundary once the region is told to stop.
 */
import type { Claims, Descriptor } from '../core/control.js';
/** What a thread's walk reads of a region (or of a ctx.loop() plan). */
export type ShareShape = Pick<Descriptor, 'kind' | 'start' | 'n' | 'chunk' | 'threads' | 'numChunks' | 'slice'>;
/** Plain static blocks are run in at most this many slices, so a stop request
 * (error, abort, timeout) is seen within 1/STATIC_SLICES of a block. The
 * iterations a thread runs, and their order, do not change. */
export declare const STATIC_SLICES = 64;
export type ChunkRunner = (lo: number, hi: number) => void;
export declare function runShare(ctl: Claims, d: ShareShape, tid: number, run: ChunkRunner): void;
