/** A bounded cache, least recently used first out: the body caches and the wasm instances. */

/** A small least-recently-used map: `get` refreshes, `set` evicts the oldest past capacity. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  /** The most recently used key: refreshing it again is a no-op, so the hot path skips it. */
  private newest: K | undefined;
  constructor(
    readonly capacity: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined && key !== this.newest) {
      this.map.delete(key);
      this.map.set(key, v);
      this.newest = key;
    }
    return v;
  }

  /** Insert or refresh; returns the keys evicted to stay within capacity. */
  set(key: K, value: V): K[] {
    this.map.delete(key);
    this.map.set(key, value);
    this.newest = key;
    const evicted: K[] = [];
    while (this.map.size > this.capacity) {
      const [oldest, value] = this.map.entries().next().value as [K, V];
      this.map.delete(oldest);
      evicted.push(oldest);
      this.onEvict?.(oldest, value);
    }
    return evicted;
  }
}
