/**
 * The inline mode: a loop called from inside a loop body (a kernel module
 * that calls parallelFor) runs serially on that thread, as thread 0 of 1, as
 * OpenMP runs a nested region with nesting off. The body is the function the
 * caller holds (it runs on the thread that has it, so it is not shipped as
 * source); kernels and wasm kernels are loaded as a sync loop's thread 0
 * loads them. Its errors are built as the team's are (region.ts, errorFor),
 * and its value as the team's is (result.ts).
 */

import { FaultKind } from '../../core/layout.js';
import { isKernel } from '../../data/kernel.js';
import { isWasmKernel } from '../../data/wasm-kernel.js';
import { math } from '../../intrinsics.js';
import { isSearch, NO_HIT, type ThrowSite } from '../../kinds/kind.js';
import { SHAPES } from '../../kinds/shape.js';
import { KINDS } from '../../kinds/table.js';
import type { Platform } from '../../platform/types.js';
import { fillAux, kernelExport, newAux, runnerFor } from '../bodies/compile.js';
import { wasmBody } from '../bodies/wasm.js';
import { rebuild } from '../error-wire.js';
import { makeContext, soloRegionContext } from '../thread/context.js';
import { enterInlineCancel, enterInlineOrdered, inlineCancelled, leaveInlineCancel, leaveInlineOrdered } from '../thread/worksharing.js';
import { type Call, locate } from './call.js';
import { errorFor } from './region.js';
import { finish } from './result.js';
import { enterInlineTasks } from './tasks-inline.js';

/** Iterations an inline loop runs between two looks at ctx.cancel(). */
const INLINE_PIECE = 1024;

/** Run `call` here, serially; return the caller's value or throw the caller's error. */
export function runInline(call: Call, platform: Platform): unknown {
  const kind = KINDS[call.kind];
  const { start, params } = call.space;
  // A team of one: a region runs once (its space was sized for the team the call was made on).
  const n = SHAPES[kind.shape].perThread ? 1 : call.space.n;
  if (call.signal?.aborted) throw call.signal.reason;
  const body = call.body;
  const fn = (
    isKernel(body)
      ? kernelExport(platform.importSync(body.url), body.url, body.name)
      : isWasmKernel(body)
        ? wasmBody({ from: 'wasm', ...body }, kind)
        : body
  ) as (...a: never[]) => unknown;
  // A closure runner (no source text to compile: the function is the caller's own), with the combiner itself.
  const run = runnerFor(fn, call.kind, undefined, call.reduction?.combiner);
  const at: ThrowSite = { index: NaN, hi: NaN };
  const aux = fillAux(newAux(), call.out ?? call.space.array, {
    start,
    // A search's partial starts at NO_HIT, as on the team (call.ts, descriptorParams).
    param0: isSearch(kind) ? NO_HIT : (call.reduction?.identity ?? params?.[0] ?? 0),
    param1: params?.[1] ?? 0,
    param2: params?.[2] ?? 0,
  });
  // A region with tasks: its region code is the implicit task of a team of one (the tasks run at its barriers).
  const tasks = kind.regionContext && call.tasks !== undefined ? enterInlineTasks(call.tasks, platform) : undefined;
  const shared = call.shared ?? {};
  // ctx.ordered() of this loop: in order by itself on one thread; the outer loop's state comes back after.
  const outer = enterInlineOrdered(call.ordered);
  const outerCancel = enterInlineCancel();
  try {
    const ctx = kind.regionContext ? soloRegionContext(shared, call.runtime, tasks?.scheduler) : makeContext(0, 1);
    if (tasks !== undefined) {
      tasks.arena.resetRegion();
      tasks.scheduler.prepare(1).beginRegion(tasks.table, shared, at);
    }
    if (kind.wholeChunks || kind.regionContext) run(start, start + n, shared, ctx, at, aux);
    else {
      // In pieces, so that ctx.cancel() stops the loop between two of them.
      const end = start + n;
      for (let lo = start; lo < end && !inlineCancelled(); lo += INLINE_PIECE)
        run(lo, math.min(lo + INLINE_PIECE, end), shared, ctx, at, aux);
    }
    tasks?.scheduler.endRegion();
  } catch (e) {
    const cause = tasks === undefined ? e : tasks.scheduler.regionError(e);
    const fault = { kind: FaultKind.BODY, threadId: 0, worker: -1, exitCode: 0, index: at.index, hi: at.hi ?? NaN };
    throw locate(
      call,
      errorFor(fault, { cause: rebuild(cause), stop: undefined, timeout: undefined, exitCode: undefined, task: tasks?.describe }),
    );
  } finally {
    leaveInlineOrdered(outer);
    leaveInlineCancel(outerCancel);
    tasks?.leave();
  }
  return finish(kind, { schedule: 0, start, n, chunk: 0, numChunks: 1, threads: 1 }, false, call.out, call.reduction, {
    partials: n === 0 ? [] : [aux.acc],
  });
}
