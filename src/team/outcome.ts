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
          (code !== undefined ? ` with code ${code}` : '') +
          '; it has been replaced',
        f.worker,
        f.threadId,
        code,
      );
    }
    default:
      return null;
  }
}

function bodyError(f: Fault, cause: unknown): LoopBodyError {
  const chunk = Number.isNaN(f.hi) ? undefined : ([f.index, f.hi] as [number, number]);
  const where = chunk ? `in the chunk [${chunk[0]}, ${chunk[1]})` : `at iteration ${f.index}`;
  let msg = `The loop body threw ${where} on thread ${f.threadId}: ${messageOf(cause)}`;
  if (cause instanceof ReferenceError) {
    const helper = compilerHelper(cause.message);
    msg +=
      helper !== undefined
        ? ` (${helper} is a helper that a compiler inserted into the body, such as tsc down-levelling, esbuild's or tsx's ` +
          'keepNames, Babel or SWC. A body travels to other threads as source text, without the helpers: compile it for a ' +
          'newer target (ES2020 or later) or without keepNames, or put the body in a kernel module)'
        : ' (loop bodies run on other threads and cannot see variables from the scope around them: ' +
          "pass values through the 'shared' option, or import them in a kernel module)";
  }
  return new LoopBodyError(msg, chunk ? NaN : f.index, f.threadId, cause, chunk);
}

/** Helpers compilers insert into functions they transform (tsc, esbuild/tsx, Babel, SWC), by name. */
const HELPER =
  /^(__name|__rest|__assign|__spreadArray|__spreadValues|__spreadProps|__awaiter|__generator|__publicField|__privateGet|__privateSet|__decorate|__extends|__objRest|__objSpread|_defineProperty|_objectSpread2?|_objectWithoutProperties|_toConsumableArray|_slicedToArray|_classCallCheck|_createClass|_asyncToGenerator|_regeneratorRuntime|_extends|_object_spread|_object_spread_props|_object_without_properties|_sliced_to_array|_to_consumable_array|_define_property|_class_call_check|_create_class|_async_to_generator|_ts_generator)$/;

/** The compiler helper a ReferenceError is about (`__name is not defined`), if it is one. */
function compilerHelper(message: string): string | undefined {
  const name = /^(\S+) is not defined/.exec(message)?.[1];
  return name !== undefined && HELPER.test(name) ? `\`${name}\`` : undefined;
}
