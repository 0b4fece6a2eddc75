/**
 * One thread's task runner (parallelTasks): runs the root on thread 0,
 * steals on the others, and gives task functions their `ctx` (spawn, wait,
 * result, join). The shared words and every Atomics call are in
 * core/tasks.ts; the protocol's steps (T1-T9) are in core/README.md. What it
 * asks of the region around it, its limits and its errors are in
 * task-region.ts; a region's implicit tasks are added in tasks.ts.
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
import {
  CALLER_DEPTH,
  isStackOverflow,
  MAX_TASK_DEPTH,
  NO_TABLE,
  outOfStack,
  SLICE_MS,
  type TaskRegion,
  taskIndex,
  tooDeep,
  UNTIL_DONE,
} from './task-region.js';

export class TaskRunner {
  /** The running task's record (-1 between tasks). */
  protected current = -1;
  /** Free records on this thread's stack start here (an index into this thread's part). */
  protected top = 0;
  protected depth = 0;
  /** Where the running task's children start on this thread's record stack. */
  protected frameBase = 0;
  /**
   * The running task's children below this point of the record stack have
   * been waited for (ctx.wait, or a barrier of the region code): result()
   * reads only those, so a missing wait fails the same way whether the child
   * was queued, stolen or run at once.
   */
  protected waited = 0;
  /** Whether the running task has pushed a child (only then can its PENDING be above 0 when it returns). */
  private pushed = false;
  /** Tasks this thread took from other threads' deques, and times it slept waiting for tasks (team.stats). */
  steals = 0;
  sleeps = 0;
  protected readonly base: number;
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
  protected failed = false;
  private errorValue: unknown = undefined;
  private failedDepth = 0;
  /** Threads taking part in this call. */
  protected T = 1;
  /** A region with tasks: the task barriers this thread has passed in it (thread/tasks.ts, regionBarrier). */
  protected barriers = 0;
  /** The ctx task functions receive, per thread count (a call may use fewer threads than the team has). */
  private readonly contexts: TaskContext[] = [];
  private ctx: TaskContext;

  constructor(
    protected readonly arena: TaskArena,
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

  protected bind(table: TaskTable, shared: unknown, at: ThrowSite): void {
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

  protected unbind(): void {
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
      this.pushed = true;
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
    const savedPushed = this.pushed;
    this.pushed = false;
    this.current = r;
    this.frameBase = savedTop;
    this.waited = savedTop;
    this.depth++;
    try {
      if (this.depth > MAX_TASK_DEPTH) throw tooDeep(this.threadId);
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
      // The implicit taskwait at a task's end (only a task that pushed a child can have one pending:
      // a child run at once was never counted, and reading PENDING is an Atomics call).
      if (this.pushed && arena.pending(r) !== 0) this.helpUntil(r);
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
      this.pushed = savedPushed;
      this.top = savedTop; // frees r's children (all finished, or the call is failing)
      this.depth--;
    }
  }

  /** The first error, on a shallow stack again: a stack overflow is explained. */
  protected firstError(): unknown {
    const e = this.errorValue;
    this.errorValue = undefined;
    return isStackOverflow(e) ? outOfStack(this.threadId, this.failedDepth, this.region.caller) : e;
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
      for (let k = 1; take && x === NO_TASK && k < T; k++) {
        x = arena.steal((me + k) % T);
        if (x !== NO_TASK) this.steals++;
      }
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
        this.sleeps++;
        region.onSleep();
        arena.sleep(ticket, SLICE_MS);
      }
    }
  }
}
