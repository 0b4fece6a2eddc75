/**
 * parallelTasks called inside a loop body or a task (a kernel module that
 * calls it): the whole tree runs on this thread, as a team of one, with the
 * caller's own functions (nothing is shipped). Same scheduler, same errors,
 * same value as on the team; each nesting level has an arena of its own.
 */
import { FaultKind } from '../../core/layout.js';
import { TaskArena } from '../../core/tasks.js';
import type { ThrowSite } from '../../kinds/kind.js';
import type { Platform } from '../../platform/types.js';
import { ownTask, type TaskTable, tableOf } from '../bodies/tasks.js';
import { rebuild } from '../error-wire.js';
import { type TaskRegion, TaskScheduler } from '../thread/tasks.js';
import type { Call } from './call.js';
import { errorFor, type TaskSite } from './region.js';

/** One arena and scheduler per nesting level of inline calls on this thread, made on first use. */
const levels: { arena: TaskArena; scheduler: TaskScheduler }[] = [];
let depth = 0;

/** Nothing stops an inline call but its own tasks' errors; an abort is checked before it starts. */
const INLINE: TaskRegion = { stopped: () => false, deadline: Infinity, onDeadline() {}, onSleep() {}, spins: 0, caller: false };

export function runTasksInline(call: Call, platform: Platform): number | undefined {
  if (call.signal?.aborted) throw call.signal.reason;
  const level = enterInlineTasks(call.body, platform);
  const { arena, scheduler } = level;
  const root = call.root;
  arena.reset(root.fn, root.argc, root.args);
  const at: ThrowSite = { index: NaN };
  try {
    scheduler.prepare(1).run(level.table, call.shared ?? {}, at);
  } catch (e) {
    const fault = { kind: FaultKind.BODY, threadId: 0, worker: -1, exitCode: 0, index: at.index, hi: NaN };
    throw errorFor(fault, { cause: rebuild(e), stop: undefined, timeout: undefined, exitCode: undefined, task: level.describe });
  } finally {
    level.leave();
  }
  return arena.result(0);
}

export interface InlineTasks {
  arena: TaskArena;
  scheduler: TaskScheduler;
  table: TaskTable;
  /** The task in record r, for its error. */
  describe(r: number): TaskSite;
  /** Give the level back (after the call, however it ended). */
  leave(): void;
}

/**
 * Take this thread's next inline level for a call with task object `tasks`
 * (parallelTasks inline, or a region with tasks run inline): the table is
 * made of the caller's own functions, kernels imported synchronously.
 */
export function enterInlineTasks(tasks: unknown, platform: Platform): InlineTasks {
  const t = tasks as Record<string, unknown>;
  const names = Object.keys(t);
  const fns = names.map((name) => ownTask(t[name], name, (url) => platform.importSync(url)));
  const table = tableOf(fns, names);
  if (levels[depth] === undefined) {
    const arena = TaskArena.create(1);
    levels[depth] = { arena, scheduler: new TaskScheduler(arena, 0, INLINE) };
  }
  const { arena, scheduler } = levels[depth]!;
  depth++;
  return {
    arena,
    scheduler,
    table,
    describe: (r) => {
      const args: number[] = [];
      for (let k = 0; k < arena.argc(r); k++) args.push(arena.arg(r, k));
      return { name: names[arena.fn(r)] ?? '', args };
    },
    leave: () => {
      depth--;
    },
  };
}
