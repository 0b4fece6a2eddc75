/** A small least-recently-used map: `get` refreshes, `set` evicts the oldest past capacity. */
export declare class Lru<K, V> {
    readonly capacity: number;
    private readonly onEvict?;
    private readonly map;
    /** The most recently used key: refreshing it again is a no-op, so the hot path skips it. */
    private newest;
    constructor(capacity: number, onEvict?: ((key: K, value: V) => void) | undefined);
    get(key: K): V | undefined;
    /** Insert or refresh; returns the keys evicted to stay within capacity. */
    set(key: K, value: V): K[];
}
