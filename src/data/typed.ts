/**
 * Typed-array classes parfor accepts, and helpers to recognise shared memory.
 * Data and pure functions only.
 */

export type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

export type TypedArrayConstructor =
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | Uint8ClampedArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | BigInt64ArrayConstructor
  | BigUint64ArrayConstructor;

export const TYPED_ARRAY_CONSTRUCTORS: readonly TypedArrayConstructor[] = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
];

/** True for a SharedArrayBuffer (growable ones included). */
export function isSharedBuffer(v: unknown): v is SharedArrayBuffer {
  return typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer;
}

/** True for a typed array or DataView whose memory is a SharedArrayBuffer. */
export function isSharedView(v: unknown): v is TypedArray | DataView {
  return ArrayBuffer.isView(v) && isSharedBuffer(v.buffer);
}

/** A short description of any value for error messages: type and a preview. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  switch (typeof v) {
    case 'number':
      return `number ${Object.is(v, -0) ? '-0' : String(v)}`;
    case 'bigint':
      return `bigint ${v}n`;
    case 'string':
      return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    case 'boolean':
      return `boolean ${v}`;
    case 'symbol':
      return `symbol ${String(v)}`;
    case 'function':
      return `function ${v.name || '(anonymous)'}`;
    default: {
      if (ArrayBuffer.isView(v)) {
        const shared = isSharedBuffer(v.buffer) ? 'shared ' : 'non-shared ';
        return `${shared}${v.constructor.name}(${'length' in v ? (v as TypedArray).length : v.byteLength})`;
      }
      const proto = Object.getPrototypeOf(v);
      const name = proto === null ? 'null-prototype object' : (proto.constructor?.name ?? 'object');
      return name === 'Object' ? 'object' : `${name === 'Array' ? 'array' : `instance of ${name}`}`;
    }
  }
}
