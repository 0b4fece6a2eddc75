/**
 * parallelSections: OpenMP's `sections` and TBB's `parallel_invoke`, several
 * different functions run once each, in parallel, riding on tasks: a root
 * task spawns one task per section, and any thread may run any of them.
 */

import { describe } from '../describe.js';

/** The root task's name in the table a call builds; the sections are `section0` … `section{n-1}`. */
export const SECTIONS_ROOT = 'parforSections';

/**
 * The root task, shipped to the threads as source like any task: it spawns
 * every section and returns once they have all finished (a task waits for
 * its children before it returns).
 */
const root = function parforSections(ctx: { spawn(name: string): number }, _shared: unknown, n: number): void {
  for (let k = 0; k < n; k++) ctx.spawn(`section${k}`);
};

/**
 * The task table for `sections` (checked: an array; each entry is checked as
 * a task function when the table is registered), and the root's arguments.
 */
export function sectionsTable(fn: string, sections: unknown): { table: Record<string, unknown>; args: [number] } {
  if (!Array.isArray(sections)) {
    throw new TypeError(
      `Cannot run ${fn} as its sections must be an array of functions (ctx, shared) => void, kernels or wasm kernels: received ${describe(sections)}`,
    );
  }
  const table: Record<string, unknown> = {};
  for (let k = 0; k < sections.length; k++) {
    if (!(k in sections)) throw new TypeError(`Cannot run ${fn} as section ${k} is missing: received a sparse array`);
    table[`section${k}`] = sections[k];
  }
  table[SECTIONS_ROOT] = root;
  return { table, args: [sections.length] };
}
