/**
 * Turning the arguments of a loop function into an engine request, and the
 * engine's result into the caller's value, read from the loop kind's record
 * (kinds/table.ts): its argument shape, options, schedules and result.
 */

import { RECORD_TRACE } from '../core/layout.js';
import { isKernel } from '../data/kernel.js';
import type { TypedArray } from '../data/typed.js';
import { isWasmKernel } from '../data/wasm-kernel.js';
import { LoopBodyError } from '../errors.js';
import { isFiniteNumber, isSafeInteger, math } from '../intrinsics.js';
import type { Combiner } from '../kinds/kind.js';
import { type LoopKind, unreachable } from '../kinds/kind.js';
import { KIND_IDS, KINDS, type KindId } from '../kinds/table.js';
import type { Plan } from '../schedule/registry.js';
import { resolvePlan } from '../schedule/resolve.js';
import { fillAux, kernelExport, newAux, runnerFor } from '../team/bodies/compile.js';
import { wasmBody } from '../team/bodies/wasm.js';
import type { Engine, LoopRequest, LoopResult } from '../team/dispatch/engine.js';
import { messageOf, rebuild } from '../team/error-wire.js';
import { makeContext } from '../team/thread/context.js';
import { inLoopThread } from '../team/thread/share.js';
import { asksForAuto, learn } from './auto-tune.js';
import { platform } from './defaults.js';
import { type Trace, toTrace } from './trace.js';
import {
  checkSignal,
  checkTimeout,
  type LoopOptions,
  type MapOptions,
  outputArray,
  pair,
  planLoop,
  type ReduceOptions,
  readOptions,
  readProgress,
  readTrace,
  readVerbose,
  reduction,
  resolveThreads,
} from './validate.js';
import { type Reporter, reporter } from './verbose.js';
import { checkWasmCall } from './wasm.js';

/** Options every loop function takes besides the core ones. */
const COMMON = ['verbose', 'onProgress'];

/** What a call reads of its kind's record, worked out once per kind rather than on every call. */
const READ = Object.fromEntries(
  KIND_IDS.map((id) => {
    const k = KINDS[id];
    return [
      id,
      { keys: [...COMMON, ...k.options], op: k.options.includes('op'), out: k.options.includes('out'), trace: k.options.includes('trace') },
    ];
  }),
) as unknown as Record<KindId, { keys: readonly string[]; op: boolean; out: boolean; trace: boolean }>;

/** A request ready for the engine, and how to turn its result into the caller's value. */
export interface Prepared {
  req: LoopRequest;
  report: Reporter;
  finish(result: LoopResult): unknown;
  /** Adds what the loop kind knows about where an error happened (2-D: row and column). */
  locate: ((error: unknown) => unknown) | undefined;
  /** For an `auto` loop: told how long the loop took (ms, dispatch to result) once it succeeded. */
  learn: ((ms: number) => void) | undefined;
}

/**
 * Validate the arguments of a loop of kind `id` and build its request. Inside
 * a loop body the loop runs serially right here, and `{ value }` is returned.
 */
export function prepare(
  engine: Engine,
  fn: string,
  id: KindId,
  a: unknown,
  b: unknown,
  body: unknown,
  options: unknown,
): Prepared | { value: unknown } {
  const kind: LoopKind = KINDS[id];
  const has = READ[id];
  const o = readOptions(fn, options, has.keys) as LoopOptions & ReduceOptions & MapOptions & { trace?: unknown };
  checkSchedule(fn, kind, o);
  let start: unknown = a;
  let end: unknown = b;
  let params: [number, number, number] | undefined;
  switch (kind.space) {
    case 'range':
      break;
    case 'threads':
      start = 0;
      end = resolveThreads(fn, o.threads, engine.size);
      break;
    case 'cells': {
      const [r0, r1] = pair(fn, 'rows', a);
      const [c0, c1] = pair(fn, 'cols', b);
      const rows = math.max(0, r1 - r0);
      const cols = math.max(0, c1 - c0);
      if (!isSafeInteger(rows * cols)) {
        throw new RangeError(`Cannot run ${fn} as rows × cols is not a safe integer: received ${rows} × ${cols}`);
      }
      start = 0;
      end = rows * cols;
      params = [cols, r0, c0];
      break;
    }
    default:
      unreachable(kind.space, 'argument shape');
  }
  const planned = planLoop(fn, start, end, o, engine.size);
  const red = has.op ? reduction(fn, o, engine.bodies) : undefined;
  if (red !== undefined) params = [red.identity, 0, 0];
  const out = has.out ? outputArray(fn, o.out, planned.n, kind.bigint) : undefined;
  const reg = engine.bodies.register(body, id, red?.combine);
  // An `auto` loop of a body whose iteration cost is known sizes its chunks from it (api/auto-tune.ts).
  const tuned = kind.schedules === 'any' && asksForAuto(o.schedule);
  const plan =
    tuned && reg.iterNs !== undefined
      ? resolvePlan('auto', undefined, planned.start, planned.n, planned.threads, undefined, reg.iterNs)
      : planned;
  if (isWasmKernel(body)) checkWasmCall(fn, kind, body, plan.n === 0 ? undefined : leadRanges(kind, plan, params));
  const signal = checkSignal(fn, o.signal);
  const timeout = checkTimeout(fn, o.timeout);
  const traced = has.trace && readTrace(fn, o.trace);
  const finish = finisher(kind, plan, traced, out, red);
  const report = reporter(fn, plan, readVerbose(fn, o.verbose), readProgress(fn, o.onProgress));
  const locate = kind.space === 'cells' ? (e: unknown) => locateCell(e, params!) : undefined;
  if (inLoopThread()) {
    if (signal?.aborted) throw signal.reason;
    let acc: number;
    try {
      acc = runSerial(id, body, plan.start, plan.n, o.shared ?? {}, out, params, red?.combiner);
    } catch (e) {
      throw locate ? locate(e) : e;
    }
    return { value: finish({ partials: plan.n === 0 ? [] : [acc] }) };
  }
  const shared = engine.shared.snapshot(o.shared, out);
  const flags = report.flags | (traced ? RECORD_TRACE : 0);
  const req: LoopRequest = { plan, body: reg, shared, signal, timeout, aux: params, flags, onProgress: report.tick };
  return { req, report, finish, locate, learn: tuned ? (ms: number) => learn(reg, plan, ms) : undefined };
}

/** The schedules a kind allows (its record's `schedules`). */
function checkSchedule(fn: string, kind: LoopKind, o: LoopOptions): void {
  switch (kind.schedules) {
    case 'any':
      return;
    case 'none':
      if (o.schedule !== undefined || o.chunk !== undefined) {
        throw new TypeError(`Cannot run ${fn} with 'schedule' or 'chunk': every thread runs the region once (use ctx.loop() inside it)`);
      }
      return;
    case 'static':
      if ((o.schedule !== undefined && o.schedule !== 'static') || o.chunk !== undefined) {
        const what = o.chunk !== undefined ? `chunk ${o.chunk}` : `schedule ${JSON.stringify(o.schedule)}`;
        throw new RangeError(
          `Cannot run ${fn} with ${what}: it runs under plain 'static' only (thread t takes the t-th contiguous block, so the blocks' totals combine in order)`,
        );
      }
      return;
    default:
      unreachable(kind.schedules, 'schedule rule');
  }
}

/** How the engine's result becomes the caller's value. Loops that return nothing share one function. */
function finisher(
  kind: LoopKind,
  plan: Plan,
  traced: boolean,
  out: TypedArray | undefined,
  red: { identity: number; combiner: Combiner } | undefined,
): (r: LoopResult) => unknown {
  switch (kind.result) {
    case 'nothing':
      return traced ? (r) => toTrace(plan, r) : returnNothing;
    case 'out':
      return () => out;
    case 'reduce':
      return (r) => combinePartials(r.partials, red!.identity, red!.combiner);
    default:
      return unreachable(kind.result, 'result');
  }
}

function returnNothing(): undefined {
  return undefined;
}

/**
 * A reduction's result: the threads' partials combined in thread order (the
 * identity for none). A combiner that throws here fails the loop with a
 * LoopBodyError that says which partials it was combining (threadId -1: the
 * calling thread does this, after the join).
 */
function combinePartials(partials: number[], identity: number, combiner: Combiner): number {
  if (partials.length === 0) return identity;
  let acc = partials[0]!;
  for (let t = 1; t < partials.length; t++) {
    try {
      acc = combiner(acc, partials[t]!);
    } catch (e) {
      const before = t === 1 ? 'thread 0' : `threads 0-${t - 1}`;
      throw new LoopBodyError(
        `The combiner threw while combining the partial result of thread ${t} with that of ${before}, on the calling thread: ${messageOf(e)}`,
        NaN,
        -1,
        rebuild(e),
      );
    }
  }
  return acc;
}

/**
 * 2-D loops: a LoopBodyError's `index` is the row-major position k in the
 * space; this adds the `row` and `col` of that position.
 */
function locateCell(e: unknown, [cols, r0, c0]: [number, number, number]): unknown {
  if (e instanceof LoopBodyError && isFiniteNumber(e.index)) {
    Object.defineProperty(e, 'row', { value: r0 + math.floor(e.index / cols), enumerable: true });
    Object.defineProperty(e, 'col', { value: c0 + (e.index % cols), enumerable: true });
  }
  return e;
}

/** The least and greatest value of each argument the loop passes a wasm export ahead of the bound ones (n > 0). */
function leadRanges(kind: LoopKind, plan: Plan, params: [number, number, number] | undefined): Array<[number, number]> {
  const { start, n, threads } = plan;
  switch (kind.wasmCall) {
    case 'index':
      return [[start, start + n - 1]];
    case 'chunk':
      return [
        [start, start + n],
        [start, start + n],
      ];
    case 'cell': {
      const [cols, r0, c0] = params!;
      return [
        [r0, r0 + n / cols - 1],
        [c0, c0 + cols - 1],
      ];
    }
    case 'thread':
      return [
        [0, threads - 1],
        [threads, threads],
      ];
    default:
      return unreachable(kind.wasmCall, 'wasm call');
  }
}

/** A loop called from inside a loop body: run it here, serially (thread 0 of 1). */
function runSerial(
  id: KindId,
  body: unknown,
  start: number,
  n: number,
  shared: unknown,
  out: TypedArray | undefined,
  params: [number, number, number] | undefined,
  combiner: Combiner | undefined,
): number {
  const fn = (
    isKernel(body)
      ? kernelExport(platform.importSync(body.url), body.url, body.name)
      : isWasmKernel(body)
        ? wasmBody({ from: 'wasm', ...body }, KINDS[id])
        : body
  ) as (...a: never[]) => unknown;
  // A closure-free runner would need the combine's source; the serial path calls the combiner directly.
  const run = runnerFor(fn, id, undefined, combiner);
  const at = { index: NaN };
  const aux = fillAux(newAux(), out, start, params?.[0] ?? 0, params?.[1] ?? 0, params?.[2] ?? 0);
  try {
    run(start, start + n, shared, makeContext(0, 1), at, aux);
  } catch (e) {
    throw new LoopBodyError(`The loop body threw at iteration ${at.index} on thread 0: ${messageOf(e)}`, at.index, 0, e);
  }
  return aux.acc;
}

export type { Trace };
