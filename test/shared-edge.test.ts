// Shared data edge cases, checked on real workers.

import { SharedMatrix, sharedArray } from 'parfor';
import { describe, expect, it } from 'vitest';
import { team } from './helpers.js';

const t = team({ threads: 2 });

describe('shared data edge cases', () => {
  it('typed arrays that are views at an offset into a larger SharedArrayBuffer', async () => {
    const sab = new SharedArrayBuffer(8 * 100);
    const whole = new Float64Array(sab);
    const middle = new Float64Array(sab, 8 * 10, 50);
    await t.parallelFor(
      0,
      50,
      (i: number, { middle }: any) => {
        middle[i] = i + 1;
      },
      { shared: { middle } },
    );
    expect(whole[9]).toBe(0);
    expect(whole[10]).toBe(1);
    expect(whole[59]).toBe(50);
    expect(whole[60]).toBe(0);
    const bytes = new Uint8Array(sab, 3, 5); // unaligned byte view
    await t.parallelFor(
      0,
      5,
      (i: number, { bytes }: any) => {
        bytes[i] = 200 + i;
      },
      { shared: { bytes } },
    );
    expect([...new Uint8Array(sab, 3, 5)]).toEqual([200, 201, 202, 203, 204]);
  });

  it('a SharedMatrix built over an existing shared array, and a DataView', async () => {
    const data = sharedArray(Int32Array, 12);
    const M = new SharedMatrix(3, 4, data);
    const view = new DataView(new SharedArrayBuffer(16));
    await t.parallelFor(
      0,
      3,
      (i: number, { M, view }: any) => {
        for (let j = 0; j < 4; j++) M.set(i, j, i * 10 + j);
        view.setInt32(i * 4, i + 100, true);
      },
      { shared: { M, view } },
    );
    expect([...data]).toEqual([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]);
    expect(view.getInt32(8, true)).toBe(102);
  });

  it('zero-length arrays, the same array under two keys, nested plain objects', async () => {
    const empty = sharedArray(Float64Array, 0);
    const a = sharedArray(Int32Array, 4);
    const cfg = { scale: { factor: 3, offsets: [10, 20] }, name: 'x' };
    await t.parallelFor(
      0,
      4,
      (i: number, { empty, a, alias, cfg }: any) => {
        if (empty.length !== 0) throw new Error('empty');
        Atomics.add(a, i, cfg.scale.factor);
        Atomics.add(alias, i, cfg.scale.offsets[1]); // the same memory under another key
      },
      { shared: { empty, a, alias: a, cfg } },
    );
    expect([...a]).toEqual([23, 23, 23, 23]);
  });

  it('keys such as __proto__ and constructor arrive as plain data, with no prototype pollution in workers', async () => {
    const evil = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}}');
    const seen = sharedArray(Int32Array, 4);
    await t.parallelFor(
      0,
      2,
      (_i: number, { evil, seen }: any) => {
        const probe: any = {};
        seen[0] = probe.polluted === undefined ? 1 : 0;
        seen[1] = Object.getPrototypeOf(evil) === Object.prototype ? 1 : 0;
        // biome-ignore lint/suspicious/noProto: the test is about a key named __proto__
        seen[2] = evil.__proto__?.polluted === 1 ? 1 : 0; // an own data property
        seen[3] = Object.keys(evil).length;
      },
      { shared: { evil, seen } },
    );
    expect([...seen]).toEqual([1, 1, 1, 2]);
    expect(({} as any).polluted).toBeUndefined();
  });

  it('growable SharedArrayBuffers: workers see the memory, and growth made before the loop', async () => {
    const SAB = SharedArrayBuffer as unknown as new (
      n: number,
      o: { maxByteLength: number },
    ) => SharedArrayBuffer & { grow(n: number): void };
    const sab = new SAB(16, { maxByteLength: 64 });
    const view = new Int32Array(sab); // length-tracking
    sab.grow(32);
    expect(view.length).toBe(8);
    await t.parallelFor(
      0,
      8,
      (i: number, { view }: any) => {
        view[i] = i * i;
      },
      { shared: { view } },
    );
    expect([...view]).toEqual([0, 1, 4, 9, 16, 25, 36, 49]);
  });
});
