/** sharedArray(): typed arrays over a new SharedArrayBuffer. */

import { describe } from '../describe.js';
import { sharedMemoryMissing } from '../errors.js';
import { isSafeInteger } from '../intrinsics.js';
import { TYPED_ARRAY_CONSTRUCTORS, type TypedArrayConstructor } from './typed.js';

/**
 * A typed array of the given class over a new `SharedArrayBuffer`, zero-filled
 * (`length`) or holding a copy of `values`. Pass it in `shared`: every thread
 * of a loop then reads and writes the same memory.
 *
 * @example
 * ```ts
 * const out = sharedArray(Float64Array, 1000);
 * await parallelFor(0, 1000, (i, { out }) => { out[i] = Math.sqrt(i); }, { shared: { out } });
 * ```
 */
export function sharedArray<C extends TypedArrayConstructor>(
  Ctor: C,
  lengthOrValues: number | ArrayLike<number> | ArrayLike<bigint> | Iterable<number> | Iterable<bigint>,
): SharedTyped<C> {
  if (typeof Ctor !== 'function' || !TYPED_ARRAY_CONSTRUCTORS.includes(Ctor)) {
    throw new TypeError(
      `Cannot create a shared array as the first argument must be a typed array constructor such as Float64Array: received ${describe(Ctor)}`,
    );
  }
  if (typeof lengthOrValues === 'number') {
    if (!isSafeInteger(lengthOrValues) || lengthOrValues < 0) {
      throw new RangeError(`Cannot create a shared array as its length must be a non-negative safe integer: received ${lengthOrValues}`);
    }
    return over(Ctor, lengthOrValues);
  }
  if (lengthOrValues === null || typeof lengthOrValues !== 'object') {
    throw new TypeError(
      `Cannot create a shared array as the second argument must be a length or an array-like of values: received ${describe(lengthOrValues)}`,
    );
  }
  const values =
    Array.isArray(lengthOrValues) || ArrayBuffer.isView(lengthOrValues)
      ? (lengthOrValues as ArrayLike<number>)
      : Symbol.iterator in lengthOrValues
        ? Array.from(lengthOrValues as Iterable<number>)
        : Array.from(lengthOrValues as ArrayLike<number>);
  const out = over(Ctor, values.length);
  (out as unknown as { set(a: ArrayLike<number>): void }).set(values);
  return out;
}

/** A typed array of class C whose buffer is a SharedArrayBuffer (as sharedArray() returns). */
export type SharedTyped<C extends TypedArrayConstructor> = InstanceType<C> & { readonly buffer: SharedArrayBuffer };

function over<C extends TypedArrayConstructor>(Ctor: C, length: number): SharedTyped<C> {
  return sharedView(Ctor, length, 'a shared array') as SharedTyped<C>;
}

/**
 * A `Ctor` view of `length` elements over a new SharedArrayBuffer, or a clear
 * error: UnsupportedEnvironmentError where there is no shared memory, a
 * RangeError naming the size where it cannot be made (the platform's own says
 * only "Array buffer allocation failed" or "Invalid typed array length").
 */
export function sharedView(Ctor: TypedArrayConstructor, length: number, what: string): unknown {
  if (typeof SharedArrayBuffer === 'undefined') throw sharedMemoryMissing(`create ${what}`);
  const bytes = length * Ctor.BYTES_PER_ELEMENT;
  try {
    return new (Ctor as unknown as new (b: SharedArrayBuffer) => unknown)(new SharedArrayBuffer(bytes));
  } catch (cause) {
    throw new RangeError(
      `Cannot create ${what} of ${length} ${Ctor.name.replace('Array', '')} elements as ${bytes} bytes of shared memory cannot be allocated (${messageOfCause(cause)})`,
      { cause },
    );
  }
}

function messageOfCause(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
