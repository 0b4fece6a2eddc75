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
import { type ChunkRunner, runShare } from '../schedule/share.js';
import { type Aux, fillAux, type Mode, type Runner, type ThrowSite } from './compile.js';
import { makeContext } from './context.js';
import { recording } from './recording.js';
import { makeRegionContext } from './region-context.js';
import type { SharedValues } from './shared-cache.js';

/** What a thread keeps between regions for running its shares. */
export interface ShareState {
  ctl: ControlBlock;
  regionSync: RegionSync;
  trace: TraceBuffer | undefined;
  /** Reused per region: the mode's per-thread values. */
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
  mode: Mode,
  runner: Runner,
  shared: SharedValues,
  guard?: (run: ChunkRunner) => ChunkRunner,
): void {
  const ctx = mode === 'region' ? makeRegionContext(st.regionSync, tid, d.threads) : makeContext(tid, d.threads);
  const aux = fillAux(st.aux, shared.x, d.start, d.aux0, d.aux1, d.aux2);
  const { at } = st;
  at.index = NaN; // set by the runner before each call (see compile.ts); nothing stale survives a region
  at.hi = NaN;
  const s = shared.s;
  const run: ChunkRunner = (lo, hi) => runner(lo, hi, s, ctx, at, aux);
  try {
    runShare(st.ctl, d, tid, recording(guard ? guard(run) : run, d.flags, st.ctl, st.trace, tid));
  } catch (e) {
    if (e === REGION_STOPPED) return;
    throw e;
  }
  if (mode === 'reduce') st.ctl.setPartial(tid, aux.acc); // published by the thread's leave
}
