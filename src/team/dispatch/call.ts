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
 *
 * A Call is also the memory a loop runs in: its space, options, plan,
 * request, descriptor and region are objects it owns and refills. The engine
 * keeps finished calls in a pool (CallPool) and hands one to the next call, so
 * a loop in the steady state allocates none of them (docs/architecture.md,
 * "Allocation"); a call is back in the pool only once its loop has settled.
 */
import { BLOCK_SLOTS, DETERMINISTIC, ORDERED, RECORD_TRACE } from '../../core/layout.js';
import type { TypedArray } from '../../data/typed.js';
import { LoopBodyError } from '../../errors.js';
import { now } from '../../intrinsics.js';
import { blockCount, blockSize } from '../../kinds/blocks.js';
import { type Combiner, isSearch, type LoopKind, NO_HIT } from '../../kinds/kind.js';
import { type Combine, OP_NAMES, type ReduceOp } from '../../kinds/ops.js';
import { type IterationSpace, newSpace, SHAPES } from '../../kinds/shape.js';
import { KINDS, type KindId } from '../../kinds/table.js';
import type { Platform } from '../../platform/types.js';
import { type RuntimeSpec, runtimeToParams, type ScheduleSpec, STATIC_SPEC } from '../../schedule/parse.js';
import { newPlan, type Plan } from '../../schedule/registry.js';
import { type PlanInput, resolvePlan, resolvesToAuto, SEARCH_MAX_CHUNK } from '../../schedule/resolve.js';
import { learnCost } from '../bodies/cost.js';
import type { BodyRegistry, LocalFunctions, RegisteredBody } from '../bodies/registry.js';
import type { SharedCache, SharedSnapshot } from '../shared/cache.js';
import { inLoopThread } from '../thread/share.js';
import { runInline } from './inline.js';
import { type LoopRequest, newRequest, type TaskRoot } from './region.js';
import { finish, type LoopResult } from './result.js';
import { runTasksInline } from './tasks-inline.js';

/** A reduction's operator and identity. */
export interface Reduction {
  /** A built-in operator, or undefined for a combiner function. */
  op: ReduceOp | undefined;
  /** The combiner function as given (its source is shipped to the workers), or undefined. */
  fn: ((a: number, b: number) => number) | undefined;
  identity: number;
  /** How partials are combined on this thread (a combiner function checked to return a number). */
  combiner: Combiner;
  /** `deterministic`: fixed blocks, combined in order (kinds/blocks.ts). */
  deterministic: boolean;
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

/** The observer of a call that asked for no reports. */
export const QUIET: Observer = Object.freeze({ flags: 0, begin() {}, done() {}, failed() {} });

/** A call's options, read once (api/validate.ts readOptions): every key a loop function takes. */
export interface OptionsRecord {
  schedule: unknown;
  chunk: unknown;
  shared: unknown;
  threads: unknown;
  signal: unknown;
  timeout: unknown;
  team: unknown;
  verbose: unknown;
  onProgress: unknown;
  op: unknown;
  identity: unknown;
  out: unknown;
  trace: unknown;
  ordered: unknown;
  tasks: unknown;
  deterministic: unknown;
  init: unknown;
  merge: unknown;
}

/** One loop call, validated, and the objects its loop runs in. */
export class Call {
  /** The function called, for messages: `parallelFor`, `parallelMapSync`, … */
  fn = '';
  kind: KindId = 'for';
  readonly space: IterationSpace = newSpace();
  /** The schedule as written, and what `runtime` stands for (OMP_SCHEDULE when the call was made). */
  schedule: ScheduleSpec = STATIC_SPEC;
  runtime: RuntimeSpec | undefined = undefined;
  threads = 0;
  /** A function (its source checked), a kernel or a wasm kernel (checked against the loop). */
  body: unknown = undefined;
  /** A parallel region's `tasks` option (checked as it is registered), or undefined. */
  tasks: unknown = undefined;
  shared: object | undefined = undefined;
  /** The loop's own output array (parallelMap, parallelScan). */
  out: TypedArray | undefined = undefined;
  /** The call's reduction (its own `reduced` object), or undefined. */
  reduction: Reduction | undefined = undefined;
  signal: AbortSignal | undefined = undefined;
  timeout: number | undefined = undefined;
  trace = false;
  /** ctx.ordered() runs its code in iteration order (the `ordered` option). */
  ordered = false;
  /** Per-thread state: the `init` and `merge` options (functions, checked), or undefined. */
  local: LocalFunctions | undefined = undefined;
  readonly localFns: LocalFunctions = { init: NO_INIT, merge: undefined };
  observer: Observer = QUIET;
  // What the call owns and refills, whatever its kind:
  readonly options: OptionsRecord = {
    schedule: undefined,
    chunk: undefined,
    shared: undefined,
    threads: undefined,
    signal: undefined,
    timeout: undefined,
    team: undefined,
    verbose: undefined,
    onProgress: undefined,
    op: undefined,
    identity: undefined,
    out: undefined,
    trace: undefined,
    ordered: undefined,
    tasks: undefined,
    deterministic: undefined,
    init: undefined,
    merge: undefined,
  };
  readonly reduced: Reduction = { op: undefined, fn: undefined, identity: 0, combiner: (a, b) => a + b, deterministic: false };
  readonly params: [number, number, number] = [0, 0, 0];
  /** parallelTasks: its root task, read by api/call.ts. */
  readonly root: TaskRoot = { fn: 0, name: '', argc: 0, args: [0, 0, 0, 0, 0, 0] };
  readonly planInput: PlanInput = {
    schedule: STATIC_SPEC,
    start: 0,
    n: 0,
    threads: 0,
    runtime: undefined,
    iterNs: undefined,
    maxChunk: undefined,
  };
  readonly plan: Plan = newPlan();
  readonly req: LoopRequest = newRequest(this.plan);

  /** Forget what the last loop referred to (bodies, shared values, arrays, signals), so the pool keeps none of it alive. */
  clear(): void {
    this.body = undefined;
    this.tasks = undefined;
    this.shared = undefined;
    this.out = undefined;
    this.reduction = undefined;
    this.local = undefined;
    this.localFns.merge = undefined;
    this.localFns.init = NO_INIT;
    this.signal = undefined;
    this.observer = QUIET;
    this.space.array = undefined;
    this.reduced.fn = undefined;
    const o = this.options;
    o.schedule = o.chunk = o.shared = o.threads = o.signal = o.timeout = o.team = undefined;
    o.verbose = o.onProgress = o.op = o.identity = o.out = o.trace = o.ordered = o.tasks = o.deterministic = undefined;
    o.init = o.merge = undefined;
    const req = this.req;
    req.body = undefined as unknown as RegisteredBody;
    req.taskBody = undefined;
    req.shared = undefined as unknown as SharedSnapshot;
    req.signal = undefined;
    req.onProgress = undefined;
    const r = req.region;
    r.outcome = undefined;
    r.localError = undefined;
    r.stop = undefined;
    r.trace = undefined;
    r.buffer = undefined;
  }
}

/**
 * Finished calls, for the next ones. Bounded: a burst of queued async loops
 * needs a Call each, and only the first POOL_MAX are kept after it.
 */
export class CallPool {
  private readonly free: Call[] = [];

  take(): Call {
    return this.free.pop() ?? new Call();
  }

  give(call: Call): void {
    call.clear();
    if (this.free.length < POOL_MAX) this.free.push(call);
  }
}

const POOL_MAX = 16;

/** What a pooled call's `init` holds while it has none (nothing the user gave is kept alive). */
const NO_INIT = (): undefined => undefined;

/** What the engine lends runCall: the team's parts a call needs. */
export interface CallEngine {
  readonly calls: CallPool;
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
  let value: unknown;
  try {
    value = start(engine, call, sync);
  } catch (e) {
    engine.calls.give(call);
    throw e;
  }
  if (sync || !(value instanceof Promise)) {
    engine.calls.give(call);
    return sync ? value : Promise.resolve(value);
  }
  return giveBackWhenSettled(value, engine.calls, call);
}

/** `value`, giving `call` back to the pool once it has settled, whichever way (its own function: see settle). */
function giveBackWhenSettled(value: Promise<unknown>, pool: CallPool, call: Call): Promise<unknown> {
  return value.then(
    (v) => {
      pool.give(call);
      return v;
    },
    (e) => {
      pool.give(call);
      throw e;
    },
  );
}

/** runCall without the pool: the value, or (async, on the team) a promise of it. */
function start(engine: CallEngine, call: Call, sync: boolean): unknown {
  // Registering validates the body (a function's source must be shippable) in every mode; and,
  // unless the call is nested in a body and runs its closure there, that it captures nothing.
  const nested = inLoopThread();
  const reg =
    call.kind === 'tasks'
      ? engine.bodies.registerTasks(call.body, call.fn, nested)
      : engine.bodies.register(call.body, call.kind, combineOf(engine.bodies, call.reduction), call.local, nested);
  const taskBody = call.tasks === undefined ? undefined : engine.bodies.registerTasks(call.tasks, call.fn, nested);
  const kind = KINDS[call.kind];
  if (nested) return kind.tasks ? runTasksInline(call, engine.platform) : runInline(call, engine.platform);
  const blocks = call.reduction?.deterministic === true;
  // Only loops that resolve to `auto` are timed, and only they plan from what the body cost before
  // (not a deterministic reduction's: its schedule counts blocks, whose cost says nothing of an iteration's).
  const timed = !blocks && kind.schedules === 'any' && resolvesToAuto(call.schedule, call.runtime);
  const input = call.planInput;
  input.schedule = call.schedule;
  input.start = call.space.start;
  input.n = blocks ? blockCount(call.space.n, BLOCK_SLOTS) : call.space.n;
  input.unit = blocks ? blockSize(call.space.n, BLOCK_SLOTS) : undefined;
  input.threads = call.threads;
  input.runtime = call.runtime;
  input.iterNs = timed ? reg.iterNs : undefined;
  input.maxChunk = isSearch(kind) ? SEARCH_MAX_CHUNK : undefined;
  const plan = resolvePlan(input, call.plan);
  const req = call.req;
  req.body = reg;
  req.shared = engine.shared.snapshot(call.shared, call.out ?? call.space.array);
  req.signal = call.signal;
  req.timeout = call.timeout;
  req.params = descriptorParams(call);
  req.flags = call.observer.flags | (call.trace ? RECORD_TRACE : 0) | (call.ordered ? ORDERED : 0) | (blocks ? DETERMINISTIC : 0);
  req.onProgress = call.observer.tick;
  req.tasks = kind.tasks ? call.root : undefined;
  req.taskBody = taskBody;
  call.observer.begin(plan);
  const t0 = timed ? now() : 0;
  if (!sync) return settle(engine.runAsync(req), call, kind, plan, timed ? reg : undefined, t0);
  let r: LoopResult;
  try {
    r = engine.runSync(req);
  } catch (e) {
    return failed(call, e);
  }
  return succeeded(call, kind, plan, timed ? reg : undefined, t0, r);
}

/**
 * An async loop's value, once it settles. A function of its own: closures
 * made in start() would make every call allocate their scope, sync ones too.
 */
function settle(
  run: Promise<LoopResult>,
  call: Call,
  kind: LoopKind,
  plan: Plan,
  timed: RegisteredBody | undefined,
  t0: number,
): Promise<unknown> {
  return run.then(
    (r) => succeeded(call, kind, plan, timed, t0, r),
    (e) => failed(call, e),
  );
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

/** What a built-in operator's reduction tells the registry: one object per operator, made once. */
const BY_OP = Object.fromEntries(OP_NAMES.map((op) => [op, Object.freeze({ op })])) as Record<ReduceOp, Combine>;

/** A reduction as the workers get it: a built-in operator by name, a combiner function by source. */
function combineOf(bodies: BodyRegistry, red: Reduction | undefined): Combine | undefined {
  if (red === undefined) return undefined;
  return red.op !== undefined ? BY_OP[red.op] : { source: bodies.combinerSource(red.fn) };
}

/**
 * The descriptor's three parameters (the kind record's `params` names them): a
 * reduction's identity; a region's OMP_SCHEDULE, for its ctx.loop(…, 'runtime');
 * or what the argument shape gives (a 2-D loop's geometry). Written into the
 * call's own tuple.
 */
function descriptorParams(call: Call): readonly [number, number, number] | undefined {
  const p = call.params;
  const red = call.reduction;
  if (red !== undefined) {
    // A deterministic reduction's blocks: their size and the loop's end (kinds/blocks.ts).
    p[0] = red.identity;
    p[1] = red.deterministic ? blockSize(call.space.n, BLOCK_SLOTS) : 0;
    p[2] = red.deterministic ? call.space.start + call.space.n : 0;
    return p;
  }
  if (isSearch(KINDS[call.kind])) {
    p[0] = NO_HIT; // each thread's partial starts here
    p[1] = 0;
    p[2] = 0;
    return p;
  }
  if (KINDS[call.kind].regionContext) {
    runtimeToParams(call.runtime, p);
    p[2] = 0;
    return p;
  }
  return call.space.params;
}

/** The error, with what the call's argument shape knows of where it happened (2-D: row and col). */
export function locate(call: Call, e: unknown): unknown {
  const shape = SHAPES[KINDS[call.kind].shape];
  if (shape.locate !== undefined && e instanceof LoopBodyError) shape.locate(e, call.space);
  return e;
}
