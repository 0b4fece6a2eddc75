/**
 * One thread's task scheduler (parallelTasks): runs the root on thread 0,
 * steals on the others, and gives task functions their `ctx` (spawn, wait,
 * result, join). The shared words and every Atomics call are in
 * core/tasks.ts; the protocol's steps (T1-T8) are in core/README.md.
 *
 * In a parallel region with tasks (parallel(region, { tasks })), each
 * thread's region code is an implicit task: its first record, begun with
 * beginRegion() and ended with endRegion(), which waits at a task barrier
 * until every thread's tasks have finished (T9).
 *
 * A task runs on the JavaScript stack of the thread that took it. While it
 * waits for its children the thread runs other tasks (its own deque first,
 * then stolen ones) nested on that stack, so the records a thread allocates
 * and frees stay in stack order: a task's children are freed when it returns.
 */
import { REGION_STOPPED } from '../../core/region-sync.js';
import { HANDLE_RECORDS, NO_TASK, RECORDS_PER_THREAD, type TaskArena, TaskState } from '../../core/tasks.js';
import { describe } from '../../describe.js';
import { isSafeInteger, math, now } from '../../intrinsics.js';
import type { ThrowSite } from '../../kinds/kind.js';
import type { TaskTable } from '../bodies/tasks.js';
import { makeTaskContext, type TaskContext } from './task-context.js';

export type { TaskContext } from './task-context.js';

const NO_TABLE: TaskTable = Object.assign(() => undefined, { taskNames: [] as readonly string[] });

/** Tasks nested on one thread's stack at most; a deeper chain fails with a clear error instead of a stack overflow. */
export const MAX_TASK_DEPTH = 2000;
/** Tasks nested on a sync call's calling thread past which, with workers beside it, it runs no more tasks while it waits. */
export const CALLER_DEPTH = 200;
/** How long an idle thread sleeps before it looks at STOP and its deadline again. */
const SLICE_MS = 20;

/** helpUntil's targets other than a record: DONE (a parallelTasks call's idle threads), and the current task barrier. */
const UNTIL_DONE = -1;
const BARRIER = -2;

/**
 * How a failed task's record is reported in a fault's index: negative, so a
 * region with tasks tells a task's error (-1 - r) from its region code's (the
 * thread index, 0 or more). recordOf reads it back.
 */
export function taskIndex(r: number): number {
  return -1 - r;
}
export function recordOf(index: number): number {
  return -1 - index;
}

/** What the scheduler asks of the region around it. */
export interface TaskRegion {
  stopped(): boolean;
  /** The calling thread of a sync call with a timeout: now() past which it stops the call (Infinity elsewhere). */
  deadline: number;
  onDeadline(): void;
  /** Polls before an idle wait sleeps (the wait policy's budget for this region). */
  spins: number;
  /**
   * True on the calling thread of a sync call: its stack is the program's
   * (about 1 MB on Node's main thread, against a worker's 4 MB), so past
   * CALLER_DEPTH it leaves new tasks to the workers (when there are any).
   */
  readonly caller: boolean;
}

export class TaskScheduler {
  /** The running task's record (-1 between tasks). */
  private current = -1;
  /** Free records on this thread's stack start here (an index into this thread's part). */
  private top = 0;
  private depth = 0;
  /** Where the running task's children start on this thread's record stack. */
  private frameBase = 0;
  /**
   * The running task's children below this point of the record stack have
   * been waited for (ctx.wait, or a barrier of the region code): result()
   * reads only those, so a missing wait fails the same way whether the child
   * was queued, stolen or run at once.
   */
  private waited = 0;
  private readonly base: number;
  private table: TaskTable = NO_TABLE;
  private shared: unknown = undefined;
  private names: ReadonlyMap<string, number> = new Map();
  /** The name the last spawn looked up, and its index: a tree spawns one name over and over. */
  private lastName: unknown = undefined;
  private lastFn = -1;
  private list: readonly string[] = [];
  private at: ThrowSite = { index: NaN };
  /** The region's deadline, read once per call (Infinity but on the calling thread of a sync call with a timeout). */
  private deadline = Infinity;
  /** Whether a task threw on this thread in this call; the first error it threw, and at what depth (kept: a task may catch it and go on). */
  private failed = false;
  private errorValue: unknown = undefined;
  private failedDepth = 0;
  /** Threads taking part in this call. */
  private T = 1;
  /** A region with tasks: the task barriers this thread has passed in it (see regionBarrier). */
  private barriers = 0;
  /** Whether this thread is in a region with tasks (between beginRegion and endRegion). */
  private inRegion = false;
  /** The ctx task functions receive, per thread count (a call may use fewer threads than the team has). */
  private readonly contexts: TaskContext[] = [];
  private ctx: TaskContext;

  constructor(
    private readonly arena: TaskArena,
    readonly threadId: number,
    private readonly region: TaskRegion,
  ) {
    this.base = threadId * RECORDS_PER_THREAD;
    this.ctx = makeTaskContext(this, threadId, 1);
  }

  /**
   * This thread's part of a call (its one "iteration"): thread 0 runs the
   * root (record 0, written by the dispatcher: T1) and then says DONE; the
   * others take tasks until DONE. A task's error is thrown once this thread's
   * stack has unwound, with `at.index` naming its record (taskIndex).
   */
  run(table: TaskTable, shared: unknown, at: ThrowSite): void {
    this.bind(table, shared, at);
    this.current = -1;
    this.depth = 0;
    this.frameBase = 0;
    try {
      if (this.threadId === 0) {
        this.top = 1; // record 0 is the root
        try {
          this.execute(0, true);
        } finally {
          this.arena.setDone(); // also after an error: the idle threads leave
        }
      } else {
        this.top = 0;
        this.helpUntil(UNTIL_DONE);
      }
    } catch (e) {
      // The first task error, not what unwound the stack (REGION_STOPPED, or an error a task caught and replaced).
      throw this.failed ? this.firstError() : e;
    } finally {
      this.unbind();
    }
    if (this.failed) throw this.firstError(); // a task caught another's error and returned
  }

  /** Set this call's thread count (before run: a call may use fewer threads than the team has). */
  prepare(numThreads: number): this {
    if (numThreads > this.arena.threads)
      throw new Error(`Task arena for ${this.arena.threads} threads used by ${numThreads} (internal error)`);
    this.T = numThreads;
    this.ctx = this.contexts[numThreads] ??= makeTaskContext(this, this.threadId, numThreads);
    return this;
  }

  // ---- a parallel region with tasks ---------------------------------------------------------

  /**
   * Enter a region with tasks: this thread's region code becomes its implicit
   * task (record `base`, its first), whose children are the tasks it spawns.
   * The dispatcher reset the deques (T1, resetRegion) before it woke anyone.
   */
  beginRegion(table: TaskTable, shared: unknown, at: ThrowSite): void {
    this.bind(table, shared, at);
    this.barriers = 0;
    this.depth = 0;
    const r = this.base;
    this.arena.nextStamp(r);
    this.arena.init(r, -1, 0, -1, 0, 0, 0, 0, 0, 0);
    this.current = r;
    this.top = 1;
    this.frameBase = 1;
    this.waited = 1;
    this.inRegion = true;
  }

  /**
   * Leave the region: the task barrier at its end (every task of the region
   * has finished on every thread), then the first task error seen here, if a
   * task threw and the region code went on.
   */
  endRegion(): void {
    try {
      if (!this.failed) this.regionBarrier();
    } finally {
      this.unbind();
      this.inRegion = false;
    }
    if (this.failed) throw this.firstError();
  }

  /** What the region code's error becomes: the first task error when a task threw (kept as it unwound). */
  regionError(e: unknown): unknown {
    const failed = this.failed;
    if (this.inRegion) {
      this.unbind();
      this.inRegion = false;
    }
    return failed ? this.firstError() : e;
  }

  /**
   * A barrier of a region with tasks (ctx.barrier(), and the barriers of
   * single, loop and the region's end): finish this thread's tasks, count it
   * in (T9), and run other threads' tasks until every thread has. No task of
   * the region is left anywhere when it returns.
   */
  regionBarrier(): void {
    if (!this.inRegion || this.current !== this.base) {
      throw new Error('ctx.barrier() was called inside a task: a barrier belongs to the region code of every thread');
    }
    this.waitChildren();
    this.barriers++;
    this.arena.arrive();
    this.helpUntil(BARRIER);
  }

  private bind(table: TaskTable, shared: unknown, at: ThrowSite): void {
    const names = table.taskNames;
    this.table = table;
    this.shared = shared;
    if (this.list !== names) {
      this.list = names;
      this.names = new Map(names.map((n, k) => [n, k]));
      this.lastName = undefined;
    }
    this.at = at;
    this.deadline = this.region.deadline;
    this.failed = false;
    this.errorValue = undefined;
  }

  private unbind(): void {
    this.table = NO_TABLE;
    this.shared = undefined;
    this.current = -1;
  }

  // ---- what ctx calls ----------------------------------------------------------------------

  spawn(name: unknown, argc: number, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number): number {
    const parent = this.current;
    if (parent < 0) throw new Error('ctx.spawn() was called outside a running task');
    const region = this.region;
    if (this.deadline !== Infinity && now() > this.deadline) region.onDeadline();
    if (this.failed || region.stopped()) throw REGION_STOPPED;
    const fn = name === this.lastName ? this.lastFn : this.taskId(name);
    if (this.top >= RECORDS_PER_THREAD) this.reclaim(name as string);
    const r = this.base + this.top++;
    const arena = this.arena;
    const stamp = arena.nextStamp(r);
    arena.init(r, fn, argc, parent, a0, a1, a2, a3, a4, a5); // T2
    // Queued only where another thread may take it: alone, or with a full deque, the spawner runs it
    // now (libgomp's cut-offs), neither counted nor queued.
    if (this.T > 1 && arena.hasRoom(this.threadId)) {
      arena.addChild(parent); // T3
      arena.push(this.threadId, r); // T4
      arena.wakeIfSleeping();
    } else {
      this.execute(r, false);
    }
    return r + stamp * HANDLE_RECORDS;
  }

  /** The index of task `name`, remembered for the next spawn; a TypeError naming it when there is no such task. */
  private taskId(name: unknown): number {
    const fn = typeof name === 'string' ? this.names.get(name) : undefined;
    if (fn === undefined) {
      throw new TypeError(
        `Cannot spawn ${describe(name)} as it names no task: expected one of ${this.list.map((n) => `'${n}'`).join(', ')}`,
      );
    }
    this.lastName = name;
    this.lastFn = fn;
    return fn;
  }

  /**
   * This thread's records are all taken: wait for the running task's children
   * (a taskwait) and free their records. Their handles expire (result() says
   * so); a task that never reads them, as OpenMP code writes results to shared
   * memory, may spawn without bound.
   */
  private reclaim(name: string): void {
    if (this.top === this.frameBase) {
      throw new RangeError(
        `Cannot spawn '${name}' as thread ${this.threadId} holds ${RECORDS_PER_THREAD} tasks spawned by the tasks running on it, ` +
          "none of them the current task's: split a wide fan-out into a tree of tasks, each spawning a few",
      );
    }
    this.helpUntil(this.current);
    this.top = this.frameBase;
    this.waited = this.frameBase;
  }

  /** ctx.wait() (OpenMP's taskwait): run tasks until every child of the running task has finished; their results may then be read. */
  waitChildren(): void {
    const r = this.current;
    if (r < 0) throw new Error('ctx.wait() was called outside a running task');
    this.helpUntil(r);
    this.waited = this.top;
  }

  result(handle: unknown): number | undefined {
    const arena = this.arena;
    if (typeof handle !== 'number' || !isSafeInteger(handle) || handle < 0) {
      throw new TypeError(`Cannot read the result of ${describe(handle)} as it is not a task handle from ctx.spawn()`);
    }
    const stamp = math.floor(handle / HANDLE_RECORDS);
    const r = handle - stamp * HANDLE_RECORDS;
    const mine = r >= this.base && r < this.base + this.top;
    if (!mine || arena.parent(r) !== this.current || r === this.current) {
      throw new RangeError(`Cannot read the result of task handle ${handle} as the running task did not spawn it`);
    }
    if (arena.stamp(r) !== stamp) {
      throw new RangeError(
        `Cannot read the result of task handle ${handle} as it was dropped: this thread's ${RECORDS_PER_THREAD} task records filled up, ` +
          'and the running task waited for its children to free them; read results before spawning that many more, or spawn a tree of tasks',
      );
    }
    if (r - this.base >= this.waited || arena.state(r) !== TaskState.FINISHED) {
      if (this.failed || this.region.stopped()) throw REGION_STOPPED;
      throw new RangeError(`Cannot read the result of task handle ${handle} before a ctx.wait() after its spawn`);
    }
    return arena.result(r);
  }

  // ---- running tasks ---------------------------------------------------------------------------

  /**
   * Run record r here (T5/T6): the task, then its remaining children, then
   * count it off its parent (`queued`: it was pushed, so counted) or just mark
   * it finished (run at once by its spawner).
   */
  private execute(r: number, queued: boolean): void {
    const arena = this.arena;
    const saved = this.current;
    const savedTop = this.top;
    const savedBase = this.frameBase;
    const savedWaited = this.waited;
    this.current = r;
    this.frameBase = savedTop;
    this.waited = savedTop;
    this.depth++;
    try {
      if (this.depth > MAX_TASK_DEPTH) {
        throw new RangeError(
          `Tasks nested more than ${MAX_TASK_DEPTH} deep on thread ${this.threadId}: a chain of spawns and waits this deep ` +
            'would overflow the stack; cut the recursion off with a serial case',
        );
      }
      const argc = arena.argc(r);
      const v = this.table(
        arena.fn(r),
        this.ctx,
        this.shared,
        argc,
        argc > 0 ? arena.arg(r, 0) : 0,
        argc > 1 ? arena.arg(r, 1) : 0,
        argc > 2 ? arena.arg(r, 2) : 0,
        argc > 3 ? arena.arg(r, 3) : 0,
        argc > 4 ? arena.arg(r, 4) : 0,
        argc > 5 ? arena.arg(r, 5) : 0,
      );
      if (v !== undefined && typeof v !== 'number') {
        throw new TypeError(
          typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function'
            ? 'The task returned a promise: task functions must be synchronous and return a number or undefined'
            : `The task must return a number or undefined: received ${describe(v)}`,
        );
      }
      if (arena.pending(r) !== 0) this.helpUntil(r); // the implicit taskwait at a task's end
      if (this.failed) throw REGION_STOPPED;
      if (queued)
        arena.finish(r, v as number | undefined); // T6
      else arena.finishHere(r, v as number | undefined);
    } catch (e) {
      // Plain stores only (no allocation, no call): after a stack overflow this catch may have almost no stack left.
      if (e !== REGION_STOPPED && !this.failed) {
        this.at.index = taskIndex(r);
        this.failedDepth = this.depth;
        this.errorValue = e;
        this.failed = true;
      }
      throw e;
    } finally {
      this.current = saved;
      this.frameBase = savedBase;
      this.waited = savedWaited;
      this.top = savedTop; // frees r's children (all finished, or the call is failing)
      this.depth--;
    }
  }

  /** The first error, on a shallow stack again: a stack overflow is explained. */
  private firstError(): unknown {
    const e = this.errorValue;
    this.errorValue = undefined;
    return isStackOverflow(e) ? this.overflow(this.failedDepth) : e;
  }

  /** The error for a task that ran out of stack `depth` tasks deep: what happened, and the ways out. */
  private overflow(depth: number): RangeError {
    return new RangeError(
      `Tasks nested ${depth} deep ran out of stack on thread ${this.threadId}` +
        (this.region.caller ? " (the calling thread of a sync call: its stack is the program's; the async form runs on workers)" : '') +
        ": cut the recursion off with a serial case, or raise the stack size (node --stack-size, or the team's resourceLimits.stackSizeMb)",
    );
  }

  /** Whether helpUntil(r) may return: r has no pending children; DONE (r = UNTIL_DONE); every thread at this barrier (r = BARRIER). */
  private settled(r: number): boolean {
    const arena = this.arena;
    return r >= 0 ? arena.pending(r) === 0 : r === UNTIL_DONE ? arena.done() : arena.arrived() >= this.barriers * this.T;
  }

  /**
   * Take and run tasks until settled(r): this thread's own deque first, then
   * the others' (T5), polling for the region's budget and then sleeping in
   * slices (T7).
   */
  helpUntil(r: number): void {
    const arena = this.arena;
    const region = this.region;
    const T = this.T;
    const me = this.threadId;
    let idle = 0;
    for (;;) {
      if (this.settled(r)) return;
      // The calling thread of a sync call with a timeout enforces it itself: no timer can fire while it runs tasks.
      if (this.deadline !== Infinity && now() > this.deadline) region.onDeadline();
      if (this.failed || region.stopped()) throw REGION_STOPPED;
      // Deep on the caller's small stack, with workers to take them, leave the tasks to the workers.
      const take = !(region.caller && T > 1 && this.depth >= CALLER_DEPTH);
      let x = take ? arena.pop(me) : NO_TASK;
      for (let k = 1; take && x === NO_TASK && k < T; k++) x = arena.steal((me + k) % T);
      if (x !== NO_TASK) {
        this.execute(x, true);
        idle = 0;
        continue;
      }
      if (++idle < region.spins) continue;
      const ticket = arena.sleepTicket();
      if (this.settled(r) || arena.anyQueued() || region.stopped()) {
        arena.cancelSleep();
      } else {
        arena.sleep(ticket, SLICE_MS);
      }
    }
  }
}

/** V8's error for a full stack (a RangeError; other engines use other classes and messages, see test/tasks.test.ts). */
function isStackOverflow(e: unknown): boolean {
  // No regular expression: compiling one needs stack this catch may not have.
  if (!(e instanceof RangeError)) return false;
  const m = e.message;
  return typeof m === 'string' && (m.indexOf('call stack') >= 0 || m.indexOf('too much recursion') >= 0);
}
