/**
 * One thread's task scheduler: the task runner (task-runner.ts), and a
 * parallel region with tasks (parallel(region, { tasks })), where each
 * thread's region code is an implicit task: its first record, begun with
 * beginRegion() and ended with endRegion(), which waits at a task barrier
 * until every thread's tasks have finished (T9 in core/README.md).
 */
import type { ThrowSite } from '../../kinds/kind.js';
import type { TaskTable } from '../bodies/tasks.js';
import { BARRIER } from './task-region.js';
import { TaskRunner } from './task-runner.js';

export type { TaskContext } from './task-context.js';
export { CALLER_DEPTH, MAX_TASK_DEPTH, recordOf, type TaskRegion, taskIndex } from './task-region.js';

export class TaskScheduler extends TaskRunner {
  /** Whether this thread is in a region with tasks (between beginRegion and endRegion). */
  private inRegion = false;

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
}
