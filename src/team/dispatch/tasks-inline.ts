/**
 * parallelTasks called inside a loop body or a task (a kernel module that
 * calls it): the whole tree runs on this thread, as a team of one, with the
 * caller's own functions (nothing is shipped). Same scheduler, same errors,
 * same value as on the team; each nesting level has an arena of its own.
 */
import { FaultKind } from '../../core/layout.js';
import { TaskArena } from '../../core/tasks.js';
import { isKernel } from '../../data/kernel.js';
import type { ThrowSite } from '../../kinds/kind.js';
import type { Platform } from '../../platform/types.js';
import { kernelExport } from '../bodies/compile.js';
import { tableOf } from '../bodies/tasks.js';
import { rebuild } from '../error-wire.js';
import { type TaskRegion, TaskScheduler } from '../thread/tasks.js';
import type { Call } from './call.js';
import { errorFor } from './region.js';

/** One arena and scheduler per nesting level of inline calls on this thread, made on first use. */
const levels: { arena: TaskArena; scheduler: TaskScheduler }[] = [];
let depth = 0;

/** Nothing stops an inline call but its own tasks' errors; an abort is checked before it starts. */
const INLINE: TaskRegion = { stopped: () => false, deadline: Infinity, onDeadline() {}, spins: 0, caller: false };

export function runTasksInline(call: Call, platform: Platform): number | undefined {
  if (call.signal?.aborted) throw call.signal.reason;
  const tasks = call.body as Record<string, unknown>;
  const names = Object.keys(tasks);
  const fns = names.map((name) => {
    const f = tasks[name];
    return (isKernel(f) ? kernelExport(platform.importSync(f.url), f.url, f.name) : f) as (...a: never[]) => unknown;
  });
  const table = tableOf(fns, names);
  if (levels[depth] === undefined) {
    const arena = TaskArena.create(1);
    levels[depth] = { arena, scheduler: new TaskScheduler(arena, 0, INLINE) };
  }
  const { arena, scheduler } = levels[depth]!;
  const root = call.root;
  arena.reset(root.fn, root.argc, root.args);
  const at: ThrowSite = { index: NaN };
  depth++;
  try {
    scheduler.prepare(1).run(table, call.shared ?? {}, at);
  } catch (e) {
    const fault = { kind: FaultKind.BODY, threadId: 0, worker: -1, exitCode: 0, index: at.index, hi: NaN };
    const task = (r: number) => {
      const args: number[] = [];
      for (let k = 0; k < arena.argc(r); k++) args.push(arena.arg(r, k));
      return { name: names[arena.fn(r)] ?? '', args };
    };
    throw errorFor(fault, { cause: rebuild(e), stop: undefined, timeout: undefined, exitCode: undefined, task });
  } finally {
    depth--;
  }
  return arena.result(0);
}
