/**
 * The ctx a task function receives (parallelTasks), and the task methods a
 * region's ctx shares with it (parallel(region, { tasks })): spawn, wait,
 * result, join and taskloop, each a closure over the thread's scheduler, so
 * a task may take them off ctx. spawn checks its arguments here and hands
 * them on one by one, so a spawn allocates nothing.
 */
import { atomicAdd } from '../../core/atomic-add.js';
import { MAX_TASK_ARGS } from '../../core/tasks.js';
import { describe } from '../../describe.js';
import { isSafeInteger, math } from '../../intrinsics.js';
import type { TaskRunner as TaskScheduler } from './task-runner.js';

export interface TaskContext extends TaskMethods {
  readonly threadId: number;
  readonly numThreads: number;
  readonly atomicAdd: typeof atomicAdd;
}

/** How ctx.taskloop() cuts its range: chunks of about `grainsize` iterations, or `numTasks` tasks; `args` follow lo and hi. */
export interface TaskloopOptions {
  grainsize?: number;
  numTasks?: number;
  args?: readonly number[];
}

export interface TaskMethods {
  spawn(name: string, ...args: number[]): number;
  wait(): void;
  result(handle: number): number | undefined;
  join(a: string, argsA: readonly number[], b: string, argsB: readonly number[]): [number | undefined, number | undefined];
  taskloop(start: number, end: number, name: string, options?: TaskloopOptions): void;
}

export function makeTaskContext(s: TaskScheduler, threadId: number, numThreads: number): TaskContext {
  return Object.freeze({ threadId, numThreads, atomicAdd, ...taskMethods(() => s, numThreads) });
}

/**
 * The task methods over the scheduler `get()` returns (a region's ctx asks
 * for the one its region runs with; undefined when the region has no tasks,
 * and then each method says how to give it some).
 */
export function taskMethods(get: () => TaskScheduler | undefined, numThreads: number): TaskMethods {
  const sched = (what: string): TaskScheduler => {
    const s = get();
    if (s === undefined) {
      throw new TypeError(`Cannot call ctx.${what}() as this region has no tasks: pass them as parallel(region, { tasks: { name: fn } })`);
    }
    return s;
  };
  function spawn(
    name: string,
    a0?: unknown,
    a1?: unknown,
    a2?: unknown,
    a3?: unknown,
    a4?: unknown,
    a5?: unknown,
    extra?: unknown,
  ): number {
    const s = sched('spawn');
    // The common shapes first: no argument, or one number.
    if (a1 === undefined && extra === undefined) {
      if (a0 === undefined) return s.spawn(name, 0, 0, 0, 0, 0, 0, 0);
      if (typeof a0 === 'number') return s.spawn(name, 1, a0, 0, 0, 0, 0, 0);
    }
    if (extra !== undefined) throw new RangeError(`Cannot spawn ${describe(name)} with more than ${MAX_TASK_ARGS} arguments`);
    const argc =
      a5 !== undefined
        ? 6
        : a4 !== undefined
          ? 5
          : a3 !== undefined
            ? 4
            : a2 !== undefined
              ? 3
              : a1 !== undefined
                ? 2
                : a0 !== undefined
                  ? 1
                  : 0;
    if (
      argc > 0 &&
      (typeof a0 !== 'number' ||
        (argc > 1 && typeof a1 !== 'number') ||
        (argc > 2 && typeof a2 !== 'number') ||
        (argc > 3 && typeof a3 !== 'number') ||
        (argc > 4 && typeof a4 !== 'number') ||
        (argc > 5 && typeof a5 !== 'number'))
    ) {
      const args = [a0, a1, a2, a3, a4, a5].slice(0, argc);
      throw new TypeError(
        `Cannot spawn ${describe(name)} as task arguments must be numbers: received (${args.map((a) => describe(a)).join(', ')})`,
      );
    }
    return s.spawn(
      name,
      argc,
      argc > 0 ? (a0 as number) : 0,
      argc > 1 ? (a1 as number) : 0,
      argc > 2 ? (a2 as number) : 0,
      argc > 3 ? (a3 as number) : 0,
      argc > 4 ? (a4 as number) : 0,
      argc > 5 ? (a5 as number) : 0,
    );
  }
  // Two frames between the task and helpUntil: a chain of tasks nests these per level.
  const wait = () => {
    sched('wait').waitChildren();
  };
  const result = (h: number) => sched('result').result(h);
  return {
    spawn: spawn as TaskMethods['spawn'],
    wait,
    result,
    join(a: string, argsA: readonly number[], b: string, argsB: readonly number[]): [number | undefined, number | undefined] {
      if (!Array.isArray(argsA) || !Array.isArray(argsB)) {
        throw new TypeError(
          `Cannot join '${a}' and '${b}' as their arguments must be arrays of numbers: received ${describe(argsA)}, ${describe(argsB)}`,
        );
      }
      const hb = spawn(b, ...(argsB as unknown[]));
      const ha = spawn(a, ...(argsA as unknown[]));
      wait();
      return [result(ha), result(hb)];
    },
    taskloop(start: number, end: number, name: string, options?: TaskloopOptions): void {
      const s = sched('taskloop');
      const { grain, extra: a } = taskloopPlan(start, end, name, options, numThreads);
      // OpenMP's taskloop: the chunks as tasks, then a wait (its implicit taskgroup).
      for (let lo = start; lo < end; lo += grain) {
        const hi = math.min(lo + grain, end);
        s.spawn(name, 2 + a.length, lo, hi, a[0] ?? 0, a[1] ?? 0, a[2] ?? 0, a[3] ?? 0);
      }
      s.waitChildren();
    },
  };
}

const NO_ARGS: readonly number[] = [];

/** ctx.taskloop()'s arguments, checked: the chunk length, and the numbers that follow lo and hi. */
function taskloopPlan(start: number, end: number, name: unknown, o: TaskloopOptions | undefined, threads: number) {
  const prefix = `Cannot run ctx.taskloop(${describe(start)}, ${describe(end)}, ${describe(name)})`;
  if (!isSafeInteger(start) || !isSafeInteger(end)) throw new RangeError(`${prefix} as start and end must be safe integers`);
  if (typeof name !== 'string') throw new TypeError(`${prefix} as its task must be named by a string`);
  if (o !== undefined && (typeof o !== 'object' || o === null)) {
    throw new TypeError(`${prefix} as its options must be { grainsize } or { numTasks }: received ${describe(o)}`);
  }
  const { grainsize, numTasks, args = NO_ARGS } = o ?? {};
  if (grainsize !== undefined && numTasks !== undefined) throw new TypeError(`${prefix} with both grainsize and numTasks: give one`);
  for (const [k, v] of [
    ['grainsize', grainsize],
    ['numTasks', numTasks],
  ] as const) {
    if (v !== undefined && (!isSafeInteger(v) || v < 1))
      throw new RangeError(`${prefix} as ${k} must be a positive integer: received ${describe(v)}`);
  }
  if (!Array.isArray(args) || args.length > MAX_TASK_ARGS - 2 || args.some((x) => typeof x !== 'number')) {
    throw new TypeError(
      `${prefix} as args must be an array of at most ${MAX_TASK_ARGS - 2} numbers (lo and hi come first): received ${describe(args)}`,
    );
  }
  const n = end > start ? end - start : 0;
  // Default: one task per thread, as libgomp does when neither is given.
  const tasks = numTasks ?? (grainsize === undefined ? threads : math.ceil(n / grainsize));
  const grain = grainsize ?? math.max(1, math.ceil(n / tasks));
  return { grain, extra: args };
}
