/**
 * The team's memory of the last `shared` object it encoded: a loop with the
 * same values (same shared arrays, equal plain data) reuses its id and posts
 * nothing.
 */
import { decodeShared, encodeShared, sameAsEncoded, type Encoded } from './shared-values.js';

export interface SharedSnapshot {
  id: number;
  /** The encoded values; null for "no shared option" (id 0). */
  value: Encoded | null;
}

const NONE: SharedSnapshot = { id: 0, value: null };

export class SharedCache {
  private last: SharedSnapshot = NONE;
  private nextId = 1;
  private decodedId = -1;
  private decoded: unknown = {};

  /** Validate and snapshot `shared` (undefined means none). Throws TypeError on bad values. */
  snapshot(shared: unknown): SharedSnapshot {
    if (shared === undefined) return NONE;
    if (this.last.value !== null && sameAsEncoded(shared, this.last.value)) return this.last;
    this.last = { id: this.nextId++, value: encodeShared(shared) };
    return this.last;
  }

  /** The values as the calling thread of a synchronous loop receives them. */
  local(snap: SharedSnapshot): unknown {
    if (snap.value === null) return {};
    if (this.decodedId !== snap.id) {
      this.decoded = decodeShared(snap.value);
      this.decodedId = snap.id;
    }
    return this.decoded;
  }
}
