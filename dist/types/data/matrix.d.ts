/**
 * SharedMatrix: a row-major matrix over a shared typed array. Passed in
 * `shared`, it arrives in every thread as a SharedMatrix over the same memory.
 */
import { type TypedArray, type TypedArrayConstructor } from './typed.js';
/** Numeric typed arrays a matrix may use (BigInt element types excluded). */
export type NumericArray = Exclude<TypedArray, BigInt64Array | BigUint64Array>;
export type NumericArrayConstructor = Exclude<TypedArrayConstructor, BigInt64ArrayConstructor | BigUint64ArrayConstructor>;
/**
 * A `rows × cols` row-major matrix whose `data` is a typed array over a
 * `SharedArrayBuffer`: every thread of a loop reads and writes the same memory.
 *
 * @example
 * ```ts
 * const M = new SharedMatrix(n, n);            // Float64Array, zero-filled
 * await parallelFor(0, n, (i, { M }) => {
 *   const row = M.row(i);
 *   for (let j = 0; j < row.length; j++) row[j] = i * i + j * j;
 * }, { shared: { M } });
 * ```
 */
export declare class SharedMatrix<A extends NumericArray = Float64Array> {
    readonly rows: number;
    readonly cols: number;
    /** The shared typed array, row-major: element (i, j) is `data[i * cols + j]`. */
    readonly data: A;
    /**
     * @param rows number of rows (non-negative safe integer)
     * @param cols number of columns (non-negative safe integer)
     * @param Ctor element type (default Float64Array), or an existing shared typed
     *   array of length rows·cols to view as a matrix
     */
    constructor(rows: number, cols: number, Ctor?: NumericArrayConstructor | A);
    /** Element (i, j). No bounds check, like typed-array indexing. */
    get(i: number, j: number): number;
    /** Set element (i, j). No bounds check, like typed-array indexing. */
    set(i: number, j: number, v: number): void;
    /** Row i as a view (no copy) over the shared memory. */
    row(i: number): A;
    /** `instanceof` works across copies of parfor (ESM/CJS builds, worker bundles). */
    static [Symbol.hasInstance](v: unknown): boolean;
}
