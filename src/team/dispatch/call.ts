/**
 * A loop call as a value: what api/call.ts parses a call's arguments into
 * (every argument validated, nothing resolved that needs the team), and how
 * the engine runs one, in one of three modes:
 *
 * - `async`: on the team's workers while the caller awaits;
 * - `sync`: the calling thread takes part as thread 0;
 * - `inline`: on this thread alone, serially, because this thread is already
 *   running a loop's body (a kernel module that calls parallelFor), as OpenMP
 *   runs a nested region when nesting is off (inline.ts).
 *
 * All three register nothing they do not need, plan once (with what `auto`
 * learned of the body), report through the call's observer, build their
 * errors the same way (region.ts, errorFor) and their value the same way
 * (result.ts).
 */
import { RECORD_TRACE } from '../../core/layout.js';
import type { TypedArray } from '../../data/typed.js';
import { LoopBodyError } from '../../errors.js';
import { now } from '../../intrinsics.js';
import type { Combiner, LoopKind } from '../../kinds/kind.js';
import type { Combine, ReduceOp } from '../../kinds/ops.js';
import { type IterationSpace, SHAPES } from '../../kinds/shape.js';
import { KINDS, type KindId } from '../../kinds/table.js';
import type { Platform } from '../../platform/types.js';
import { type RuntimeSpec, runtimeToParams, type ScheduleSpec } from '../../schedule/parse.js';
import type { Plan } from '../../schedule/registry.js';
import { resolvePlan, resolvesToAuto } from '../../schedule/resolve.js';
import { learnCost } from '../bodies/cost.js';
import type { BodyRegistry, RegisteredBody } from '../bodies/registry.js';
import type { SharedCache } from '../shared/cache.js';
import { inLoopThread } from '../thread/share.js';
import { runInline } from './inline.js';
import type { LoopRequest } from './region.js';
import { finish, type LoopResult } from './result.js';

/** A reduction's operator and identity. */
export interface Reduction {
  /** A built-in operator, or undefined for a combiner function. */
  op: ReduceOp | undefined;
  /** The combiner function as given (its source is shipped to the workers), or undefined. */
  fn: ((a: number, b: number) => number) | undefined;
  identity: number;
  /** How partials are combined on this thread (a combiner function checked to return a number). */
  combiner: Combiner;
}

/** Who hears about a loop as it runs (verbose lines, onProgress): api/verbose.ts makes one per call. */
export interface Observer {
  /** RECORD_* flags the threads must record for it. */
  flags: number;
  begin(plan: Plan): void;
  /** The iterations done so far, every PROGRESS_MS while an async loop runs (undefined: not polled). */
  tick?: (done: number) => void;
  /** The loop succeeded (with its value) or failed (with any value, undefined included). */
  done(): void;
  failed(error: unknown): void;
}

/** One loop call, validated. */
export interface Call {
  /** The function called, for messages: `parallelFor`, `parallelMapSync`, … */
  fn: string;
  kind: KindId;
  space: IterationSpace;
  /** The schedule as written, and what `runtime` stands for (OMP_SCHEDULE when the call was made). */
  schedule: ScheduleSpec;
  runtime: RuntimeSpec | undefined;
  threads: number;
  /** A function (its source checked), a kernel or a wasm kernel (checked against the loop). */
  body: unknown;
  shared: object | undefined;
  /** The loop's own output array (parallelMap, parallelScan). */
  out: TypedArray | undefined;
  reduction: Reduction | undefined;
  signal: AbortSignal | undefined;
  timeout: number | undefined;
  trace: boolean;
  observer: Observer;
}

/** What the engine lends runCall: the team's parts a call needs. */
export interface CallEngine {
  readonly bodies: BodyRegistry;
  readonly shared: SharedCache;
  readonly platform: Platform;
  runAsync(req: LoopRequest): Promise<LoopResult>;
  runSync(req: LoopRequest): LoopResult;
}

/**
 * Run `call`: inline when this thread is inside a loop already, else on the
 * team, synchronously or not. Returns the caller's value (a promise of it
 * when `sync` is false).
 */
export function runCall(engine: CallEngine, call: Call, sync: boolean): unknown {
  // Registering validates the body (a function's source must be shippable) in every mode.
  const reg = engine.bodies.register(call.body, call.kind, combineOf(engine.bodies, call.reduction));
  if (inLoopThread()) {
    const value = runInline(call, engine.platform);
    return sync ? value : Promise.resolve(value);
  }
  const kind = KINDS[call.kind];
  // Only loops that resolve to `auto` are timed, and only they plan from what the body cost before.
  const timed = kind.schedules === 'any' && resolvesToAuto(call.schedule, call.runtime);
  const { start, n } = call.space;
  const params = descriptorParams(call);
  const plan = resolvePlan({
    schedule: call.schedule,
    start,
    n,
    threads: call.threads,
    runtime: call.runtime,
    iterNs: timed ? reg.iterNs : undefined,
  });
  const req: LoopRequest = {
    plan,
    body: reg,
    shared: engine.shared.snapshot(call.shared, call.out ?? call.space.array),
    signal: call.signal,
    timeout: call.timeout,
    params,
    flags: call.observer.flags | (call.trace ? RECORD_TRACE : 0),
    onProgress: call.observer.tick,
  };
  call.observer.begin(plan);
  const t0 = timed ? now() : 0;
  if (!sync) {
    return engine.runAsync(req).then(
      (r) => succeeded(call, kind, plan, timed ? reg : undefined, t0, r),
      (e) => failed(call, e),
    );
  }
  let r: LoopResult;
  try {
    r = engine.runSync(req);
  } catch (e) {
    return failed(call, e);
  }
  return succeeded(call, kind, plan, timed ? reg : undefined, t0, r);
}

/** A call's loop has finished: learn its cost (`auto`), tell the observer, and build the caller's value. */
function succeeded(call: Call, kind: LoopKind, plan: Plan, timed: RegisteredBody | undefined, t0: number, r: LoopResult): unknown {
  if (timed !== undefined) learnCost(timed, plan, now() - t0);
  call.observer.done();
  return finish(kind, plan, call.trace, call.out, call.reduction, r);
}

/** A call's loop has failed: tell the observer, and throw the error with where it happened. */
function failed(call: Call, e: unknown): never {
  call.observer.failed(e);
  throw locate(call, e);
}

/** A reduction as the workers get it: a built-in operator by name, a combiner function by source. */
function combineOf(bodies: BodyRegistry, red: Reduction | undefined): Combine | undefined {
  if (red === undefined) return undefined;
  return red.op !== undefined ? { op: red.op } : { source: bodies.combinerSource(red.fn) };
}

/**
 * The descriptor's three parameters (the kind record's `params` names them): a
 * reduction's identity; a region's OMP_SCHEDULE, for its ctx.loop(…, 'runtime');
 * or what the argument shape gives (a 2-D loop's geometry).
 */
function descriptorParams(call: Call): [number, number, number] | undefined {
  if (call.reduction !== undefined) return [call.reduction.identity, 0, 0];
  if (KINDS[call.kind].regionContext) return [...runtimeToParams(call.runtime), 0];
  return call.space.params;
}

/** The error, with what the call's argument shape knows of where it happened (2-D: row and col). */
export function locate(call: Call, e: unknown): unknown {
  const shape = SHAPES[KINDS[call.kind].shape];
  if (shape.locate !== undefined && e instanceof LoopBodyError) shape.locate(e, call.space);
  return e;
}
