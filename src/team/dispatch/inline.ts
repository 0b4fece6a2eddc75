/**
 * The inline mode: a loop called from inside a loop body (a kernel module
 * that calls parallelFor) runs serially on that thread, as thread 0 of 1, as
 * OpenMP runs a nested region with nesting off. The body is the function the
 * caller holds (it runs on the thread that has it, so it is not shipped as
 * source); kernels and wasm kernels are loaded as a sync loop's thread 0
 * loads them. Its errors are built as the team's are (region.ts, errorFor),
 * and its value as the team's is (result.ts).
 */

import { BLOCK_SLOTS, FaultKind } from '../../core/layout.js';
import { isKernel } from '../../data/kernel.js';
import { isWasmKernel } from '../../data/wasm-kernel.js';
import { math } from '../../intrinsics.js';
import { blockCount, blockSize, runBlocks } from '../../kinds/blocks.js';
import { IN_INIT, IN_MERGE, isSearch, NO_HIT, type Runner, type ThrowSite } from '../../kinds/kind.js';
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
  const local = call.local;
  const inner = runnerFor(fn, call.kind, undefined, call.reduction?.combiner, false, local !== undefined);
  // A deterministic reduction runs the same blocks as on the team, so it gives the same bits (kinds/blocks.ts).
  const blocks = call.reduction?.deterministic === true;
  const units = blocks ? blockCount(n, BLOCK_SLOTS) : n;
  const run: Runner = blocks ? (lo, hi, sh, cx, at, aux) => runBlocks(inner, lo, hi, sh, cx, at, aux) : inner;
  const at: ThrowSite = { index: NaN, hi: NaN };
  // Every block runs here: its value needs no starting identity.
  const values = blocks ? new Float64Array(units) : undefined;
  const aux = fillAux(newAux(), values ?? call.out ?? call.space.array, {
    start,
    // A search's partial starts at NO_HIT, as on the team (call.ts, descriptorParams).
    param0: isSearch(kind) ? NO_HIT : (call.reduction?.identity ?? params?.[0] ?? 0),
    param1: blocks ? blockSize(n, BLOCK_SLOTS) : (params?.[1] ?? 0),
    param2: blocks ? start + n : (params?.[2] ?? 0),
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
    if (local !== undefined) {
      at.hi = IN_INIT;
      aux.local = local.init(ctx as never, shared as never);
      at.hi = NaN;
    }
    if (kind.wholeChunks || kind.regionContext) run(start, start + n, shared, ctx, at, aux);
    else {
      // In pieces, so that ctx.cancel() stops the loop between two of them (a deterministic reduction's count blocks).
      const end = start + units;
      for (let lo = start; lo < end && !inlineCancelled(); lo += INLINE_PIECE)
        run(lo, math.min(lo + INLINE_PIECE, end), shared, ctx, at, aux);
    }
    if (local?.merge !== undefined) {
      at.index = NaN;
      at.hi = IN_MERGE;
      local.merge(aux.local as never, shared as never, ctx as never);
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
  const plan = { schedule: 0, start, n: units, chunk: 0, numChunks: 1, threads: 1 };
  return finish(kind, plan, false, call.out, call.reduction, { partials: n === 0 ? [] : [aux.acc], blocks: values });
}
