type Primitive = number | string | boolean | bigint | null | undefined;
/** The wire form of a shared value (data only). */
export type Encoded = {
    t: 'p';
    v: Primitive;
} | {
    t: 's';
    v: ArrayBufferView | SharedArrayBuffer;
} | {
    t: 'm';
    rows: number;
    cols: number;
    v: ArrayBufferView;
} | {
    t: 'o';
    k: string[];
    v: Encoded[];
} | {
    t: 'a';
    v: Encoded[];
};
export type SharedObject = Record<string, unknown>;
/** Validate `shared` and encode it. Throws TypeError naming the bad key. */
export declare function encodeShared(shared: unknown): Encoded;
/**
 * True when `v` would encode exactly as `enc`: same shared objects (by
 * identity), same plain values. Used to skip re-posting unchanged data.
 */
export declare function sameAsEncoded(v: unknown, enc: Encoded): boolean;
/**
 * Rebuild a value from its wire form. Keys are defined as own properties,
 * so a key such as `__proto__` cannot change a prototype.
 */
export declare function decodeShared(enc: Encoded): unknown;
export {};
