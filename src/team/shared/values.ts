/**
 * The `shared` option: validate, encode for posting, compare with what was
 * posted last, and decode on the receiving thread.
 *
 * Shared memory (SharedArrayBuffer, typed arrays and DataViews over one,
 * SharedMatrix) crosses by reference: structured clone of a
 * SharedArrayBuffer shares it. Plain data (primitives, plain objects, arrays)
 * is copied: each largest subtree without shared memory in it is validated by
 * one walk and then copied by the platform's structured clone (native code,
 * any depth structured clone handles), never rebuilt node by node. Anything
 * else is refused with a TypeError that names the key, because a worker's
 * writes to copied memory would be silently lost.
 *
 * Plain data is read-only on every thread (deeply frozen where it is
 * decoded): a body that changed its copy would otherwise see its change in
 * later loops while other threads did not.
 */

import { isSharedLock, lockOver, type SharedLock } from '../../core/shared-lock.js';
import { SharedMatrix } from '../../data/matrix.js';
import { isSharedBuffer, isSharedView } from '../../data/typed.js';
import { describe } from '../../describe.js';
import { isSafeInteger } from '../../intrinsics.js';
import { checkDeep, DEEP, depthOf, type Flat, flatten, unflatten } from './deep.js';
import { type PostedView, postView, receiveView } from './posted-view.js';

type Primitive = number | string | boolean | bigint | null | undefined;

/** The wire form of a shared value (data only). */
export type Encoded =
  | { form: 'primitive'; v: Primitive }
  | { form: 'view'; v: ArrayBufferView | SharedArrayBuffer | PostedView }
  | { form: 'matrix'; rows: number; cols: number; v: ArrayBufferView | PostedView }
  | { form: 'lock'; v: ArrayBufferView | PostedView }
  /** Plain data with no shared memory inside: a frozen copy. */
  | { form: 'copy'; v: unknown }
  /** A long array of numbers only, packed: a message carries it as one block of bytes. */
  | { form: 'packed'; v: Float64Array }
  /** Plain data nested deeper than a message can carry as it is: a flat list of nodes (deep.ts). */
  | { form: 'flat'; v: Flat }
  | { form: 'object'; k: string[]; v: Encoded[] }
  | { form: 'array'; v: Encoded[] };

export type SharedObject = Record<string, unknown>;

/** The form of `enc` to post: shared views replaced by PostedView (computed once per change). */
export function toPosted(enc: Encoded): Encoded {
  switch (enc.form) {
    case 'view':
      return ArrayBuffer.isView(enc.v) ? { form: 'view', v: postView(enc.v) } : enc;
    case 'matrix':
    case 'lock':
      return { ...enc, v: postView(enc.v as ArrayBufferView) };
    case 'object':
      return { form: 'object', k: enc.k, v: enc.v.map(toPosted) };
    case 'array':
      return { form: 'array', v: enc.v.map(toPosted) };
    default:
      return enc;
  }
}

/** Validate `shared` and encode it. Throws TypeError naming the bad key. */
export function encodeShared(shared: unknown): Encoded {
  if (!isPlainObject(shared)) {
    throw new TypeError(`Cannot use the 'shared' option as it must be a plain object of values: received ${describe(shared)}`);
  }
  // Each value of the top-level object is encoded on its own, so a big array of
  // numbers under a key travels packed.
  const keys = Object.keys(shared);
  if (Object.getOwnPropertySymbols(shared).length > 0) {
    throw new TypeError('Cannot pass shared to other threads as it has symbol keys, which are not sent');
  }
  const ancestors = new Set<object>([shared]);
  return { form: 'object', k: keys, v: keys.map((k) => encode(shared[k], `shared.${k}`, ancestors) ?? plain(shared[k])) };
}

/** Arrays at least this long, of numbers only, travel packed in a Float64Array. */
const PACK_MIN = 1024;

/** A frozen copy of a plain value (validated already). */
function copied(v: unknown): Encoded {
  return { form: 'copy', v: deepFreeze(copyPlain(v)) };
}

/**
 * Copy validated plain data, iteratively (structured clone in Node 20 gives
 * up near 2,000 levels; a message does not, and neither does this). Arrays
 * are copied with slice(), so a big flat array costs one native copy.
 */
function copyPlain<T>(root: T): T {
  if (isPrimitive(root)) return root;
  const shell = (src: object): object => (Array.isArray(src) ? src.slice() : {});
  const top = shell(root as object);
  const stack: Array<[object, object]> = [[root as object, top]];
  while (stack.length > 0) {
    const [src, dst] = stack.pop()!;
    if (Array.isArray(src)) {
      for (let i = 0; i < src.length; i++) {
        const c = src[i];
        if (isPrimitive(c)) continue; // already in the slice
        const d = shell(c as object);
        (dst as unknown[])[i] = d;
        stack.push([c as object, d]);
      }
    } else {
      for (const k of Object.keys(src)) {
        const c = (src as SharedObject)[k];
        let d = c;
        if (!isPrimitive(c)) {
          d = shell(c as object);
          stack.push([c as object, d as object]);
        }
        Object.defineProperty(dst, k, { value: d, enumerable: true, writable: true, configurable: true });
      }
    }
  }
  return top as T;
}

/**
 * Validate `v`; null when it is plain data (no shared memory anywhere in it),
 * to be copied whole by the caller; otherwise its encoding, in which the plain
 * subtrees are already copied.
 */
function encode(v: unknown, path: string, ancestors: Set<object>, depth = 1): Encoded | null {
  switch (typeof v) {
    case 'number':
    case 'string':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return null;
    case 'function':
      throw new TypeError(
        `Cannot pass ${path} to other threads as functions cannot be shared: received ${describe(v)}; use a kernel module for code`,
      );
    case 'symbol':
      throw new TypeError(`Cannot pass ${path} to other threads as symbols cannot be shared: received ${describe(v)}`);
  }
  if (v === null) return null;
  const o = v as object;
  if (depth > DEEP) {
    checkDeep(o, path, ancestors, isPlainObject); // no deeper recursion: the rest is checked with a stack of its own
    return null;
  }
  if (o instanceof SharedMatrix) return matrix(o as SharedMatrix, path);
  if (isSharedLock(o)) return lock(o, path);
  if (isSharedView(o) || isSharedBuffer(o)) return { form: 'view', v: o };
  if (ArrayBuffer.isView(o) || o instanceof ArrayBuffer) {
    throw new TypeError(
      `Cannot pass ${path} to other threads as its memory is not shared, so writes made by workers would be lost: ` +
        `received ${describe(o)}; create it with sharedArray() or over a SharedArrayBuffer`,
    );
  }
  if (ancestors.has(o)) throw new TypeError(`Cannot pass ${path} to other threads as it refers back to itself (a cycle)`);
  if (Array.isArray(o)) {
    ancestors.add(o);
    let parts: Array<Encoded | null> | undefined;
    for (let i = 0; i < o.length; i++) {
      const x = o[i];
      if (isPrimitive(x)) continue; // the common case of big arrays: no path string built
      const e = encode(x, path.length < 200 ? `${path}[${i}]` : path, ancestors, depth + 1);
      if (e !== null) {
        parts ??= new Array(o.length).fill(null);
        parts[i] = e;
      }
    }
    ancestors.delete(o);
    return parts === undefined ? null : { form: 'array', v: parts.map((e, i) => e ?? plain(o[i])) };
  }
  if (isPlainObject(o)) {
    if (Object.getOwnPropertySymbols(o).length > 0) {
      throw new TypeError(`Cannot pass ${path} to other threads as it has symbol keys, which are not sent`);
    }
    ancestors.add(o);
    const keys = Object.keys(o);
    let parts: Array<Encoded | null> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const x = (o as SharedObject)[keys[i]!];
      if (isPrimitive(x)) continue;
      const e = encode(x, path.length < 200 ? `${path}.${keys[i]}` : path, ancestors, depth + 1);
      if (e !== null) {
        parts ??= new Array(keys.length).fill(null);
        parts[i] = e;
      }
    }
    ancestors.delete(o);
    return parts === undefined ? null : { form: 'object', k: keys, v: parts.map((e, i) => e ?? plain((o as SharedObject)[keys[i]!])) };
  }
  throw new TypeError(
    `Cannot pass ${path} to other threads as only shared memory, SharedMatrix, SharedLock and plain data can be sent: received ${describe(o)}`,
  );
}

function isPrimitive(x: unknown): boolean {
  const t = typeof x;
  return x === null || (t !== 'object' && t !== 'function' && t !== 'symbol');
}

function plain(v: unknown): Encoded {
  if (isPrimitive(v)) return { form: 'primitive', v: v as Primitive };
  if (Array.isArray(v) && v.length >= PACK_MIN && allNumbers(v)) return { form: 'packed', v: Float64Array.from(v) };
  if (depthOf(v, DEEP) > DEEP) return { form: 'flat', v: flatten(v) };
  return copied(v);
}

function allNumbers(a: unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'number') return false;
  return true;
}

/** A SharedMatrix, checked on the calling thread: a malformed one must not reach (and crash) a worker. */
function matrix(m: SharedMatrix, path: string): Encoded {
  const { rows, cols, data } = m as { rows: unknown; cols: unknown; data: unknown };
  const bad = (why: string) => new TypeError(`Cannot pass ${path} to other threads as it is not a well-formed SharedMatrix: ${why}`);
  if (!isSafeInteger(rows) || (rows as number) < 0) throw bad(`'rows' must be a non-negative safe integer: received ${describe(rows)}`);
  if (!isSafeInteger(cols) || (cols as number) < 0) throw bad(`'cols' must be a non-negative safe integer: received ${describe(cols)}`);
  if (!isSharedView(data) || data instanceof DataView || data instanceof BigInt64Array || data instanceof BigUint64Array) {
    throw bad(`'data' must be a numeric typed array over a SharedArrayBuffer: received ${describe(data)}`);
  }
  if ((data as Float64Array).length !== (rows as number) * (cols as number)) {
    throw bad(
      `'data' must have rows × cols = ${(rows as number) * (cols as number)} elements: received length ${(data as Float64Array).length}`,
    );
  }
  return { form: 'matrix', rows: rows as number, cols: cols as number, v: data as ArrayBufferView };
}

/** A SharedLock, checked on the calling thread: its words must be a shared Int32Array of at least two. */
function lock(l: SharedLock, path: string): Encoded {
  const words = (l as { words: unknown }).words;
  if (!(words instanceof Int32Array) || !isSharedView(words) || words.length < 2) {
    throw new TypeError(
      `Cannot pass ${path} to other threads as it is not a well-formed SharedLock: its words must be a shared Int32Array: received ${describe(words)}`,
    );
  }
  return { form: 'lock', v: words };
}

/**
 * Rebuild a value from its wire form. Keys are defined as own properties,
 * so a key such as `__proto__` cannot change a prototype. Plain data comes
 * out frozen (see the module comment); a copy that arrived by message is
 * frozen here, one made on this thread is frozen already.
 */
export function decodeShared(enc: Encoded): unknown {
  switch (enc.form) {
    case 'primitive':
      return enc.v;
    case 'view':
      return receiveView(enc.v);
    case 'copy':
      return deepFreeze(enc.v);
    case 'packed': {
      const a = new Array<number>(enc.v.length); // preallocated: about 3× faster than Array.from here
      for (let i = 0; i < a.length; i++) a[i] = enc.v[i]!;
      return Object.freeze(a);
    }
    case 'matrix':
      return new SharedMatrix(enc.rows, enc.cols, receiveView(enc.v) as Float64Array);
    case 'lock':
      return lockOver(receiveView(enc.v) as Int32Array);
    case 'flat':
      return unflatten(enc.v);
    case 'array':
      return Object.freeze(enc.v.map(decodeShared));
    case 'object': {
      const out: SharedObject = {};
      for (let i = 0; i < enc.k.length; i++) {
        Object.defineProperty(out, enc.k[i]!, {
          value: decodeShared(enc.v[i]!),
          enumerable: true,
          writable: false,
          configurable: false,
        });
      }
      return Object.freeze(out);
    }
  }
}

/** Freeze plain data and everything in it (iteratively: copies may be deeper than the stack allows). */
function deepFreeze<T>(root: T): T {
  if (root === null || typeof root !== 'object' || Object.isFrozen(root)) return root;
  const stack: object[] = [root as object];
  while (stack.length > 0) {
    const o = stack.pop()!;
    Object.freeze(o);
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) {
        const c = o[i];
        if (c !== null && typeof c === 'object' && !Object.isFrozen(c)) stack.push(c);
      }
    } else {
      for (const k of Object.keys(o)) {
        const c = (o as SharedObject)[k];
        if (c !== null && typeof c === 'object' && !Object.isFrozen(c)) stack.push(c);
      }
    }
  }
  return root;
}

export function isPlainObject(v: unknown): v is SharedObject {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
