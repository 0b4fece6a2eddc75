/**
 * Turning the arguments of each loop function into an engine request, and
 * the engine's result into the caller's value. One place for every kind of
 * loop: `for`, `range`, `map`, `reduce`, `for2d`.
 */

import { RECORD_TRACE } from '../core/layout.js';
import type { TraceRecord } from '../core/trace-buffer.js';
import { isKernel } from '../data/kernel.js';
import { sharedArray } from '../data/shared-array.js';
import { describe, isSharedView, type TypedArray } from '../data/typed.js';
import { LoopBodyError } from '../errors.js';
import { type Plan, planLabel, Kind as ScheduleKind } from '../schedule/kinds.js';
import { type Combine, IDENTITY, kernelExport, type Mode, type ReduceOp, runnerFor } from '../team/compile.js';
import { makeContext } from '../team/context.js';
import type { Engine, LoopRequest, LoopResult } from '../team/engine.js';
import { messageOf } from '../team/error-wire.js';
import { inLoopThread } from '../team/thread-flag.js';
import { platform } from './defaults.js';
import { checkBound, checkSignal, checkTimeout, type LoopOptions, planLoop, readOptions, resolveThreads } from './validate.js';
import { type Reporter, reporter } from './verbose.js';

export type Kind = 'for' | 'range' | 'map' | 'reduce' | 'for2d' | 'region';

/** Extra options of parallelReduce. */
export interface ReduceOptions extends LoopOptions {
  /** '+' (default), '*', 'min', 'max', or a combiner `(a, b) => value` (then `identity` is required). */
  op?: ReduceOp | ((a: number, b: number) => number);
  /** The value every thread starts from: fixed for the built-in operators, required for a combiner. */
  identity?: number;
}

/** Extra options of parallelMap. */
/** Options every loop function takes besides the core ones. */
export interface ReportOptions {
  /** joblib-style lines on stderr: 1 start and end, 5 a line per tenth, 10 every 100 ms. */
  verbose?: number | boolean;
  /** Called with (done, total) about every 100 ms while an async loop runs, and once at the end. */
  onProgress?: (done: number, total: number) => void;
}

export interface MapOptions extends LoopOptions {
  /** Where results go: a shared typed array of length ≥ end − start (default: a new shared Float64Array). */
  out?: TypedArray;
}

const COMMON = ['verbose', 'onProgress'];
const EXTRA_KEYS: Record<Kind, readonly string[]> = {
  for: [...COMMON, 'trace'],
  range: COMMON,
  map: [...COMMON, 'out'],
  reduce: [...COMMON, 'op', 'identity'],
  for2d: COMMON,
  region: COMMON,
};
const SHAPES: Record<Kind, string> = {
  region: '(ctx, shared) => void',
  for: '(i, shared, ctx) => void',
  range: '(lo, hi, shared, ctx) => void',
  map: '(i, shared, ctx) => value',
  reduce: '(i, shared, ctx) => number',
  for2d: '(i, j, shared, ctx) => void',
};
const OPS: readonly ReduceOp[] = ['+', '*', 'min', 'max'];

/** A request ready for the engine, and how to turn its result into the caller's value. */
export interface Prepared {
  req: LoopRequest;
  report: Reporter;
  finish(result: LoopResult): unknown;
  /** Adds what the loop kind knows about where an error happened (2-D: row and column). */
  locate?(error: unknown): unknown;
}

/**
 * Validate the arguments of a `kind` loop and build its request. Inside a
 * loop body the loop runs serially right here, and `{ value }` is returned.
 */
export function prepare(
  engine: Engine,
  fn: string,
  kind: Kind,
  a: unknown,
  b: unknown,
  body: unknown,
  options: unknown,
): Prepared | { value: unknown } {
  const o = readOptions(fn, options, EXTRA_KEYS[kind]) as ReduceOptions & MapOptions & { trace?: unknown };
  let start: unknown = a;
  let end: unknown = b;
  let aux: [number, number, number] | undefined;
  if (kind === 'region') {
    // Every thread runs the region once: a static loop of one iteration per thread.
    if (o.schedule !== undefined || o.chunk !== undefined) {
      throw new TypeError(`Cannot run ${fn} with 'schedule' or 'chunk': every thread runs the region once (use ctx.loop() inside it)`);
    }
    start = 0;
    end = resolveThreads(fn, o.threads, engine.size);
  } else if (kind === 'for2d') {
    const [r0, r1] = pair(fn, 'rows', a);
    const [c0, c1] = pair(fn, 'cols', b);
    const rows = Math.max(0, r1 - r0);
    const cols = Math.max(0, c1 - c0);
    if (!Number.isSafeInteger(rows * cols)) {
      throw new RangeError(`Cannot run ${fn} as rows × cols is not a safe integer: received ${rows} × ${cols}`);
    }
    start = 0;
    end = rows * cols;
    aux = [cols, r0, c0];
  }
  const plan = planLoop(fn, start, end, o, engine.size);
  let combine: Combine | undefined;
  let identity = 0;
  let combiner: ((x: number, y: number) => number) | undefined;
  if (kind === 'reduce') {
    ({ combine, identity, combiner } = reduction(fn, engine, o));
    aux = [identity, 0, 0];
  }
  let out: TypedArray | undefined;
  if (kind === 'map') out = mapOutput(fn, o.out, plan.n);
  const reg = engine.bodies.register(body, kind as Mode, combine, SHAPES[kind]);
  const signal = checkSignal(fn, o.signal);
  const timeout = checkTimeout(fn, o.timeout);
  // Loops that return nothing share one finisher: no closure per call on the hot path.
  const traced = readTrace(fn, o.trace);
  const finish =
    kind === 'map'
      ? () => out
      : kind === 'reduce'
        ? (r: LoopResult) => combinePartials(r.partials, identity, combiner!)
        : traced
          ? (r: LoopResult) => toTrace(plan, r)
          : returnNothing;
  const report = reporter(fn, plan, readVerbose(fn, o.verbose), readProgress(fn, o.onProgress));
  if (inLoopThread()) {
    if (signal?.aborted) throw signal.reason;
    const locate = kind === 'for2d' ? (e: unknown) => locateCell(e, aux!) : (e: unknown) => e;
    let acc: number;
    try {
      acc = runSerial(kind, body, plan.start, plan.n, o.shared ?? {}, out, aux, combine, combiner);
    } catch (e) {
      throw locate(e);
    }
    return { value: finish({ partials: plan.n === 0 ? [] : [acc] }) };
  }
  const shared = engine.shared.snapshot(o.shared, out);
  const flags = report.flags | (traced ? RECORD_TRACE : 0);
  const req: LoopRequest = { plan, body: reg, shared, signal, timeout, aux, flags, onProgress: report.tick };
  if (kind === 'for2d') return { req, report, finish, locate: (e) => locateCell(e, aux!) };
  return { req, report, finish };
}

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

function toTrace(plan: Plan, r: LoopResult): Trace {
  const t = r.trace ?? { chunks: [], dropped: 0 };
  return {
    schedule: planLabel(plan),
    threads: plan.threads,
    start: plan.start,
    end: plan.start + plan.n,
    chunks: plan.kind === ScheduleKind.STATIC ? joinSlices(t.chunks) : t.chunks,
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

function readTrace(fn: string, v: unknown): boolean {
  if (v === undefined || v === false) return false;
  if (v === true) return true;
  throw new TypeError(`Cannot run ${fn} as 'trace' must be a boolean: received ${describe(v)}`);
}

function readVerbose(fn: string, v: unknown): number {
  if (v === undefined || v === false) return 0;
  if (v === true) return 1;
  if (typeof v !== 'number') throw new TypeError(`Cannot run ${fn} as 'verbose' must be a level (a number): received ${describe(v)}`);
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`Cannot run ${fn} as 'verbose' must be a non-negative integer: received ${v}`);
  return v;
}

function readProgress(fn: string, v: unknown): ((done: number, total: number) => void) | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'function')
    throw new TypeError(`Cannot run ${fn} as 'onProgress' must be a function (done, total) => void: received ${describe(v)}`);
  return v as (done: number, total: number) => void;
}

function returnNothing(): undefined {
  return undefined;
}

/** A reduction's result: the threads' partials combined in thread order (the identity for none). */
function combinePartials(partials: number[], identity: number, combiner: (a: number, b: number) => number): number {
  if (partials.length === 0) return identity;
  let acc = partials[0]!;
  for (let t = 1; t < partials.length; t++) acc = combiner(acc, partials[t]!);
  return acc;
}

function pair(fn: string, name: string, v: unknown): [number, number] {
  if (!Array.isArray(v) || v.length !== 2) {
    throw new TypeError(`Cannot run ${fn} as '${name}' must be a [start, end) pair of integers: received ${describe(v)}`);
  }
  return [checkBound(fn, `${name}[0]`, v[0]), checkBound(fn, `${name}[1]`, v[1])];
}

function reduction(fn: string, engine: Engine, o: ReduceOptions) {
  const op = o.op ?? '+';
  if (typeof op === 'function') {
    if (typeof o.identity !== 'number') {
      throw new TypeError(
        `Cannot run ${fn} with a combiner function as 'identity' must then be given as a number: received ${describe(o.identity)}`,
      );
    }
    const source = engine.bodies.combinerSource(op);
    return { combine: { source } as Combine, identity: o.identity, combiner: op };
  }
  if (!OPS.includes(op)) {
    throw new RangeError(`Cannot run ${fn} as 'op' must be '+', '*', 'min', 'max' or a function: received ${describe(op)}`);
  }
  const identity = IDENTITY[op];
  if (o.identity !== undefined && !Object.is(o.identity, identity)) {
    throw new RangeError(`Cannot run ${fn} as the identity of '${op}' is ${identity} (OpenMP's): received ${describe(o.identity)}`);
  }
  const combiner =
    op === '+' ? (x: number, y: number) => x + y : op === '*' ? (x: number, y: number) => x * y : op === 'min' ? Math.min : Math.max;
  return { combine: { op } as Combine, identity, combiner };
}

function mapOutput(fn: string, out: unknown, n: number): TypedArray {
  if (out === undefined) return sharedArray(Float64Array, n);
  if (!isSharedView(out) || out instanceof DataView) {
    throw new TypeError(
      `Cannot run ${fn} as 'out' must be a typed array over a SharedArrayBuffer (see sharedArray()): received ${describe(out)}`,
    );
  }
  if ((out as TypedArray).length < n) {
    throw new RangeError(`Cannot run ${fn} as 'out' must hold the ${n} results: received length ${(out as TypedArray).length}`);
  }
  return out as TypedArray;
}

/**
 * 2-D loops: a LoopBodyError's `index` is the row-major position k in the
 * space; this adds the `row` and `col` of that position.
 */
function locateCell(e: unknown, [cols, r0, c0]: [number, number, number]): unknown {
  if (e instanceof LoopBodyError && Number.isFinite(e.index)) {
    Object.defineProperty(e, 'row', { value: r0 + Math.floor(e.index / cols), enumerable: true });
    Object.defineProperty(e, 'col', { value: c0 + (e.index % cols), enumerable: true });
  }
  return e;
}

/** A loop called from inside a loop body: run it here, serially (thread 0 of 1). */
function runSerial(
  kind: Kind,
  body: unknown,
  start: number,
  n: number,
  shared: unknown,
  out: TypedArray | undefined,
  aux: [number, number, number] | undefined,
  combine: Combine | undefined,
  combiner: ((a: number, b: number) => number) | undefined,
): number {
  const fn = (isKernel(body) ? kernelExport(platform.importSync(body.url), body.url, body.name) : body) as (...a: never[]) => unknown;
  const run = runnerFor(fn, kind as Mode, combine, combiner);
  const at = { index: NaN };
  const a = { out: out as never, start, acc: aux?.[0] ?? 0, cols: aux?.[0] ?? 0, row0: aux?.[1] ?? 0, col0: aux?.[2] ?? 0 };
  try {
    run(start, start + n, shared, makeContext(0, 1), at, a);
  } catch (e) {
    throw new LoopBodyError(`The loop body threw at iteration ${at.index} on thread 0: ${messageOf(e)}`, at.index, 0, e);
  }
  return a.acc;
}
