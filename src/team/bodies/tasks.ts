/**
 * Task tables (parallelTasks): the object of named task functions a call
 * passes, as it travels to the threads (names, and each function's source or
 * kernel), and the one function each thread compiles from it, which calls
 * task `id` with its arguments through a switch, so that each task function
 * has a call site of its own.
 */

import { MAX_TASK_ARGS } from '../../core/tasks.js';
import { isKernel } from '../../data/kernel.js';
import { argText, isWasmKernel, type WasmKernel } from '../../data/wasm-kernel.js';
import { describe } from '../../describe.js';
import { FunctionCtor } from '../../intrinsics.js';
import { compileSource, kernelExport } from './compile.js';
import { type WasmDef, wasmTask } from './wasm.js';

/**
 * The compiled task table: calls task function `id` with `argc` of the
 * arguments a0-a5; `taskNames[id]` is its name.
 */
export type TaskTable = ((
  id: number,
  ctx: unknown,
  shared: unknown,
  argc: number,
  a0: number,
  a1: number,
  a2: number,
  a3: number,
  a4: number,
  a5: number,
) => unknown) & { readonly taskNames: readonly string[] };

/**
 * One task function as it reaches a thread: its source, a kernel module's
 * export, or a wasm kernel (a leaf task: called with its `lead` task
 * arguments, then the bound ones).
 */
export type TaskEntry = { source: string } | { url: string; name: string } | { wasm: WasmDef; lead: number };

/** A task table's definition (a BodyDef's `tasks` part). */
export interface TasksDef {
  from: 'tasks';
  names: string[];
  entries: TaskEntry[];
}

/**
 * Read a call's task object into a definition: own enumerable string keys,
 * each a function (shipped as its source) or a kernel(). TypeError otherwise,
 * naming the entry.
 */
export function tasksDef(
  tasks: unknown,
  sourceOf: (fn: (...a: never[]) => unknown, what: string) => string,
  fn = 'parallelTasks',
): TasksDef {
  if (typeof tasks !== 'object' || tasks === null || Array.isArray(tasks) || isKernel(tasks) || isWasmKernel(tasks)) {
    throw new TypeError(
      `Cannot run ${fn} as 'tasks' must be an object of named task functions { name: (ctx, shared, ...args) => number }: received ${describe(tasks)}`,
    );
  }
  const names = Object.keys(tasks);
  if (names.length === 0) throw new TypeError(`Cannot run ${fn} as 'tasks' has no task functions`);
  const entries = names.map((name): TaskEntry => {
    const f = (tasks as Record<string, unknown>)[name];
    if (typeof f === 'function') return { source: sourceOf(f as (...a: never[]) => unknown, `task '${name}'`) };
    if (isKernel(f)) return { url: f.url, name: f.name };
    if (isWasmKernel(f)) return wasmEntry(f, name, fn);
    throw new TypeError(
      `Cannot run ${fn} as task '${name}' must be a function (ctx, shared, ...args) => number, a kernel(url, name) or a wasm kernel: received ${describe(f)}`,
    );
  });
  return { from: 'tasks', names, entries };
}

/** The parameter and result types a task can pass and return: numbers. */
const NUMERIC = new Set(['i32', 'f32', 'f64']);

/**
 * A wasm kernel as task `name`: the export's parameters not bound with
 * `.with()` are the task's arguments (at most MAX_TASK_ARGS), each a number
 * type, and its result is one number or none. Checked when the types are
 * known; the argument count is checked at every call (wasmTask).
 */
function wasmEntry(k: WasmKernel, name: string, fn: string): TaskEntry {
  const lead = k.arity - k.args.length;
  const what = `Cannot run ${fn} with wasm export '${k.name}' as task '${name}'`;
  if (lead > MAX_TASK_ARGS) {
    throw new RangeError(`${what}: a task takes at most ${MAX_TASK_ARGS} arguments, and it leaves ${lead} unbound of its ${k.arity}`);
  }
  const bad = k.params?.slice(0, lead).find((t) => !NUMERIC.has(t));
  if (bad !== undefined) {
    throw new TypeError(`${what}: task arguments are numbers, and a parameter it leaves unbound is an ${bad} (bind it with .with())`);
  }
  if (k.results !== undefined && (k.results.length > 1 || (k.results.length === 1 && !NUMERIC.has(k.results[0]!)))) {
    throw new TypeError(`${what}: a task returns a number or nothing, and it returns ${k.results.join(', ')}`);
  }
  const { module, memory, key, args, imports } = k;
  return { wasm: { from: 'wasm', module, memory, key, name: k.name, args, imports }, lead };
}

/** The URLs of the kernel modules a table needs imported. */
export function tasksUrls(def: TasksDef): string[] {
  const urls: string[] = [];
  for (const e of def.entries) if ('url' in e && !urls.includes(e.url)) urls.push(e.url);
  return urls;
}

/** The key the body registry knows a table by. */
export function tasksKey(def: TasksDef): string {
  return `t:${def.entries.map((e, k) => `${JSON.stringify(def.names[k])}=${entryKey(e)}`).join('\u0000')}`;
}

function entryKey(e: TaskEntry): string {
  if ('wasm' in e) return `w:${e.wasm.key}#${e.wasm.name}(${e.wasm.args.map(argText).join(',')})`;
  return 'url' in e ? `k:${e.url}#${e.name}` : `f:${e.source}`;
}

/**
 * Task `name`'s function on this thread, from the caller's own value (a call
 * run inline, in a body): a function as it is, a kernel's export, a wasm
 * kernel's wrapper.
 */
export function ownTask(f: unknown, name: string, load: (url: string) => Record<string, unknown>): (...a: never[]) => unknown {
  if (isKernel(f)) return kernelExport(load(f.url), f.url, f.name);
  if (isWasmKernel(f)) {
    const e = wasmEntry(f, name, 'parallelTasks') as { wasm: WasmDef; lead: number };
    return wasmTask(e.wasm, e.lead, name);
  }
  return f as (...a: never[]) => unknown;
}

/** Compile a table on this thread (`load` gives a kernel module's namespace, already imported). */
export function compileTasks(def: TasksDef, load: (url: string) => Record<string, unknown>): TaskTable {
  const fns = def.entries.map((e, k) =>
    'wasm' in e ? wasmTask(e.wasm, e.lead, def.names[k]!) : 'url' in e ? kernelExport(load(e.url), e.url, e.name) : compileSource(e.source),
  );
  return tableOf(fns, def.names);
}

/** The table over task functions already in hand (a call run inline, in a body, passes the caller's own). */
export function tableOf(fns: ReadonlyArray<(...a: never[]) => unknown>, names: readonly string[]): TaskTable {
  let table: TaskTable | undefined;
  try {
    table = new FunctionCtor(
      'fns',
      `'use strict';\n${fns.map((_, k) => `const t${k} = fns[${k}];`).join('\n')}\n` +
        'return function parforTasks(id, ctx, shared, n, a0, a1, a2, a3, a4, a5) {\n  switch (id) {\n' +
        fns.map((_, k) => `    case ${k}: ${argcSwitch(`t${k}`)}`).join('\n') +
        '\n  }\n};',
    )(fns) as TaskTable;
  } catch {
    // eval is forbidden here (a strict CSP): the same calls, without a call site per task.
    const f = fns as ReadonlyArray<(...a: unknown[]) => unknown>;
    table = ((id: number, ctx: unknown, shared: unknown, n: number, ...a: number[]) => f[id]!(ctx, shared, ...a.slice(0, n))) as TaskTable;
  }
  return Object.assign(table, { taskNames: names });
}

/** The calls of task function `t` with 0 … MAX_TASK_ARGS arguments, so its `arguments.length` is what spawn was given. */
function argcSwitch(t: string): string {
  const args = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'].slice(0, MAX_TASK_ARGS);
  const calls = args.map((_, n) => `if (n === ${n}) return ${t}(ctx, shared${n ? `, ${args.slice(0, n).join(', ')}` : ''});`);
  return `${calls.join(' ')} return ${t}(ctx, shared, ${args.join(', ')});`;
}
