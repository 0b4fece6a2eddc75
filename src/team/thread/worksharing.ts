/**
 * A parallel region's worksharing loops, ctx.loop() and ctx.loopRange(): how
 * their options are read, how one thread runs its share (counter pairs R1/R2,
 * ordered turns R3 in core/README.md), and ctx.ordered(). The words they use
 * live in core/region-sync.ts.
 */

import { MAX_ORDERED } from '../../core/layout.js';
import type { RegionSync } from '../../core/region-sync.js';
import { describe } from '../../describe.js';
import { isSafeInteger } from '../../intrinsics.js';
import { parseSchedule, type RuntimeSpec, type ScheduleSpec, withChunk } from '../../schedule/parse.js';
import { type ChunkRunner, newPlan, type Plan, runShare, SCHEDULES } from '../../schedule/registry.js';
import { resolvePlan } from '../../schedule/resolve.js';

/** What ctx.loop() and ctx.loopRange() accept after the body: a schedule string, or an object. */
export type LoopSchedule = string | { schedule?: string; chunk?: number; nowait?: boolean; ordered?: boolean };

/** A worksharing loop, read and checked. */
export interface LoopSpec {
  plan: Plan;
  /** No barrier at the end (OpenMP's `nowait`). */
  nowait: boolean;
  /** ctx.ordered() runs its code in iteration order. */
  ordered: boolean;
}

const KEYS = ['schedule', 'chunk', 'nowait', 'ordered'];
const PREFIX = { loop: 'Cannot run ctx.loop', loopRange: 'Cannot run ctx.loopRange' } as const;

/** Read ctx.`fn`()'s arguments after the body, checking each: a TypeError or RangeError names what it received. */
export function loopSpec(
  fn: 'loop' | 'loopRange',
  start: number,
  end: number,
  s: LoopSchedule,
  threads: number,
  runtime: RuntimeSpec | undefined,
  into: LoopSpec = newLoopSpec(),
): LoopSpec {
  const prefix = PREFIX[fn];
  if (!isSafeInteger(start) || !isSafeInteger(end)) {
    throw new RangeError(`${prefix} as start and end must be safe integers: received ${start}, ${end}`);
  }
  let spec: ScheduleSpec;
  let nowait = false;
  let ordered = false;
  if (typeof s === 'object' && s !== null) {
    for (const key in s) {
      if (!KEYS.includes(key)) throw new TypeError(`${prefix} as '${key}' is not an option of it: expected one of ${KEYS.join(', ')}`);
    }
    const written = s.schedule ?? 'static';
    spec = withChunk(parseSchedule(written, prefix), s.chunk, prefix, written);
    nowait = flag(prefix, 'nowait', s.nowait);
    ordered = flag(prefix, 'ordered', s.ordered);
  } else if (typeof s === 'string') {
    spec = parseSchedule(s, prefix);
  } else {
    throw new TypeError(`${prefix} as its schedule must be a string or { schedule, chunk, nowait, ordered }: received ${describe(s)}`);
  }
  const n = end > start ? end - start : 0;
  const plan = resolvePlan({ schedule: spec, start, n, threads, runtime }, into.plan);
  if (nowait && SCHEDULES[plan.schedule]!.name === 'adaptive') {
    throw new RangeError(
      `${prefix} with nowait under 'adaptive': its threads' ranges serve the next loop too, which may start only after a barrier (use 'dynamic' or 'guided', or drop nowait)`,
    );
  }
  if (ordered && n > MAX_ORDERED) {
    throw new RangeError(`${prefix} with ordered over more than ${MAX_ORDERED} iterations: received ${n}`);
  }
  into.nowait = nowait;
  into.ordered = ordered;
  return into;
}

/** A spec to fill (a thread's region state keeps one: a loop allocates no spec). */
export function newLoopSpec(): LoopSpec {
  return { plan: newPlan(), nowait: false, ordered: false };
}

function flag(prefix: string, name: string, v: unknown): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw new TypeError(`${prefix} as '${name}' must be a boolean: received ${describe(v)}`);
  return v;
}

/**
 * Where a thread is in an ordered loop: the chunk it is running and whether
 * it already has the turn. One per thread and region state, reused.
 */
export interface OrderState {
  /** Inside a loop with `ordered` on this thread. */
  active: boolean;
  /** The turn word (region-sync.ts orderWord() or REGION_ORDER). */
  at: number;
  /** The loop's first iteration. */
  start: number;
  /** First iteration of the chunk being run. */
  lo: number;
  /** This chunk has waited for its turn already. */
  held: boolean;
}

export function newOrderState(): OrderState {
  return { active: false, at: 0, start: 0, lo: 0, held: false };
}

/**
 * ctx.ordered(fn): wait for this chunk's turn (once per chunk: the chunk's
 * own earlier iterations ran before on this thread), then run `fn`.
 */
export function runOrdered<T>(sync: RegionSync, o: OrderState, fn: () => T): T {
  if (!o.active) {
    throw new TypeError('Cannot run ctx.ordered outside a loop with { ordered: true }: the loop that calls it must ask for it');
  }
  if (typeof fn !== 'function') throw new TypeError(`Cannot run ctx.ordered as its argument must be a function: received ${describe(fn)}`);
  if (!o.held) {
    sync.awaitTurn(o.at, o.lo - o.start);
    o.held = true;
  }
  return fn();
}

/**
 * `run` with the ordered turn passed on after each chunk: a chunk that never
 * called ctx.ordered() still waits for its turn, so that no later chunk's
 * ordered code runs before an earlier chunk is over.
 */
export function orderedChunks(sync: RegionSync, o: OrderState, run: ChunkRunner): ChunkRunner {
  return (lo, hi) => chunkInTurn(sync, o, run, lo, hi);
}

/** One chunk of an ordered loop: run it, wait for its turn if its body never did, pass the turn on. */
function chunkInTurn(sync: RegionSync, o: OrderState, run: ChunkRunner, lo: number, hi: number): void {
  o.lo = lo;
  o.held = false;
  run(lo, hi);
  if (!o.held) sync.awaitTurn(o.at, lo - o.start);
  o.held = false;
  sync.passTurn(o.at, hi - o.start);
}

/** What a thread's region state holds for its loops: the count so far and the ordered state. */
export interface LoopState {
  loops: number;
  readonly order: OrderState;
  /** The last loop had `nowait`: the next may have to wait for its counter pair (R1). */
  afterNowait: boolean;
  /** The spec of the loop being entered (read before the loop runs; a loop inside a body would refill it after). */
  readonly spec: LoopSpec;
}

/**
 * Thread `threadId`'s share of a worksharing loop: claim chunks on the loop's
 * counter pair, run them (in turn, for ordered code), leave, and wait at the
 * barrier unless `nowait`.
 */
export function runRegionLoop(
  sync: RegionSync,
  ls: LoopState,
  spec: LoopSpec,
  threadId: number,
  numThreads: number,
  run: ChunkRunner,
  barrier: () => void,
): void {
  const seq = ls.loops++;
  const claims = sync.enterLoop(seq, ls.afterNowait);
  const o = ls.order;
  const nowait = spec.nowait; // read now: a (nonconforming) loop inside the body would refill spec
  ls.afterNowait = nowait;
  if (spec.ordered) {
    o.active = true;
    o.at = sync.orderWord(seq);
    o.start = spec.plan.start;
    run = orderedChunks(sync, o, run);
  }
  try {
    runShare(claims, spec.plan, threadId, run);
  } finally {
    o.active = false;
  }
  if (nowait) sync.leaveLoop(seq, numThreads);
  else {
    barrier();
    if (threadId === 0) sync.releaseLoop(seq); // every thread is past its last claim of loop seq
  }
}

// ---- a loop's own ordered iterations (the `ordered` option of parallelFor and the rest) ------------

/**
 * The ordered state of the top-level loop this thread is running, if it has
 * `ordered`: one per thread (each worker has its own module; the calling
 * thread of a sync loop, its own). ctx.ordered() of a loop's ctx reads it.
 */
const top: { sync: RegionSync | undefined; o: OrderState; inner: ChunkRunner } = {
  sync: undefined,
  o: newOrderState(),
  inner: () => {},
};
/** orderedChunks over top.inner, made once: an ordered loop allocates no wrapper. */
const topChunks: ChunkRunner = (lo, hi) => chunkInTurn(top.sync!, top.o, top.inner, lo, hi);

/** ctx.ordered() of a loop body's ctx (makeContext). */
export function loopOrdered<T>(fn: () => T): T {
  return runOrdered(top.sync!, top.o, fn);
}

/**
 * This thread starts its share of an ordered loop from `start`, its turn in
 * word `at`: returns `run` wrapped to pass the turn after each chunk.
 */
export function beginLoopOrdered(sync: RegionSync, at: number, start: number, run: ChunkRunner): ChunkRunner {
  top.sync = sync;
  top.o.active = true;
  top.o.at = at;
  top.o.start = start;
  top.inner = run;
  return topChunks;
}

/** The loop is over on this thread (or failed). */
export function endLoopOrdered(): void {
  top.o.active = false;
  top.sync = undefined;
  top.inner = NO_CHUNK;
}

const NO_CHUNK: ChunkRunner = () => {};

/**
 * A loop run inline on one thread (inside another loop's body): ordered code
 * runs in order by itself, so ctx.ordered() only checks the loop asked for it.
 * Returns what to restore afterwards (the outer loop's state).
 */
export function enterInlineOrdered(ordered: boolean): OrderState {
  const outer = { ...top.o };
  top.o.active = ordered;
  top.o.held = true;
  return outer;
}

export function leaveInlineOrdered(outer: OrderState): void {
  Object.assign(top.o, outer);
}

// ---- ctx.cancel() of a loop body ------------------------------------------------------------

/**
 * Where ctx.cancel() stops the loop this thread runs: its control block
 * (STOP without a fault: every thread stops claiming at its next chunk, and
 * the loop ends as if it had run out), or, for a loop run inline inside
 * another loop's body, a flag the inline runner reads between pieces.
 */
const cancelTo: { ctl: { cancel(): void } | undefined; inline: boolean } = { ctl: undefined, inline: false };

/** ctx.cancel() of a loop body's ctx (makeContext). */
export function loopCancel(): void {
  if (cancelTo.ctl !== undefined) cancelTo.ctl.cancel();
  else cancelTo.inline = true;
}

/** This thread runs a share of a loop on `ctl` (undefined: its share is over). */
export function cancelTarget(ctl: { cancel(): void } | undefined): void {
  cancelTo.ctl = ctl;
}

/** An inline loop begins: ctx.cancel() sets the flag. Returns the outer loop's target, to restore. */
export function enterInlineCancel(): { cancel(): void } | undefined {
  const outer = cancelTo.ctl;
  cancelTo.ctl = undefined;
  cancelTo.inline = false;
  return outer;
}

/** Whether the inline loop's body called ctx.cancel(). */
export function inlineCancelled(): boolean {
  return cancelTo.inline;
}

export function leaveInlineCancel(outer: { cancel(): void } | undefined): void {
  cancelTo.ctl = outer;
  cancelTo.inline = false;
}
