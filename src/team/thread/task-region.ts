/**
 * What a thread's task runner (task-runner.ts) asks of the region around it,
 * its limits, and how it reports a failed task: the record in a fault's
 * index, and the errors for a chain too deep or a stack that ran out.
 */
import type { TaskTable } from '../bodies/tasks.js';

/** The table a runner holds between calls. */
export const NO_TABLE: TaskTable = Object.assign(() => undefined, { taskNames: [] as readonly string[] });

/** Tasks nested on one thread's stack at most; a deeper chain fails with a clear error instead of a stack overflow. */
export const MAX_TASK_DEPTH = 2000;
/** Tasks nested on a sync call's calling thread past which, with workers beside it, it runs no more tasks while it waits. */
export const CALLER_DEPTH = 200;
/** How long an idle thread sleeps before it looks at STOP and its deadline again. */
export const SLICE_MS = 20;

/** helpUntil's targets other than a record: DONE (a parallelTasks call's idle threads), and the current task barrier. */
export const UNTIL_DONE = -1;
export const BARRIER = -2;

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
  /** Called before an idle wait sleeps (the calling thread looks for dead workers there where no watcher does). */
  onSleep(): void;
  /** Polls before an idle wait sleeps (the wait policy's budget for this region). */
  spins: number;
  /**
   * True on the calling thread of a sync call: its stack is the program's
   * (about 1 MB on Node's main thread, against a worker's 4 MB), so past
   * CALLER_DEPTH it leaves new tasks to the workers (when there are any).
   */
  readonly caller: boolean;
}

/** The error for a chain of tasks nested more than MAX_TASK_DEPTH deep on thread `threadId`. */
export function tooDeep(threadId: number): RangeError {
  return new RangeError(
    `Tasks nested more than ${MAX_TASK_DEPTH} deep on thread ${threadId}: a chain of spawns and waits this deep ` +
      'would overflow the stack; cut the recursion off with a serial case',
  );
}

/** The error for a task that ran out of stack `depth` tasks deep: what happened, and the ways out. */
export function outOfStack(threadId: number, depth: number, caller: boolean): RangeError {
  return new RangeError(
    `Tasks nested ${depth} deep ran out of stack on thread ${threadId}` +
      (caller ? " (the calling thread of a sync call: its stack is the program's; the async form runs on workers)" : '') +
      ": cut the recursion off with a serial case, or raise the stack size (node --stack-size, or the team's resourceLimits.stackSizeMb)",
  );
}

/** V8's error for a full stack (a RangeError; other engines use other classes and messages, see test/tasks.test.ts). */
export function isStackOverflow(e: unknown): boolean {
  // No regular expression: compiling one needs stack this catch may not have.
  if (!(e instanceof RangeError)) return false;
  const m = e.message;
  return typeof m === 'string' && (m.indexOf('call stack') >= 0 || m.indexOf('too much recursion') >= 0);
}
