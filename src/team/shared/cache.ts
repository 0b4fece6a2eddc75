/**
 * The team's memory of the last `shared` object it encoded: a loop with the
 * same values (same shared arrays, equal plain data) and the same output array
 * (parallelMap) reuses its id and posts nothing.
 */
import { type PostedView, receiveView } from './posted-view.js';
import { decodeShared, type Encoded, encodeShared, sameAsEncoded, toPosted } from './values.js';

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
  s: unknown;
  x: ArrayBufferView | undefined;
}

const NONE: SharedSnapshot = { id: 0, value: null, posted: null, extra: undefined };

export class SharedCache {
  private last: SharedSnapshot = NONE;
  private nextId = 1;
  private decodedId = -1;
  private decoded: SharedValues = { s: {}, x: undefined };

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
  return { s: value === null ? {} : decodeShared(value), x: receiveView(extra) };
}
