/** What `trace: true` resolves with, built from the chunks the threads recorded. */
import type { TraceRecord } from '../core/trace-buffer.js';
import { Code, type Plan, planLabel } from '../schedule/registry.js';
import type { LoopResult } from '../team/dispatch/engine.js';

export type { TraceRecord };

/** What `trace: true` resolves with. */
export interface Trace {
  /** The schedule the loop ran with, e.g. `dynamic,16`. */
  schedule: string;
  threads: number;
  start: number;
  end: number;
  /** One entry per chunk: thread, [lo, hi), and start/end in ms from the dispatch. */
  chunks: TraceRecord[];
  /** Chunks not recorded because the trace buffer was full. */
  dropped: number;
}

export function toTrace(plan: Plan, r: LoopResult): Trace {
  const t = r.trace ?? { chunks: [], dropped: 0 };
  return {
    schedule: planLabel(plan),
    threads: plan.threads,
    start: plan.start,
    end: plan.start + plan.n,
    chunks: plan.schedule === Code.STATIC ? joinSlices(t.chunks) : t.chunks,
    dropped: t.dropped,
  };
}

/**
 * Plain `static` runs each thread's block in slices (so a stop request is seen
 * within a slice); the trace shows each block as the one chunk OpenMP's
 * schedule gives it: a thread's consecutive records, [lo, hi) then [hi, …),
 * become one.
 */
function joinSlices(chunks: TraceRecord[]): TraceRecord[] {
  const out: TraceRecord[] = [];
  const last = new Map<number, TraceRecord>();
  for (const c of chunks) {
    const prev = last.get(c.threadId);
    if (prev !== undefined && prev.hi === c.lo) {
      prev.hi = c.hi;
      prev.end = c.end;
    } else {
      const copy = { ...c };
      out.push(copy);
      last.set(c.threadId, copy);
    }
  }
  return out;
}
