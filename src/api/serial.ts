/**
 * Serial execution of a loop on the current thread: what a loop called from
 * inside a loop body does (OpenMP with nesting disabled runs inner regions
 * with a team of one).
 */
import { isKernel } from '../data/kernel.js';
import { LoopBodyError } from '../errors.js';
import { kernelExport } from '../team/compile.js';
import { platform } from './defaults.js';

type Body = (i: number, shared: unknown, ctx: unknown) => void;

export function runSerial(start: number, end: number, body: unknown, shared: unknown): void {
  const fn: Body = isKernel(body)
    ? kernelExport(platform.importSync(body.url), body.url, body.name)
    : (body as Body);
  const ctx = { threadId: 0, numThreads: 1 };
  const values = shared ?? {};
  let i = start;
  try {
    for (; i < end; i++) fn(i, values, ctx);
  } catch (e) {
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new LoopBodyError(`The loop body threw at iteration ${i} on thread 0: ${msg}`, i, 0, e);
  }
}
