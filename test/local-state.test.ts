// Per-thread state (`init`, `merge`): each thread taking part makes its state once per loop, every
// body call on it receives that state last, and merge adds it into shared memory one thread at a
// time. Checked against serial oracles on every kind that takes it, every schedule, 1/3/8 threads.
import fc from 'fast-check';
import { kernel, LoopBodyError, sharedArray } from 'parfor';
import { afterAll, describe, expect, it } from 'vitest';
import { team } from './helpers.js';

// Defined on no thread: used as a typeof's operand, which the capture check leaves to run time.
declare const later: number;

const t = team({ threads: 8 });
afterAll(() => t.close());

const SCHEDULES = ['static', 'static,3', 'dynamic', 'dynamic,50', 'guided', 'auto', 'adaptive'] as const;

type H = { data: Int32Array; hist: Int32Array; bins: number };
const histBody = (i: number, { data, bins }: H, _ctx: unknown, local: Int32Array) => {
  local[data[i]! % bins]!++;
};
const init = (_ctx: unknown, { bins }: H) => new Int32Array(bins);
const merge = (local: Int32Array, { hist }: H) => {
  for (let b = 0; b < local.length; b++) hist[b]! += local[b]!;
};

describe('per-thread state', () => {
  it('builds a histogram with no atomics that equals the serial one: every schedule, 1/3/8 threads, sync and async (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 3000 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(...SCHEDULES),
        fc.constantFrom(1, 3, 8),
        fc.boolean(),
        async (values, bins, schedule, threads, sync) => {
          const data = sharedArray(Int32Array, Math.max(1, values.length));
          data.set(values);
          const hist = sharedArray(Int32Array, bins);
          const opts = { shared: { data, hist, bins }, schedule, threads, init, merge };
          if (sync) t.parallelForSync(0, values.length, histBody, opts);
          else await t.parallelFor(0, values.length, histBody, opts);
          const want = new Array(bins).fill(0);
          for (const v of values) want[v % bins]++;
          expect([...hist]).toEqual(want);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('makes the state once per thread taking part, keeps it across the chunks of a loop, and not across loops', () => {
    const counts = sharedArray(Int32Array, 4); // inits, merges, iterations seen by merges, largest state seen
    const shared = { counts };
    const body = (_i: number, _s: unknown, _c: unknown, local: { n: number }) => {
      local.n++;
    };
    const opts = {
      shared,
      schedule: 'dynamic,1',
      init: (_c: unknown, { counts }: typeof shared) => {
        Atomics.add(counts, 0, 1);
        return { n: 0 };
      },
      merge: (local: { n: number }, { counts }: typeof shared) => {
        counts[1]!++;
        counts[2]! += local.n;
        counts[3] = Math.max(counts[3]!, local.n);
      },
    };
    for (const threads of [1, 3, 8]) {
      for (let loop = 0; loop < 3; loop++) {
        counts.fill(0);
        t.parallelForSync(0, 500, body, { ...opts, threads });
        // Every thread taking part inits and merges once, even one that claims no chunk; the
        // state holds this loop's iterations only, so the merges add up to 500 every time.
        expect([...counts.subarray(0, 3)]).toEqual([threads, threads, 500]);
        expect(counts[3]).toBeLessThanOrEqual(500);
      }
    }
  });

  it('runs the merges one at a time (a merge that reads, waits and writes back loses nothing)', async () => {
    const total = sharedArray(Float64Array, 2);
    const shared = { total };
    for (let k = 0; k < 20; k++) {
      total.fill(0);
      const add = (i: number, _s: unknown, _c: unknown, local: { sum: number }) => {
        local.sum += i;
      };
      await t.parallelFor(0, 8000, add, {
        shared,
        threads: 8,
        schedule: 'dynamic,100',
        init: () => ({ sum: 0 }),
        merge: (local: { sum: number }, { total }: typeof shared) => {
          if (total[1] !== 0) throw new Error('two merges at once');
          total[1] = 1;
          const before = total[0]!;
          let spin = 0;
          for (let j = 0; j < 20_000; j++) spin += j; // widen the window another merge would race into
          total[0] = before + local.sum + (spin < 0 ? 1 : 0);
          total[1] = 0;
        },
      });
      expect(total[0]).toBe((8000 * 7999) / 2);
    }
  });

  it('still merges every thread when a body cancels the loop, even a merge that waits for the lock', () => {
    const c = sharedArray(Float64Array, 2); // merges, iterations merged
    const ran = sharedArray(Int32Array, 1);
    const shared = { c, ran };
    for (let k = 0; k < 5; k++) {
      c.fill(0);
      ran[0] = 0;
      t.parallelForSync(
        0,
        1_000_000,
        (i: number, { ran }: typeof shared, ctx: { cancel(): void }, local: { n: number }) => {
          local.n++;
          Atomics.add(ran, 0, 1);
          if (i === 20_000) ctx.cancel();
        },
        {
          shared,
          threads: 8,
          schedule: 'dynamic,100',
          init: () => ({ n: 0 }),
          merge: (local: { n: number }, { c }: typeof shared) => {
            const until = performance.now() + 2; // long enough that the others sleep on the lock
            while (performance.now() < until);
            c[0]!++;
            c[1]! += local.n;
          },
        },
      );
      // Every thread merged, and every iteration that ran was merged.
      expect(c[0]).toBe(8);
      expect(c[1]).toBe(ran[0]);
      // Not "more than 20,000": cancelling skips every iteration not yet begun, below i = 20,000 too
      // (a thread preempted inside its chunk stops at the next piece: docs/openmp.md). A clean-clone
      // CI run saw 19,932. The cancelling iteration itself ran, and the loop did stop.
      expect(ran[0]).toBeGreaterThan(0);
      expect(ran[0]).toBeLessThan(1_000_000);
    }
  });

  it('gives several reductions in one pass (a max and a sum), equal to the serial ones, on every schedule', () => {
    const n = 5000;
    const data = sharedArray(Float64Array, n);
    for (let i = 0; i < n; i++) data[i] = ((i * 7919) % 1009) - 500;
    const out = sharedArray(Float64Array, 2); // [max, sum]
    type Acc = { max: number; sum: number };
    const shared = { data, out };
    for (const schedule of SCHEDULES) {
      for (const threads of [1, 3, 8]) {
        out[0] = -Infinity;
        out[1] = 0;
        t.parallelForSync(
          0,
          n,
          (i: number, { data }: typeof shared, _c: unknown, acc: Acc) => {
            const x = data[i]!;
            if (x > acc.max) acc.max = x;
            acc.sum += x;
          },
          {
            shared,
            schedule,
            threads,
            init: () => ({ max: -Infinity, sum: 0 }),
            merge: (acc: Acc, { out }: typeof shared) => {
              out[0] = Math.max(out[0]!, acc.max);
              out[1]! += acc.sum;
            },
          },
        );
        expect([out[0], out[1]]).toEqual([Math.max(...data), data.reduce((a, b) => a + b, 0)]);
      }
    }
  });

  it('ends with the timeout while merges hold and wait for the lock, and the team runs on (sync and async, 3 and 8 threads)', async () => {
    // Each merge holds the lock for 200 ms, past the loop's 50 ms timeout: the threads waiting for it
    // see the fault and give up (lockForMerge), and the loop rejects with the timeout.
    const nap = sharedArray(Int32Array, 1);
    const slowMerge = (_l: unknown, { nap }: { nap: Int32Array }) => {
      Atomics.wait(nap, 0, 0, 200);
    };
    for (const threads of [3, 8]) {
      for (const sync of [true, false]) {
        const opts = { shared: { nap }, threads, timeout: 50, init: () => 0, merge: slowMerge };
        let name = 'resolved';
        try {
          if (sync) t.parallelForSync(0, 100, () => {}, opts);
          else await t.parallelFor(0, 100, () => {}, opts);
        } catch (e) {
          name = (e as Error).name;
        }
        expect(name).toBe('TimeoutError');
      }
    }
    const data = sharedArray(Int32Array, 8).fill(3);
    const hist = sharedArray(Int32Array, 4);
    t.parallelForSync(0, 8, histBody, { shared: { data, hist, bins: 4 }, init, merge, threads: 8 });
    expect([...hist]).toEqual([0, 0, 0, 8]);
  });

  it('reaches the body of every kind that takes it, last, and works with a reduction', () => {
    const n = 300;
    const out = sharedArray(Float64Array, n);
    const tag = () => ({ k: 10 });
    type T = { k: number };
    const shared = { out };
    t.parallelForRangeSync(
      0,
      n,
      (lo: number, hi: number, { out }: typeof shared, _c: unknown, l: T) => {
        for (let i = lo; i < hi; i++) out[i] = i + l.k;
      },
      { shared, schedule: 'dynamic,7', init: tag },
    );
    expect(out.every((v, i) => v === i + 10)).toBe(true);
    const mapped = t.parallelMapSync(0, n, (i: number, _s: unknown, _c: unknown, l: T) => i * l.k, { init: tag, schedule: 'guided' });
    expect([...mapped]).toEqual(Array.from({ length: n }, (_, i) => i * 10));
    expect(t.parallelReduceSync(0, n, (i: number, _s: unknown, _c: unknown, l: T) => i + l.k, { init: tag })).toBe(
      (n * (n - 1)) / 2 + 10 * n,
    );
    expect(
      t.parallelReduceSync(0, n, (i: number, _s: unknown, _c: unknown, l: T) => i * l.k, {
        init: tag,
        deterministic: true,
        schedule: 'dynamic',
      }),
    ).toBe(10 * ((n * (n - 1)) / 2));
    const grid = sharedArray(Float64Array, 12 * 9);
    t.parallelFor2DSync(
      [0, 12],
      [0, 9],
      (i: number, j: number, { grid }: { grid: Float64Array }, _c: unknown, l: T) => {
        grid[i * 9 + j] = i * l.k + j;
      },
      { shared: { grid }, init: tag, schedule: 'static,5' },
    );
    expect(grid.every((v, c) => v === Math.floor(c / 9) * 10 + (c % 9))).toBe(true);
    const xs = sharedArray(Float64Array, [1, 2, 3, 4, 5]);
    const ys = sharedArray(Float64Array, 5);
    t.parallelForEachSync(
      xs,
      (x: number, i: number, { ys }: { ys: Float64Array }, _c: unknown, l: T) => {
        ys[i] = x * l.k;
      },
      { shared: { ys }, init: tag },
    );
    expect([...ys]).toEqual([10, 20, 30, 40, 50]);
  });

  it('passes init the thread context and the shared values, and works with kernel bodies and inline', async () => {
    const seen = sharedArray(Int32Array, 8);
    t.parallelForSync(0, 80, () => {}, {
      shared: { seen },
      threads: 3,
      init: (ctx: { threadId: number; numThreads: number }, { seen }: { seen: Int32Array }) => {
        seen[ctx.threadId] = ctx.numThreads;
      },
    });
    expect([...seen]).toEqual([3, 3, 3, 0, 0, 0, 0, 0]);
    // A kernel body with per-thread state, and the same loop run inline inside a kernel's body.
    const url = new URL('./fixtures/kernels.mjs', import.meta.url);
    const data = sharedArray(Int32Array, 1000);
    for (let i = 0; i < 1000; i++) data[i] = (i * 7919) % 97;
    const hist = sharedArray(Int32Array, 16);
    await t.parallelFor(0, 1000, kernel(url, 'histLocal'), { shared: { data, hist, bins: 16 }, init, merge, schedule: 'guided' });
    const want = new Array(16).fill(0);
    for (const v of data) want[v % 16]++;
    expect([...hist]).toEqual(want);
    const inline = sharedArray(Int32Array, 3 * 16);
    await t.parallelFor(0, 3, kernel(url, 'nestedHistLocal'), { shared: { data, inline } });
    for (let k = 0; k < 3; k++) expect([...inline.subarray(k * 16, k * 16 + 16)]).toEqual(want);
  });

  it("names 'init' or 'merge' when it throws, and the team runs on", async () => {
    await expect(
      t.parallelFor(0, 100, () => {}, {
        init: () => {
          throw new RangeError('no state');
        },
      }),
    ).rejects.toThrow(
      expect.objectContaining({
        name: 'LoopBodyError',
        message: expect.stringMatching(/^The loop's 'init' threw on thread \d: RangeError: no state$/),
      }),
    );
    // A variable from around it: refused before the loop runs, as a body's is.
    const k = 3;
    await expect(t.parallelFor(0, 100, () => {}, { init: () => k })).rejects.toThrow(
      /^Cannot use the loop's 'init' as it uses k, which is not defined on the threads that run it \(loop bodies run on other threads/,
    );
    // One the check cannot judge (the operand of a typeof) fails where it runs, with the same hint.
    await expect(t.parallelFor(0, 100, () => {}, { init: () => (typeof later === 'undefined' ? later : 0) })).rejects.toThrow(
      /'init' threw .*later is not defined \(loop bodies run on other threads/,
    );
    let caught: unknown;
    try {
      t.parallelForSync(0, 100, () => {}, {
        init: () => 1,
        merge: () => {
          throw new RangeError('cannot merge');
        },
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(LoopBodyError);
    expect((caught as LoopBodyError).message).toMatch(/^The loop's 'merge' threw on thread \d: RangeError: cannot merge$/);
    expect((caught as LoopBodyError).cause).toBeInstanceOf(RangeError);
    // After all of that, the team's next loop with state is right.
    const data = sharedArray(Int32Array, 200);
    for (let i = 0; i < 200; i++) data[i] = i;
    const hist = sharedArray(Int32Array, 4);
    t.parallelForSync(0, 200, histBody, { shared: { data, hist, bins: 4 }, init, merge });
    expect([...hist]).toEqual([50, 50, 50, 50]);
  });

  it('refuses a non-function init or merge, merge without init, and init where it does not apply', () => {
    expect(() => t.parallelForSync(0, 10, () => {}, { init: 5 as never })).toThrow(
      new TypeError("Cannot run parallelForSync as 'init' must be a function (ctx, shared) => state: received number 5"),
    );
    expect(() => t.parallelForSync(0, 10, () => {}, { init: () => 0, merge: 'x' as never })).toThrow(
      new TypeError(`Cannot run parallelForSync as 'merge' must be a function (state, shared, ctx) => void: received string "x"`),
    );
    expect(() => t.parallelForSync(0, 10, () => {}, { merge: () => {} } as never)).toThrow(/'merge' but no 'init'/);
    expect(() => t.parallelScanSync(0, 10, () => 1, { init: () => 0 } as never)).toThrow(/'init' is not an option/);
    expect(() => t.parallelFindSync(0, 10, () => false, { init: () => 0 } as never)).toThrow(/'init' is not an option/);
    expect(() => t.parallelForSync(0, 10, () => {}, { init: Math.random as never })).toThrow(
      /as a loop's 'init' as its source is not available/,
    );
  });
});
