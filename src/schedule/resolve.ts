/**
 * Turn a schedule request into a Plan: resolve `auto` and `runtime`, apply
 * OpenMP's chunk defaults, count chunks. Validation of user input happens in
 * api/; this module assumes well-typed values.
 */
import { Kind, type Plan, type ScheduleName, type ScheduleSpec } from './kinds.js';
import { chunkCount } from './math.js';

/** Chunks per thread that `auto` aims for. */
export const AUTO_CHUNKS_PER_THREAD = 16;

/**
 * Parse an OpenMP schedule string, `[monotonic:|nonmonotonic:]kind[,chunk]`,
 * as `OMP_SCHEDULE` takes it (case-insensitive). `source` names where the text
 * came from, for the error message. `runtime` is not a valid kind here.
 */
export function parseScheduleText(text: string, source: string): ScheduleSpec | { kind: 'auto'; chunk: undefined } {
  const m = /^\s*(?:(?:no(?:n)?monotonic|monotonic)\s*:\s*)?(static|dynamic|guided|auto)\s*(?:,\s*(\d+)\s*)?$/i.exec(text);
  if (!m) {
    throw new RangeError(
      `Cannot parse ${source} as a schedule: expected "static", "dynamic", "guided" or "auto", ` +
        `optionally followed by ",chunk": received ${JSON.stringify(text)}`,
    );
  }
  const kind = m[1]!.toLowerCase() as ScheduleSpec['kind'] | 'auto';
  let chunk = m[2] === undefined ? undefined : Number(m[2]);
  if (chunk !== undefined && !Number.isSafeInteger(chunk)) {
    throw new RangeError(`Cannot use ${source} as its chunk is not a safe integer: received ${JSON.stringify(text)}`);
  }
  if (kind === 'auto') return { kind, chunk: undefined };
  if (chunk === 0) chunk = kind === 'static' ? undefined : 1; // libgomp: 0 means "unspecified"
  return { kind, chunk };
}

/** What `runtime` means when OMP_SCHEDULE is unset: libgomp's default. */
export const RUNTIME_DEFAULT: ScheduleSpec = { kind: 'dynamic', chunk: 1 };

/**
 * Resolve a schedule for n iterations on `threads` threads.
 * `runtime` is the parsed OMP_SCHEDULE (or undefined when unset).
 */
export function resolvePlan(
  name: ScheduleName,
  chunk: number | undefined,
  start: number,
  n: number,
  threads: number,
  runtime: ScheduleSpec | { kind: 'auto'; chunk: undefined } | undefined,
): Plan {
  let spec: ScheduleSpec;
  if (name === 'runtime') {
    const r = runtime ?? RUNTIME_DEFAULT;
    spec = r.kind === 'auto' ? autoSpec(n, threads) : r;
  } else if (name === 'auto') {
    spec = autoSpec(n, threads);
  } else {
    spec = { kind: name, chunk: name === 'static' ? chunk : (chunk ?? 1) };
  }
  return planFor(spec, start, n, threads);
}

/**
 * `auto`: dynamic with about AUTO_CHUNKS_PER_THREAD chunks per thread. That
 * balances uneven iterations, keeps chunks contiguous, and costs a few dozen
 * claims per loop instead of one per iteration.
 */
function autoSpec(n: number, threads: number): ScheduleSpec {
  return { kind: 'dynamic', chunk: Math.max(1, Math.ceil(n / (threads * AUTO_CHUNKS_PER_THREAD))) };
}

function planFor(spec: ScheduleSpec, start: number, n: number, threads: number): Plan {
  if (spec.kind === 'static' && spec.chunk === undefined) {
    return { kind: Kind.STATIC, start, n, chunk: 0, numChunks: threads, threads };
  }
  const c = spec.chunk ?? 1;
  const kind = spec.kind === 'static' ? Kind.STATIC_CHUNKED : spec.kind === 'dynamic' ? Kind.DYNAMIC : Kind.GUIDED;
  return { kind, start, n, chunk: c, numChunks: chunkCount(n, c), threads };
}
