/**
 * Turn a body definition into a chunk runner:
 * `(lo, hi, shared, ctx, at) => { for (i = lo; i < hi; i++) body(i, shared, ctx) }`.
 *
 * Each body gets its own runner, compiled from its own source text, so V8
 * sees one monomorphic call site per body and can inline the body into the
 * loop. Used by workers and by the calling thread of a synchronous loop, so
 * every thread runs the same code the same way.
 */

/** How a body reaches the threads (data only, posted to workers). */
export type BodyDef =
  | { kind: 'fn'; source: string }
  | { kind: 'kernel'; url: string; name: string };

/** Where the iteration that threw is reported. */
export interface ThrowSite {
  index: number;
}

export type Runner = (lo: number, hi: number, shared: unknown, ctx: unknown, at: ThrowSite) => void;

type Body = (i: number, shared: unknown, ctx: unknown) => void;

const RUNNER_SOURCE =
  'return function parforChunk(lo, hi, shared, ctx, at) {\n' +
  '  let i = lo;\n' +
  '  try { for (; i < hi; i++) body(i, shared, ctx); }\n' +
  '  catch (e) { at.index = i; throw e; }\n' +
  '};';

/** Wrap a body function in a runner of its own (falls back to a shared closure where eval is forbidden). */
export function runnerFor(body: Body): Runner {
  try {
    return new Function('body', RUNNER_SOURCE)(body) as Runner;
  } catch {
    return (lo, hi, shared, ctx, at) => {
      let i = lo;
      try {
        for (; i < hi; i++) body(i, shared, ctx);
      } catch (e) {
        at.index = i;
        throw e;
      }
    };
  }
}

/**
 * Compile a function body from its source text. The text is evaluated at
 * global scope: the body sees globals, never the variables around the place
 * it was written. Method shorthand (`f(i) { … }`) is accepted too.
 */
export function compileSource(source: string): Body {
  let fn: unknown;
  try {
    fn = new Function(`return (${source}\n);`)();
  } catch (first) {
    try {
      fn = new Function(`return Object.values({ ${source}\n })[0];`)();
    } catch {
      throw first;
    }
  }
  if (typeof fn !== 'function') throw new TypeError(`The body source did not evaluate to a function: received ${typeof fn}`);
  return fn as Body;
}

/** The export `name` of a kernel module, checked to be a function. */
export function kernelExport(ns: Record<string, unknown>, url: string, name: string): Body {
  const fn = ns[name];
  if (typeof fn !== 'function') {
    const names = Object.keys(ns).filter((k) => typeof ns[k] === 'function');
    throw new TypeError(
      `Kernel module ${url} has no function export '${name}': received ${fn === undefined ? 'undefined' : typeof fn}` +
      ` (function exports: ${names.length ? names.join(', ') : 'none'})`);
  }
  return fn as Body;
}
