/**
 * A loop call's arguments, read once into a Call (team/dispatch/call.ts):
 * the one place they are validated. Everything it needs comes from the loop
 * kind's record (kinds/table.ts) and its argument shape's (kinds/shape.ts):
 * where the body and the options sit, how the leading arguments give the
 * iteration space, which options the kind takes, which schedules it allows.
 * Nothing here touches a team: the engine registers the body, plans (with
 * what `auto` learned) and runs the call.
 */
import { isKernel } from '../data/kernel.js';
import { isWasmKernel } from '../data/wasm-kernel.js';
import { describe } from '../describe.js';
import { type LoopKind, unreachable } from '../kinds/kind.js';
import { SHAPES, type Shape } from '../kinds/shape.js';
import { KIND_IDS, KINDS, type KindId } from '../kinds/table.js';
import { parseSchedule, type RuntimeSpec, type ScheduleSpec, withChunk } from '../schedule/parse.js';
import { type Call, MAX_TASK_ARGS, type OptionsRecord, type TaskRoot } from '../team/dispatch/engine.js';
import {
  checkSignal,
  checkTimeout,
  outputArray,
  readLocal,
  readOptions,
  readOrdered,
  readProgress,
  readTrace,
  readVerbose,
  reduction,
  resolveThreads,
} from './validate.js';
import { reporter } from './verbose.js';
import { checkWasmCall, leadRanges } from './wasm-call.js';

/** Options every loop function takes besides the core ones. */
const COMMON = ['verbose', 'onProgress'];

/** What a call reads of its kind's record, worked out once per kind rather than on every call. */
const READ = Object.fromEntries(
  KIND_IDS.map((id) => {
    const k = KINDS[id];
    return [
      id,
      {
        keys: [...COMMON, ...k.options],
        op: k.options.includes('op'),
        out: k.options.includes('out'),
        trace: k.options.includes('trace'),
        ordered: k.options.includes('ordered'),
        local: k.options.includes('init'),
      },
    ];
  }),
) as unknown as Record<KindId, { keys: readonly string[]; op: boolean; out: boolean; trace: boolean; ordered: boolean; local: boolean }>;

/** The schedule a loop runs with when it names none. */
const STATIC: ScheduleSpec = Object.freeze({ name: 'static', chunk: undefined });
/** The searches' default (parallelFind and the rest), and what their `chunk` alone means. */
const AUTO: ScheduleSpec = Object.freeze({ name: 'auto', chunk: undefined });
const DYNAMIC: ScheduleSpec = Object.freeze({ name: 'dynamic', chunk: undefined });

/** What parseCall needs from outside the arguments. */
export interface CallContext {
  /** Threads in the team the call will run on. */
  teamSize: number;
  /** OMP_SCHEDULE, read when a call needs it (api/defaults.ts). */
  runtime(): RuntimeSpec | undefined;
}

/**
 * Argument `k` of a call (a loop function takes at most four: its leading
 * arguments, the body, the options). Passed one by one rather than as an
 * array, so a call allocates no argument list.
 */
export function argument(k: number, a0: unknown, a1: unknown, a2: unknown, a3: unknown): unknown {
  return k === 0 ? a0 : k === 1 ? a1 : k === 2 ? a2 : k === 3 ? a3 : undefined;
}

/** The argument that holds a call's options, for a kind of loop (the argument after its body). */
export function optionsOf(id: KindId, a0: unknown, a1: unknown, a2: unknown, a3: unknown): unknown {
  const shape = SHAPES[KINDS[id].shape] as Shape;
  return argument(shape.options ?? shape.leading + 1, a0, a1, a2, a3);
}

/**
 * Validate the arguments of a call of `fn` (a loop of kind `id`) and read them
 * into `call` (a Call the engine lent, all its fields refilled here), in one
 * pass: TypeError for a wrong type or shape, RangeError for a value out of
 * range, each naming `fn` and the value received.
 */
export function parseCall(fn: string, id: KindId, cx: CallContext, a0: unknown, a1: unknown, a2: unknown, a3: unknown, call: Call): Call {
  const kind = KINDS[id];
  const shape = SHAPES[kind.shape] as Shape;
  const has = READ[id];
  const o = readOptions(fn, argument(shape.options ?? shape.leading + 1, a0, a1, a2, a3), has.keys, call.options);
  const threads = resolveThreads(fn, o.threads, cx.teamSize);
  const space = shape.space(fn, a0, a1, threads, call.space);
  const schedule = scheduleOf(fn, kind, o);
  const body = argument(shape.leading, a0, a1, a2, a3);
  if (kind.tasks) readRoot(fn, body, a1, a2, call.root);
  else checkBody(fn, kind, body);
  if (isWasmKernel(body)) checkWasmCall(fn, kind, body, space.n === 0 ? undefined : leadRanges(kind, space, threads));
  call.fn = fn;
  call.kind = id;
  call.schedule = schedule;
  // OMP_SCHEDULE matters to a loop that says `runtime`, and to a region, whose ctx.loop may.
  call.runtime = schedule.name === 'runtime' || kind.regionContext ? cx.runtime() : undefined;
  call.threads = threads;
  call.reduction = has.op ? reduction(fn, o, call.reduced) : undefined;
  call.out = has.out ? outputArray(fn, o.out, space.n, kind.bigint) : undefined;
  call.body = body;
  call.tasks = kind.regionContext ? o.tasks : undefined;
  call.shared = o.shared as object | undefined;
  call.signal = checkSignal(fn, o.signal);
  call.timeout = checkTimeout(fn, o.timeout);
  call.trace = has.trace && readTrace(fn, o.trace);
  call.ordered = has.ordered && readOrdered(fn, o.ordered, space.n);
  if (call.ordered && call.reduction?.deterministic) {
    throw new RangeError(
      `Cannot run ${fn} with both 'ordered' and 'deterministic': a deterministic reduction hands out fixed blocks, not the schedule's chunks`,
    );
  }
  call.local = has.local ? readLocal(fn, o.init, o.merge, call.localFns) : undefined;
  if (call.local !== undefined && isWasmKernel(body)) {
    throw new TypeError(
      `Cannot run ${fn} with 'init' on a wasm kernel: its export cannot receive per-thread state (use a function or a kernel())`,
    );
  }
  call.observer = reporter(fn, space.n, readVerbose(fn, o.verbose), readProgress(fn, o.onProgress));
  return call;
}

/** `Cannot run ${fn}`, made once per function name: a call with a schedule builds no string. */
const PREFIXES = new Map<string, string>();
function prefixOf(fn: string): string {
  let p = PREFIXES.get(fn);
  if (p === undefined) {
    p = `Cannot run ${fn}`;
    PREFIXES.set(fn, p);
  }
  return p;
}

/** The schedule, read with the one grammar (schedule/parse.ts), under the kind's rule. */
function scheduleOf(fn: string, kind: LoopKind, o: OptionsRecord): ScheduleSpec {
  if (o.schedule === undefined && o.chunk === undefined) return kind.schedules === 'monotonic' ? AUTO : STATIC; // no message to build
  const prefix = prefixOf(fn);
  switch (kind.schedules) {
    case 'any':
      return withChunk(o.schedule === undefined ? STATIC : parseSchedule(o.schedule, prefix), o.chunk, prefix, o.schedule);
    case 'none':
      if (o.schedule !== undefined || o.chunk !== undefined) {
        const why = kind.tasks
          ? 'its tasks go to whichever thread is free (use ctx.taskloop() to divide a range)'
          : 'every thread runs the region once (use ctx.loop() inside it)';
        throw new TypeError(`${prefix} with 'schedule' or 'chunk': ${why}`);
      }
      return STATIC;
    case 'static': {
      const spec = o.schedule === undefined ? STATIC : parseSchedule(o.schedule, prefix);
      if (spec.name !== 'static' || spec.chunk !== undefined || o.chunk !== undefined) {
        const what = o.chunk !== undefined ? `chunk ${o.chunk}` : `schedule ${JSON.stringify(o.schedule)}`;
        throw new RangeError(
          `${prefix} with ${what}: it runs under plain 'static' only (thread t takes the t-th contiguous block, so the blocks' totals combine in order)`,
        );
      }
      return STATIC;
    }
    case 'monotonic': {
      const spec = withChunk(o.schedule === undefined ? DYNAMIC : parseSchedule(o.schedule, prefix), o.chunk, prefix, o.schedule);
      if (spec.name !== 'dynamic' && spec.name !== 'guided' && spec.name !== 'auto') {
        throw new RangeError(
          `${prefix} with schedule ${JSON.stringify(o.schedule)}: it runs under 'dynamic', 'guided' or 'auto' (the default) only, whose chunks are claimed in order, so that a hit stops every chunk above it and none below`,
        );
      }
      return spec;
    }
    default:
      return unreachable(kind.schedules, 'schedule rule');
  }
}

/** A body: a function (whose source the engine checks as it registers it), a kernel, or a wasm kernel. */
function checkBody(fn: string, kind: LoopKind, body: unknown): void {
  if (typeof body === 'function' || isKernel(body) || isWasmKernel(body)) return;
  throw new TypeError(
    `Cannot run ${fn} as the loop body must be a function ${kind.signature}, a kernel(url, name) or a wasm kernel: received ${describe(body)}`,
  );
}

/**
 * parallelTasks' root: `root` names a task of `tasks` (an object: its entries
 * are checked as the table is registered) and `args` is an array of at most
 * MAX_TASK_ARGS numbers. Read into `out`: the root's index among the task
 * names (Object.keys order, as the table is shipped) and its arguments.
 */
function readRoot(fn: string, tasks: unknown, root: unknown, args: unknown, out: TaskRoot): void {
  if (typeof tasks !== 'object' || tasks === null || Array.isArray(tasks)) {
    throw new TypeError(
      `Cannot run ${fn} as 'tasks' must be an object of named task functions { name: (ctx, shared, ...args) => number }: received ${describe(tasks)}`,
    );
  }
  const names = Object.keys(tasks);
  const id = typeof root === 'string' ? names.indexOf(root) : -1;
  if (id < 0) {
    throw new TypeError(
      `Cannot run ${fn} as 'root' must name one of its tasks (${names.map((n) => `'${n}'`).join(', ')}): received ${describe(root)}`,
    );
  }
  const list = args === undefined ? [] : args;
  if (!Array.isArray(list)) throw new TypeError(`Cannot run ${fn} as 'args' must be an array of numbers: received ${describe(args)}`);
  if (list.length > MAX_TASK_ARGS) {
    throw new RangeError(`Cannot run ${fn} as a task takes at most ${MAX_TASK_ARGS} arguments: received ${list.length}`);
  }
  for (let k = 0; k < list.length; k++) {
    if (typeof list[k] !== 'number')
      throw new TypeError(`Cannot run ${fn} as 'args[${k}]' must be a number: received ${describe(list[k])}`);
  }
  // A wasm task takes the export's parameters that are not bound (team/bodies/tasks.ts checks the rest as it registers the table).
  const f = (tasks as Record<string, unknown>)[root as string];
  const lead = isWasmKernel(f) ? f.arity - f.args.length : undefined;
  if (lead !== undefined && list.length !== lead) {
    throw new TypeError(
      `Cannot run ${fn} as root task '${root as string}' is a wasm kernel that takes ${lead} argument${lead === 1 ? '' : 's'}: received ${list.length}`,
    );
  }
  out.fn = id;
  out.name = root as string;
  out.argc = list.length;
  for (let k = 0; k < MAX_TASK_ARGS; k++) out.args[k] = k < list.length ? (list[k] as number) : 0;
}
