/**
 * Every error class parfor throws. Argument problems are plain `TypeError` /
 * `RangeError`; the classes here are the runtime conditions a caller may want
 * to catch. Each keeps the ES2022 `cause`.
 *
 * This module imports only intrinsics.ts, so every layer (and the worker bundles) can use it.
 * @module
 */
import { apply, ordinaryHasInstance } from './intrinsics.js';

/**
 * Base class of every runtime error parfor defines. `instanceof` works across
 * copies of parfor in one process (its ESM and CJS builds both loaded, two
 * versions in node_modules): each class is recognised by a brand, not only by
 * its prototype.
 */
export class ParforError extends Error {
  /** The brand instances of this class carry (one per class; see brand()). */
  static readonly brand: string = 'ParforError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ParforError';
  }

  // `this` is the class instanceof was asked about (a subclass too): its brand decides (see biome.jsonc).
  static override [Symbol.hasInstance](v: unknown): boolean {
    if (typeof v !== 'object' || v === null) return false;
    if (apply(ordinaryHasInstance, this, [v])) return true;
    return (v as Record<symbol, unknown>)[Symbol.for(`parfor.${(this as { brand?: string }).brand}`)] === true;
  }
}

/** Mark `cls`'s instances with its brand, so other copies of parfor recognise them. */
function brand(cls: abstract new (...args: never[]) => ParforError, name: string): void {
  Object.defineProperty(cls, 'brand', { value: name });
  Object.defineProperty(cls.prototype, Symbol.for(`parfor.${name}`), { value: true });
}
brand(ParforError, 'ParforError');

/**
 * The loop body threw. `index` is the iteration that threw, `threadId` the
 * thread that ran it, and `cause` the original error rebuilt on this thread
 * (same `name`, `message`, `stack`, `cause`, `errors` and copyable own
 * properties such as `code`; a built-in class such as `TypeError` is rebuilt
 * as that class). The cause is rebuilt the same way whichever thread threw.
 *
 * Bodies that receive whole chunks (parallelForRange) cannot say which
 * iteration failed: there `index` is NaN and `range` is the chunk `[lo, hi)`.
 *
 * The first error wins: other threads stop claiming chunks, and the loop
 * settles only after every thread has left it.
 */
export class LoopBodyError extends ParforError {
  readonly index: number;
  readonly threadId: number;
  /** The chunk `[lo, hi)` that threw, for bodies that receive whole chunks; otherwise undefined. */
  readonly range: [number, number] | undefined;
  constructor(message: string, index: number, threadId: number, cause: unknown, range?: [number, number]) {
    super(message, { cause });
    this.name = 'LoopBodyError';
    this.index = index;
    this.threadId = threadId;
    this.range = range;
  }
}

/**
 * A task of a parallelTasks call threw (or returned something other than a
 * number or undefined). `task` is its name and `args` its arguments,
 * `threadId` the thread that ran it, `cause` the original error rebuilt on
 * this thread. The rest of the call's tasks are cancelled: the call settles
 * once every thread has left it, and the team runs the next call normally.
 */
export class TaskError extends ParforError {
  readonly task: string;
  readonly args: readonly number[];
  readonly threadId: number;
  constructor(message: string, task: string, args: readonly number[], threadId: number, cause: unknown) {
    super(message, { cause });
    this.name = 'TaskError';
    this.task = task;
    this.args = args;
    this.threadId = threadId;
  }
}

/**
 * A worker thread died while it took part in a loop (`process.exit()` in a
 * body, out of memory, or terminated). The team replaces the worker; the next
 * loop runs normally. `workerIndex` is the team slot, `threadId` the loop
 * thread it was running as, `exitCode` the code when one is known.
 */
export class WorkerExitError extends ParforError {
  readonly workerIndex: number;
  readonly threadId: number;
  readonly exitCode: number | undefined;
  constructor(message: string, workerIndex: number, threadId: number, exitCode?: number) {
    super(message);
    this.name = 'WorkerExitError';
    this.workerIndex = workerIndex;
    this.threadId = threadId;
    this.exitCode = exitCode;
  }
}

/** The team was closed (`team.close()` or `shutdown()`) before the loop could run. */
export class TeamClosedError extends ParforError {
  constructor(message = 'Cannot run the loop as the team is closed') {
    super(message);
    this.name = 'TeamClosedError';
  }
}

/**
 * This environment cannot do what was asked: no `SharedArrayBuffer` (a page
 * that is not cross-origin isolated), or a synchronous loop on a thread that
 * must not block.
 */
export class UnsupportedEnvironmentError extends ParforError {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedEnvironmentError';
  }
}

/**
 * The loop ran past its `timeout` option. Named like the `DOMException`
 * that `AbortSignal.timeout()` produces so one `err.name === 'TimeoutError'`
 * check covers both.
 */
export class TimeoutError extends ParforError {
  readonly timeout: number;
  constructor(timeout: number) {
    super(`The loop did not finish within its timeout of ${timeout} ms`);
    this.name = 'TimeoutError';
    this.timeout = timeout;
  }
}

/**
 * A thread could not prepare the loop body: the source of a function body did
 * not compile, or a kernel module failed to load or lacks the named export.
 * `wasmKernel()` rejects with one when a wasm module does not load, compile
 * or instantiate, or lacks the export (`threadId` 0: the calling thread).
 */
export class BodySetupError extends ParforError {
  readonly threadId: number;
  constructor(message: string, threadId: number, cause: unknown) {
    super(message, { cause });
    this.name = 'BodySetupError';
    this.threadId = threadId;
  }
}

/**
 * A SharedLock used out of turn: released by a thread that does not hold it,
 * or acquired again by the thread that holds it (locks are not recursive, and
 * waiting for itself would never end).
 */
export class LockError extends ParforError {
  constructor(message: string) {
    super(message);
    this.name = 'LockError';
  }
}

/**
 * The error for an environment without SharedArrayBuffer (a page that is not
 * cross-origin isolated): what could not be done, and the two headers that
 * give a page shared memory. Every constructor that needs shared memory throws it.
 */
export function sharedMemoryMissing(action: string): UnsupportedEnvironmentError {
  return new UnsupportedEnvironmentError(
    `Cannot ${action} as SharedArrayBuffer is not available: a page must be cross-origin isolated ` +
      '(send Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)',
  );
}

brand(LoopBodyError, 'LoopBodyError');
brand(TaskError, 'TaskError');
brand(WorkerExitError, 'WorkerExitError');
brand(TeamClosedError, 'TeamClosedError');
brand(UnsupportedEnvironmentError, 'UnsupportedEnvironmentError');
brand(TimeoutError, 'TimeoutError');
brand(BodySetupError, 'BodySetupError');
brand(LockError, 'LockError');
