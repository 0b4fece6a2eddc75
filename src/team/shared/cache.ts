/**
 * The team's memory of the last `shared` object it encoded: a loop with the
 * same values (same shared arrays, equal plain data) and the same output array
 * (parallelMap) reuses its id and posts nothing.
 */

import { isSharedLock } from '../../core/shared-lock.js';
import { SharedMatrix } from '../../data/matrix.js';
import { type PostedView, receiveView } from './posted-view.js';
import { decodeShared, type Encoded, encodeShared, isPlainObject, type SharedObject, toPosted } from './values.js';

export interface SharedSnapshot {
  id: number;
  /** The encoded values; null for "no shared option". */
  value: Encoded | null;
  /** The same in the form posted to workers (shared views as buffer, offset and length). */
  posted: Encoded | null;
  /** A loop's own shared output (parallelMap's `out`), passed beside the values. */
  extra: ArrayBufferView | undefined;
}

/** What a thread receives: the body's `shared` argument and the loop's output. */
export interface SharedValues {
  /** The body's `shared` argument. */
  value: unknown;
  /** The loop's output array (parallelMap, parallelScan), passed beside the values. */
  out: ArrayBufferView | undefined;
}

const NONE: SharedSnapshot = { id: 0, value: null, posted: null, extra: undefined };

export class SharedCache {
  private last: SharedSnapshot = NONE;
  private nextId = 1;
  private decodedId = -1;
  private decoded: SharedValues = { value: {}, out: undefined };

  /** Validate and snapshot `shared` (undefined means none). Throws TypeError on bad values. */
  snapshot(shared: unknown, extra?: ArrayBufferView): SharedSnapshot {
    if (shared === undefined && extra === undefined) return NONE;
    const last = this.last;
    if (last.extra === extra && (shared === undefined ? last.value === null : last.value !== null && sameAsEncoded(shared, last.value))) {
      return last;
    }
    const value = shared === undefined ? null : encodeShared(shared);
    this.last = { id: this.nextId++, value, posted: value === null ? null : toPosted(value), extra };
    return this.last;
  }

  /** The values as the calling thread of a synchronous loop receives them. */
  local(snap: SharedSnapshot): SharedValues {
    if (this.decodedId !== snap.id) {
      this.decoded = decodeValues(snap.value, snap.extra);
      this.decodedId = snap.id;
    }
    return this.decoded;
  }
}

export function decodeValues(value: Encoded | null, extra: ArrayBufferView | PostedView | undefined): SharedValues {
  return { value: value === null ? {} : decodeShared(value), out: receiveView(extra) };
}

// ---- is it the same as last time? ---------------------------------------------------

/**
 * True when `v` would encode exactly as `enc`: same shared objects (by
 * identity), same plain values. Used to skip re-posting unchanged data.
 */
export function sameAsEncoded(v: unknown, enc: Encoded): boolean {
  switch (enc.form) {
    case 'primitive':
      return Object.is(v, enc.v);
    case 'copy':
      return samePlain(v, enc.v, 0);
    case 'flat':
      return false; // deeper than worth comparing: sent again, which is always correct
    case 'packed': {
      if (!Array.isArray(v) || v.length !== enc.v.length) return false;
      for (let i = 0; i < v.length; i++) if (!Object.is(v[i], enc.v[i])) return false;
      return true;
    }
    case 'view':
      return v === enc.v;
    case 'matrix':
      return (
        v instanceof SharedMatrix &&
        (v as SharedMatrix).data === enc.v &&
        (v as SharedMatrix).rows === enc.rows &&
        (v as SharedMatrix).cols === enc.cols
      );
    case 'lock':
      return isSharedLock(v) && v.words === enc.v;
    case 'array': {
      if (!Array.isArray(v) || v.length !== enc.v.length) return false;
      for (let i = 0; i < v.length; i++) if (!sameAsEncoded(v[i], enc.v[i]!)) return false;
      return true;
    }
    case 'object': {
      if (!isPlainObject(v)) return false;
      // Own enumerable keys in order, as Object.keys gives them, without the array it allocates.
      const k = enc.k;
      let i = 0;
      for (const key in v) {
        if (!Object.hasOwn(v, key)) continue;
        if (i >= k.length || key !== k[i] || !sameAsEncoded((v as SharedObject)[key], enc.v[i]!)) return false;
        i++;
      }
      return i === k.length && noSymbolKeys(v);
    }
  }
}

/** Own string keys of one of the team's own copies (never changed once made), listed once. */
const keysOfCopy = new WeakMap<object, string[]>();

/**
 * Whether `o` has no symbol keys. Listing them allocates, so an object found
 * to have none is remembered (weakly): a loop called again with the same
 * shared objects does not list them again. A symbol key added to one of them
 * later is not seen (symbol keys are refused when values are first encoded).
 */
function noSymbolKeys(o: object): boolean {
  if (withoutSymbols.has(o)) return true;
  if (Object.getOwnPropertySymbols(o).length !== 0) return false;
  withoutSymbols.add(o);
  return true;
}
const withoutSymbols = new WeakSet<object>();

/** Deep equality of plain data (the caller's value against the copy made of it last time). */
function samePlain(a: unknown, b: unknown, depth: number): boolean {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b);
  if (depth > 10_000) return false; // deeper than any copy can be: just send it again
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!samePlain(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (Array.isArray(b) || !isPlainObject(a)) return false;
  let kb = keysOfCopy.get(b);
  if (kb === undefined) {
    kb = Object.keys(b);
    keysOfCopy.set(b, kb);
  }
  let i = 0;
  for (const key in a) {
    if (!Object.hasOwn(a, key)) continue;
    if (i >= kb.length || key !== kb[i] || !samePlain((a as SharedObject)[key], (b as SharedObject)[key], depth + 1)) return false;
    i++;
  }
  return i === kb.length && noSymbolKeys(a);
}
