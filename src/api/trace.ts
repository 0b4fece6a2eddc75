/** What `trace: true` resolves with, built from the chunks the threads recorded. */
import type { TraceRecord } from '../core/trace-buffer.js';
import { type Plan, planLabel } from '../schedule/registry.js';
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
    chunks: t.chunks,
    dropped: t.dropped,
  };
}
