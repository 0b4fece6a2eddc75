/**
 * The team's memory of the last `shared` object it encoded: a loop with the
 * same values (same shared arrays, equal plain data) and the same output array
 * (parallelMap) reuses its id and posts nothing.
 */
import { type Encoded } from './shared-values.js';
export interface SharedSnapshot {
    id: number;
    /** The encoded values; null for "no shared option". */
    value: Encoded | null;
    /** A loop's own shared output (parallelMap's `out`), passed beside the values. */
    extra: ArrayBufferView | undefined;
}
/** What a thread receives: the body's `shared` argument and the loop's output. */
export interface SharedValues {
    s: unknown;
    x: ArrayBufferView | undefined;
}
export declare class SharedCache {
    private last;
    private nextId;
    private decodedId;
    private decoded;
    /** Validate and snapshot `shared` (undefined means none). Throws TypeError on bad values. */
    snapshot(shared: unknown, extra?: ArrayBufferView): SharedSnapshot;
    /** The values as the calling thread of a synchronous loop receives them. */
    local(snap: SharedSnapshot): SharedValues;
}
export declare function decodeValues(value: Encoded | null, extra: ArrayBufferView | undefined): SharedValues;
