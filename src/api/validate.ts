/**
 * Argument validation for the loop functions: TypeError for a wrong type or
 * shape, RangeError for a value out of range; every message says what was
 * expected and shows what was received.
 */

import { smallInt } from '../core/block.js';
import { MAX_ORDERED } from '../core/layout.js';
import { sharedArray } from '../data/shared-array.js';
import { isSharedView, type TypedArray } from '../data/typed.js';
import { describe, oneOf } from '../describe.js';
import { isInteger, isSafeInteger } from '../intrinsics.js';
import { checkedCombiner } from '../kinds/checks.js';
import { isOp, OP_NAMES, OPS, type ReduceOp } from '../kinds/ops.js';
import type { ScheduleName } from '../schedule/parse.js';
import type { ConcreteName } from '../schedule/registry.js';
import type { LocalFunctions, OptionsRecord, Reduction } from '../team/dispatch/engine.js';

/** Options every loop function accepts. */
export type { ScheduleName };

export interface LoopOptions {
  /** How iterations are divided: 'static' (default), 'dynamic', 'guided', 'adaptive', 'auto' or
   * 'runtime'; also 'dynamic,16' style, as OMP_SCHEDULE takes it. 'adaptive' needs no chunk: each
   * thread starts with its static block and a thread that runs out takes half of another's (its
   * chunk, if given, is the smallest piece). 'auto' is dynamic with chunks sized from what the
   * body's earlier 'auto' loops cost per iteration (docs/schedules.md). */
  schedule?: ScheduleName | `${ConcreteName},${number}` | (string & {});
  /** Chunk size in OpenMP's sense (positive safe integer); for 'adaptive', the smallest piece. Not with 'auto' or 'runtime'. */
  chunk?: number;
  /** Values every body receives as its second argument: shared arrays, SharedMatrix, plain data
   * (copied once per change, read-only in bodies). */
  shared?: object;
  /** Threads to use, 1 … team size (default: the whole team). */
  threads?: number;
  /** Abort the loop: threads stop between chunks, or within about 1 ms of work inside a long chunk, and it
   * rejects with `signal.reason`; threads still in an iteration 100 ms later are terminated and replaced. */
  signal?: AbortSignal;
  /** Milliseconds before the loop rejects with TimeoutError (threads stop as for `signal`;
   * those still in a body 100 ms later are terminated). In a synchronous loop, a body that never
   * returns on the calling thread (thread 0) cannot be interrupted: see docs/concurrency.md. */
  timeout?: number;
  /** Run on this team instead of the default one. */
  team?: unknown;
  /** joblib-style progress lines on stderr: 1 start and end, 5 a line per tenth, 10 every 100 ms. */
  verbose?: number | boolean;
  /** Called with (done, total) about every 100 ms while an async loop runs, and once at the end. */
  onProgress?: (done: number, total: number) => void;
  /** Let bodies call `ctx.ordered(fn)`, which runs `fn` in iteration order (OpenMP's `ordered` clause);
   * at most 2^31 − 1 iterations. Not for parallelScan, parallel or parallelTasks. */
  ordered?: boolean;
}

/** Extra options of parallelReduce and parallelScan. */
export interface ReduceOptions extends LoopOptions {
  /** '+' (default), '*', 'min', 'max', or a combiner `(a, b) => value` (then `identity` is required). */
  op?: ReduceOp | ((a: number, b: number) => number);
  /** The value every thread starts from: fixed for the built-in operators, required for a combiner. */
  identity?: number;
  /** The same bits under every schedule and team size (parallelReduce only; not with `ordered`): the
   * loop is cut into fixed blocks, each reduced in order, and the blocks combined in order
   * (docs/functions.md, "Reproducible reductions"). */
  deterministic?: boolean;
}

/** Extra options of parallelMap. */
export interface MapOptions extends LoopOptions {
  /** Where results go: a shared typed array of length ≥ end − start (default: a new shared Float64Array). */
  out?: TypedArray;
}

/** Extra options of parallelScan: those of a reduction, and where the scan goes. */
export interface ScanOptions extends Omit<ReduceOptions, 'ordered' | 'deterministic'> {
  /** Where the scan goes: a shared typed array (not BigInt64/BigUint64) of length ≥ end − start
   * (default: a new shared Float64Array). */
  out?: TypedArray;
}

/** The options every loop function takes besides the core ones (for documentation). */
export interface ReportOptions {
  /** joblib-style lines on stderr: 1 start and end, 5 a line per tenth, 10 every 100 ms. */
  verbose?: number | boolean;
  /** Called with (done, total) about every 100 ms while an async loop runs, and once at the end. */
  onProgress?: (done: number, total: number) => void;
}

const OPTION_KEYS = new Set(['schedule', 'chunk', 'shared', 'threads', 'signal', 'timeout', 'team']);

/** Options objects found to have no symbol keys (see readOptions), held weakly. */
const withoutSymbols = new WeakSet<object>();

/**
 * Read `options` (undefined, a schedule string, or an object; `extra` are the
 * function's own keys) into `into`, a call's record of every option (all
 * undefined when it comes). Each option is read once: a getter cannot give
 * validation one value and the loop another. The check that no key is a
 * symbol is made once per options object: it allocates (the list of symbol
 * keys), and a loop called again with the same options object should not; a
 * symbol key added to that object afterwards is ignored, as it would never be
 * read.
 */
export function readOptions(fn: string, options: unknown, extra: readonly string[], into: OptionsRecord): OptionsRecord {
  if (options === undefined) return into;
  if (typeof options === 'string') {
    into.schedule = options;
    return into;
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`Cannot run ${fn} as its options must be an object or a schedule name: received ${describe(options)}`);
  }
  // Inherited enumerable keys are read like own ones (options.x finds them), so they are checked too.
  for (const key in options) {
    if (!OPTION_KEYS.has(key) && !extra.includes(key)) {
      throw new TypeError(`Cannot run ${fn} as '${key}' is not an option: expected one of ${[...OPTION_KEYS, ...extra].join(', ')}`);
    }
  }
  if (!withoutSymbols.has(options)) {
    const symbols = Object.getOwnPropertySymbols(options);
    if (symbols.length > 0) {
      throw new TypeError(
        `Cannot run ${fn} as ${String(symbols[0])} is not an option (options have string keys): expected one of ${[...OPTION_KEYS, ...extra].join(', ')}`,
      );
    }
    withoutSymbols.add(options);
  }
  for (const key in options) (into as unknown as Record<string, unknown>)[key] = (options as Record<string, unknown>)[key];
  return into;
}

/** `threads`: 1 … team size, or joblib's negative form (-1 = the whole team, -2 = all but one, …). */
export function resolveThreads(fn: string, v: unknown, teamSize: number): number {
  if (v === undefined) return teamSize;
  if (typeof v !== 'number') throw new TypeError(`Cannot run ${fn} as 'threads' must be a number: received ${describe(v)}`);
  const t = v < 0 ? teamSize + 1 + v : v;
  if (!isSafeInteger(v) || v === 0 || t < 1 || t > teamSize) {
    throw new RangeError(
      `Cannot run ${fn} as 'threads' must be an integer from 1 to the team size ${teamSize}, or from -1 to -${teamSize} ` +
        `counting back from it: received ${v}`,
    );
  }
  return t;
}

export function checkSignal(fn: string, v: unknown): AbortSignal | undefined {
  if (v === undefined) return undefined;
  if (typeof AbortSignal === 'undefined' || !(v instanceof AbortSignal)) {
    throw new TypeError(`Cannot run ${fn} as 'signal' must be an AbortSignal: received ${describe(v)}`);
  }
  return v;
}

export function checkTimeout(fn: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number') throw new TypeError(`Cannot run ${fn} as 'timeout' must be a number of milliseconds: received ${describe(v)}`);
  if (!(v > 0)) throw new RangeError(`Cannot run ${fn} as 'timeout' must be a positive number of milliseconds: received ${v}`);
  // setTimeout cannot wait longer than 2^31-1 ms; longer means "no timeout".
  return v >= 0x7fffffff ? undefined : v;
}

export function readTrace(fn: string, v: unknown): boolean {
  if (v === undefined || v === false) return false;
  if (v === true) return true;
  throw new TypeError(`Cannot run ${fn} as 'trace' must be a boolean: received ${describe(v)}`);
}

export function readOrdered(fn: string, v: unknown, n: number): boolean {
  if (v === undefined || v === false) return false;
  if (v !== true) throw new TypeError(`Cannot run ${fn} as 'ordered' must be a boolean: received ${describe(v)}`);
  if (n > MAX_ORDERED) throw new RangeError(`Cannot run ${fn} with ordered over more than ${MAX_ORDERED} iterations: received ${n}`);
  return true;
}

/**
 * A loop's per-thread state: `init(ctx, shared)`, and `merge(local, shared,
 * ctx)` if given (only with `init`), written into `into` (the call's own).
 * Undefined when there is no `init`.
 */
export function readLocal(fn: string, init: unknown, merge: unknown, into: LocalFunctions): LocalFunctions | undefined {
  if (init === undefined) {
    if (merge !== undefined) throw new TypeError(`Cannot run ${fn} with 'merge' but no 'init': merge receives the state init makes`);
    return undefined;
  }
  if (typeof init !== 'function') {
    throw new TypeError(`Cannot run ${fn} as 'init' must be a function (ctx, shared) => state: received ${describe(init)}`);
  }
  if (merge !== undefined && typeof merge !== 'function') {
    throw new TypeError(`Cannot run ${fn} as 'merge' must be a function (state, shared, ctx) => void: received ${describe(merge)}`);
  }
  into.init = init as LocalFunctions['init'];
  into.merge = merge as LocalFunctions['merge'];
  return into;
}

function readDeterministic(fn: string, v: unknown): boolean {
  if (v === undefined || v === false) return false;
  if (v === true) return true;
  throw new TypeError(`Cannot run ${fn} as 'deterministic' must be a boolean: received ${describe(v)}`);
}

export function readVerbose(fn: string, v: unknown): number {
  if (v === undefined || v === false) return 0;
  if (v === true) return 1;
  if (typeof v !== 'number') throw new TypeError(`Cannot run ${fn} as 'verbose' must be a level (a number): received ${describe(v)}`);
  if (!isInteger(v) || v < 0) throw new RangeError(`Cannot run ${fn} as 'verbose' must be a non-negative integer: received ${v}`);
  return v;
}

export function readProgress(fn: string, v: unknown): ((done: number, total: number) => void) | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'function')
    throw new TypeError(`Cannot run ${fn} as 'onProgress' must be a function (done, total) => void: received ${describe(v)}`);
  return v as (done: number, total: number) => void;
}

/**
 * A reduction's operator and identity, written into `into` (a call's own;
 * a combiner function's source is read where the body is registered).
 */
export function reduction(fn: string, o: OptionsRecord, into: Reduction): Reduction {
  const op = o.op ?? '+';
  into.deterministic = readDeterministic(fn, o.deterministic);
  if (typeof op === 'function') {
    if (typeof o.identity !== 'number') {
      throw new TypeError(
        `Cannot run ${fn} with a combiner function as 'identity' must then be given as a number: received ${describe(o.identity)}`,
      );
    }
    into.op = undefined;
    into.fn = op as (a: number, b: number) => number;
    into.identity = o.identity;
    into.combiner = checkedCombiner(into.fn);
    return into;
  }
  if (!isOp(op)) {
    throw new RangeError(
      `Cannot run ${fn} as 'op' must be ${oneOf([...OP_NAMES.map((k) => `'${k}'`), 'a function'])}: received ${describe(op)}`,
    );
  }
  const identity = IDENTITY[op];
  if (o.identity !== undefined && !Object.is(o.identity, identity)) {
    throw new RangeError(`Cannot run ${fn} as the identity of '${op}' is ${identity} (OpenMP's): received ${describe(o.identity)}`);
  }
  into.op = op;
  into.fn = undefined;
  into.identity = identity;
  into.combiner = OPS[op].fn;
  return into;
}

/** Each operator's identity, read as a small integer where it is one (the table's field holds doubles: Infinity). */
const IDENTITY = Object.fromEntries(OP_NAMES.map((op) => [op, smallInt(OPS[op].identity)])) as Record<ReduceOp, number>;

/** The output array of a loop that writes one (`out`): the user's, checked, or a new shared Float64Array. */
export function outputArray(fn: string, out: unknown, n: number, bigint: boolean): TypedArray {
  if (out === undefined) {
    try {
      return sharedArray(Float64Array, n);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      throw new RangeError(
        `Cannot run ${fn} as its output of ${n} results cannot be allocated: pass a smaller range, or an 'out' array of your own`,
        {
          cause: e,
        },
      );
    }
  }
  if (!isSharedView(out) || out instanceof DataView || (!bigint && (out instanceof BigInt64Array || out instanceof BigUint64Array))) {
    throw new TypeError(
      `Cannot run ${fn} as 'out' must be a ${bigint ? '' : 'non-BigInt '}typed array over a SharedArrayBuffer (see sharedArray()): received ${describe(out)}`,
    );
  }
  if ((out as TypedArray).length < n) {
    throw new RangeError(`Cannot run ${fn} as 'out' must hold the ${n} results: received length ${(out as TypedArray).length}`);
  }
  return out as TypedArray;
}
