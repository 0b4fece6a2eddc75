/**
 * The error a caller sees for a region's first fault (the fault slot in the
 * control block, plus the cause: the error a body threw, rebuilt here).
 */
import type { Fault } from '../core/control.js';
import { FaultKind } from '../core/layout.js';
import { BodySetupError, LoopBodyError, TimeoutError, WorkerExitError } from '../errors.js';
import { messageOf } from './error-wire.js';

export interface FaultContext {
  /** The body's error (or the kernel's load error), rebuilt on this thread. */
  cause: unknown;
  /** Why the region was stopped from this thread (an abort reason, a callback's error), when it was. */
  stop: { reason: unknown } | undefined;
  timeout: number | undefined;
  /** A dead worker's exit code, when known. */
  exitCode: number | undefined;
}

export function errorFor(f: Fault, c: FaultContext): unknown {
  switch (f.kind) {
    case FaultKind.BODY:
      return bodyError(f, c.cause);
    case FaultKind.SETUP:
      return new BodySetupError(`Cannot prepare the loop body on thread ${f.threadId}: ${messageOf(c.cause)}`, f.threadId, c.cause);
    case FaultKind.ABORT:
      return c.stop !== undefined ? c.stop.reason : new DOMException('The loop was aborted', 'AbortError');
    case FaultKind.TIMEOUT:
      return new TimeoutError(c.timeout ?? 0);
    case FaultKind.WORKER_EXIT: {
      const code = c.exitCode ?? (f.exitCode !== 0 ? f.exitCode : undefined);
      return new WorkerExitError(
        `Worker ${f.worker} (thread ${f.threadId}) exited during the loop` +
        (code !== undefined ? ` with code ${code}` : '') + '; it has been replaced',
        f.worker, f.threadId, code);
    }
    default:
      return null;
  }
}

function bodyError(f: Fault, cause: unknown): LoopBodyError {
  const chunk = Number.isNaN(f.hi) ? undefined : [f.index, f.hi] as [number, number];
  const where = chunk ? `in the chunk [${chunk[0]}, ${chunk[1]})` : `at iteration ${f.index}`;
  let msg = `The loop body threw ${where} on thread ${f.threadId}: ${messageOf(cause)}`;
  if (cause instanceof ReferenceError) {
    msg += ' (loop bodies run on other threads and cannot see variables from the scope around them: ' +
      "pass values through the 'shared' option, or import them in a kernel module)";
  }
  return new LoopBodyError(msg, chunk ? NaN : f.index, f.threadId, cause, chunk);
}
