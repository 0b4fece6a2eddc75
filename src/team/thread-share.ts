/**
 * One thread's part of a region (step W3), the same on a worker and on the
 * calling thread of a synchronous loop: build the thread's context and
 * per-region values, walk its chunks (recording progress and trace when
 * asked), and leave a reduction's partial in its slot. What to do with a
 * body's error differs (a worker reports it, the caller keeps it), so it is
 * thrown to the caller; REGION_STOPPED, which only unwinds a region thread
 * after another thread's error was recorded, is not.
 */
import type { ControlBlock, Descriptor } from '../core/control.js';
import { REGION_STOPPED, type RegionSync } from '../core/region-sync.js';
import type { TraceBuffer } from '../core/trace-buffer.js';
import type { Aux, LoopKind, Runner, ThrowSite } from '../kinds/kind.js';
import { type ChunkRunner, runShare } from '../schedule/registry.js';
import { fillAux } from './compile.js';
import { makeContext } from './context.js';
import { recording } from './recording.js';
import { makeRegionContext } from './region-context.js';
import type { SharedValues } from './shared-cache.js';

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
  const aux = fillAux(st.aux, shared.x, d.start, d.param0, d.param1, d.param2);
  const { at } = st;
  at.index = NaN; // set by the runner before each call (see compile.ts); nothing stale survives a region
  at.hi = NaN;
  const s = shared.s;
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
