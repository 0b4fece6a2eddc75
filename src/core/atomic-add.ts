/**
 * ctx.atomicAdd: add to an element of a shared typed array without losing
 * updates to other threads. Integer arrays use `Atomics.add`; Float64Array and
 * Float32Array, which Atomics does not support, use a compare-exchange loop on
 * an integer view of the same bytes. Lives in core/ with the other Atomics calls.
 */

import type { TypedArray } from '../data/typed.js';
import { atomics } from '../intrinsics.js';

const f64 = new Float64Array(1);
const f64bits = new BigInt64Array(f64.buffer);
const f32 = new Float32Array(1);
const f32bits = new Int32Array(f32.buffer);
const bitViews = new WeakMap<object, BigInt64Array | Int32Array>();

/** The last float array seen and its integer view: a loop adds to one array, and a WeakMap lookup costs more than the add. */
let lastArray: object | undefined;
let lastBits: BigInt64Array | Int32Array | undefined;

function bitsOf(a: Float64Array | Float32Array): BigInt64Array | Int32Array {
  if (a === lastArray) return lastBits!;
  let v = bitViews.get(a);
  if (v === undefined) {
    v = a instanceof Float64Array ? new BigInt64Array(a.buffer, a.byteOffset, a.length) : new Int32Array(a.buffer, a.byteOffset, a.length);
    bitViews.set(a, v);
  }
  lastArray = a;
  lastBits = v;
  return v;
}

/**
 * Atomically `array[index] += value`; returns the previous value (as `Atomics.add` does).
 * A float's compare-exchange loop starts from a plain read: a torn or stale read only makes the
 * first exchange fail, and each failed exchange returns the word's current bits to try again
 * with, so the loop does one atomic operation per attempt (bench/results/issue-24-lock-atomic-ab.txt).
 */
export function atomicAdd(array: TypedArray, index: number, value: number | bigint): number | bigint {
  if (array instanceof Float64Array) {
    const bits = bitsOf(array) as BigInt64Array;
    let old = bits[index]!;
    for (;;) {
      f64bits[0] = old;
      const prev = f64[0]!;
      f64[0] = prev + (value as number);
      const seen = atomics.compareExchange(bits, index, old, f64bits[0]!);
      if (seen === old) return prev;
      old = seen;
    }
  }
  if (array instanceof Float32Array) {
    const bits = bitsOf(array) as Int32Array;
    let old = bits[index]!;
    for (;;) {
      f32bits[0] = old;
      const prev = f32[0]!;
      f32[0] = prev + (value as number);
      const seen = atomics.compareExchange(bits, index, old, f32bits[0]!);
      if (seen === old) return prev;
      old = seen;
    }
  }
  return atomics.add(array as Int32Array, index, value as number);
}
