/**
 * Errors cross threads as data and are rebuilt on the receiving thread. An
 * Error keeps its class (built-in classes are rebuilt as themselves), name,
 * message, stack, `cause`, an AggregateError's `errors`, and its own
 * enumerable properties that can be copied (`code`, `errno`, …). A thrown
 * value that is not an Error is copied with structured clone; one that cannot
 * be copied (a Promise, an object holding functions) becomes a string
 * describing it.
 *
 * Every thread goes through the same two steps, the calling thread of a
 * synchronous loop included, so an error's `cause` looks the same whichever
 * thread threw. Nothing here throws, whatever the thrown value does when its
 * properties are read or it is converted to a string.
 */

import { isError, readKey as read, safeString, textOf as text } from '../describe.js';
import { LockError } from '../errors.js';
import { clone } from '../intrinsics.js';

export type WireError =
  | {
      kind: 'error';
      name: string;
      message: string;
      stack: string | undefined;
      /** Own enumerable properties other than the standard ones, where they could be copied. */
      props: Record<string, unknown> | undefined;
      cause?: WireError;
      errors?: WireError[];
    }
  | { kind: 'value'; value: unknown }
  | { kind: 'opaque'; text: string };

/** Nested causes and aggregated errors kept, at most (a cycle ends here too). */
const MAX_DEPTH = 8;
const STANDARD = new Set(['name', 'message', 'stack', 'cause', 'errors']);

/** Built-in error classes by name (a Map: an error's name is the thrower's, any string, "constructor" included). */
const BUILTINS = new Map<string, new (message: string) => Error>([
  ['Error', Error],
  ['TypeError', TypeError],
  ['RangeError', RangeError],
  ['ReferenceError', ReferenceError],
  ['SyntaxError', SyntaxError],
  ['EvalError', EvalError],
  ['URIError', URIError],
  // A SharedLock misused inside a body reaches the caller as a LockError (core/shared-lock.ts).
  ['LockError', LockError],
]);
// A wasm trap is a WebAssembly.RuntimeError: it reaches the caller as one.
if (typeof WebAssembly !== 'undefined') {
  BUILTINS.set('RuntimeError', WebAssembly.RuntimeError);
  BUILTINS.set('CompileError', WebAssembly.CompileError);
  BUILTINS.set('LinkError', WebAssembly.LinkError);
}

export function toWire(e: unknown, depth = 0): WireError {
  if (isError(e)) {
    const w: WireError = {
      kind: 'error',
      name: text(read(e, 'name'), 'Error'),
      message: text(read(e, 'message'), '(the message could not be read)'),
      stack: typeof read(e, 'stack') === 'string' ? (read(e, 'stack') as string) : undefined,
      props: ownProps(e),
    };
    if (depth < MAX_DEPTH) {
      if (hasOwn(e, 'cause')) w.cause = toWire(read(e, 'cause'), depth + 1);
      const errors = read(e, 'errors');
      if (Array.isArray(errors)) w.errors = errors.slice(0, 100).map((x) => toWire(x, depth + 1));
    }
    return w;
  }
  try {
    return { kind: 'value', value: clone!(e) };
  } catch {
    return { kind: 'opaque', text: safeString(e) };
  }
}

export function fromWire(w: WireError): unknown {
  if (w.kind === 'value') return w.value;
  if (w.kind === 'opaque') return w.text;
  let e: Error;
  if (w.name === 'AggregateError' && typeof AggregateError === 'function') {
    e = new AggregateError((w.errors ?? []).map(fromWire), w.message);
  } else {
    const Ctor = BUILTINS.get(w.name) ?? Error;
    e = new Ctor(w.message);
    if (w.errors !== undefined) define(e, 'errors', w.errors.map(fromWire));
  }
  if (e.name !== w.name) define(e, 'name', w.name);
  if (w.stack !== undefined) define(e, 'stack', w.stack);
  if (w.cause !== undefined) define(e, 'cause', fromWire(w.cause));
  if (w.props !== undefined) for (const k of Object.keys(w.props)) define(e, k, w.props[k], true);
  return e;
}

/** A thrown value as it reaches the caller: the same on every thread (see the module comment). */
export function rebuild(e: unknown): unknown {
  return fromWire(toWire(e));
}

function hasOwn(o: object, key: string): boolean {
  try {
    return Object.hasOwn(o, key);
  } catch {
    return false;
  }
}

function ownProps(e: object): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  let keys: string[];
  try {
    keys = Object.keys(e);
  } catch {
    return undefined;
  }
  for (const k of keys) {
    if (STANDARD.has(k)) continue;
    try {
      // Null-prototype: a property named "__proto__" is kept as one, not turned into a prototype.
      out ??= Object.create(null) as Record<string, unknown>;
      out[k] = clone!(read(e, k));
    } catch {
      /* not copyable: left out */
    }
  }
  return out;
}

function define(o: object, key: string, value: unknown, enumerable = false): void {
  Object.defineProperty(o, key, { value, configurable: true, writable: true, enumerable });
}
