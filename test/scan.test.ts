// parallelScan: an inclusive prefix scan, compared to a serial oracle for every
// operator, thread count, range shape and output type; its errors and options.
import fc from 'fast-check';
import { kernel, LoopBodyError, parallelScan, parallelScanSync, sharedArray } from 'parfor';
import { describe, expect, it } from 'vitest';
import { team } from './helpers.js';

const T3 = team({ threads: 3 });

/** The serial inclusive scan of f over [start, end) with `op`. */
function oracle(start: number, end: number, f: (i: number) => number, op: (a: number, b: number) => number, identity: number): number[] {
  const out: number[] = [];
  let acc = identity;
  for (let i = start; i < end; i++) {
    acc = op(acc, f(i));
    out.push(acc);
  }
  return out;
}

const value = (i: number) => ((i * 7919) % 13) - 6; // small integers: every order of '+' gives the same doubles

describe('parallelScan', () => {
  for (const mode of ['async', 'sync'] as const) {
    it(`${mode}: equals the serial scan for random ranges, 1-3 threads, + min max`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: -3000, max: 3000 }),
          fc.integer({ min: -20, max: 4000 }),
          fc.integer({ min: 1, max: 3 }),
          fc.constantFrom('+', 'min', 'max'),
          async (start, len, threads, op) => {
            const end = start + len;
            const body = (i: number) => ((i * 7919) % 13) - 6;
            const opts = { threads, op } as const;
            const got = mode === 'async' ? await T3.parallelScan(start, end, body, opts) : T3.parallelScanSync(start, end, body, opts);
            const fn = op === '+' ? (a: number, b: number) => a + b : op === 'min' ? Math.min : Math.max;
            const id = op === '+' ? 0 : op === 'min' ? Infinity : -Infinity;
            expect(Array.from(got)).toEqual(oracle(start, end, value, fn, id));
          },
        ),
        { numRuns: 60 },
      );
    });
  }

  it('a combiner runs in order (non-commutative: last non-zero value), with its identity', async () => {
    const last = (a: number, b: number) => (b !== 0 ? b : a);
    const f = (i: number) => (i % 5 === 0 ? i : 0);
    const got = await T3.parallelScan(0, 1001, f, { op: (a, b) => (b !== 0 ? b : a), identity: 0 });
    expect(Array.from(got)).toEqual(oracle(0, 1001, f, last, 0));
  });

  it("'*' over a shared Int32Array out, offset by start, reading shared values", async () => {
    const out = sharedArray(Int32Array, 40);
    const factors = sharedArray(Int32Array, 60).fill(1);
    for (let i = 20; i < 60; i += 7) factors[i] = 2;
    const r = T3.parallelScanSync(20, 50, (i, { factors }) => factors[i]!, { op: '*', out, shared: { factors } });
    expect(r).toBe(out);
    expect(Array.from(out.subarray(0, 30))).toEqual(
      oracle(
        20,
        50,
        (i) => factors[i]!,
        (a, b) => a * b,
        1,
      ),
    );
    expect(Array.from(out.subarray(30))).toEqual(new Array(10).fill(0)); // past the range: untouched
  });

  it('the top-level function runs on the default team; an empty range returns the (empty) output', async () => {
    expect(Array.from(await parallelScan(0, 5, (i) => i))).toEqual([0, 1, 3, 6, 10]);
    // docs/functions.md's example
    const counts = sharedArray(Int32Array, [3, 0, 2, 5, 1]);
    expect(Array.from(await parallelScan(0, counts.length, (i, { counts }) => counts[i]!, { shared: { counts } }))).toEqual([
      3, 3, 5, 10, 11,
    ]);
    expect((await parallelScan(3, 3, (i) => i)).length).toBe(0);
    expect(parallelScanSync(0, 3, (i) => i + 1)).toEqual(new Float64Array([1, 3, 6]));
  });

  it('runs serially, with the same result, when called from inside a loop body', async () => {
    const out = sharedArray(Float64Array, 4 * 50);
    await T3.parallelFor(0, 4, kernel(new URL('./fixtures/kernels.mjs', import.meta.url), 'nestedScan'), { shared: { out } });
    const row = oracle(
      0,
      50,
      (j) => j * (j % 3),
      (a, b) => a + b,
      0,
    );
    for (let k = 0; k < 4; k++) expect(Array.from(out.subarray(k * 50, k * 50 + 50))).toEqual(row);
  });

  it('refuses schedules other than plain static, chunks, bigint outputs and short outputs, naming what it received', async () => {
    await expect(T3.parallelScan(0, 10, (i) => i, { schedule: 'dynamic' })).rejects.toThrow(
      /parallelScan with schedule "dynamic": it runs under plain 'static' only/,
    );
    await expect(T3.parallelScan(0, 10, (i) => i, { schedule: 'static', chunk: 2 })).rejects.toThrow(RangeError);
    await expect(T3.parallelScan(0, 10, (i) => i, 'guided')).rejects.toThrow(/schedule "guided"/);
    await expect(T3.parallelScan(0, 10, (i) => i, { out: sharedArray(BigInt64Array, 10) as never })).rejects.toThrow(
      /non-BigInt typed array.*received shared BigInt64Array\(10\)/,
    );
    await expect(T3.parallelScan(0, 10, (i) => i, { out: sharedArray(Float64Array, 9) })).rejects.toThrow(
      /hold the 10 results: received length 9/,
    );
    await expect(T3.parallelScan(0, 10, (i) => i, { op: 'xor' as never })).rejects.toThrow(
      /'op' must be '\+', '\*', 'min', 'max' or a function/,
    );
    await expect(T3.parallelScan(0, 10, (i) => i, { trace: true } as never)).rejects.toThrow(/'trace' is not an option/);
    expect(Array.from(await T3.parallelScan(0, 4, (i) => i, 'static'))).toEqual([0, 1, 3, 6]);
  });

  it('a body that throws is a LoopBodyError with its index; a non-number is a TypeError; the team still works', async () => {
    const err = await T3.parallelScan(0, 3000, (i) => {
      if (i === 2222) throw new Error('boom');
      return i;
    }).catch((e) => e);
    expect(err).toBeInstanceOf(LoopBodyError);
    expect(err.index).toBe(2222);
    expect(err.cause.message).toBe('boom');
    const bad = await T3.parallelScan(0, 10, (() => 'x') as never).catch((e) => e);
    expect(bad.cause).toBeInstanceOf(TypeError);
    expect(bad.cause.message).toMatch(/returned string where a number was expected/);
    expect(Array.from(await T3.parallelScan(0, 3, (i) => i))).toEqual([0, 1, 3]);
  });

  it('posts nothing when repeated with the same body and output', async () => {
    const t = team({ threads: 2 });
    const out = sharedArray(Float64Array, 100);
    const f = (i: number) => i;
    await t.parallelScan(0, 100, f, { out });
    const before = t.stats.messages;
    for (let k = 0; k < 5; k++) await t.parallelScan(0, 100, f, { out });
    expect(t.stats.messages).toBe(before);
    expect(out[99]).toBe(4950);
  });
});
