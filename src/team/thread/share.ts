/**
 * One thread's part of a region (step W3), the same on a worker and on the
 * calling thread of a synchronous loop: build the thread's context and
 * per-region values, walk its chunks (recording progress and trace when
 * asked), and leave a reduction's partial in its slot. What to do with a
 * body's error differs (a worker reports it, the caller keeps it), so it is
 * thrown to the caller; REGION_STOPPED, which only unwinds a region thread
 * after another thread's error was recorded, is not.
 */
import type { ControlBlock, Descriptor } from '../../core/control.js';
import { RECORD_PROGRESS, RECORD_TRACE } from '../../core/layout.js';
import { REGION_STOPPED, type RegionSync } from '../../core/region-sync.js';
import { type TraceBuffer, wallClock } from '../../core/trace-buffer.js';
import type { Aux, LoopKind, Runner, ThrowSite } from '../../kinds/kind.js';
import { type ChunkRunner, runShare } from '../../schedule/registry.js';
import { fillAux } from '../bodies/compile.js';
import type { SharedValues } from '../shared/cache.js';
import { makeContext, makeRegionContext } from './context.js';

/** What a thread keeps between regions for running its shares. */
export interface ShareState {
  ctl: ControlBlock;
  regionSync: RegionSync;
  trace: TraceBuffer | undefined;
  /** Reused per region: the loop kind's per-thread values. */
  aux: Aux;
  /** Where the iteration that threw is reported. */
  at: ThrowSite;
}

/**
 * Run thread `tid`'s share of region `d`. `guard` may wrap each chunk (the
 * synchronous caller uses it to enforce its timeout between chunks).
 */
export function runThreadShare(
  st: ShareState,
  d: Descriptor,
  tid: number,
  kind: LoopKind,
  runner: Runner,
  shared: SharedValues,
  guard?: (run: ChunkRunner) => ChunkRunner,
): void {
  const ctx = kind.regionContext ? makeRegionContext(st.regionSync, tid, d.threads) : makeContext(tid, d.threads);
  const aux = fillAux(st.aux, shared.out, d.start, d.param0, d.param1, d.param2);
  const { at } = st;
  at.index = NaN; // set by the runner before each call (see kinds/table.ts); nothing stale survives a region
  at.hi = NaN;
  const s = shared.value;
  const run: ChunkRunner = (lo, hi) => runner(lo, hi, s, ctx, at, aux);
  const guarded = guard ? guard(run) : run;
  try {
    runShare(st.ctl, d, tid, recording(guarded, d.flags, st.ctl, st.trace, tid));
    if (kind.partial) st.ctl.setPartial(tid, aux.acc); // published by the thread's leave (or the barrier below)
    if (kind.secondPass) {
      st.regionSync.barrier(d.threads); // every thread's partial is written
      if (tid === 0) return; // nothing comes before thread 0: its pass 2 would change nothing
      aux.pass = 2;
      aux.acc = d.param0;
      aux.prefix = st.ctl.partials(tid);
      runShare(st.ctl, d, tid, guarded); // not counted again in the progress
    }
  } catch (e) {
    if (e === REGION_STOPPED) return;
    throw e;
  }
}

// ---- progress and trace records ------------------------------------------------------------

/**
 * Per-chunk recording for verbose/onProgress (each thread counts its own
 * finished iterations) and trace (one record per chunk). Wraps a chunk
 * runner only when the region asks for it, so unrecorded loops pay nothing.
 */

export function recording(run: ChunkRunner, flags: number, ctl: ControlBlock, trace: TraceBuffer | undefined, tid: number): ChunkRunner {
  if (flags === 0) return run;
  const progress = (flags & RECORD_PROGRESS) !== 0;
  const tracing = (flags & RECORD_TRACE) !== 0 && trace !== undefined;
  return (lo, hi) => {
    const t0 = tracing ? wallClock() : 0;
    run(lo, hi);
    if (tracing) trace.record(tid, lo, hi, t0, wallClock());
    if (progress) ctl.addProgress(tid, hi - lo);
  };
}

// ---- the in-a-loop flag --------------------------------------------------------------------

/**
 * Whether the current thread is running loop iterations. A body that calls
 * parallelFor again (from a kernel module) then runs that inner loop serially
 * on its own thread, as OpenMP does with nesting disabled. The counter lives
 * on one object stored under a global symbol, so every copy of parfor loaded
 * in a thread (ESM and CJS builds, the worker bundle) shares it, and the hot
 * path only touches a plain object.
 */
const KEY = Symbol.for('parfor.inLoop');

type Flag = { depth: number };
const g = globalThis as { [KEY]?: Flag };
g[KEY] ??= { depth: 0 };
const flag: Flag = g[KEY];

export function inLoopThread(): boolean {
  return flag.depth > 0;
}

export function enterLoopThread(): void {
  flag.depth++;
}

export function leaveLoopThread(): void {
  flag.depth--;
}
