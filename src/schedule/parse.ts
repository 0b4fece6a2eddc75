/**
 * The one schedule grammar. A loop's `schedule` option, the `OMP_SCHEDULE`
 * environment variable and a region's `ctx.loop(…, schedule)` are all read
 * here, with the same rules and the same messages (only the message's opening
 * names where the text came from):
 *
 *     [monotonic: | nonmonotonic:] name [, chunk]
 *
 * - `name` is static, dynamic, guided, adaptive, auto or runtime, in any case (libgomp
 *   reads OMP_SCHEDULE case-insensitively; a C clause's keywords cannot be
 *   mistyped, a string can);
 * - spaces around the tokens are ignored;
 * - the modifier is accepted and changes nothing: every thread's chunks run in
 *   increasing order here, which is what `monotonic` asks, except under
 *   `adaptive`, which refuses `monotonic:` (a thief may take lower iterations);
 * - `chunk` is decimal digits, a positive safe integer (for adaptive, the
 *   smallest piece a thread takes or splits off). Zero is refused (the
 *   OpenMP clause requires a positive chunk_size; libgomp also reads a zero in
 *   OMP_SCHEDULE as "unspecified", but one rule for every source is worth more
 *   than that leniency);
 * - `auto` and `runtime` take no chunk, as in OpenMP;
 * - `runtime` means OMP_SCHEDULE, so OMP_SCHEDULE itself may not say it.
 *
 * Parsed strings are cached (a region's ctx.loop may parse per sweep).
 */
import { describe, oneOf } from '../describe.js';
import { isSafeInteger, toNumber } from '../intrinsics.js';
import { CONCRETE_NAMES, type ConcreteName } from './registry.js';

/** The names a schedule may have. */
export const SCHEDULE_NAMES = [...CONCRETE_NAMES, 'auto', 'runtime'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];

/** A schedule as written: its name and chunk (undefined when none was given). */
export type ScheduleSpec =
  | { readonly name: ConcreteName; readonly chunk: number | undefined }
  | { readonly name: 'auto'; readonly chunk: undefined }
  | { readonly name: 'runtime'; readonly chunk: undefined };

/** The schedule of a loop that names none. */
export const STATIC_SPEC: ScheduleSpec = Object.freeze({ name: 'static', chunk: undefined });

/** What OMP_SCHEDULE may say (not `runtime`). */
export type RuntimeSpec = Exclude<ScheduleSpec, { name: 'runtime' }>;

/** The grammar's shape, for messages. */
const FORM = `[monotonic: | nonmonotonic:]${oneOf(SCHEDULE_NAMES as readonly string[])}, optionally followed by ",chunk" (a positive integer)`;

const TEXT = new RegExp(`^\\s*(?:((?:non)?monotonic)\\s*:\\s*)?(${SCHEDULE_NAMES.join('|')})\\s*(?:,\\s*(\\d+)\\s*)?$`, 'i');

/** Strings already read, by text: their spec, or the message of the RangeError they give (after the prefix). */
const CACHE = new Map<string, ScheduleSpec | string>();
const CACHE_MAX = 64;

/**
 * Read a schedule string. `prefix` opens the error message ("Cannot run
 * parallelFor", "Cannot use OMP_SCHEDULE", "Cannot run ctx.loop"); the rest
 * of the message is the same wherever the text came from.
 */
export function parseSchedule(text: unknown, prefix: string): ScheduleSpec {
  if (typeof text !== 'string') throw new TypeError(`${prefix} as its schedule must be a string: received ${describe(text)}`);
  let got = CACHE.get(text);
  if (got === undefined) {
    got = read(text);
    if (CACHE.size < CACHE_MAX) CACHE.set(text, got);
  }
  if (typeof got === 'string') throw new RangeError(`${prefix} as ${got}`);
  return got;
}

function read(text: string): ScheduleSpec | string {
  const shown = JSON.stringify(text);
  const m = TEXT.exec(text);
  if (m === null) return `its schedule must be ${FORM}: received ${shown}`;
  const name = m[2]!.toLowerCase() as ScheduleName;
  if (name === 'adaptive' && m[1]?.toLowerCase() === 'monotonic') {
    return `schedule 'adaptive' cannot be monotonic: a thread that runs out takes iterations from another's block, which may lie below the ones it ran: received ${shown}`;
  }
  if (m[3] === undefined) return Object.freeze({ name, chunk: undefined }) as ScheduleSpec;
  if (name === 'auto' || name === 'runtime') return `schedule '${name}' takes no chunk (as in OpenMP): received ${shown}`;
  const chunk = toNumber(m[3]);
  if (!isSafeInteger(chunk) || chunk < 1) return `the chunk in its schedule must be a positive safe integer: received ${shown}`;
  return Object.freeze({ name, chunk });
}

/**
 * A schedule string and a separate `chunk` number (a loop's options, or
 * ctx.loop's `{ schedule, chunk }`), combined under the grammar's rules: the
 * chunk is a positive safe integer, not given with auto or runtime, and agrees
 * with one written in the string.
 */
export function withChunk(spec: ScheduleSpec, chunk: unknown, prefix: string, shownSchedule: unknown): ScheduleSpec {
  if (chunk === undefined) return spec;
  if (typeof chunk !== 'number') throw new TypeError(`${prefix} as 'chunk' must be a number: received ${describe(chunk)}`);
  if (!isSafeInteger(chunk) || chunk < 1) throw new RangeError(`${prefix} as 'chunk' must be a positive safe integer: received ${chunk}`);
  if (spec.name === 'auto' || spec.name === 'runtime') {
    throw new RangeError(`${prefix} as 'chunk' cannot be given with schedule '${spec.name}' (as in OpenMP): received chunk ${chunk}`);
  }
  if (spec.chunk !== undefined && spec.chunk !== chunk) {
    throw new RangeError(`${prefix} as the schedule ${JSON.stringify(shownSchedule)} and 'chunk' ${chunk} disagree`);
  }
  if (spec.chunk === chunk) return spec;
  // Kept, like parseSchedule's answers: a loop called again with the same options allocates no spec.
  let byChunk = WITH_CHUNK.get(spec.name);
  if (byChunk === undefined) {
    byChunk = new Map();
    WITH_CHUNK.set(spec.name, byChunk);
  }
  let got = byChunk.get(chunk);
  if (got === undefined) {
    got = Object.freeze({ name: spec.name, chunk }) as ScheduleSpec;
    if (byChunk.size < CACHE_MAX) byChunk.set(chunk, got);
  }
  return got;
}
const WITH_CHUNK = new Map<string, Map<number, ScheduleSpec>>();

/** OMP_SCHEDULE's text (undefined or blank: unset), read with the grammar; `runtime` is refused. */
export function parseRuntime(text: string | undefined): RuntimeSpec | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const spec = parseSchedule(text, 'Cannot use OMP_SCHEDULE');
  if (spec.name === 'runtime') {
    throw new RangeError(
      `Cannot use OMP_SCHEDULE as it names 'runtime', which stands for OMP_SCHEDULE itself: received ${JSON.stringify(text)}`,
    );
  }
  return spec;
}

/**
 * OMP_SCHEDULE as two numbers, so a parallel region's `ctx.loop(…, 'runtime')`
 * can read it from the region's descriptor on every thread (only the calling
 * thread reads the environment): its index in SCHEDULE_NAMES (−1: unset) and
 * its chunk (0: none), written into `out[0]` and `out[1]`.
 */
export function runtimeToParams(spec: RuntimeSpec | undefined, out: [number, number, ...number[]]): void {
  out[0] = spec === undefined ? -1 : SCHEDULE_NAMES.indexOf(spec.name);
  out[1] = spec === undefined ? 0 : (spec.chunk ?? 0);
}

/** The inverse of runtimeToParams. The last answer is kept: every region of a program asks the same. */
export function runtimeFromParams(d: { readonly param0: number; readonly param1: number }): RuntimeSpec | undefined {
  // Read here, not passed: the parameters may be held as doubles, and passing one boxes it.
  const code = d.param0;
  const chunk = d.param1;
  if (code === lastCode && chunk === lastChunk) return lastSpec;
  const name = SCHEDULE_NAMES[code];
  let spec: RuntimeSpec | undefined;
  if (name === undefined || name === 'runtime') spec = undefined;
  else if (name === 'auto') spec = { name, chunk: undefined };
  else spec = { name, chunk: chunk > 0 ? chunk : undefined };
  lastCode = code;
  lastChunk = chunk;
  lastSpec = spec === undefined ? undefined : Object.freeze(spec);
  return lastSpec;
}
let lastCode = -2;
let lastChunk = -1;
let lastSpec: RuntimeSpec | undefined;
