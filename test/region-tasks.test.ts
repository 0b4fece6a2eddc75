// Tasks inside parallel regions (OpenMP's parallel + single + task): region code spawns, waits and
// runs taskloops; barriers and the region's end run the region's tasks first. Every result against a
// serial oracle; errors, aborts and bad arguments leave the team usable.
import fc from 'fast-check';
import { kernel, LoopBodyError, parallelForSync, sharedArray, TaskError, TimeoutError } from 'parfor';
import { describe, expect, it } from 'vitest';
import { team, waitFlag } from './helpers.js';

const t1 = team({ threads: 1 });
const t2 = team({ threads: 2 });
const t3 = team({ threads: 3 });
/** A laptop's thread count, oversubscribed on a 2-core machine: results must not depend on the team size. */
const t8 = team({ threads: 8 });

const fibSerial = (n: number): number => (n < 2 ? n : fibSerial(n - 1) + fibSerial(n - 2));

const TASKS = {
  fib(ctx: any, _s: unknown, n: number): number {
    if (n < 2) return n;
    const [a, b] = ctx.join('fib', [n - 1], 'fib', [n - 2]);
    return a + b;
  },
  // One visit per iteration of [lo, hi), counted atomically, plus the extra argument.
  mark(_ctx: any, { hits }: any, lo: number, hi: number, add: number | undefined) {
    for (let i = lo; i < hi; i++) Atomics.add(hits, i, add ?? 1);
  },
  // Sets flags[k] after a little work: the barrier must not return before it ran.
  late(_ctx: any, { flags }: any, k: number) {
    let x = 0;
    for (let i = 0; i < 20000; i++) x += Math.sqrt(i);
    if (x > 0) Atomics.store(flags, k, 1);
  },
  boom(_ctx: any, _s: unknown, x: number) {
    throw new Error(`boom ${x}`);
  },
};

const modes = [
  ['async', (t: any, region: any, o: any) => t.parallel(region, o)],
  ['sync', async (t: any, region: any, o: any) => t.parallelSync(region, o)],
] as const;

describe('tasks in parallel regions', () => {
  for (const [mode, run] of modes) {
    it(`${mode}: single + spawn + wait gives the serial fib on teams of 1, 2, 3 and 8`, async () => {
      for (const t of [t1, t2, t3, t8]) {
        const res = sharedArray(Float64Array, 1);
        await run(
          t,
          (ctx: any, { res }: any) => {
            ctx.single(() => {
              const h = ctx.spawn('fib', 17);
              ctx.wait();
              res[0] = ctx.result(h);
            });
          },
          { shared: { res }, tasks: TASKS },
        );
        expect(res[0]).toBe(fibSerial(17));
      }
    });

    it(`${mode}: taskloop visits every iteration exactly once, whatever the grain or task count`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: -50, max: 50 }),
          fc.nat(400),
          fc.oneof(
            fc.record({ grainsize: fc.integer({ min: 1, max: 60 }) }),
            fc.record({ numTasks: fc.integer({ min: 1, max: 500 }) }),
            fc.constant(undefined),
          ),
          fc.integer({ min: 1, max: 3 }),
          fc.boolean(),
          async (start, n, how, threads, everyThread) => {
            const hits = sharedArray(Int32Array, n + 1);
            // Either one thread makes the taskloop (inside single), or every thread makes its own.
            const add = everyThread ? 1 : 5;
            await run(
              t3,
              (ctx: any, { start, end, how, add, everyThread }: any) => {
                const opts = how === undefined ? { args: [add] } : { ...how, args: [add] };
                // Iterations are shifted to [0, n) in `hits` by passing start as an offset.
                if (everyThread) ctx.taskloop(start, end, 'shifted', opts);
                else ctx.single(() => ctx.taskloop(start, end, 'shifted', opts));
              },
              {
                shared: { hits, start, end: start + n, how, add, everyThread },
                threads,
                tasks: {
                  ...TASKS,
                  shifted(_ctx: any, { hits, start }: any, lo: number, hi: number, a: number) {
                    for (let i = lo; i < hi; i++) Atomics.add(hits, i - start, a);
                  },
                },
              },
            );
            const want = everyThread ? threads : 5;
            for (let i = 0; i < n; i++) expect(hits[i]).toBe(want);
            expect(hits[n]).toBe(0);
          },
        ),
        { numRuns: 30 },
      );
    });

    it(`${mode}: ctx.barrier() returns only after every task spawned before it has run; so does the region's end`, async () => {
      const T = 3;
      const flags = sharedArray(Int32Array, 64);
      const seen = sharedArray(Int32Array, T);
      await run(
        t3,
        (ctx: any, { flags, seen }: any) => {
          // Thread 0 spawns 32 tasks and does not wait; every thread checks them after the barrier.
          if (ctx.threadId === 0) for (let k = 0; k < 32; k++) ctx.spawn('late', k);
          ctx.barrier();
          let n = 0;
          for (let k = 0; k < 32; k++) n += Number(Atomics.load(flags, k));
          seen[ctx.threadId] = n;
          // Spawned and never waited for: the region's end runs them.
          for (let k = 32; k < 64; k += ctx.numThreads) if (k + ctx.threadId < 64) ctx.spawn('late', k + ctx.threadId);
        },
        { shared: { flags, seen }, tasks: TASKS },
      );
      expect(Array.from(seen)).toEqual([32, 32, 32]);
      expect(Array.from(flags).every((f) => f === 1)).toBe(true);
    });

    it(`${mode}: ctx.loop and single in a region with tasks still divide and barrier correctly`, async () => {
      const n = 500;
      const hits = sharedArray(Int32Array, n);
      const res = sharedArray(Float64Array, 3);
      await run(
        t3,
        (ctx: any, { hits, res, n }: any) => {
          ctx.loop(
            0,
            n,
            (i: number) => {
              if (i % 50 === 0) ctx.spawn('mark', i, i + 50, 2);
            },
            'dynamic,7',
          );
          // The loop's barrier ran the marks: every hit is 2 here.
          const ok = ctx.single(() => {
            let bad = 0;
            for (let i = 0; i < n; i++) if (Number(Atomics.load(hits, i)) !== 2) bad++;
            return bad;
          });
          if (ok !== undefined) res[0] = ok;
          res[1 + (ctx.threadId === 0 ? 0 : 1)] = 1;
        },
        { shared: { hits, res, n }, tasks: TASKS },
      );
      expect(res[0]).toBe(0);
    });

    it(`${mode}: a throwing task rejects with a TaskError naming it; region code's own error stays a LoopBodyError; the team goes on`, async () => {
      const err = await run(
        t3,
        (ctx: any) => {
          ctx.single(() => {
            for (let k = 0; k < 10; k++) ctx.spawn('fib', 12);
            ctx.spawn('boom', 7);
          });
        },
        { tasks: TASKS },
      ).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TaskError);
      expect(err.task).toBe('boom');
      expect(err.args).toEqual([7]);
      expect(err.cause.message).toBe('boom 7');
      const own = await run(
        t2,
        (ctx: any) => {
          ctx.spawn('fib', 5);
          if (ctx.threadId === 1) throw new RangeError('region code');
        },
        { tasks: TASKS },
      ).catch((e: unknown) => e);
      expect(own).toBeInstanceOf(LoopBodyError);
      expect(own).not.toBeInstanceOf(TaskError);
      expect(own.cause).toBeInstanceOf(RangeError);
      // A task error the region code caught still fails the region (the tree was cancelled).
      const caught = await run(
        t2,
        (ctx: any) => {
          ctx.single(() => {
            ctx.spawn('boom', 1);
            try {
              ctx.wait();
            } catch {}
          });
        },
        { tasks: TASKS },
      ).catch((e: unknown) => e);
      expect(caught).toBeInstanceOf(TaskError);
      const res = sharedArray(Float64Array, 1);
      await run(t3, (ctx: any, { res }: any) => ctx.single(() => (res[0] = ctx.join('fib', [10], 'fib', [9])[0])), {
        shared: { res },
        tasks: TASKS,
      });
      expect(res[0]).toBe(55);
    });
  }

  it('the task methods without { tasks }, an unknown name, bad taskloop arguments and a bad tasks option: clear errors', async () => {
    const noTasks: any = await t2.parallel((ctx: any) => ctx.spawn('fib', 3)).catch((e: unknown) => e);
    expect(noTasks).toBeInstanceOf(LoopBodyError);
    expect(noTasks.cause).toBeInstanceOf(TypeError);
    expect(noTasks.cause.message).toMatch(/ctx\.spawn\(\) as this region has no tasks: pass them as parallel\(region, \{ tasks/);
    const unknown: any = await t2.parallel((ctx: any) => ctx.spawn('nope'), { tasks: TASKS }).catch((e: unknown) => e);
    expect(unknown.cause.message).toMatch(/Cannot spawn string "nope" as it names no task: expected one of 'fib'/);
    const bad = [
      [(ctx: any) => ctx.taskloop(0, 1.5, 'mark'), RangeError, /start and end must be safe integers/],
      [(ctx: any) => ctx.taskloop(0, 10, 'mark', { grainsize: 0 }), RangeError, /grainsize must be a positive integer: received number 0/],
      [(ctx: any) => ctx.taskloop(0, 10, 'mark', { grainsize: 2, numTasks: 2 }), TypeError, /both grainsize and numTasks/],
      [(ctx: any) => ctx.taskloop(0, 10, 'mark', { args: [1, 2, 3, 4, 5] }), TypeError, /at most 4 numbers/],
      [(ctx: any) => ctx.taskloop(0, 10, 7), TypeError, /named by a string/],
    ] as const;
    for (const [region, cls, msg] of bad) {
      const e: any = await t2.parallel(region, { tasks: TASKS }).catch((x: unknown) => x);
      expect(e.cause).toBeInstanceOf(cls);
      expect(e.cause.message).toMatch(msg);
    }
    // A bad tasks option is a TypeError before any region code runs.
    const ran = sharedArray(Int32Array, 1);
    for (const tasks of [3, { a: 3 }, {}, [() => 1]]) {
      expect(() => t2.parallelSync((_ctx: any, { ran }: any) => Atomics.add(ran, 0, 1), { shared: { ran }, tasks } as any)).toThrow(
        TypeError,
      );
    }
    expect(() => t2.parallelSync(() => {}, { tasks: { a: 3 } } as any)).toThrow(/Cannot run parallelSync as task 'a' must be a function/);
    expect(ran[0]).toBe(0);
  });

  it('task names that are Object.prototype keys are ordinary names; an inherited one is not a task', async () => {
    const res = sharedArray(Float64Array, 2);
    const tasks = Object.defineProperty(
      {
        constructor(_ctx: any, _s: unknown, x: number) {
          return x + 1;
        },
      },
      '__proto__',
      { value: (_ctx: any, _s: unknown, x: number) => x * 2, enumerable: true },
    );
    await t8.parallel(
      (ctx: any, { res }: any) =>
        ctx.single(() => {
          const a = ctx.spawn('constructor', 4);
          const b = ctx.spawn('__proto__', 4);
          ctx.wait();
          res[0] = ctx.result(a);
          res[1] = ctx.result(b);
        }),
      { shared: { res }, tasks },
    );
    expect(Array.from(res)).toEqual([5, 8]);
    const e: any = await t3.parallel((ctx: any) => ctx.spawn('toString'), { tasks }).catch((x: unknown) => x);
    expect(e.cause.message).toMatch(/Cannot spawn string "toString" as it names no task/);
  });

  it('an abort stops a region whose tasks keep spawning; a timeout too (async and sync); the team runs the next region', async () => {
    const flags = sharedArray(Int32Array, 2);
    const tasks = {
      busy(ctx: any, { flags }: any, depth: number) {
        const t0 = Date.now();
        while (Date.now() - t0 < 1) Atomics.add(flags, 1, 1);
        if (depth < 1e6) {
          ctx.spawn('busy', depth + 1);
          ctx.spawn('busy', depth + 1);
        }
      },
    };
    const region = (ctx: any, { flags }: any) => {
      ctx.single(() => {
        Atomics.store(flags, 0, 1);
        Atomics.notify(flags, 0);
        ctx.spawn('busy', 0);
      });
    };
    const ac = new AbortController();
    const p = t2.parallel(region, { shared: { flags }, tasks, signal: ac.signal });
    await waitFlag(flags, 0);
    ac.abort(new Error('stop the region'));
    await expect(p).rejects.toThrow('stop the region');
    await expect(t2.parallel(region, { shared: { flags }, tasks, timeout: 50 })).rejects.toBeInstanceOf(TimeoutError);
    expect(() => t2.parallelSync(region, { shared: { flags }, tasks, timeout: 50 })).toThrow(TimeoutError);
    const res = sharedArray(Float64Array, 1);
    await t2.parallel((ctx: any, { res }: any) => ctx.master(() => (res[0] = ctx.join('fib', [12], 'fib', [11])[0])), {
      shared: { res },
      tasks: TASKS,
    });
    expect(res[0]).toBe(144);
  });

  it('a region with tasks runs inline, serially, inside a loop body (a kernel module that calls parallelSync)', () => {
    const out = sharedArray(Float64Array, 12);
    parallelForSync(0, out.length, kernel(new URL('./fixtures/kernels.mjs', import.meta.url), 'nestedRegionTasks'), {
      shared: { out },
      team: t2,
    });
    expect(Array.from(out)).toEqual(Array.from({ length: 12 }, (_, i) => fibSerial(i) + i));
  });
});
