// Inside a parallel region: single's broadcast (copyprivate), ctx.loop with nowait and
// ordered, ctx.ordered, and ctx.loopRange, each against a serial oracle, on teams of
// 1, 3 and 8 threads. Threads are ordered by Atomics handshakes, never by sleeps.
import fc from 'fast-check';
import { LoopBodyError, sharedArray } from 'parfor';
import { afterAll, describe, expect, it } from 'vitest';
import { team } from './helpers.js';

const t = team({ threads: 8 });
afterAll(() => t.close());

const SCHEDULES = ['static', 'static,3', 'dynamic', 'dynamic,4', 'guided', 'guided,2', 'adaptive', 'adaptive,3', 'auto'] as const;
const NOWAIT_SCHEDULES = SCHEDULES.filter((s) => !s.startsWith('adaptive'));

/** The error a region failed with (or undefined). */
async function failure(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('ctx.single broadcasts its value (copyprivate)', () => {
  for (const threads of [1, 3, 8]) {
    for (const sync of [false, true]) {
      it(`${threads} threads, ${sync ? 'sync' : 'async'}: every thread returns what the one thread computed, 200 singles in a row`, async () => {
        const got = sharedArray(Float64Array, 200 * threads);
        const ran = sharedArray(Int32Array, 200);
        const region = (ctx: any, { got, ran }: any) => {
          for (let k = 0; k < 200; k++) {
            // Each single's value differs from the last: a thread that read the wrong buffer would show it.
            const v = ctx.single(() => {
              Atomics.add(ran, k, 1);
              return k * 1.5 + ctx.threadId / 1000;
            });
            got[k * ctx.numThreads + ctx.threadId] = v;
          }
        };
        const opts = { threads, shared: { got, ran } };
        if (sync) t.parallelSync(region, opts);
        else await t.parallel(region, opts);
        expect([...ran].every((r) => r === 1)).toBe(true);
        for (let k = 0; k < 200; k++) {
          const row = [...got.subarray(k * threads, (k + 1) * threads)];
          // All threads saw the same value, and it is one the single could have made.
          expect(new Set(row).size).toBe(1);
          expect(Math.floor(row[0]!)).toBe(Math.floor(k * 1.5));
        }
      });
    }
  }

  it('carries undefined, null, booleans, -0 and NaN as they are', async () => {
    const values = [undefined, null, true, false, -0, Number.NaN, 2 ** 53 - 1, -Infinity];
    const seen = sharedArray(Int32Array, values.length * 3);
    await t.parallel(
      (ctx: any, { seen, n }: any) => {
        const vals = [undefined, null, true, false, -0, Number.NaN, 2 ** 53 - 1, -Number.POSITIVE_INFINITY];
        for (let k = 0; k < n; k++) {
          const v = ctx.single(() => vals[k]);
          if (Object.is(v, vals[k])) Atomics.add(seen, k, 1);
        }
      },
      { threads: 3, shared: { seen, n: values.length } },
    );
    expect([...seen.subarray(0, values.length)]).toEqual(values.map(() => 3));
  });

  it('a value that cannot be broadcast fails the region with a TypeError that names it; the team goes on', async () => {
    const err = await failure(t.parallel((ctx: any) => ctx.single(() => ({ big: 1 })), { threads: 3 }));
    expect(err).toBeInstanceOf(LoopBodyError);
    expect(err.cause).toBeInstanceOf(TypeError);
    expect(err.cause.message).toMatch(/Cannot return object from ctx\.single: its value goes to every thread/);
    const c = sharedArray(Int32Array, 1);
    await t.parallel(
      (ctx: any, { c }: any) =>
        Atomics.add(
          c,
          0,
          ctx.single(() => 2),
        ),
      { threads: 3, shared: { c } },
    );
    expect(c[0]).toBe(6);
  });
});

describe('ctx.loop with nowait', () => {
  it('skips the barrier: a thread past the loop releases a thread still inside it', async () => {
    // Thread 1's only iteration waits for a flag that thread 0 sets after the loop. With a
    // barrier at the loop's end, thread 0 would never get there and the wait would time out.
    const flags = sharedArray(Int32Array, 2);
    await t.parallel(
      (ctx: any, { flags }: any) => {
        ctx.loop(
          0,
          2,
          (i: number) => {
            if (i === 1 && Atomics.wait(flags, 0, 0, 10_000) === 'timed-out') flags[1] = 1;
          },
          { nowait: true },
        );
        if (ctx.threadId === 0) {
          Atomics.store(flags, 0, 1);
          Atomics.notify(flags, 0);
        }
      },
      { threads: 2, shared: { flags } },
    );
    expect(flags[1]).toBe(0);
  });

  it('runs every iteration exactly once, loop after loop, nowait and barrier loops mixed (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -50, max: 50 }),
        fc.integer({ min: 0, max: 300 }),
        fc.array(fc.tuple(fc.constantFrom(...NOWAIT_SCHEDULES), fc.boolean()), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(1, 2, 3, 8),
        async (start, n, loops, threads) => {
          const hits = sharedArray(Int32Array, n * loops.length);
          await t.parallel(
            (ctx: any, { hits, start, n, loops }: any) => {
              for (let k = 0; k < loops.length; k++) {
                const [schedule, nowait] = loops[k];
                ctx.loop(
                  start,
                  start + n,
                  (i: number) => {
                    Atomics.add(hits, k * n + i - start, 1);
                  },
                  { schedule, nowait },
                );
              }
              ctx.barrier();
            },
            { threads, shared: { hits, start, n, loops } },
          );
          expect(hits.every((h) => h === 1)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("is refused under 'adaptive' with a RangeError before any iteration runs", async () => {
    const hit = sharedArray(Int32Array, 1);
    const err = await failure(
      t.parallel((ctx: any, { hit }: any) => ctx.loop(0, 10, () => Atomics.add(hit, 0, 1), { schedule: 'adaptive', nowait: true }), {
        threads: 3,
        shared: { hit },
      }),
    );
    expect(err.cause).toBeInstanceOf(RangeError);
    expect(err.cause.message).toMatch(/Cannot run ctx\.loop with nowait under 'adaptive'/);
    expect(hit[0]).toBe(0);
  });
});

describe('ctx.ordered in a loop with ordered', () => {
  it('runs ordered code in iteration order under every schedule, some iterations skipping it (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -30, max: 30 }),
        fc.integer({ min: 0, max: 200 }),
        fc.constantFrom(...SCHEDULES),
        fc.constantFrom(1, 2, 3, 8),
        fc.integer({ min: 1, max: 3 }),
        async (start, n, schedule, threads, every) => {
          const log = sharedArray(Float64Array, n + 1);
          const hits = sharedArray(Int32Array, n);
          await t.parallel(
            (ctx: any, { log, hits, start, n, schedule, every }: any) => {
              const s = typeof schedule === 'string' && schedule.includes(',') ? schedule.split(',') : [schedule];
              const opts = { schedule: s[0], chunk: s[1] === undefined ? undefined : Number(s[1]), ordered: true };
              ctx.loop(
                start,
                start + n,
                (i: number) => {
                  Atomics.add(hits, i - start, 1);
                  // Only every `every`-th iteration has ordered code: the others must not stall the turn.
                  if ((i - start) % every === 0) {
                    ctx.ordered(() => {
                      log[1 + log[0]++] = i; // a plain append: ordered code runs one at a time
                    });
                  }
                },
                opts,
              );
            },
            { threads, shared: { log, hits, start, n, schedule, every } },
          );
          const expected: number[] = [];
          for (let i = start; i < start + n; i++) if ((i - start) % every === 0) expected.push(i);
          expect(hits.every((h) => h === 1)).toBe(true);
          expect([...log.subarray(1, 1 + log[0]!)]).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('orders ctx.loopRange chunks, two ordered loops in a row (sync, 3 threads)', () => {
    const n = 500;
    const log = sharedArray(Float64Array, 2 * n + 2);
    t.parallelSync(
      (ctx: any, { log, n }: any) => {
        for (const [base, schedule] of [
          [0, 'dynamic'],
          [n + 1, 'guided'],
        ] as const) {
          ctx.loopRange(
            0,
            n,
            (lo: number, hi: number) => {
              ctx.ordered(() => {
                for (let i = lo; i < hi; i++) log[base + 1 + log[base]++] = i;
              });
            },
            { schedule, chunk: 7, ordered: true },
          );
        }
      },
      { threads: 3, shared: { log, n } },
    );
    const serial = Array.from({ length: n }, (_, i) => i);
    expect([...log.subarray(1, n + 1)]).toEqual(serial);
    expect([...log.subarray(n + 2)]).toEqual(serial);
  });

  it('is a TypeError outside a loop with ordered, and ordered must be a boolean', async () => {
    const outside = await failure(t.parallel((ctx: any) => ctx.loop(0, 4, () => ctx.ordered(() => 1), 'dynamic'), { threads: 2 }));
    expect(outside.cause).toBeInstanceOf(TypeError);
    expect(outside.cause.message).toMatch(/Cannot run ctx\.ordered outside a loop with \{ ordered: true \}/);
    const bad = await failure(t.parallel((ctx: any) => ctx.loop(0, 4, () => {}, { ordered: 'yes' }), { threads: 2 }));
    expect(bad.cause.message).toBe('Cannot run ctx.loop as \'ordered\' must be a boolean: received string "yes"');
    const key = await failure(t.parallel((ctx: any) => ctx.loop(0, 4, () => {}, { nowiat: true }), { threads: 2 }));
    expect(key.cause.message).toBe(
      "Cannot run ctx.loop as 'nowiat' is not an option of it: expected one of schedule, chunk, nowait, ordered",
    );
  });

  it('an error inside ordered code releases the threads waiting for their turn', async () => {
    const err = await failure(
      t.parallel(
        (ctx: any) =>
          ctx.loop(
            0,
            100,
            (i: number) =>
              ctx.ordered(() => {
                if (i === 40) throw new RangeError('at 40');
              }),
            { schedule: 'static', chunk: 1, ordered: true },
          ),
        { threads: 3 },
      ),
    );
    expect(err).toBeInstanceOf(LoopBodyError);
    expect(err.cause.message).toBe('at 40');
    const c = sharedArray(Int32Array, 1);
    await t.parallel((ctx: any, { c }: any) => ctx.loop(0, 30, () => Atomics.add(c, 0, 1), { ordered: true }), {
      threads: 3,
      shared: { c },
    });
    expect(c[0]).toBe(30);
  });
});

describe('ctx.loopRange', () => {
  it('covers [start, end) once in chunks the schedule made, passing shared and ctx (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -100, max: 100 }),
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom(...SCHEDULES),
        fc.constantFrom(1, 3, 8),
        async (start, n, schedule, threads) => {
          const hits = sharedArray(Int32Array, n);
          const calls = sharedArray(Int32Array, 8);
          await t.parallel(
            (ctx: any, { start, n, schedule }: any) => {
              ctx.loopRange(
                start,
                start + n,
                (lo: number, hi: number, shared: any, c: any) => {
                  Atomics.add(shared.calls, c.threadId, 1);
                  for (let i = lo; i < hi; i++) Atomics.add(shared.hits, i - shared.start, 1);
                },
                schedule,
              );
            },
            { threads, shared: { hits, calls, start, n, schedule } },
          );
          expect(hits.every((h) => h === 1)).toBe(true);
          // Plain static: one call per thread that has iterations.
          if (schedule === 'static') expect(calls.reduce((a, b) => a + b, 0)).toBe(Math.min(threads, n));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('ctx.loop bodies receive the region shared values and ctx too', async () => {
    const out = sharedArray(Int32Array, 64);
    await t.parallel(
      (ctx: any) =>
        ctx.loop(0, 64, (i: number, shared: any, c: any) => {
          shared.out[i] = c.threadId + 1;
        }),
      { threads: 3, shared: { out } },
    );
    expect(out.every((v) => v >= 1 && v <= 3)).toBe(true);
  });
});
