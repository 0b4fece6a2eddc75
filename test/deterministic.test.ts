// parallelReduce(…, { deterministic: true }): the same bits under every schedule and team size,
// checked against an oracle that follows the documented rule (fixed blocks of max(256, ceil(n/1024))
// iterations, each folded left to right from the identity, the blocks folded left to right) on sums
// that are ill-conditioned enough for the plain reduction to give different bits per team size.
import fc from 'fast-check';
import { kernel, LoopBodyError, parallelReduceSync, sharedArray } from 'parfor';
import { afterAll, describe, expect, it } from 'vitest';
import { team } from './helpers.js';

const t = team({ threads: 4 });
afterAll(() => t.close());

const SCHEDULES = [
  'static',
  'static,1',
  'static,300',
  'dynamic',
  'dynamic,7',
  'guided',
  'guided,1000',
  'auto',
  'adaptive',
  'runtime',
] as const;

/** The documented rule, written out independently of the library. */
function oracle(values: ArrayLike<number>, op: (a: number, b: number) => number, identity: number): number {
  const n = values.length;
  if (n === 0) return identity;
  const size = Math.max(256, Math.ceil(n / 1024));
  const blocks: number[] = [];
  for (let lo = 0; lo < n; lo += size) {
    let acc = identity;
    for (let i = lo; i < Math.min(lo + size, n); i++) acc = op(acc, values[i]!);
    blocks.push(acc);
  }
  return blocks.reduce((a, b) => op(a, b));
}

const plus = (a: number, b: number) => a + b;
const read = (i: number, { v, start }: { v: Float64Array; start: number }) => v[i - start]!;

/** Values of wildly different sizes and signs: their sum depends on the order they are added in. */
const illConditioned = fc
  .array(
    fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.integer({ min: -20, max: 20 })).map(([m, e]) => m * 10 ** e),
    { maxLength: 6000 },
  )
  .map((xs) => Float64Array.from(xs));

describe('deterministic reductions', () => {
  it('give the same bits as the oracle on every schedule and on 1-4 threads, sync and async (100 runs, fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(illConditioned, fc.integer({ min: -1000, max: 1000 }), async (xs, start) => {
        const v = sharedArray(Float64Array, Math.max(1, xs.length));
        v.set(xs);
        const want = oracle(xs, plus, 0);
        const shared = { v, start };
        for (const schedule of SCHEDULES) {
          for (let threads = 1; threads <= 4; threads++) {
            const opts = { deterministic: true, schedule, threads, shared };
            const got =
              threads % 2
                ? t.parallelReduceSync(start, start + xs.length, read, opts)
                : await t.parallelReduce(start, start + xs.length, read, opts);
            if (!Object.is(got, want))
              throw new Error(`${schedule} on ${threads} threads gave ${got}, the oracle ${want} (n ${xs.length})`);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('differ from the plain reduction, which changes with the team size on these sums (the test can fail)', () => {
    const n = 100_000;
    const v = sharedArray(Float64Array, n);
    for (let i = 0; i < n; i++) v[i] = Math.sin(i * 0.7) * 10 ** ((i % 37) - 18);
    const shared = { v, start: 0 };
    const plain = new Set<number>();
    const fixed = new Set<number>();
    for (let threads = 1; threads <= 4; threads++) {
      plain.add(t.parallelReduceSync(0, n, read, { threads, shared }));
      for (const schedule of SCHEDULES) fixed.add(t.parallelReduceSync(0, n, read, { threads, shared, schedule, deterministic: true }));
    }
    expect(plain.size).toBeGreaterThan(1);
    expect([...fixed]).toEqual([oracle(v, plus, 0)]);
  });

  it("give the oracle's bits on a team of 8 too (a laptop's team), every schedule, sync and async", async () => {
    const t8 = team({ threads: 8 });
    const n = 50_000;
    const v = sharedArray(Float64Array, n);
    for (let i = 0; i < n; i++) v[i] = Math.cos(i * 1.3) * 10 ** ((i % 41) - 20);
    const shared = { v, start: 0 };
    const want = oracle(v, plus, 0);
    for (const schedule of SCHEDULES) {
      for (const threads of [3, 8]) {
        const opts = { shared, schedule, threads, deterministic: true };
        expect(t8.parallelReduceSync(0, n, read, opts)).toBe(want);
        expect(await t8.parallelReduce(0, n, read, opts)).toBe(want);
      }
    }
  });

  it('combine with every built-in operator and with a combiner function', () => {
    const n = 5000;
    const v = sharedArray(Float64Array, n);
    for (let i = 0; i < n; i++) v[i] = 1 + Math.cos(i) * 1e-3;
    const shared = { v, start: 0 };
    const cases: Array<[string | ((a: number, b: number) => number), number, (a: number, b: number) => number]> = [
      ['+', 0, plus],
      ['*', 1, (a, b) => a * b],
      ['min', Infinity, Math.min],
      ['max', -Infinity, Math.max],
      [(a, b) => a * 0.5 + b, 0, (a, b) => a * 0.5 + b], // not associative: the order is all there is
    ];
    for (const [op, identity, f] of cases) {
      const want = oracle(v, f, identity);
      for (const schedule of ['static', 'dynamic,3', 'guided']) {
        for (const threads of [1, 3]) {
          const opts = { op, identity, schedule, threads, shared, deterministic: true } as const;
          expect(t.parallelReduceSync(0, n, read, opts as never)).toBe(want);
        }
      }
    }
  });

  it('give the same bits inline, in a loop nested in a body, as on the team', async () => {
    const n = 70_000;
    const out = sharedArray(Float64Array, 3);
    await t.parallelFor(0, 3, kernel(new URL('./fixtures/kernels.mjs', import.meta.url), 'nestedDeterministic'), { shared: { out, n } });
    const onTeam = t.parallelReduceSync(0, n, (i) => Math.sin(i) * 10 ** ((i % 29) - 14), { deterministic: true, schedule: 'dynamic,5' });
    expect([...out]).toEqual([onTeam, onTeam, onTeam]);
    // And outside any team, the exported function runs the same blocks.
    expect(parallelReduceSync(0, n, (i) => Math.sin(i) * 10 ** ((i % 29) - 14), { deterministic: true, threads: 1 })).toBe(onTeam);
  });

  it('handle empty and one-block loops, and loops far from 0', () => {
    expect(t.parallelReduceSync(5, 5, () => 1, { deterministic: true })).toBe(0);
    expect(t.parallelReduceSync(0, 0, () => 1, { deterministic: true, op: 'min' })).toBe(Infinity);
    expect(t.parallelReduceSync(0, 100, (i) => i, { deterministic: true, schedule: 'dynamic' })).toBe(4950);
    const big = 2 ** 40;
    const far = (i: number, { big }: { big: number }) => i - big;
    expect(t.parallelReduceSync(big, big + 3000, far, { deterministic: true, schedule: 'guided', shared: { big } })).toBe(4498500);
  });

  it('report the failing iteration of a body that throws, and the team runs the next one right', async () => {
    const body = (i: number) => {
      if (i === 1234) throw new RangeError('bad value');
      return i;
    };
    for (const schedule of ['static', 'dynamic,100']) {
      let caught: unknown;
      try {
        await t.parallelReduce(0, 5000, body, { deterministic: true, schedule });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(LoopBodyError);
      expect((caught as LoopBodyError).index).toBe(1234);
      expect((caught as LoopBodyError).cause).toBeInstanceOf(RangeError);
      expect(t.parallelReduceSync(0, 5000, (i) => i, { deterministic: true, schedule })).toBe(12497500);
    }
  });

  it('count progress in iterations, not blocks', async () => {
    const seen: Array<[number, number]> = [];
    await t.parallelReduce(0, 10_000, (i) => i, { deterministic: true, onProgress: (done, total) => seen.push([done, total]) });
    expect(seen.at(-1)).toEqual([10_000, 10_000]);
    for (const [done, total] of seen) expect(done).toBeLessThanOrEqual(total);
  });

  it('stop when a body cancels: the blocks that did not run add nothing', () => {
    const got = t.parallelReduceSync(
      0,
      1_000_000,
      (i, _s, ctx) => {
        if (i === 0) ctx.cancel();
        return 1;
      },
      { deterministic: true, schedule: 'dynamic' },
    );
    // Block 0 (977 iterations) runs whole; other threads may have claimed a block each before the stop.
    expect(got % 977).toBe(0);
    expect(got).toBeLessThan(1_000_000);
    expect(t.parallelReduceSync(0, 1000, () => 1, { deterministic: true })).toBe(1000);
  });

  it('refuse a non-boolean, ordered with it, and the option on other loops', () => {
    expect(() => t.parallelReduceSync(0, 10, () => 1, { deterministic: 'yes' as never })).toThrow(
      new TypeError(`Cannot run parallelReduceSync as 'deterministic' must be a boolean: received string "yes"`),
    );
    expect(() => t.parallelReduceSync(0, 10, () => 1, { deterministic: true, ordered: true })).toThrow(RangeError);
    expect(() => t.parallelScanSync(0, 10, () => 1, { deterministic: true } as never)).toThrow(/'deterministic' is not an option/);
    expect(() => t.parallelForSync(0, 10, () => {}, { deterministic: true } as never)).toThrow(TypeError);
  });
});
