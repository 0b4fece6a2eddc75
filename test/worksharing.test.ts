// parallelReduce, parallelMap, parallelFor2D, parallelForRange, ctx.atomicAdd and
// negative thread counts, each against a serial oracle.
import fc from 'fast-check';
import { LoopBodyError, parallelFor2D, parallelMap, parallelReduce, parallelReduceSync, sharedArray } from 'parfor';
import { describe, expect, it } from 'vitest';
import { team } from './helpers.js';

const t = team({ threads: 4 });
const schedules = [
  { schedule: 'static' },
  { schedule: 'static', chunk: 5 },
  { schedule: 'dynamic', chunk: 3 },
  { schedule: 'guided' },
  { schedule: 'auto' },
] as const;

describe('parallelReduce', () => {
  const f = (i: number) => ((i * 7919) % 1000) - 500; // integers, mixed signs
  const cases = [
    { op: '+', serial: (a: number, b: number) => a + b, id: 0 },
    { op: 'min', serial: Math.min, id: Infinity },
    { op: 'max', serial: Math.max, id: -Infinity },
  ] as const;
  for (const { op, serial, id } of cases) {
    it(`'${op}' equals the serial oracle exactly on integers, sync and async, every schedule`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: -1000, max: 1000 }),
          fc.integer({ min: 0, max: 3000 }),
          fc.constantFrom(...schedules),
          fc.integer({ min: 1, max: 4 }),
          async (start, n, sched, threads) => {
            let expected: number = id;
            for (let i = start; i < start + n; i++) expected = serial(expected, f(i));
            const body = (i: number) => ((i * 7919) % 1000) - 500;
            expect(await t.parallelReduce(start, start + n, body, { ...sched, op, threads })).toBe(expected);
            expect(t.parallelReduceSync(start, start + n, body, { ...sched, op, threads })).toBe(expected);
          },
        ),
        { numRuns: 25 },
      );
    });
  }

  it("'*' and the identities of an empty range", async () => {
    expect(await t.parallelReduce(1, 11, (i: number) => i, { op: '*' })).toBe(3628800);
    expect(await t.parallelReduce(5, 5, (i: number) => i, { op: '+' })).toBe(0);
    expect(await t.parallelReduce(5, 5, (i: number) => i, { op: '*' })).toBe(1);
    expect(await t.parallelReduce(5, 5, (i: number) => i, { op: 'min' })).toBe(Infinity);
    expect(t.parallelReduceSync(5, 2, (i: number) => i, { op: 'max' })).toBe(-Infinity);
  });

  it('floats: within 1e-12 relative of the serial sum; static gives the same bits every run', async () => {
    const n = 200_000;
    const body = (i: number, { h }: any) => {
      const x = (i + 0.5) * h;
      return 4 / (1 + x * x);
    };
    let serial = 0;
    for (let i = 0; i < n; i++) {
      const x = (i + 0.5) / n;
      serial += 4 / (1 + x * x);
    }
    const runs = await Promise.all([0, 1, 2].map(() => t.parallelReduce(0, n, body, { shared: { h: 1 / n } })));
    expect(Math.abs(runs[0]! - serial) / serial).toBeLessThan(1e-12);
    expect(new Set(runs).size).toBe(1);
    expect(Math.abs(runs[0]! / n - Math.PI)).toBeLessThan(1e-9);
  });

  it('a combiner function with an identity, combined in thread order', async () => {
    // "The last value that is not NaN" is a monoid (identity NaN) that is not commutative:
    // combined in thread order (thread 0's partial first), a static loop yields its last value.
    const last = (a: number, b: number) => (Number.isNaN(b) ? a : b);
    for (const sched of schedules) {
      const r = await t.parallelReduce(1, 9, (i: number) => i, { ...sched, op: last, identity: NaN, threads: 4 });
      if (sched.schedule === 'static') expect(r).toBe(8);
      else expect(r).toBeGreaterThanOrEqual(1);
    }
    const sum = await t.parallelReduce(0, 1000, (i: number) => i, {
      op: (a: number, b: number) => a + b,
      identity: 0,
      schedule: 'dynamic',
      chunk: 7,
    });
    expect(sum).toBe(499500);
    expect(await parallelReduce(0, 100, (i: number) => i % 7, { op: (a: number, b: number) => Math.max(a, b), identity: -1 })).toBe(6);
  });

  it('validates op and identity', async () => {
    await expect(t.parallelReduce(0, 3, (i: number) => i, { op: '-' as any })).rejects.toThrow(/'op' must be .*received string "-"/);
    await expect(t.parallelReduce(0, 3, (i: number) => i, { op: (a: number, b: number) => a + b })).rejects.toThrow(
      /'identity' must then be given/,
    );
    await expect(t.parallelReduce(0, 3, (i: number) => i, { op: '+', identity: 5 })).rejects.toThrow(/identity of '\+' is 0/);
    await expect(t.parallelReduce(0, 3, (i: number) => i, { op: Math.max as any, identity: 0 })).rejects.toThrow(TypeError);
    expect(() => parallelReduceSync(0, 3, (i: number) => i, { out: 1 } as any)).toThrow(/'out' is not an option/);
  });
});

describe('parallelMap', () => {
  it('writes fn(i) at out[i - start] for every i exactly once (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -500, max: 500 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.constantFrom(...schedules),
        fc.integer({ min: -4, max: 4 }).filter((x) => x !== 0),
        async (start, n, sched, threads) => {
          const out = await t.parallelMap(start, start + n, (i: number) => i * 3 + 1, { ...sched, threads });
          expect(out).toBeInstanceOf(Float64Array);
          expect(out.length).toBe(n);
          for (let k = 0; k < n; k++) if (out[k] !== (start + k) * 3 + 1) throw new Error(`out[${k}] = ${out[k]}`);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('fills a given shared array, sync too, and checks it', async () => {
    const out = sharedArray(Int32Array, 10);
    expect(await t.parallelMap(0, 10, (i: number, { k }: any) => i * k, { out, shared: { k: 2 } })).toBe(out);
    expect([...out]).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(t.parallelMapSync(3, 8, (i: number) => -i, { out })).toBe(out);
    expect([...out.subarray(0, 5)]).toEqual([-3, -4, -5, -6, -7]);
    await expect(t.parallelMap(0, 11, (i: number) => i, { out })).rejects.toThrow(/hold the 11 results: received length 10/);
    await expect(t.parallelMap(0, 3, (i: number) => i, { out: new Float64Array(3) as any })).rejects.toThrow(
      /over a SharedArrayBuffer.*non-shared Float64Array\(3\)/,
    );
    expect((await parallelMap(0, 4, (i: number) => i * i))[3]).toBe(9);
  });

  it('posts nothing when repeated with the same output array', async () => {
    const tm = team({ threads: 2 });
    const out = sharedArray(Float64Array, 100);
    const fn = (i: number) => i / 2;
    await tm.parallelMap(0, 100, fn, { out });
    const before = tm.stats.messages;
    for (let r = 0; r < 10; r++) await tm.parallelMap(0, 100, fn, { out });
    expect(tm.stats.messages).toBe(before);
  });
});

describe('parallelFor2D', () => {
  it('visits every cell of the rectangle exactly once (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom(...schedules),
        fc.boolean(),
        async (r0, nr, c0, nc, sched, sync) => {
          const hits = sharedArray(Int32Array, nr * nc);
          const body = (i: number, j: number, { hits, r0, c0, nc }: any) => {
            Atomics.add(hits, (i - r0) * nc + (j - c0), 1);
          };
          const opts = { ...sched, shared: { hits, r0, c0, nc } };
          if (sync) t.parallelFor2DSync([r0, r0 + nr], [c0, c0 + nc], body, opts);
          else await t.parallelFor2D([r0, r0 + nr], [c0, c0 + nc], body, opts);
          expect(hits.every((h) => h === 1)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('names the row and column that threw, and validates its ranges', async () => {
    const err = await parallelFor2D([10, 20], [5, 9], (i: number, j: number) => {
      if (i === 13 && j === 7) throw new Error('cell');
    }).catch((e) => e);
    expect(err).toBeInstanceOf(LoopBodyError);
    expect([err.row, err.col]).toEqual([13, 7]);
    await expect(parallelFor2D([0, 1] as any, 5 as any, () => {})).rejects.toThrow(/'cols' must be a \[start, end\) pair/);
    await expect(parallelFor2D([0, 1.5], [0, 2], () => {})).rejects.toThrow(/'rows\[1\]' must be a safe integer: received 1.5/);
  });
});

describe('parallelForRange', () => {
  it('chunks tile the range exactly once; plain static gives each thread its whole block', async () => {
    for (const sched of schedules) {
      const hits = sharedArray(Int32Array, 1000);
      const calls = sharedArray(Int32Array, 4);
      await t.parallelForRange(
        0,
        1000,
        (lo: number, hi: number, { hits, calls }: any, ctx: any) => {
          Atomics.add(calls, ctx.threadId, 1);
          for (let i = lo; i < hi; i++) hits[i]++;
        },
        { ...sched, shared: { hits, calls } },
      );
      expect(hits.every((h) => h === 1)).toBe(true);
      if (sched.schedule === 'static' && !('chunk' in sched)) expect([...calls]).toEqual([1, 1, 1, 1]);
    }
    const err = await t
      .parallelForRange(
        0,
        100,
        (lo: number) => {
          if (lo >= 50) throw new Error('x');
        },
        { schedule: 'dynamic', chunk: 25 },
      )
      .catch((e) => e);
    // A range body cannot say which iteration failed: the error names its chunk.
    expect([
      [50, 75],
      [75, 100],
    ]).toContainEqual(err.range);
    expect(err.index).toBeNaN();
  });
});

describe('ctx.atomicAdd and negative thread counts', () => {
  it('loses no update under contention, for Float64Array, Float32Array and Int32Array', async () => {
    const f64 = sharedArray(Float64Array, 2);
    const f32 = sharedArray(Float32Array, 1);
    const i32 = sharedArray(Int32Array, 1);
    await t.parallelFor(
      0,
      40_000,
      (_i: number, { f64, f32, i32 }: any, ctx: any) => {
        ctx.atomicAdd(f64, 1, 0.5);
        ctx.atomicAdd(f32, 0, 1);
        ctx.atomicAdd(i32, 0, 3);
      },
      { schedule: 'dynamic', chunk: 1, shared: { f64, f32, i32 } },
    );
    expect(f64[1]).toBe(20_000);
    expect(f32[0]).toBe(40_000);
    expect(i32[0]).toBe(120_000);
  });

  it('a plain += on shared memory is a race; the atomic version is not (the handout lesson)', async () => {
    const s = sharedArray(Float64Array, 1);
    t.parallelForSync(
      0,
      100_000,
      (_i: number, { s }: any, ctx: any) => {
        ctx.atomicAdd(s, 0, 1);
      },
      { shared: { s }, schedule: 'dynamic', chunk: 1 },
    );
    expect(s[0]).toBe(100_000);
  });

  it("threads -1 is the whole team, -2 all but one (joblib's n_jobs)", async () => {
    const seen = sharedArray(Int32Array, 1);
    await t.parallelFor(
      0,
      4,
      (_i: number, { seen }: any, ctx: any) => {
        seen[0] = ctx.numThreads;
      },
      { threads: -1, shared: { seen } },
    );
    expect(seen[0]).toBe(4);
    await t.parallelFor(
      0,
      4,
      (_i: number, { seen }: any, ctx: any) => {
        seen[0] = ctx.numThreads;
      },
      { threads: -2, shared: { seen } },
    );
    expect(seen[0]).toBe(3);
    await expect(t.parallelFor(0, 4, () => {}, { threads: -5 })).rejects.toThrow(RangeError);
    await expect(t.parallelFor(0, 4, () => {}, { threads: 0 })).rejects.toThrow(/received 0/);
  });
});
