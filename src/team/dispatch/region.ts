/**
 * A region as data: the request a loop function makes, what the engine hands
 * back, and the engine's record of a region in flight.
 */

import { type Descriptor, type Fault, newDescriptor } from '../../core/block.js';
import { FaultKind } from '../../core/layout.js';
import type { TraceBuffer } from '../../core/trace-buffer.js';
import { messageOf } from '../../describe.js';
import { BodySetupError, LoopBodyError, TaskError, TimeoutError, WorkerExitError } from '../../errors.js';
import { isNaNNumber } from '../../intrinsics.js';
import { COMBINING, IN_INIT, IN_MERGE } from '../../kinds/kind.js';
import type { Plan } from '../../schedule/registry.js';
import { CAPTURE_HINT, HELPER_HINT, isOutsideHelper, TASK_CAPTURE_HINT } from '../bodies/captures.js';
import type { RegisteredBody } from '../bodies/registry.js';
import type { SharedSnapshot } from '../shared/cache.js';
import { changedName } from '../thread/realm.js';
import { recordOf } from '../thread/tasks.js';
import type { LoopResult } from './result.js';

/** One loop, validated and resolved, as the engine receives it. */
export interface LoopRequest {
  plan: Plan;
  body: RegisteredBody;
  shared: SharedSnapshot;
  signal: AbortSignal | undefined;
  timeout: number | undefined;
  /** The loop kind's parameters for the descriptor (named by its record's `params`). */
  params: readonly [number, number, number] | undefined;
  /** RECORD_PROGRESS | RECORD_TRACE, or 0. */
  flags: number;
  /** Async loops: called with the iterations done so far, every PROGRESS_MS while the loop runs. */
  onProgress: ((done: number) => void) | undefined;
  /** parallelTasks: the root task (the dispatcher writes it into the task arena); undefined for loops. */
  tasks: TaskRoot | undefined;
  /** A parallel region with tasks: its task table, registered as a body of kind 'tasks'; undefined otherwise. */
  taskBody: RegisteredBody | undefined;
  /** The descriptor this loop writes, filled from the fields above at its dispatch (fillDescriptor). */
  readonly desc: Descriptor;
  /** The engine's record of this loop's region, filled at its dispatch. */
  readonly region: Region;
}

/** parallelTasks' root task: its index in the table, name, and arguments (MAX_TASK_ARGS, the first `argc` used). */
export interface TaskRoot {
  fn: number;
  name: string;
  argc: number;
  readonly args: number[];
}

/** A task that threw: its name and arguments. */
export interface TaskSite {
  name: string;
  args: number[];
}

/** How a region ended: ok, or the error its caller gets (any value: an abort reason may be null). */
export type Outcome = { readonly ok: true } | { readonly ok: false; readonly error: unknown };

export interface Region {
  epoch: number;
  req: LoopRequest;
  /** Workers taking part (slots 0…workers-1). */
  workers: number;
  /** Generation of each of those workers at dispatch (async loops; empty for sync ones). */
  readonly gens: number[];
  /**
   * Set once harvested. A flag, not a nullable error: an abort reason may be
   * null (or any value), and that is still a failure.
   */
  outcome: Outcome | undefined;
  /** Error thrown by the calling thread's own iterations (synchronous loops). */
  localError: unknown;
  /** now() at which the region's timeout expires (Infinity without one). */
  deadline: number;
  /** Why this thread stopped the region (an abort reason, a callback's error): the caller's error. */
  stop: { reason: unknown } | undefined;
  /** Reduction partials of threads 0…T-1, read at the harvest (before the next region) into this array, which the region keeps. */
  readonly partials: number[];
  /** A deterministic reduction's block values, copied at the harvest into this array (made on first use), which the region keeps. */
  blocks: Float64Array | undefined;
  /** parallelTasks: what the root task returned, read after the join. */
  root: number | undefined;
  /** parallelTasks: the task in record r (its name among `names`, its arguments), for the error of a task that threw. */
  describeTask: ((r: number, names: readonly string[]) => TaskSite) | undefined;
  /** Wall-clock time of the dispatch, the origin of trace times. */
  origin: number;
  trace: LoopResult['trace'];
  /** The buffer a traced region records into. */
  buffer: TraceBuffer | undefined;
}

/**
 * A request to fill, with its descriptor and region: a call owns one and
 * refills it on every use (team/dispatch/call.ts), so a loop in the steady
 * state allocates none of them.
 */
export function newRequest(plan: Plan): LoopRequest {
  const req: LoopRequest = {
    plan,
    body: undefined as unknown as RegisteredBody,
    shared: undefined as unknown as SharedSnapshot,
    signal: undefined,
    timeout: undefined,
    params: undefined,
    flags: 0,
    onProgress: undefined,
    tasks: undefined,
    taskBody: undefined,
    desc: newDescriptor(),
    region: undefined as unknown as Region,
  };
  (req as { region: Region }).region = {
    epoch: 0,
    req,
    workers: 0,
    gens: [],
    outcome: undefined,
    localError: undefined,
    deadline: Infinity,
    stop: undefined,
    partials: [],
    blocks: undefined,
    root: undefined,
    describeTask: undefined,
    origin: 0,
    trace: undefined,
    buffer: undefined,
  };
  return req;
}

/** Fill the request's descriptor from its plan, body, shared values and parameters (the workers' spin budget is the dispatcher's). */
export function fillDescriptor(req: LoopRequest): Descriptor {
  const p = req.plan;
  const d = req.desc;
  d.schedule = p.schedule;
  d.threads = p.threads;
  d.bodyId = req.body.id;
  d.tasksId = req.taskBody === undefined ? 0 : req.taskBody.id;
  d.sharedId = req.shared.id;
  d.start = p.start;
  d.n = p.n;
  d.chunk = p.chunk;
  d.numChunks = p.numChunks;
  d.slice = !req.body.kind.wholeChunks && req.body.kind.pieces;
  d.flags = req.flags;
  const q = req.params;
  d.param0 = q === undefined ? 0 : q[0];
  d.param1 = q === undefined ? 0 : q[1];
  d.param2 = q === undefined ? 0 : q[2];
  return d;
}

// ---- the queue of async loops --------------------------------------------------------------

/** One region at a time: asynchronous loops wait here, in call order. */
export class RegionQueue {
  private busy = false;
  private readonly waiting: Array<() => void> = [];

  /** Resolves when it is the caller's turn. */
  acquire(): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the turn to the next waiter. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy = false;
  }
}

// ---- the caller's error --------------------------------------------------------------------

/**
 * The error a caller sees for a region's first fault (the fault slot in the
 * control block, plus the cause: the error a body threw, rebuilt here).
 */

export interface FaultContext {
  /** The body's error (or the kernel's load error), rebuilt on this thread. */
  cause: unknown;
  /** Why the region was stopped from this thread (an abort reason, a callback's error), when it was. */
  stop: { reason: unknown } | undefined;
  timeout: number | undefined;
  /** A dead worker's exit code, when known. */
  exitCode: number | undefined;
  /** parallelTasks, or a region with tasks: the task in record r, for a body fault whose index names a task (taskIndex). */
  task?: ((r: number) => TaskSite) | undefined;
}

export function errorFor(f: Fault, c: FaultContext): unknown {
  switch (f.kind) {
    case FaultKind.BODY:
      // A task's record is reported as a negative index (thread/tasks.ts, taskIndex); a region's own code as its thread's.
      return c.task !== undefined && !(f.index >= 0) ? taskError(f, c.cause, c.task) : bodyError(f, c.cause);
    case FaultKind.SETUP:
      return new BodySetupError(`Cannot prepare the loop body on thread ${f.threadId}: ${messageOf(c.cause)}`, f.threadId, c.cause);
    case FaultKind.ABORT:
      return c.stop !== undefined ? c.stop.reason : new DOMException('The loop was aborted', 'AbortError');
    case FaultKind.TIMEOUT:
      return new TimeoutError(c.timeout ?? 0);
    case FaultKind.WORKER_EXIT: {
      const code = c.exitCode ?? (f.exitCode !== 0 ? f.exitCode : undefined);
      return new WorkerExitError(
        `Worker ${f.worker} (thread ${f.threadId}) exited during the loop` +
          (code !== undefined ? ` with code ${code}` : '') +
          '; it has been replaced',
        f.worker,
        f.threadId,
        code,
      );
    }
    case FaultKind.REALM:
      return new LoopBodyError(
        `The loop body changed ${changedName(f.index)} on thread ${f.threadId}: a body must leave ` +
          "built-ins as it found them, since the next loops' bodies run on the same thread; the thread's worker has been replaced",
        NaN,
        f.threadId,
        undefined,
      );
    default:
      return new Error(`Unknown fault kind ${f.kind} (internal error)`);
  }
}

/** A task threw (or returned what it may not): name it and its arguments. */
function taskError(f: Fault, cause: unknown, task: (r: number) => TaskSite): TaskError {
  const site = isNaNNumber(f.index) ? undefined : task(recordOf(f.index));
  const what = site === undefined ? 'A task' : `Task '${site.name}'(${site.args.join(', ')})`;
  let msg = `${what} threw on thread ${f.threadId}: ${messageOf(cause)}`;
  if (cause instanceof ReferenceError && compilerHelper(cause.message) === undefined) {
    msg += ` (${TASK_CAPTURE_HINT})`;
  }
  return new TaskError(msg, site?.name ?? '', site?.args ?? [], f.threadId, cause);
}

function bodyError(f: Fault, cause: unknown): LoopBodyError {
  if (f.hi === COMBINING) {
    const where = isNaNNumber(f.index)
      ? `while combining the totals of the blocks before thread ${f.threadId}'s`
      : `while applying the blocks' totals at iteration ${f.index} on thread ${f.threadId}`;
    return new LoopBodyError(`The combiner threw ${where}: ${messageOf(cause)}`, f.index, f.threadId, cause);
  }
  if (f.hi === IN_INIT || f.hi === IN_MERGE) {
    const what = f.hi === IN_INIT ? 'init' : 'merge';
    return new LoopBodyError(
      `The loop's '${what}' threw on thread ${f.threadId}: ${messageOf(cause)}${hint(cause)}`,
      NaN,
      f.threadId,
      cause,
    );
  }
  const chunk = isNaNNumber(f.hi) ? undefined : ([f.index, f.hi] as [number, number]);
  const where = chunk ? `in the chunk [${chunk[0]}, ${chunk[1]})` : `at iteration ${f.index}`;
  const msg = `The loop body threw ${where} on thread ${f.threadId}: ${messageOf(cause)}${hint(cause)}`;
  return new LoopBodyError(msg, chunk ? NaN : f.index, f.threadId, cause, chunk);
}

/** What a ReferenceError from code shipped as source most likely means, and the way out ('' for any other error). */
function hint(cause: unknown): string {
  if (!(cause instanceof ReferenceError)) return '';
  const helper = compilerHelper(cause.message);
  return helper !== undefined ? ` (\`${helper}\` ${HELPER_HINT})` : ` (${CAPTURE_HINT})`;
}

/** The compiler helper a ReferenceError is about (`__name is not defined`), if it is one. */
function compilerHelper(message: string): string | undefined {
  const name = /^(\S+) is not defined/.exec(message)?.[1];
  return name !== undefined && isOutsideHelper(name) ? name : undefined;
}
