// parallel(): barrier, critical, single, master and ctx.loop inside a region,
// with failures unwinding threads that wait at a barrier.
import fc from 'fast-check';
import { LoopBodyError, parallel, sharedArray, TimeoutError } from 'parfor';
import { describe, expect, it } from 'vitest';
import { team, waitFlag } from './helpers.js';

const t = team({ threads: 4 });

describe('parallel regions', () => {
  for (const sync of [false, true]) {
    const run = (region: any, opts: any) => (sync ? t.parallelSync(region, opts) : t.parallel(region, opts));

    it(`${sync ? 'sync' : 'async'}: barrier() holds every thread until all arrive, 200 rounds`, async () => {
      const count = sharedArray(Int32Array, 1);
      const bad = sharedArray(Int32Array, 1);
      await run(
        (ctx: any, { count, bad }: { count: Int32Array; bad: Int32Array }) => {
          for (let r = 1; r <= 200; r++) {
            Atomics.add(count, 0, 1);
            ctx.barrier();
            // Nobody can have started round r+1 yet, and everyone has finished round r.
            if (Atomics.load(count, 0) !== r * ctx.numThreads) Atomics.add(bad, 0, 1);
            ctx.barrier();
          }
        },
        { shared: { count, bad } },
      );
      expect(count[0]).toBe(800);
      expect(bad[0]).toBe(0);
    });

    it(`${sync ? 'sync' : 'async'}: single runs once per construct, master only on thread 0, critical loses nothing`, async () => {
      const c = sharedArray(Float64Array, 3);
      await run(
        (ctx: any, { c }: any) => {
          for (let k = 0; k < 50; k++)
            ctx.single(() => {
              c[0] += 1;
            });
          ctx.master(() => {
            c[1] += ctx.threadId + 1;
          });
          for (let k = 0; k < 2000; k++)
            ctx.critical(() => {
              c[2] = c[2] + 0.5;
            }); // a plain read-modify-write
        },
        { shared: { c } },
      );
      expect([...c]).toEqual([50, 1, 4000]);
    });
  }

  it('ctx.loop covers its range exactly once under every schedule, loop after loop (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -100, max: 100 }),
        fc.integer({ min: 0, max: 500 }),
        fc.constantFrom('static', 'static,3', 'dynamic', 'dynamic,7', 'guided', 'guided,4', 'adaptive', 'adaptive,5', 'auto'),
        fc.integer({ min: 1, max: 4 }),
        async (start, n, schedule, threads) => {
          const hits = sharedArray(Int32Array, n);
          await t.parallel(
            (ctx: any, { hits, start, n, schedule }: any) => {
              for (let rep = 0; rep < 3; rep++)
                ctx.loop(
                  start,
                  start + n,
                  (i: number) => {
                    Atomics.add(hits, i - start, 1);
                  },
                  schedule,
                );
            },
            { threads, shared: { hits, start, n, schedule } },
          );
          expect(hits.every((h) => h === 3)).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('a Jacobi sweep in one region equals the serial result', async () => {
    const n = 200;
    const sweeps = 50;
    const a = sharedArray(Float64Array, n);
    const b = sharedArray(Float64Array, n);
    a[0] = 1;
    a[n - 1] = 3;
    const sa = Float64Array.from(a);
    const sb = Float64Array.from(b);
    for (let s = 0; s < sweeps; s++) {
      for (let i = 1; i < n - 1; i++) sb[i] = (sa[i - 1]! + sa[i + 1]!) / 2;
      for (let i = 1; i < n - 1; i++) sa[i] = sb[i]!;
    }
    await parallel(
      (ctx: any, { a, b, n, sweeps }: any) => {
        for (let s = 0; s < sweeps; s++) {
          ctx.loop(1, n - 1, (i: number) => {
            b[i] = (a[i - 1] + a[i + 1]) / 2;
          });
          ctx.loop(1, n - 1, (i: number) => {
            a[i] = b[i];
          });
        }
      },
      { shared: { a, b, n, sweeps } },
    );
    expect([...a]).toEqual([...sa]);
  });

  it('an error on one thread unwinds the others from their barrier; the next region is fine', async () => {
    for (const sync of [false, true]) {
      let err: any;
      try {
        const region = (ctx: any) => {
          if (ctx.threadId === 2) throw new RangeError('mid');
          ctx.barrier();
          ctx.barrier();
        };
        if (sync) t.parallelSync(region);
        else await t.parallel(region);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(LoopBodyError);
      expect(err.threadId).toBe(2);
      expect(err.cause).toBeInstanceOf(RangeError);
    }
    const c = sharedArray(Int32Array, 1);
    await t.parallel(
      (ctx: any, { c }: any) => {
        ctx.barrier();
        Atomics.add(c, 0, 1);
      },
      { shared: { c } },
    );
    expect(c[0]).toBe(4);
  });

  it('abort releases threads waiting at a barrier', async () => {
    const flags = sharedArray(Int32Array, 4);
    const ac = new AbortController();
    const p = t.parallel(
      (ctx: any, { flags }: any) => {
        if (ctx.threadId === 0) {
          Atomics.store(flags, 0, 1);
          Atomics.notify(flags, 0);
          Atomics.wait(flags, 1, 0); // held by the test until after the abort
        }
        ctx.barrier();
      },
      { shared: { flags }, signal: ac.signal },
    );
    await waitFlag(flags, 0);
    ac.abort(new Error('stop the region'));
    Atomics.store(flags, 1, 1);
    Atomics.notify(flags, 1);
    await expect(p).rejects.toThrow('stop the region');
  });

  it('timeout releases a region whose thread hangs while others wait at a barrier', async () => {
    const err = await t
      .parallel(
        (ctx: any) => {
          if (ctx.threadId === 3)
            for (;;) {
              /* hang */
            }
          ctx.barrier();
        },
        { timeout: 50 },
      )
      .catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    const c = sharedArray(Int32Array, 1);
    await t.parallel(
      (ctx: any, { c }: any) => {
        ctx.barrier();
        Atomics.add(c, 0, 1);
      },
      { shared: { c } },
    );
    expect(c[0]).toBe(4);
  });

  it('rejects schedule options, and validates ctx.loop arguments inside the region', async () => {
    await expect(t.parallel(() => {}, { schedule: 'dynamic' } as any)).rejects.toThrow(/every thread runs the region once/);
    const err = await t
      .parallel((ctx: any) => {
        ctx.loop(0, 10, () => {}, 'dynamic,0');
      })
      .catch((e) => e);
    expect(err.cause.message).toBe(
      'Cannot run ctx.loop as the chunk in its schedule must be a positive safe integer: received "dynamic,0"',
    );
    // `runtime` inside a region means OMP_SCHEDULE (unset here: dynamic,1), as for a loop.
    const hit = sharedArray(Int32Array, 10);
    await t.parallel(
      (ctx: any, { hit }: any) => {
        ctx.loop(0, 10, (i: number) => Atomics.add(hit, i, 1), 'runtime');
      },
      { shared: { hit } },
    );
    expect([...hit]).toEqual(Array(10).fill(1));
    const seen = sharedArray(Int32Array, 1);
    await t.parallel(
      (_ctx: any, { seen }: any) => {
        Atomics.add(seen, 0, 1);
      },
      { threads: -2, shared: { seen } },
    );
    expect(seen[0]).toBe(3);
  });
});
