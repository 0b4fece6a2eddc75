/**
 * One thread's part of a region (step W3), the same on a worker and on the
 * calling thread of a synchronous loop: build the thread's context and
 * per-region values, walk its chunks (recording progress and trace when
 * asked), and leave a reduction's partial in its slot. What to do with a
 * body's error differs (a worker reports it, the caller keeps it), so it is
 * thrown to the caller; REGION_STOPPED, which only unwinds a region thread
 * after another thread's error was recorded, is not.
 */
import type { ControlBlock, Descriptor } from '../../core/block.js';
import { RECORD_PROGRESS, RECORD_TRACE } from '../../core/layout.js';
import { REGION_STOPPED, type RegionSync } from '../../core/region-sync.js';
import { type TraceBuffer, wallClock } from '../../core/trace-buffer.js';
import type { Aux, LoopKind, Runner, ThrowSite } from '../../kinds/kind.js';
import type { Pacer } from '../../schedule/pace.js';
import { runtimeFromParams } from '../../schedule/parse.js';
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
  /** Cuts long chunks into pieces, so a stop is seen within about a millisecond (schedule/pace.ts). */
  pacer: Pacer;
}

/** Thread 0 of a sync loop without a timeout, and every worker: no deadline to enforce on this thread. */
const NO_DEADLINE = () => {};

/**
 * Run thread `tid`'s share of region `d`. `deadline` (the calling thread of a
 * sync loop with a timeout: no timer can fire while it runs its own chunks) is
 * checked between pieces; past it, `onDeadline` stops the region.
 */
export function runThreadShare(
  st: ShareState,
  d: Descriptor,
  tid: number,
  kind: LoopKind,
  runner: Runner,
  shared: SharedValues,
  deadline = Infinity,
  onDeadline: () => void = NO_DEADLINE,
): void {
  const { ctl } = st;
  const ctx = kind.regionContext
    ? makeRegionContext(st.regionSync, tid, d.threads, runtimeFromParams(d.param0, d.param1))
    : makeContext(tid, d.threads);
  const aux = fillAux(st.aux, shared.out, d.start, d.param0, d.param1, d.param2);
  const { at } = st;
  at.index = NaN; // set by the runner before each call (see kinds/table.ts); nothing stale survives a region
  at.hi = NaN;
  const s = shared.value;
  // Progress is counted per piece (so a long static block reports as it goes), a trace records
  // whole chunks (what the schedule handed out).
  const piece = counting((lo, hi) => runner(lo, hi, s, ctx, at, aux), d.flags, ctl, tid);
  const walk = tracing(st.pacer.begin(piece, !d.slice, ctl, deadline, onDeadline), d.flags, st.trace, tid);
  try {
    runShare(ctl, d, tid, walk);
    if (kind.partial) ctl.setPartial(tid, aux.acc); // published by the thread's leave (or the barrier below)
    if (kind.secondPass) {
      st.regionSync.barrier(d.threads); // every thread's partial is written
      if (tid === 0) return; // nothing comes before thread 0: its pass 2 would change nothing
      aux.pass = 2;
      aux.acc = d.param0;
      aux.prefix = ctl.partials(tid);
      // Not counted again in the progress; the pacer keeps the first pass's estimate.
      const pass2: ChunkRunner = (lo, hi) => runner(lo, hi, s, ctx, at, aux);
      runShare(ctl, d, tid, st.pacer.begin(pass2, false, ctl, deadline, onDeadline, false));
    }
  } catch (e) {
    if (e === REGION_STOPPED) return;
    throw e;
  }
}

// ---- progress and trace records ------------------------------------------------------------

/**
 * Per-piece counting for verbose/onProgress (each thread counts its own
 * finished iterations) and per-chunk trace records. Each wraps a runner only
 * when the region asks for it, so unrecorded loops pay nothing.
 */
function counting(run: ChunkRunner, flags: number, ctl: ControlBlock, tid: number): ChunkRunner {
  if ((flags & RECORD_PROGRESS) === 0) return run;
  return (lo, hi) => {
    run(lo, hi);
    ctl.addProgress(tid, hi - lo);
  };
}

function tracing(run: ChunkRunner, flags: number, trace: TraceBuffer | undefined, tid: number): ChunkRunner {
  if ((flags & RECORD_TRACE) === 0 || trace === undefined) return run;
  return (lo, hi) => {
    const t0 = wallClock();
    run(lo, hi);
    trace.record(tid, lo, hi, t0, wallClock());
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
