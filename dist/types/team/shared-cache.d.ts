/**
 * The team's memory of the last `shared` object it encoded: a loop with the
 * same values (same shared arrays, equal plain data) reuses its id and posts
 * nothing.
 */
import { type Encoded } from './shared-values.js';
export interface SharedSnapshot {
    id: number;
    /** The encoded values; null for "no shared option" (id 0). */
    value: Encoded | null;
}
export declare class SharedCache {
    private last;
    private nextId;
    private decodedId;
    private decoded;
    /** Validate and snapshot `shared` (undefined means none). Throws TypeError on bad values. */
    snapshot(shared: unknown): SharedSnapshot;
    /** The values as the calling thread of a synchronous loop receives them. */
    local(snap: SharedSnapshot): unknown;
}
