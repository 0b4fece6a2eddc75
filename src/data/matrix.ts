/**
 * SharedMatrix: a row-major matrix over a shared typed array. Passed in
 * `shared`, it arrives in every thread as a SharedMatrix over the same memory.
 */

import { describe } from '../describe.js';
import { isInteger, isSafeInteger } from '../intrinsics.js';
import { sharedView } from './shared-array.js';
import { isSharedView, TYPED_ARRAY_CONSTRUCTORS, type TypedArray, type TypedArrayConstructor } from './typed.js';

/** Marks SharedMatrix instances across copies of this module (ESM, CJS, workers). */
const BRAND = Symbol.for('parfor.SharedMatrix');

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
export class SharedMatrix<A extends NumericArray = Float64Array> {
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
  constructor(rows: number, cols: number, Ctor: NumericArrayConstructor | A = Float64Array as never) {
    checkDim('rows', rows);
    checkDim('cols', cols);
    const length = rows * cols;
    if (!isSafeInteger(length)) {
      throw new RangeError(`Cannot create a SharedMatrix as rows × cols is not a safe integer: received ${rows} × ${cols}`);
    }
    if (typeof Ctor === 'function') {
      if (!TYPED_ARRAY_CONSTRUCTORS.includes(Ctor) || Ctor.name.startsWith('Big')) {
        throw new TypeError(
          `Cannot create a SharedMatrix as its element type must be a numeric typed array constructor: received ${describe(Ctor)}`,
        );
      }
      this.data = sharedView(Ctor, length, `a ${rows} × ${cols} SharedMatrix`) as A;
    } else {
      if (!isSharedView(Ctor) || Ctor instanceof DataView || Ctor instanceof BigInt64Array || Ctor instanceof BigUint64Array) {
        throw new TypeError(
          `Cannot create a SharedMatrix over this data as it must be a numeric typed array over a SharedArrayBuffer: received ${describe(Ctor)}`,
        );
      }
      if (Ctor.length !== length) {
        throw new RangeError(
          `Cannot create a ${rows} × ${cols} SharedMatrix over this data as its length must be ${length}: received length ${Ctor.length}`,
        );
      }
      this.data = Ctor;
    }
    this.rows = rows;
    this.cols = cols;
  }

  /** Element (i, j). No bounds check, like typed-array indexing. */
  get(i: number, j: number): number {
    return this.data[i * this.cols + j]!;
  }

  /** Set element (i, j). No bounds check, like typed-array indexing. */
  set(i: number, j: number, v: number): void {
    this.data[i * this.cols + j] = v;
  }

  /** Row i as a view (no copy) over the shared memory. */
  row(i: number): A {
    if (!isInteger(i) || i < 0 || i >= this.rows) {
      throw new RangeError(`Cannot take row ${i} of a matrix with ${this.rows} rows: expected an integer in [0, ${this.rows})`);
    }
    return this.data.subarray(i * this.cols, (i + 1) * this.cols) as A;
  }

  /** `instanceof` works across copies of parfor (ESM/CJS builds, worker bundles). */
  static [Symbol.hasInstance](v: unknown): boolean {
    return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[BRAND] === true;
  }
}
Object.defineProperty(SharedMatrix.prototype, BRAND, { value: true });

function checkDim(name: string, v: number): void {
  if (typeof v !== 'number') throw new TypeError(`Cannot create a SharedMatrix as '${name}' must be a number: received ${describe(v)}`);
  if (!isSafeInteger(v) || v < 0) {
    throw new RangeError(`Cannot create a SharedMatrix as '${name}' must be a non-negative safe integer: received ${v}`);
  }
}
