/**
 * Turn a body definition into a chunk runner:
 * `(lo, hi, shared, ctx, at) => { for (i = lo; i < hi; i++) body(i, shared, ctx) }`.
 *
 * Each body gets its own runner, compiled from its own source text, so V8
 * sees one monomorphic call site per body and can inline the body into the
 * loop. Used by workers and by the calling thread of a synchronous loop, so
 * every thread runs the same code the same way.
 */

import { smallInt } from '../core/control.js';

/** How a loop calls its body; each mode has a chunk runner of its own. */
export type Mode = 'for' | 'range' | 'map' | 'reduce' | 'for2d' | 'region';

/** Reduction operators with OpenMP's identities. */
export type ReduceOp = '+' | '*' | 'min' | 'max';

/** How a reduction combines: a built-in operator, or a combiner function's source. */
export type Combine = { op: ReduceOp } | { source: string };

/** How a body reaches the threads (data only, posted to workers). */
export type BodyDef = ({ kind: 'fn'; source: string } | { kind: 'kernel'; url: string; name: string }) & { mode: Mode; combine?: Combine };

/** Where the iteration that threw is reported (and, for bodies that receive whole chunks, the chunk's end). */
export interface ThrowSite {
  index: number;
  hi?: number;
}

/**
 * Per-thread, per-region values a runner needs beyond the body's arguments:
 * `out` and `start` (map), `acc` (reduce, starts at the identity; the runner
 * leaves the thread's partial in it), `cols`, `row0`, `col0` (2-D loops).
 */
export interface Aux {
  out: { [i: number]: unknown } | undefined;
  start: number;
  acc: number;
  cols: number;
  row0: number;
  col0: number;
}

export type Runner = (lo: number, hi: number, shared: unknown, ctx: unknown, at: ThrowSite, aux: Aux) => void;

/** A fresh Aux; each thread keeps one and refills it per region with `fillAux`. */
export function newAux(): Aux {
  return { out: undefined, start: 0, acc: 0, cols: 0, row0: 0, col0: 0 };
}

/** Set `aux` for a region: its output, first index, and mode parameters from the descriptor. */
export function fillAux(aux: Aux, out: unknown, start: number, aux0: number, aux1: number, aux2: number): Aux {
  aux.out = out as Aux['out'];
  aux.start = start;
  aux.acc = aux0;
  aux.cols = smallInt(aux0);
  aux.row0 = aux1;
  aux.col0 = aux2;
  return aux;
}

type Body = (...args: never[]) => unknown;
type Fn2 = (a: number, b: number) => number;

/**
 * The loop each mode runs over one chunk [lo, hi). `COMBINE` is the
 * reduction step. A body's result is checked where the loop uses it (a number
 * for map and reduce), and where it does not, only when it is not undefined
 * (a returned promise means the work was not done when the body returned).
 *
 * Where the index of a throwing iteration is kept was chosen by measurement
 * (npm run bench -- ceiling, against the same kernel on bare workers; runs
 * in bench/results/issue-12-ab.txt): with a try/catch around the loop, fill
 * ran 1.07-1.36x the bare time, and 0.97-1.05x with V8's inlining off, so most
 * modes store the index before each call and let the caller catch (fill
 * 0.98-1.04x); a reduction's tiny bodies (pi) ran 1.28-1.33x with that store,
 * so reduce keeps the try/catch.
 */
const LOOPS: Record<Mode, string> = {
  for: 'for (let i = lo; i < hi; i++) { at.index = i; const r = body(i, shared, ctx); if (r !== undefined) noPromise(r); }',
  range: 'at.index = lo; at.hi = hi; const r = body(lo, hi, shared, ctx); if (r !== undefined) noPromise(r);',
  map:
    'const out = aux.out, off = aux.start;\n' +
    '  for (let i = lo; i < hi; i++) { at.index = i; const v = body(i, shared, ctx); if (typeof v !== "number" && typeof v !== "bigint") notNumber(v, true); out[i - off] = v; }',
  reduce:
    'let acc = aux.acc, i = lo;\n' +
    '  try { for (; i < hi; i++) { const v = body(i, shared, ctx); if (typeof v !== "number") notNumber(v, false); acc = COMBINE; } }\n' +
    '  catch (e) { at.index = i; throw e; }\n' +
    '  aux.acc = acc;',
  region: 'for (let i = lo; i < hi; i++) { at.index = i; const r = body(ctx, shared); if (r !== undefined) noPromise(r); }',
  for2d:
    'const cols = aux.cols, c0 = aux.col0, cEnd = c0 + cols;\n' +
    '  let i = aux.row0 + Math.floor(lo / cols), j = c0 + (lo % cols);\n' +
    '  for (let k = lo; k < hi; k++) { at.index = k; const r = body(i, j, shared, ctx); if (r !== undefined) noPromise(r); if (++j === cEnd) { j = c0; i++; } }',
};

const COMBINE: Record<ReduceOp | 'fn', string> = {
  '+': 'acc + v',
  '*': 'acc * v',
  min: 'Math.min(acc, v)',
  max: 'Math.max(acc, v)',
  fn: 'combine(acc, v)',
};

/** A body returned something other than undefined: refuse a promise (or any thenable). */
function noPromise(r: unknown): void {
  if (r === null || (typeof r !== 'object' && typeof r !== 'function')) return;
  const then = (r as { then?: unknown }).then;
  if (typeof then !== 'function') return;
  // Its rejection is reported here, as this error, not as an unhandled rejection later.
  try {
    then.call(r, undefined, () => {});
  } catch {
    /* a thenable whose then throws: nothing was scheduled */
  }
  throw new TypeError(
    'The loop body returned a promise: a body must finish its work before it returns ' +
      '(bodies run synchronously on each thread; an async body or one returning a promise cannot be awaited there)',
  );
}

/** A map or reduce body returned a value of the wrong type. */
function notNumber(v: unknown, bigintToo: boolean): never {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) noPromise(v);
  const what = v === null ? 'null' : typeof v;
  throw new TypeError(
    `The loop body returned ${what} where ${bigintToo ? 'a number (or a bigint, for a BigInt64/BigUint64 out array)' : 'a number'} was expected`,
  );
}

/** OpenMP's identity of each built-in reduction operator. */
export const IDENTITY: Record<ReduceOp, number> = { '+': 0, '*': 1, min: Infinity, max: -Infinity };

/**
 * Wrap a body in a runner of its own, compiled from its own source text so
 * V8 sees one monomorphic call per body (and per mode). Where eval is
 * forbidden (a strict CSP) a shared closure does the same work, slower.
 */
export function runnerFor(body: Body, mode: Mode = 'for', combine?: Combine, combiner?: Fn2): Runner {
  const loop = LOOPS[mode].replace('COMBINE', COMBINE[combine === undefined ? '+' : 'op' in combine ? combine.op : 'fn']);
  try {
    return new Function(
      'body',
      'combine',
      'noPromise',
      'notNumber',
      `'use strict'; return function parforChunk(lo, hi, shared, ctx, at, aux) {\n  ${loop}\n};`,
    )(body, combiner, noPromise, notNumber) as Runner;
  } catch {
    return closureRunner(body as (...a: unknown[]) => unknown, mode, combine, combiner);
  }
}

function closureRunner(body: (...a: unknown[]) => unknown, mode: Mode, combine?: Combine, combiner?: Fn2): Runner {
  const op: Fn2 =
    combine === undefined || !('op' in combine)
      ? (combiner ?? ((a, b) => a + b))
      : combine.op === '+'
        ? (a, b) => a + b
        : combine.op === '*'
          ? (a, b) => a * b
          : combine.op === 'min'
            ? Math.min
            : Math.max;
  const checked = (r: unknown) => {
    if (r !== undefined) noPromise(r);
  };
  return (lo, hi, shared, ctx, at, aux) => {
    if (mode === 'range') {
      at.index = lo;
      at.hi = hi;
      checked(body(lo, hi, shared, ctx));
      return;
    }
    let k = lo;
    try {
      for (; k < hi; k++) {
        if (mode === 'for') checked(body(k, shared, ctx));
        else if (mode === 'region') checked(body(ctx, shared));
        else if (mode === 'for2d') checked(body(aux.row0 + Math.floor(k / aux.cols), aux.col0 + (k % aux.cols), shared, ctx));
        else {
          const v = body(k, shared, ctx);
          if (typeof v !== 'number' && (mode === 'reduce' || typeof v !== 'bigint')) notNumber(v, mode === 'map');
          if (mode === 'map') aux.out![k - aux.start] = v;
          else aux.acc = op(aux.acc, v as number);
        }
      }
    } catch (e) {
      at.index = k;
      throw e;
    }
  };
}

/**
 * Compile a function body from its source text. The text is evaluated at
 * global scope, in strict mode (as in an ES module, on every thread): the body
 * sees globals, never the variables around the place it was written, and an
 * assignment to an undeclared name throws. Method shorthand (`f(i) { … }`)
 * is accepted too.
 */
export function compileSource(source: string): Body {
  let fn: unknown;
  try {
    fn = new Function(`'use strict'; return (${source}\n);`)();
  } catch (first) {
    try {
      fn = new Function(`'use strict'; return Object.values({ ${source}\n })[0];`)();
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
        ` (function exports: ${names.length ? names.join(', ') : 'none'})`,
    );
  }
  return fn as Body;
}
