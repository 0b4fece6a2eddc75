/**
 * Task tables (parallelTasks): the object of named task functions a call
 * passes, as it travels to the threads (names, and each function's source or
 * kernel), and the one function each thread compiles from it, which calls
 * task `id` with its arguments through a switch, so that each task function
 * has a call site of its own.
 */

import { MAX_TASK_ARGS } from '../../core/tasks.js';
import { isKernel } from '../../data/kernel.js';
import { isWasmKernel } from '../../data/wasm-kernel.js';
import { describe } from '../../describe.js';
import { FunctionCtor } from '../../intrinsics.js';
import { compileSource, kernelExport } from './compile.js';

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

/** One task function as it reaches a thread: its source, or a kernel module's export. */
export type TaskEntry = { source: string } | { url: string; name: string };

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
    throw new TypeError(
      `Cannot run ${fn} as task '${name}' must be a function (ctx, shared, ...args) => number or a kernel(url, name): received ${describe(f)}` +
        (isWasmKernel(f) ? ' (wasm kernels are not yet accepted as task functions)' : ''),
    );
  });
  return { from: 'tasks', names, entries };
}

/** The URLs of the kernel modules a table needs imported. */
export function tasksUrls(def: TasksDef): string[] {
  const urls: string[] = [];
  for (const e of def.entries) if ('url' in e && !urls.includes(e.url)) urls.push(e.url);
  return urls;
}

/** The key the body registry knows a table by. */
export function tasksKey(def: TasksDef): string {
  return `t:${def.entries.map((e, k) => `${JSON.stringify(def.names[k])}=${'url' in e ? `k:${e.url}#${e.name}` : `f:${e.source}`}`).join('\u0000')}`;
}

/** Compile a table on this thread (`load` gives a kernel module's namespace, already imported). */
export function compileTasks(def: TasksDef, load: (url: string) => Record<string, unknown>): TaskTable {
  const fns = def.entries.map((e) => ('url' in e ? kernelExport(load(e.url), e.url, e.name) : compileSource(e.source)));
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
