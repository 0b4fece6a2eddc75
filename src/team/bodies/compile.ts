/**
 * Turn a body definition into a chunk runner:
 * `(lo, hi, shared, ctx, at, aux) => { for (i = lo; i < hi; i++) body(i, shared, ctx) }`,
 * the loop taken from the body's loop kind (kinds/table.ts).
 *
 * Each body gets its own runner, compiled from its own source text, so V8
 * sees one monomorphic call site per body and can inline the body into the
 * loop. Used by workers and by the calling thread of a synchronous loop, so
 * every thread runs the same code the same way.
 */

import { smallInt } from '../../core/block.js';
import { FunctionCtor, isSafeInteger, math } from '../../intrinsics.js';
import { CHECKS } from '../../kinds/checks.js';
import type { Aux, Body, Combiner, Runner } from '../../kinds/kind.js';
import { type Combine, OPS } from '../../kinds/ops.js';
import { type KindId, kindOf } from '../../kinds/table.js';
import { HELPERS, helpersNamedIn } from './helpers.js';
import type { TasksDef } from './tasks.js';
import type { WasmDef } from './wasm.js';

/** How a body reaches the threads (data only, posted to workers): its source, kernel or wasm kernel, its loop kind, its reduction. */
export type BodyDef = ({ from: 'source'; source: string } | { from: 'kernel'; url: string; name: string } | WasmDef | TasksDef) & {
  kind: KindId;
  combine?: Combine;
  /** A loop with per-thread state: the sources of its `init` and `merge` (the body then receives the state last). */
  local?: LocalDef;
};

/** The sources of a loop's `init` and (optional) `merge`, as they travel. */
export interface LocalDef {
  init: string;
  merge: string | undefined;
}

const NO_PREFIX: readonly number[] = Object.freeze([]);

/** A fresh Aux; each thread keeps one and refills it per region with `fillAux`. */
export function newAux(): Aux {
  return {
    out: undefined,
    start: 0,
    acc: 0,
    cols: 0,
    row0: 0,
    col0: 0,
    pass: 1,
    prefix: NO_PREFIX,
    identity: 0,
    block: 1,
    end: 0,
    local: undefined,
  };
}

/**
 * Set `aux` for a region: its output, first index, and the kind's parameters
 * from the descriptor. The integer fields are made small integers here, on
 * every thread: one double stored into a field (a reduction's Infinity, a
 * HeapNumber 0 read from a double array) makes V8 keep that field as a
 * double for every object of its shape, and a 2-D loop's indices would be
 * computed in doubles from then on (test/integer-index.test.ts).
 */
export function fillAux(aux: Aux, out: unknown, d: AuxSource): Aux {
  // The values are read here, not passed in: a double passed to a call that is not inlined is
  // boxed (allocated), and the descriptor's parameters may be doubles (a reduction's identity).
  aux.out = out as Aux['out'];
  aux.start = d.start;
  aux.acc = d.param0;
  aux.cols = isSafeInteger(d.param0) ? smallInt(d.param0) : 0;
  aux.row0 = smallInt(d.param1);
  aux.col0 = smallInt(d.param2);
  aux.pass = 1;
  aux.prefix = NO_PREFIX;
  // A deterministic reduction's (kinds/blocks.ts); other kinds leave them unread.
  aux.identity = d.param0;
  aux.block = aux.row0;
  aux.end = d.param2;
  return aux;
}

/** What fillAux reads: a region's first index and the kind's three parameters (a Descriptor has them). */
export interface AuxSource {
  readonly start: number;
  readonly param0: number;
  readonly param1: number;
  readonly param2: number;
}

/** The operator a built-in reduction inlines, or the combiner function's step. */
function combineStep(combine: Combine | undefined): string {
  return combine === undefined || 'source' in combine ? 'combine(acc, v)' : OPS[combine.op].expr;
}

/**
 * Wrap a body in the chunk loop of its kind (kinds/table.ts), compiled from
 * text of its own so V8 sees one monomorphic call per body and can inline
 * it; a built-in reduction operator is inlined too. Where eval is forbidden
 * (a strict CSP) the kind's closure does the same work, slower.
 * `forceClosure` is for the tests that compare the two. With `local` (a loop
 * with per-thread state) the body also receives `aux.local`, after `ctx`.
 */
export function runnerFor(body: Body, kindId: KindId, combine?: Combine, combiner?: Combiner, forceClosure = false, local = false): Runner {
  const kind = kindOf(kindId);
  const step = combiner ?? (combine !== undefined && 'op' in combine ? OPS[combine.op].fn : OPS['+'].fn);
  if (!forceClosure) {
    try {
      let loop = kind.chunkLoop.replaceAll('COMBINE', combineStep(combine));
      // Every kind that takes `init` calls its body as body(…, shared, ctx): the state goes last.
      if (local) loop = `const local = aux.local;\n  ${loop.replaceAll('shared, ctx)', 'shared, ctx, local)')}`;
      return new FunctionCtor(
        'body',
        'combine',
        'noPromise',
        'notNumber',
        'math',
        `'use strict'; return function parforChunk(lo, hi, shared, ctx, at, aux) {\n  ${loop}\n};`,
      )(body, step, CHECKS.noPromise, CHECKS.notNumber, math) as Runner;
    } catch {
      /* eval is forbidden here: use the closure */
    }
  }
  if (!local) return kind.chunkClosure(body, step, CHECKS);
  // The closure passes (…, shared, ctx): wrap the body so that it gets the state too (the slow path already).
  const f = body as (...a: unknown[]) => unknown;
  const state = { value: undefined as unknown };
  const inner = kind.chunkClosure(((...a: unknown[]) => f(...a, state.value)) as Body, step, CHECKS);
  return (lo, hi, shared, ctx, at, aux) => {
    state.value = aux.local;
    inner(lo, hi, shared, ctx, at, aux);
  };
}

/**
 * Compile a function body from its source text. The text is evaluated at
 * global scope, in strict mode (as in an ES module, on every thread): the body
 * sees globals, never the variables around the place it was written, and an
 * assignment to an undeclared name throws. Method shorthand (`f(i) { … }`)
 * is accepted too. The compiler helpers the text calls (helpers.ts) are in
 * its scope.
 */
export function compileSource(source: string): Body {
  // The compiler helpers the text names (`__name`, `__rest`, …) are parameters around it (helpers.ts).
  const names = helpersNamedIn(source);
  const helpers = names.map((n) => HELPERS[n]);
  let fn: unknown;
  try {
    fn = new FunctionCtor(...names, `'use strict'; return (${source}\n);`)(...helpers);
  } catch (first) {
    try {
      fn = new FunctionCtor(...names, `'use strict'; return Object.values({ ${source}\n })[0];`)(...helpers);
    } catch {
      throw first;
    }
  }
  if (typeof fn !== 'function') throw new TypeError(`The body source did not evaluate to a function: received ${typeof fn}`);
  return fn as Body;
}

/**
 * The export `name` of a kernel module, checked to be a function. Only own
 * properties count: a CommonJS module's exports object inherits
 * `constructor`, `toString`, … from Object.prototype, which are not exports.
 */
export function kernelExport(ns: Record<string, unknown>, url: string, name: string): Body {
  const fn = Object.hasOwn(ns, name) ? ns[name] : undefined;
  if (typeof fn !== 'function') {
    const names = Object.keys(ns).filter((k) => typeof ns[k] === 'function');
    throw new TypeError(
      `Kernel module ${url} has no function export '${name}': received ${fn === undefined ? 'undefined' : typeof fn}` +
        ` (function exports: ${names.length ? names.join(', ') : 'none'})`,
    );
  }
  return fn as Body;
}
