/** sharedArray(): typed arrays over a new SharedArrayBuffer. */
import { type TypedArrayConstructor } from './typed.js';
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
export declare function sharedArray<C extends TypedArrayConstructor>(Ctor: C, lengthOrValues: number | ArrayLike<number> | ArrayLike<bigint> | Iterable<number> | Iterable<bigint>): InstanceType<C>;
