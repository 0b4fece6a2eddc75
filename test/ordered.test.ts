// The `ordered` option of the loop functions and ctx.ordered() in their bodies: ordered code
// runs in iteration order under every schedule and team size, against a serial oracle.
import fc from 'fast-check';
import { LoopBodyError, parallelFor, parallelScan, sharedArray } from 'parfor';
import { afterAll, describe, expect, it } from 'vitest';
import { team } from './helpers.js';

const t = team({ threads: 8 });
afterAll(() => t.close());

const SCHEDULES = [
  { schedule: 'static' },
  { schedule: 'static', chunk: 3 },
  { schedule: 'dynamic' },
  { schedule: 'dynamic', chunk: 5 },
  { schedule: 'guided' },
  { schedule: 'guided', chunk: 4 },
  { schedule: 'adaptive' },
  { schedule: 'adaptive', chunk: 3 },
  { schedule: 'auto' },
] as const;

/** After a failure, the team's next ordered loop logs 0 … 29 in order. */
async function runsClean(): Promise<void> {
  const log = sharedArray(Float64Array, 31);
  await t.parallelFor(
    0,
    30,
    (i: number, { log }: any, ctx: any) =>
      ctx.ordered(() => {
        log[1 + log[0]++] = i;
      }),
    { threads: 3, schedule: 'dynamic', ordered: true, shared: { log } },
  );
  expect([...log.subarray(1)]).toEqual(Array.from({ length: 30 }, (_, i) => i));
}

// Each test appends to a log whose length is kept in log[0] (`log[1 + log[0]++] = v`): a plain
// read-modify-write, so the log is right only if ordered code runs one at a time, in order.
describe("the 'ordered' option", () => {
  it('parallelFor: ordered code runs in iteration order, sync and async, every schedule, 1-8 threads (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -40, max: 40 }),
        fc.integer({ min: 0, max: 300 }),
        fc.constantFrom(...SCHEDULES),
        fc.constantFrom(1, 2, 3, 8),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        async (start, n, schedule, threads, every, sync) => {
          const log = sharedArray(Float64Array, n + 1);
          const hits = sharedArray(Int32Array, n);
          const body = (i: number, { log, hits, start, every }: any, ctx: any) => {
            Atomics.add(hits, i - start, 1);
            if ((i - start) % every === 0)
              ctx.ordered(() => {
                log[1 + log[0]++] = i;
              });
          };
          const opts = { ...schedule, threads, ordered: true, shared: { log, hits, start, every } };
          if (sync) t.parallelForSync(start, start + n, body, opts);
          else await t.parallelFor(start, start + n, body, opts);
          const expected: number[] = [];
          for (let i = start; i < start + n; i++) if ((i - start) % every === 0) expected.push(i);
          expect(hits.every((h) => h === 1)).toBe(true);
          expect([...log.subarray(1, 1 + log[0]!)]).toEqual(expected);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('a long static block, run in pieces, keeps the order (200,000 iterations, 3 threads)', async () => {
    const n = 200_000;
    const log = sharedArray(Float64Array, n + 1);
    await t.parallelFor(
      0,
      n,
      (i: number, { log }: any, ctx: any) => {
        ctx.ordered(() => {
          log[1 + log[0]++] = i;
        });
      },
      { threads: 3, ordered: true, shared: { log } },
    );
    expect(log[0]).toBe(n);
    let inOrder = true;
    for (let k = 1; k <= n; k++) if (log[k] !== k - 1) inOrder = false;
    expect(inOrder).toBe(true);
  });

  it('parallelForRange, parallelMap, parallelReduce, parallelFor2D and parallelForEach take it too', async () => {
    const n = 120;
    const opts = (log: Float64Array, extra = {}) => ({
      threads: 3,
      schedule: 'dynamic',
      chunk: 7,
      ordered: true,
      shared: { log },
      ...extra,
    });
    const serial = Array.from({ length: n }, (_, i) => i);

    const range = sharedArray(Float64Array, n + 1);
    await t.parallelForRange(
      0,
      n,
      (lo: number, hi: number, { log }: any, ctx: any) =>
        ctx.ordered(() => {
          for (let v = lo; v < hi; v++) log[1 + log[0]++] = v;
        }),
      opts(range),
    );
    expect([...range.subarray(1)]).toEqual(serial);

    const map = sharedArray(Float64Array, n + 1);
    const out = await t.parallelMap(
      0,
      n,
      (i: number, { log }: any, ctx: any) =>
        ctx.ordered(() => {
          log[1 + log[0]++] = i;
          return i * 2;
        }),
      opts(map),
    );
    expect([...map.subarray(1)]).toEqual(serial);
    expect([...out]).toEqual(serial.map((i) => i * 2));

    const red = sharedArray(Float64Array, n + 1);
    const sum = await t.parallelReduce(
      0,
      n,
      (i: number, { log }: any, ctx: any) =>
        ctx.ordered(() => {
          log[1 + log[0]++] = i;
          return i;
        }),
      opts(red),
    );
    expect([...red.subarray(1)]).toEqual(serial);
    expect(sum).toBe((n * (n - 1)) / 2);

    const cells = sharedArray(Float64Array, 6 * 5 + 1);
    await t.parallelFor2D(
      [0, 6],
      [0, 5],
      (i: number, j: number, { log }: any, ctx: any) =>
        ctx.ordered(() => {
          log[1 + log[0]++] = i * 5 + j;
        }),
      opts(cells),
    );
    expect([...cells.subarray(1)]).toEqual(Array.from({ length: 30 }, (_, k) => k));

    const values = sharedArray(Int32Array, n);
    for (let k = 0; k < n; k++) values[k] = n - k;
    const each = sharedArray(Float64Array, n + 1);
    await t.parallelForEach(
      values,
      (v: number, _i: number, { log }: any, ctx: any) =>
        ctx.ordered(() => {
          log[1 + log[0]++] = v;
        }),
      opts(each),
    );
    expect([...each.subarray(1)]).toEqual([...values]);
  });

  it('an error inside ordered code releases the threads waiting for their turn; the team goes on', async () => {
    const err = await t
      .parallelFor(
        0,
        100,
        (i: number, _s: any, ctx: any) =>
          ctx.ordered(() => {
            if (i === 40) throw new RangeError('at 40');
          }),
        { threads: 3, schedule: 'static', chunk: 1, ordered: true },
      )
      .catch((e) => e);
    expect(err).toBeInstanceOf(LoopBodyError);
    expect(err.index).toBe(40);
    expect(err.cause.message).toBe('at 40');
    await runsClean();
  });

  it('a timeout while threads wait for their turn stops them all: TimeoutError, and the team goes on (sync and async, 3 threads)', async () => {
    for (const sync of [false, true]) {
      // Iteration 1 (a worker's, under static,1) never returns: the threads behind it wait for a
      // turn that never comes, and must see the timeout's STOP (the caller, thread 0, its deadline).
      const body = (i: number, _s: any, ctx: any) =>
        ctx.ordered(() => {
          if (i === 1)
            for (;;) {
              /* hang */
            }
        });
      const opts = { threads: 3, schedule: 'static', chunk: 1, ordered: true, timeout: 50 };
      let err: any;
      try {
        if (sync) t.parallelForSync(0, 30, body, opts);
        else await t.parallelFor(0, 30, body, opts);
      } catch (e) {
        err = e;
      }
      expect(err?.name).toBe('TimeoutError');
    }
    await runsClean();
  });

  it('bad input is refused before anything runs, and ctx.ordered() needs the option', async () => {
    const ran = sharedArray(Int32Array, 1);
    const body = (_i: number, { ran }: any) => {
      Atomics.add(ran, 0, 1);
    };
    await expect(parallelFor(0, 10, body, { ordered: 1 as any, shared: { ran } })).rejects.toThrow(
      "Cannot run parallelFor as 'ordered' must be a boolean: received number 1",
    );
    await expect(parallelFor(0, 2 ** 31, body, { ordered: true, shared: { ran } })).rejects.toThrow(
      'Cannot run parallelFor with ordered over more than 2147483647 iterations: received 2147483648',
    );
    await expect(parallelScan(0, 10, () => 1, { ordered: true } as any)).rejects.toThrow(/'ordered' is not an option/);
    await expect(t.parallel(() => {}, { ordered: true } as any)).rejects.toThrow(/'ordered' is not an option/);
    expect(ran[0]).toBe(0);
    const err = await t.parallelFor(0, 10, (_i: number, _s: any, ctx: any) => ctx.ordered(() => 1), { threads: 2 }).catch((e) => e);
    expect(err).toBeInstanceOf(LoopBodyError);
    expect(err.cause).toBeInstanceOf(TypeError);
    expect(err.cause.message).toMatch(/Cannot run ctx\.ordered outside a loop with \{ ordered: true \}/);
  });
});
