/**
 * Per-chunk recording for verbose/onProgress (each thread counts its own
 * finished iterations) and trace (one record per chunk). Wraps a chunk
 * runner only when the region asks for it, so unrecorded loops pay nothing.
 */
import type { ControlBlock } from '../core/control.js';
import { RECORD_PROGRESS, RECORD_TRACE } from '../core/layout.js';
import { type TraceBuffer, wallClock } from '../core/trace-buffer.js';
import type { ChunkRunner } from '../schedule/registry.js';

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
