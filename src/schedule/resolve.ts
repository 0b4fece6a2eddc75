/**
 * Turn a schedule as written (schedule/parse.ts) into a Plan: resolve `auto`
 * and `runtime`, apply OpenMP's chunk defaults, count chunks. Pure: what
 * `runtime` stands for and what `auto` learned are passed in.
 */
import { math } from '../intrinsics.js';
import type { RuntimeSpec, ScheduleSpec } from './parse.js';
import { newPlan, type Plan, planInto } from './registry.js';

/** Chunks per thread that `auto` aims for before it knows what an iteration costs. */
export const AUTO_CHUNKS_PER_THREAD = 16;
/** The most chunks per thread `auto` makes, once iterations are known to be costly enough. */
export const AUTO_MAX_CHUNKS_PER_THREAD = 64;
/** The work `auto` wants in one chunk, in ns: a claim (~0.1 µs contended) stays a few % of it. */
export const AUTO_CHUNK_NS = 5_000;

/** What `runtime` means when OMP_SCHEDULE is unset: libgomp's default. */
export const RUNTIME_DEFAULT: RuntimeSpec = Object.freeze({ name: 'dynamic', chunk: 1 });

/** Everything a plan is resolved from. */
export interface PlanInput {
  /** The schedule as written. */
  schedule: ScheduleSpec;
  /** First iteration and trip count. */
  start: number;
  n: number;
  threads: number;
  /** What `runtime` stands for: OMP_SCHEDULE parsed, or undefined when it is unset. */
  runtime: RuntimeSpec | undefined;
  /** Thread time per iteration (ns) this body's earlier `auto` loops measured, when known. */
  iterNs?: number | undefined;
  /** The largest chunk `auto` may choose (the searches: a thread finishes its chunk after a hit). */
  maxChunk?: number | undefined;
  /**
   * Iterations per unit the schedule hands out, when it hands out blocks
   * rather than iterations (a deterministic reduction: kinds/blocks.ts);
   * `n` then counts units, numbered from `start`, and a chunk of c
   * iterations becomes ceil(c / unit) units. Undefined: 1.
   */
  unit?: number | undefined;
}

/**
 * `auto`'s largest chunk for parallelFind, parallelAny and parallelAll: after
 * a hit each other thread finishes the chunk it holds, so a chunk of
 * n / (16 threads) iterations would make a long loop stop late. 1,024
 * iterations keep the claims under a tenth of the work for a predicate of a
 * nanosecond or more (a claim costs tens of ns), and bound the stop to 1,024
 * iterations of the predicate.
 */
export const SEARCH_MAX_CHUNK = 1024;

/** The concrete schedule a loop runs with, and its chunks, written into `out` when given (a call reuses its plan). */
export function resolvePlan(p: PlanInput, out: Plan = newPlan()): Plan {
  const written = p.schedule;
  const s: RuntimeSpec = written.name === 'runtime' ? (p.runtime ?? RUNTIME_DEFAULT) : written;
  // auto: dynamic with a chunk of its choosing (written straight into the plan: no spec is made).
  if (s.name === 'auto') {
    const chunk = math.min(autoChunk(p.n, p.threads, p.iterNs), p.maxChunk ?? Infinity);
    return planInto(out, 'dynamic', chunk, p.start, p.n, p.threads);
  }
  const unit = p.unit ?? 1;
  const chunk = unit === 1 || s.chunk === undefined ? s.chunk : math.ceil(s.chunk / unit);
  return planInto(out, s.name, chunk, p.start, p.n, p.threads);
}

/** Whether a schedule resolves to `auto` (directly, or through OMP_SCHEDULE): only such loops are timed. */
export function resolvesToAuto(schedule: ScheduleSpec, runtime: RuntimeSpec | undefined): boolean {
  return schedule.name === 'auto' || (schedule.name === 'runtime' && runtime?.name === 'auto');
}

/**
 * `auto`: dynamic with AUTO_CHUNKS_PER_THREAD chunks per thread, which
 * balances uneven iterations, keeps chunks contiguous and costs a few dozen
 * claims per loop. Once the body's iterations are known to cost `iterNs`, the
 * chunks shrink to hold AUTO_CHUNK_NS of work each, down to
 * AUTO_MAX_CHUNKS_PER_THREAD per thread: smaller last chunks balance a loop
 * whose iterations get dearer along it. It never makes fewer chunks than the
 * first rule, so a cheap body keeps its few claims.
 */
function autoChunk(n: number, threads: number, iterNs: number | undefined): number {
  const most = math.max(1, math.ceil(n / (threads * AUTO_CHUNKS_PER_THREAD)));
  if (iterNs === undefined || !(iterNs > 0)) return most;
  const least = math.max(1, math.ceil(n / (threads * AUTO_MAX_CHUNKS_PER_THREAD)));
  const wanted = math.ceil(AUTO_CHUNK_NS / iterNs);
  return math.min(most, math.max(least, wanted));
}
