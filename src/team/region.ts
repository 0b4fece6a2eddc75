/**
 * A region as data: the request a loop function makes, what the engine hands
 * back, and the engine's record of a region in flight.
 */
import type { Descriptor } from '../core/control.js';
import type { TraceRecord } from '../core/trace-buffer.js';
import { kindOf } from '../kinds/table.js';
import type { Plan } from '../schedule/registry.js';
import type { RegisteredBody } from './bodies.js';
import type { SharedSnapshot } from './shared-cache.js';

/** One loop, validated and resolved, as the engine receives it. */
export interface LoopRequest {
  plan: Plan;
  /** The descriptor this loop writes (derived from plan, body and shared). */
  desc?: Descriptor;
  body: RegisteredBody;
  shared: SharedSnapshot;
  signal: AbortSignal | undefined;
  timeout: number | undefined;
  /** The loop kind's parameters for the descriptor (named by its record's `params`). */
  aux?: [number, number, number];
  /** RECORD_PROGRESS | RECORD_TRACE, or 0. */
  flags?: number;
  /** Async loops: called with the iterations done so far, every PROGRESS_MS while the loop runs. */
  onProgress?: (done: number) => void;
}

/** What a finished loop hands back: the threads' reduction partials (thread order) and its trace. */
export interface LoopResult {
  partials: number[];
  trace?: { chunks: TraceRecord[]; dropped: number };
}

export interface Region {
  epoch: number;
  req: LoopRequest;
  /** Workers taking part (slots 0…workers-1). */
  workers: number;
  /** Generation of each of those workers at dispatch. */
  gens: number[];
  /** Set once harvested: the error to throw, or null for success. */
  outcome?: { error: unknown };
  /** Error thrown by the calling thread's own iterations (synchronous loops). */
  localError?: unknown;
  /** performance.now() at which the region's timeout expires (Infinity without one). */
  deadline: number;
  /** Why this thread stopped the region (an abort reason, a callback's error): the caller's error. */
  stop?: { reason: unknown };
  /** Reduction partials of threads 0…T-1, read at the harvest (before the next region). */
  partials?: number[];
  /** Wall-clock time of the dispatch, the origin of trace times. */
  origin: number;
  trace?: LoopResult['trace'];
}

/** The descriptor a request writes (computed once, kept on the request). */
export function descriptorOf(req: LoopRequest): Descriptor {
  if (req.desc !== undefined) return req.desc;
  const p = req.plan;
  req.desc = {
    schedule: p.schedule,
    threads: p.threads,
    bodyId: req.body.id,
    sharedId: req.shared.id,
    spins: 0,
    start: p.start,
    n: p.n,
    chunk: p.chunk,
    numChunks: p.numChunks,
    slice: !kindOf(req.body.def.loop).wholeChunks,
    flags: req.flags ?? 0,
    param0: req.aux?.[0] ?? 0,
    param1: req.aux?.[1] ?? 0,
    param2: req.aux?.[2] ?? 0,
  };
  return req.desc;
}
