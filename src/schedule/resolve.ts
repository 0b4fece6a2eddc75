/**
 * Turn a schedule request into a Plan: resolve `auto` and `runtime`, apply
 * OpenMP's chunk defaults, count chunks. Validation of user input happens in
 * api/; this module assumes well-typed values.
 */

import { oneOf } from '../describe.js';
import { isSafeInteger, math, toNumber } from '../intrinsics.js';
import { CONCRETE_NAMES, type ConcreteName, type Plan, planOf, type ScheduleName } from './registry.js';

/** Chunks per thread that `auto` aims for before it knows what an iteration costs. */
export const AUTO_CHUNKS_PER_THREAD = 16;
/** The most chunks per thread `auto` makes, once iterations are known to be costly enough. */
export const AUTO_MAX_CHUNKS_PER_THREAD = 64;
/** The work `auto` wants in one chunk, in ns: a claim (~0.1 µs contended) stays a few % of it. */
export const AUTO_CHUNK_NS = 5_000;

/** A concrete schedule: what `auto` and `runtime` resolve to. */
export interface ScheduleSpec {
  name: ConcreteName;
  /** Chunk size; undefined when none was given. */
  chunk: number | undefined;
}
/** What OMP_SCHEDULE may say: a concrete schedule, or `auto`. */
export type RuntimeSpec = ScheduleSpec | { name: 'auto'; chunk: undefined };

const NAMES = [...CONCRETE_NAMES, 'auto'];
const SCHEDULE_TEXT = new RegExp(`^\\s*(?:(?:no(?:n)?monotonic|monotonic)\\s*:\\s*)?(${NAMES.join('|')})\\s*(?:,\\s*(\\d+)\\s*)?$`, 'i');

/**
 * Parse an OpenMP schedule string, `[monotonic:|nonmonotonic:]name[,chunk]`,
 * as `OMP_SCHEDULE` takes it (case-insensitive). `source` names where the text
 * came from, for the error message. `runtime` is not a valid name here.
 */
export function parseScheduleText(text: string, source: string): RuntimeSpec {
  const m = SCHEDULE_TEXT.exec(text);
  if (!m) {
    throw new RangeError(
      `Cannot parse ${source} as a schedule: expected ${oneOf(NAMES.map((s) => JSON.stringify(s)))}, ` +
        `optionally followed by ",chunk": received ${JSON.stringify(text)}`,
    );
  }
  const name = m[1]!.toLowerCase() as RuntimeSpec['name'];
  const chunk = m[2] === undefined ? undefined : toNumber(m[2]);
  if (chunk !== undefined && !isSafeInteger(chunk)) {
    throw new RangeError(`Cannot use ${source} as its chunk is not a safe integer: received ${JSON.stringify(text)}`);
  }
  if (name === 'auto') return { name, chunk: undefined };
  // libgomp: chunk 0 means "unspecified".
  return { name, chunk: chunk === 0 ? undefined : chunk };
}

/** What `runtime` means when OMP_SCHEDULE is unset: libgomp's default. */
export const RUNTIME_DEFAULT: ScheduleSpec = { name: 'dynamic', chunk: 1 };

/**
 * Resolve a schedule for n iterations on `threads` threads.
 * `runtime` is the parsed OMP_SCHEDULE (or undefined when unset). `iterNs`
 * is what one iteration of this body cost in earlier `auto` loops (thread
 * time per iteration, in ns), when known.
 */
export function resolvePlan(
  name: ScheduleName,
  chunk: number | undefined,
  start: number,
  n: number,
  threads: number,
  runtime: RuntimeSpec | undefined,
  iterNs?: number,
): Plan {
  let spec: ScheduleSpec;
  if (name === 'runtime') {
    const r = runtime ?? RUNTIME_DEFAULT;
    spec = r.name === 'auto' ? autoSpec(n, threads, iterNs) : r;
  } else if (name === 'auto') {
    spec = autoSpec(n, threads, iterNs);
  } else {
    spec = { name, chunk };
  }
  return planOf(spec.name, spec.chunk, start, n, threads);
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
function autoSpec(n: number, threads: number, iterNs?: number): ScheduleSpec {
  const most = math.max(1, math.ceil(n / (threads * AUTO_CHUNKS_PER_THREAD)));
  if (iterNs === undefined || !(iterNs > 0)) return { name: 'dynamic', chunk: most };
  const least = math.max(1, math.ceil(n / (threads * AUTO_MAX_CHUNKS_PER_THREAD)));
  const wanted = math.ceil(AUTO_CHUNK_NS / iterNs);
  return { name: 'dynamic', chunk: math.min(most, math.max(least, wanted)) };
}
