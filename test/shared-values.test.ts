import { describe, expect, it } from 'vitest';
import { SharedMatrix } from '../src/data/matrix.js';
import { sharedArray } from '../src/data/shared-array.js';
import { sameAsEncoded } from '../src/team/shared/cache.js';
import { decodeShared, encodeShared } from '../src/team/shared/values.js';

describe('shared values', () => {
  it('keeps shared memory by reference and clones plain data', () => {
    const a = sharedArray(Float64Array, 4);
    const M = new SharedMatrix(2, 3, Int32Array);
    const plain = { n: 5, name: 'x', nested: { list: [1, 2, { deep: true }] } };
    const enc = encodeShared({ a, M, plain });
    const back = decodeShared(structuredClone(enc)) as Record<string, any>;
    // Structured clone gives a new SharedArrayBuffer object over the same memory.
    back.a[2] = 42;
    expect(a[2]).toBe(42);
    expect(back.M).toBeInstanceOf(SharedMatrix);
    back.M.set(1, 2, 7);
    expect(M.get(1, 2)).toBe(7);
    expect(back.plain).toEqual(plain);
    expect(back.plain).not.toBe(plain);
  });

  it('refuses memory that is not shared, naming the key and sharedArray()', () => {
    expect(() => encodeShared({ out: new Float64Array(3) })).toThrow(TypeError);
    expect(() => encodeShared({ cfg: { out: new Float64Array(3) } })).toThrow(
      /shared\.cfg\.out.*non-shared Float64Array\(3\).*sharedArray\(\)/,
    );
    expect(() => encodeShared({ buf: new ArrayBuffer(8) })).toThrow(/shared\.buf.*not shared/);
  });

  it('refuses functions, symbols, class instances, cycles and non-objects', () => {
    expect(() => encodeShared({ f: () => 1 })).toThrow(/shared\.f.*functions/);
    expect(() => encodeShared({ s: Symbol('x') })).toThrow(/shared\.s.*symbols/);
    expect(() => encodeShared({ d: new Map() })).toThrow(/shared\.d.*instance of Map/);
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(() => encodeShared({ cyc })).toThrow(/cycle/);
    expect(() => encodeShared([1, 2])).toThrow(/plain object.*array/);
  });

  it('compares by identity for shared memory and by value for plain data', () => {
    const a = sharedArray(Int32Array, 2);
    const shared = { a, k: 3, o: { x: [1, 2] } };
    const enc = encodeShared(shared);
    expect(sameAsEncoded({ a, k: 3, o: { x: [1, 2] } }, enc)).toBe(true);
    expect(sameAsEncoded({ a: sharedArray(Int32Array, 2), k: 3, o: { x: [1, 2] } }, enc)).toBe(false);
    shared.o.x[1] = 5; // a mutation is a change
    expect(sameAsEncoded(shared, enc)).toBe(false);
    expect(sameAsEncoded({ a, k: 3 }, enc)).toBe(false);
  });

  it('decodes __proto__ and constructor keys as own data, without prototype pollution', () => {
    const evil = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"p": 1}}}');
    const back = decodeShared(structuredClone(encodeShared({ evil }))) as Record<string, any>;
    expect(Object.getPrototypeOf(back.evil)).toBe(Object.prototype);
    expect(Object.keys(back.evil)).toEqual(['__proto__', 'constructor']);
    expect(({} as any).polluted).toBeUndefined();
    // biome-ignore lint/suspicious/noProto: the test is about a key named __proto__
    expect(back.evil.__proto__).toEqual({ polluted: true });
  });
});
