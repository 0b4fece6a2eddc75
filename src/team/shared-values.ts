/**
 * The `shared` option: validate, encode for posting, compare with what was
 * posted last, and decode on the receiving thread.
 *
 * Shared memory (SharedArrayBuffer, typed arrays and DataViews over one,
 * SharedMatrix) crosses by reference: structured clone of a
 * SharedArrayBuffer shares it. Plain data (primitives, plain objects, arrays)
 * is cloned. Anything else is refused with a TypeError that names the key,
 * because a worker's writes to copied memory would be silently lost.
 */
import { SharedMatrix } from '../data/matrix.js';
import { describe, isSharedBuffer, isSharedView } from '../data/typed.js';

type Primitive = number | string | boolean | bigint | null | undefined;

/** The wire form of a shared value (data only). */
export type Encoded =
  | { t: 'p'; v: Primitive }
  | { t: 's'; v: ArrayBufferView | SharedArrayBuffer }
  | { t: 'm'; rows: number; cols: number; v: ArrayBufferView }
  | { t: 'o'; k: string[]; v: Encoded[] }
  | { t: 'a'; v: Encoded[] };

export type SharedObject = Record<string, unknown>;

/** Validate `shared` and encode it. Throws TypeError naming the bad key. */
export function encodeShared(shared: unknown): Encoded {
  if (!isPlainObject(shared)) {
    throw new TypeError(`Cannot use the 'shared' option as it must be a plain object of values: received ${describe(shared)}`);
  }
  return encode(shared, 'shared', new Set());
}

function encode(v: unknown, path: string, ancestors: Set<object>): Encoded {
  switch (typeof v) {
    case 'number': case 'string': case 'boolean': case 'bigint': case 'undefined':
      return { t: 'p', v };
    case 'function':
      throw new TypeError(`Cannot pass ${path} to other threads as functions cannot be shared: received ${describe(v)}; use a kernel module for code`);
    case 'symbol':
      throw new TypeError(`Cannot pass ${path} to other threads as symbols cannot be shared: received ${describe(v)}`);
  }
  if (v === null) return { t: 'p', v: null };
  const o = v as object;
  if (o instanceof SharedMatrix) {
    const m = o as SharedMatrix;
    return { t: 'm', rows: m.rows, cols: m.cols, v: m.data };
  }
  if (isSharedView(o) || isSharedBuffer(o)) return { t: 's', v: o };
  if (ArrayBuffer.isView(o) || o instanceof ArrayBuffer) {
    throw new TypeError(
      `Cannot pass ${path} to other threads as its memory is not shared, so writes made by workers would be lost: ` +
      `received ${describe(o)}; create it with sharedArray() or over a SharedArrayBuffer`);
  }
  if (ancestors.has(o)) throw new TypeError(`Cannot pass ${path} to other threads as it refers back to itself (a cycle)`);
  if (Array.isArray(o)) {
    ancestors.add(o);
    const out: Encoded[] = new Array(o.length);
    for (let i = 0; i < o.length; i++) out[i] = encode(o[i], `${path}[${i}]`, ancestors);
    ancestors.delete(o);
    return { t: 'a', v: out };
  }
  if (isPlainObject(o)) {
    if (Object.getOwnPropertySymbols(o).length > 0) {
      throw new TypeError(`Cannot pass ${path} to other threads as it has symbol keys, which are not sent`);
    }
    ancestors.add(o);
    const keys = Object.keys(o);
    const vals = keys.map((k) => encode((o as SharedObject)[k], `${path}.${k}`, ancestors));
    ancestors.delete(o);
    return { t: 'o', k: keys, v: vals };
  }
  throw new TypeError(
    `Cannot pass ${path} to other threads as only shared memory, SharedMatrix and plain data can be sent: received ${describe(o)}`);
}

/**
 * True when `v` would encode exactly as `enc`: same shared objects (by
 * identity), same plain values. Used to skip re-posting unchanged data.
 */
export function sameAsEncoded(v: unknown, enc: Encoded): boolean {
  switch (enc.t) {
    case 'p': return Object.is(v, enc.v);
    case 's': return v === enc.v;
    case 'm': return v instanceof SharedMatrix && (v as SharedMatrix).data === enc.v
      && (v as SharedMatrix).rows === enc.rows && (v as SharedMatrix).cols === enc.cols;
    case 'a': {
      if (!Array.isArray(v) || v.length !== enc.v.length) return false;
      for (let i = 0; i < v.length; i++) if (!sameAsEncoded(v[i], enc.v[i]!)) return false;
      return true;
    }
    case 'o': {
      if (!isPlainObject(v)) return false;
      const keys = Object.keys(v);
      if (keys.length !== enc.k.length) return false;
      for (let i = 0; i < keys.length; i++) {
        if (keys[i] !== enc.k[i] || !sameAsEncoded((v as SharedObject)[keys[i]!], enc.v[i]!)) return false;
      }
      return Object.getOwnPropertySymbols(v).length === 0;
    }
  }
}

/**
 * Rebuild a value from its wire form. Keys are defined as own properties,
 * so a key such as `__proto__` cannot change a prototype.
 */
export function decodeShared(enc: Encoded): unknown {
  switch (enc.t) {
    case 'p': case 's': return enc.v;
    case 'm': return new SharedMatrix(enc.rows, enc.cols, enc.v as Float64Array);
    case 'a': return enc.v.map(decodeShared);
    case 'o': {
      const out: SharedObject = {};
      for (let i = 0; i < enc.k.length; i++) {
        Object.defineProperty(out, enc.k[i]!, {
          value: decodeShared(enc.v[i]!), enumerable: true, writable: true, configurable: true,
        });
      }
      return out;
    }
  }
}

function isPlainObject(v: unknown): v is SharedObject {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
