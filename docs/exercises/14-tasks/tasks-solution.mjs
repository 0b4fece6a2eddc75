// Exercise 14's task functions and loop body, a solution. parallelTasks calls a task as
// name(ctx, shared, ...args); ctx.spawn(name, ...args) queues another, and ctx.wait() returns once
// this task's children are done (running queued tasks meanwhile, instead of idling).
import { kernel } from 'parfor';
import { fib, partition, quicksort } from './work.mjs';

/** One node's work. */
export function node(_ctx, { work, out }, p) {
  out[p] = fib(work[p]);
}

/** One thread walks the list and makes a task per node; idle threads steal them. */
export function walk(ctx, { next }, head) {
  for (let p = head; p !== -1; p = next[p]) ctx.spawn('node', p);
  ctx.wait();
}

/** The loop body for the other way: the k-th node of an array made by walking the list once. */
export function nodeAt(k, { nodes, work, out }) {
  const p = nodes[k];
  out[p] = fib(work[p]);
}

/** Partition, then sort each side as a task of its own; short ranges serially. */
export function qsort(ctx, { a, taskCutoff }, lo, hi) {
  if (hi - lo <= taskCutoff) {
    quicksort(a, lo, hi, 1000);
    return;
  }
  const m = partition(a, lo, hi);
  ctx.spawn('qsort', lo, m);
  ctx.spawn('qsort', m, hi);
  ctx.wait();
}

const here = new URL(import.meta.url);
export const tasks = { node: kernel(here, 'node'), walk: kernel(here, 'walk'), qsort: kernel(here, 'qsort') };
export const nodeAtBody = kernel(here, 'nodeAt');
