// Stopping from inside: parallelFind, parallelAny, parallelAll and ctx.cancel(), against
// Array.prototype.findIndex/some/every, with a bound on how much runs after a hit.
import fc from 'fast-check';
import { LoopBodyError, parallelAll, parallelAny, parallelFind, parallelFindSync, parallelFor, sharedArray } from 'parfor';
import { afterAll, describe, expect, it } from 'vitest';
import { team } from './helpers.js';

const t = team({ threads: 8 });
afterAll(() => t.close());

const SCHEDULES = [
  {},
  { schedule: 'dynamic' },
  { schedule: 'dynamic', chunk: 7 },
  { schedule: 'guided' },
  { schedule: 'guided', chunk: 3 },
  { chunk: 16 },
];

describe('parallelFind, parallelAny, parallelAll', () => {
  it('give what findIndex, some and every give, sync and async, 1-8 threads, every allowed schedule (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -50, max: 50 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 2999 }), { maxLength: 6 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.constantFrom(...SCHEDULES),
        fc.constantFrom(1, 2, 3, 8),
        fc.boolean(),
        async (start, marks, n, schedule, threads, sync) => {
          const a = sharedArray(Int32Array, Math.max(n, 1));
          for (const m of marks) if (m < n) a[m] = 1;
          const values = [...a.subarray(0, n)];
          const opts = { ...schedule, threads, shared: { a, start } };
          // Truthy and falsy values that are not booleans, as Array.prototype.find takes them.
          const hit = (i: number, { a, start }: any) => (a[i - start] === 1 ? 'yes' : 0);
          const miss = (i: number, { a, start }: any) => (a[i - start] === 1 ? null : i - start + 1);
          const found = sync ? t.parallelFindSync(start, start + n, hit, opts) : await t.parallelFind(start, start + n, hit, opts);
          const any = sync ? t.parallelAnySync(start, start + n, hit, opts) : await t.parallelAny(start, start + n, hit, opts);
          const all = sync ? t.parallelAllSync(start, start + n, miss, opts) : await t.parallelAll(start, start + n, miss, opts);
          const k = values.findIndex((v) => v === 1);
          expect(found).toBe(k < 0 ? -1 : start + k);
          expect(any).toBe(values.some((v) => v === 1));
          expect(all).toBe(values.every((v) => v !== 1));
        },
      ),
      { numRuns: 80 },
    );
  });

  // The bounds below count the iterations that begin after the first hit was recorded (c[0]),
  // not all of them: a thread preempted before it reaches the hit lets the others run ahead,
  // which says nothing about how soon they stop once it is found. The hit is recorded after the
  // body has stopped the loop itself (ctx.cancel(), which the search does anyway right after): a
  // thread preempted between the two would otherwise let the others run chunks that count as
  // "after the hit" while nothing had told them to stop (CI, 8 threads on 2 cores: 1,594 > 1,400).
  const counting = (i: number, { c, h }: any, ctx: { cancel(): void }) => {
    if (Atomics.load(c as Int32Array, 0) === 1) Atomics.add(c, 1, 1); // began after the hit
    Atomics.add(c, 2, 1);
    const hit = i === h || i === h + 1 || i > h + 50_000;
    if (hit) {
      ctx.cancel();
      Atomics.store(c, 0, 1);
    }
    return hit;
  };

  it('stop soon after a hit: after it, each other thread runs at most two chunks (dynamic,100, 1, 3 and 8 threads)', async () => {
    // Each thread checks STOP before it claims: once a hit sets it, another thread finishes the
    // chunk in hand and may claim one more if it was between its check and its claim.
    const chunk = 100;
    for (const [T, h] of [
      [3, 0],
      [3, 5_000],
      [3, 123_456],
      [3, 999_999],
      [1, 5_000],
      [8, 123_456],
    ] as const) {
      const c = sharedArray(Int32Array, 3);
      const found = await t.parallelFind(0, 1_000_000, counting, { schedule: 'dynamic', chunk, threads: T, shared: { c, h } });
      expect(found).toBe(h);
      expect(c[2]).toBeGreaterThanOrEqual(h + 1); // every iteration up to the hit ran
      expect(c[1]).toBeLessThanOrEqual(2 * (T - 1) * chunk);
    }
  });

  it("under the default 'auto', a long loop still stops within chunks of at most 1,024 iterations", async () => {
    const T = 3;
    const h = 5_000;
    const c = sharedArray(Int32Array, 3);
    const found = await t.parallelFind(0, 10_000_000, counting, { threads: T, shared: { c, h } });
    expect(found).toBe(h);
    // Uncapped, auto's chunks would be 10^7 / (16 × 3) ≈ 208,000 iterations, and up to two of them
    // per other thread could run after the hit.
    expect(c[1]).toBeLessThanOrEqual(2 * (T - 1) * 1024);
  });

  it('refuse schedules whose chunks are not claimed in order, and the ordered option; the predicate may not return a promise', async () => {
    for (const schedule of ['static', 'static,4', 'adaptive', 'runtime']) {
      await expect(parallelFind(0, 10, () => true, { schedule })).rejects.toThrow(
        `Cannot run parallelFind with schedule "${schedule}": it runs under 'dynamic', 'guided' or 'auto' (the default) only`,
      );
    }
    expect(() => parallelFindSync(0, 10, () => true, { ordered: true } as any)).toThrow(/'ordered' is not an option/);
    const err = await parallelAny(0, 10, () => Promise.resolve(true)).catch((e) => e);
    expect(err).toBeInstanceOf(LoopBodyError);
    expect(err.cause.message).toMatch(/returned a promise/);
    expect(await parallelAll(0, 0, () => false)).toBe(true);
    expect(await parallelAny(5, 5, () => true)).toBe(false);
    expect(await parallelFind(5, 3, () => true)).toBe(-1);
  });
});

describe('ctx.cancel()', () => {
  it('stops every thread at its next chunk without an error, and the next loop runs in full (1, 3 and 8 threads)', async () => {
    for (const [sync, T] of [
      [false, 3],
      [true, 3],
      [false, 1],
      [true, 8],
    ] as const) {
      const c = sharedArray(Int32Array, 3);
      const body = (i: number, { c }: any, ctx: any) => {
        if (Atomics.load(c as Int32Array, 0) === 1) Atomics.add(c, 1, 1); // began after the cancel
        Atomics.add(c, 2, 1);
        if (i === 1_000) {
          Atomics.store(c, 0, 1);
          ctx.cancel();
        }
      };
      const opts = { schedule: 'dynamic', chunk: 50, threads: T, shared: { c } };
      const r = sync ? t.parallelForSync(0, 1_000_000, body, opts) : await t.parallelFor(0, 1_000_000, body, opts);
      expect(r).toBeUndefined();
      expect(c[0]).toBe(1);
      // The cancelling thread finishes its chunk; each other one, the chunk in hand and perhaps one more.
      expect(c[1]).toBeLessThanOrEqual(49 + 2 * (T - 1) * 50);
      expect(c[2]).toBeLessThan(1_000_000);
      const all = sharedArray(Int32Array, 1);
      await t.parallelFor(0, 10_000, (_i: number, { all }: any) => Atomics.add(all, 0, 1), { threads: 3, shared: { all } });
      expect(all[0]).toBe(10_000);
    }
  });

  it('a cancelled reduce returns what the iterations that ran combine to', async () => {
    const ran = sharedArray(Int32Array, 1);
    const sum = await t.parallelReduce(
      0,
      1_000_000,
      (i: number, { ran }: any, ctx: any) => {
        Atomics.add(ran, 0, 1);
        if (i === 999) ctx.cancel();
        return 1;
      },
      { schedule: 'dynamic', chunk: 100, threads: 2, shared: { ran } },
    );
    expect(sum).toBe(ran[0]);
    expect(sum).toBeLessThan(1_000_000);
  });

  it('is not on a region ctx (a region is not a loop)', async () => {
    const seen = sharedArray(Int32Array, 1);
    await parallelFor(0, 1, (_i: number, { seen }: any, ctx: any) => (seen[0] = typeof ctx.cancel === 'function' ? 1 : 2), {
      shared: { seen },
    });
    expect(seen[0]).toBe(1);
    await t.parallel((ctx: any, { seen }: any) => (seen[0] = typeof ctx.cancel === 'undefined' ? 3 : 4), { threads: 2, shared: { seen } });
    expect(seen[0]).toBe(3);
  });
});
