/**
 * Did a body change the built-ins of this worker's realm? A loop body may
 * replace `Math.floor`, `Map.prototype.get` or `globalThis.Function` on the
 * thread it runs on. parfor's own code is safe from that (it calls its own
 * references, src/intrinsics.ts), but the next loop's bodies on that worker
 * would run in the changed realm. So after every region, before it leaves, a
 * worker compares the built-ins below with what they were when it started
 * (or when it last imported a kernel module, which may install polyfills);
 * if one differs, the loop fails with an error naming it and the worker is
 * retired and replaced (core/README.md, "Worker life").
 *
 * The comparison is compiled into one function of `===` tests on global names,
 * whose loads V8 folds into the optimized code: a few tens of ns for the whole
 * list, against microseconds for the same checks written as a loop over it
 * (`node bench/realm-check-cost.mjs`; the run is in bench/results/issue-21-runs.txt).
 *
 * The calling thread of a synchronous loop is not checked: its realm is the
 * program's own, which the program may change on purpose between loops.
 */
import { FunctionCtor } from '../../intrinsics.js';

/**
 * The built-ins checked, as property paths from the global object: those
 * parfor's code or a typical body calls. Their order is part of the fault
 * slot's format (ERR_INDEX holds an index into it), so entries are only ever
 * added at the end.
 */
export const WATCHED: readonly string[] = [
  'Atomics',
  'Atomics.load',
  'Atomics.store',
  'Atomics.add',
  'Atomics.sub',
  'Atomics.compareExchange',
  'Atomics.exchange',
  'Atomics.wait',
  'Atomics.notify',
  'Math',
  'Math.floor',
  'Math.ceil',
  'Math.min',
  'Math.max',
  'Math.sqrt',
  'Math.random',
  'Function',
  'Function.prototype.call',
  'Function.prototype.apply',
  'Function.prototype.bind',
  'Object',
  'Object.freeze',
  'Object.keys',
  'Object.defineProperty',
  'Object.prototype.hasOwnProperty',
  'Array',
  'Array.isArray',
  'Array.prototype.push',
  'Array.prototype.map',
  'Array.prototype.slice',
  'Number',
  'Number.isSafeInteger',
  'BigInt',
  'Reflect',
  'Reflect.apply',
  'JSON.stringify',
  'JSON.parse',
  'Map.prototype.get',
  'Map.prototype.set',
  'Map.prototype.has',
  'Map.prototype.delete',
  'Promise',
  'Promise.prototype.then',
  'Error',
  'TypeError',
  'RangeError',
  'Int32Array',
  'Float64Array',
  'BigInt64Array',
  'SharedArrayBuffer',
  'ArrayBuffer.isView',
  'structuredClone',
  'performance',
  'performance.now',
  'WebAssembly',
  'WebAssembly.Instance',
];

/**
 * What a REALM fault names beyond WATCHED: the check failed without showing
 * which built-in (a getter that answers differently each time), or a body
 * reset parfor's in-a-loop flag (share.ts), which would let a loop started in
 * a later body start a team on the worker instead of running serially.
 */
export const UNKNOWN_BUILTIN = WATCHED.length;
export const IN_LOOP_FLAG = WATCHED.length + 1;

/** How a REALM fault's index reads in the error message. */
export function changedName(index: number): string {
  if (index === IN_LOOP_FLAG) return "parfor's in-a-loop flag (globalThis[Symbol.for('parfor.inLoop')])";
  const path = WATCHED[index];
  return path === undefined ? 'a built-in' : `the built-in ${path}`;
}

/** Each watched path as its keys, split once, before any body runs (the slow path below must not need String methods). */
const KEYS: readonly (readonly string[])[] = WATCHED.map((p) => p.split('.'));

/** The value at `keys` from the global object, or undefined where it does not exist here. */
function resolve(keys: readonly string[]): unknown {
  let v: unknown = globalThis;
  for (let i = 0; i < keys.length; i++) {
    if (v === null || v === undefined) return undefined;
    v = (v as Record<string, unknown>)[keys[i]!];
  }
  return v;
}

/**
 * A snapshot of the watched built-ins as they are now, and its check. Only
 * entries that exist in this environment are compared (a missing one, e.g.
 * `structuredClone` in an old runtime, stays missing).
 */
export class RealmGuard {
  private values: unknown[] = [];
  private present: number[] = [];
  private test: () => boolean = () => true;

  constructor() {
    this.snapshot();
  }

  /** Take the current built-ins as the ones to keep (at start, and after a kernel module is imported). */
  snapshot(): void {
    this.present = [];
    this.values = [];
    for (let k = 0; k < WATCHED.length; k++) {
      const v = resolve(KEYS[k]!);
      if (v === undefined) continue;
      this.present.push(k);
      this.values.push(v);
    }
    // Bare names, not globalThis["Math"]: V8 folds a global name's load into the optimized code (and
    // deoptimizes it if the global changes), which made the check free in an A/B of the empty loop,
    // where the globalThis form cost ~3 %. A name a script shadowed with a global `let` reads as changed.
    const terms = this.present.map((k, i) => `${WATCHED[k]!} === v${i}`);
    const names = this.values.map((_, i) => `v${i}`);
    this.test = new FunctionCtor(...names, `'use strict'; return function realmIntact() { return ${terms.join(' && ') || 'true'}; };`)(
      ...this.values,
    ) as () => boolean;
  }

  /**
   * -1 when no watched built-in changed; else the index in WATCHED of the
   * first that did (WATCHED.length when the check failed without showing which:
   * a getter a body put on the global object that answers differently each time).
   */
  changed(): number {
    try {
      if (this.test()) return -1;
    } catch {
      // A getter a body put on the global object threw: find which one below.
    }
    for (let i = 0; i < this.present.length; i++) {
      const k = this.present[i]!;
      try {
        if (resolve(KEYS[k]!) !== this.values[i]) return k;
      } catch {
        return k;
      }
    }
    return UNKNOWN_BUILTIN;
  }
}
