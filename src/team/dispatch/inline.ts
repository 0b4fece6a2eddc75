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
import type { ThrowSite } from '../../kinds/kind.js';
import { SHAPES } from '../../kinds/shape.js';
import { KINDS } from '../../kinds/table.js';
import type { Platform } from '../../platform/types.js';
import { fillAux, kernelExport, newAux, runnerFor } from '../bodies/compile.js';
import { wasmBody } from '../bodies/wasm.js';
import { rebuild } from '../error-wire.js';
import { makeContext, soloRegionContext } from '../thread/context.js';
import { type Call, locate } from './call.js';
import { errorFor } from './region.js';
import { finish } from './result.js';
import { enterInlineTasks } from './tasks-inline.js';

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
    param0: call.reduction?.identity ?? params?.[0] ?? 0,
    param1: params?.[1] ?? 0,
    param2: params?.[2] ?? 0,
  });
  // A region with tasks: its region code is the implicit task of a team of one (the tasks run at its barriers).
  const tasks = kind.regionContext && call.tasks !== undefined ? enterInlineTasks(call.tasks, platform) : undefined;
  const shared = call.shared ?? {};
  try {
    const ctx = kind.regionContext ? soloRegionContext(call.runtime, tasks?.scheduler) : makeContext(0, 1);
    if (tasks !== undefined) {
      tasks.arena.resetRegion();
      tasks.scheduler.prepare(1).beginRegion(tasks.table, shared, at);
    }
    run(start, start + n, shared, ctx, at, aux);
    tasks?.scheduler.endRegion();
  } catch (e) {
    const cause = tasks === undefined ? e : tasks.scheduler.regionError(e);
    const fault = { kind: FaultKind.BODY, threadId: 0, worker: -1, exitCode: 0, index: at.index, hi: at.hi ?? NaN };
    throw locate(
      call,
      errorFor(fault, { cause: rebuild(cause), stop: undefined, timeout: undefined, exitCode: undefined, task: tasks?.describe }),
    );
  } finally {
    tasks?.leave();
  }
  return finish(kind, { schedule: 0, start, n, chunk: 0, numChunks: 1, threads: 1 }, false, call.out, call.reduction, {
    partials: n === 0 ? [] : [aux.acc],
  });
}
