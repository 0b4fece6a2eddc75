/**
 * The error a caller sees for a region's first fault (the fault slot in the
 * control block, plus the cause: the error a body threw, rebuilt here).
 */
import type { Fault } from '../core/control.js';
import { FaultKind } from '../core/layout.js';
import { BodySetupError, LoopBodyError, TimeoutError, WorkerExitError } from '../errors.js';

export interface FaultContext {
  /** The body's error (or the kernel's load error), rebuilt on this thread. */
  cause: unknown;
  signal: AbortSignal | undefined;
  timeout: number | undefined;
  /** A dead worker's exit code, when known. */
  exitCode: number | undefined;
}

export function errorFor(f: Fault, c: FaultContext): unknown {
  switch (f.kind) {
    case FaultKind.BODY:
      return bodyError(f.index, f.threadId, c.cause);
    case FaultKind.SETUP:
      return new BodySetupError(`Cannot prepare the loop body on thread ${f.threadId}: ${messageOf(c.cause)}`, f.threadId, c.cause);
    case FaultKind.ABORT:
      return c.signal?.reason ?? new DOMException('The loop was aborted', 'AbortError');
    case FaultKind.TIMEOUT:
      return new TimeoutError(c.timeout ?? 0);
    case FaultKind.WORKER_EXIT:
      return new WorkerExitError(
        `Worker ${f.worker} (thread ${f.threadId}) exited during the loop` +
        (c.exitCode !== undefined ? ` with code ${c.exitCode}` : '') + '; it has been replaced',
        f.worker, f.threadId, c.exitCode);
    default:
      return null;
  }
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function bodyError(index: number, threadId: number, cause: unknown): LoopBodyError {
  let msg = `The loop body threw at iteration ${index} on thread ${threadId}: ${messageOf(cause)}`;
  if (cause instanceof ReferenceError) {
    msg += ' (loop bodies run on other threads and cannot see variables from the scope around them: ' +
      "pass values through the 'shared' option, or import them in a kernel module)";
  }
  return new LoopBodyError(msg, index, threadId, cause);
}
