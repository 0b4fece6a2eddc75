/**
 * Errors cross threads as data: name, message, stack (and the value itself
 * when something that is not an Error was thrown), and are rebuilt on the
 * receiving thread as the same built-in class where there is one.
 */

export interface WireError {
  name: string;
  message: string;
  stack: string | undefined;
  /** Set when the thrown value was not an Error (a string, number, plain object…). */
  thrown?: unknown;
  isError: boolean;
}

const BUILTINS: Record<string, new (message: string) => Error> = {
  Error, TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError,
};

export function toWire(e: unknown): WireError {
  if (e instanceof Error) {
    return { name: e.name, message: e.message, stack: e.stack, isError: true };
  }
  let thrown: unknown;
  try {
    thrown = structuredClone(e);
  } catch {
    thrown = String(e);
  }
  return { name: 'Error', message: safeString(e), stack: undefined, thrown, isError: false };
}

export function fromWire(w: WireError): unknown {
  if (!w.isError) return w.thrown;
  const Ctor = BUILTINS[w.name] ?? Error;
  const e = new Ctor(w.message);
  if (e.name !== w.name) Object.defineProperty(e, 'name', { value: w.name, configurable: true, writable: true });
  if (w.stack !== undefined) Object.defineProperty(e, 'stack', { value: w.stack, configurable: true, writable: true });
  return e;
}

function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}
