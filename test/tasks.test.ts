// parallelTasks: fork-join tasks on the team's deques, against serial oracles; errors, aborts,
// timeouts and bounds; the team usable after each failure.
import fc from 'fast-check';
import * as P from 'parfor';
import { kernel, parallelForSync, parallelTasks, parallelTasksSync, sharedArray, TaskError, TimeoutError } from 'parfor';
import { describe, expect, it } from 'vitest';
import { checkTaskTrees } from './fixtures/task-trees.mjs';
import { team, waitFlag } from './helpers.js';

const t2 = team({ threads: 2 });
const t3 = team({ threads: 3 });

const FIB = {
  fib(ctx: any, _s: unknown, n: number): number {
    if (n < 2) return n;
    const x = ctx.spawn('fib', n - 1);
    const y = ctx.spawn('fib', n - 2);
    ctx.wait();
    return ctx.result(x) + ctx.result(y);
  },
};
const fibSerial = (n: number): number => (n < 2 ? n : fibSerial(n - 1) + fibSerial(n - 2));

describe('parallelTasks', () => {
  for (const sync of [false, true]) {
    const mode = sync ? 'sync' : 'async';
    const run = (tm: any, tasks: any, root: string, args: number[], opts?: any) =>
      sync ? tm.parallelTasksSync(tasks, root, args, opts) : tm.parallelTasks(tasks, root, args, opts);

    it(`${mode}: fib equals the serial oracle on 1, 2 and 3 threads`, async () => {
      for (const threads of [1, 2, 3]) {
        for (const n of [0, 1, 2, 10, 18]) expect(await run(t3, FIB, 'fib', [n], { threads })).toBe(fibSerial(n));
      }
    });

    // The same properties run in the runtime matrix and the browser pages (test/fixtures/task-trees.mjs).
    it(`${mode}: random trees give the serial sum with each node run exactly once; random throws${sync ? '' : ' and aborts'} reject, naming a thrower; nothing runs into the next call`, async () => {
      await checkTaskTrees(fc, P, t3, { numRuns: 40, sync });
    });

    it(`${mode}: a chain 1,000 deep works; a chain too deep fails with a TaskError, not a stack overflow`, async () => {
      const chain = {
        down(ctx: any, _s: unknown, n: number): number {
          if (n === 0) return 0;
          const h = ctx.spawn('down', n - 1);
          ctx.wait();
          return ctx.result(h) + 1;
        },
      };
      expect(await run(t2, chain, 'down', [1000])).toBe(1000);
      const err = await Promise.resolve()
        .then(() => run(t2, chain, 'down', [100_000]))
        .catch((e) => e);
      expect(err).toBeInstanceOf(TaskError);
      expect(err.cause?.message).toMatch(/nested more than 2000 deep/);
      expect(err.cause).toBeInstanceOf(RangeError);
      // On one thread a sync chain nests on the caller's own (smaller) stack: the error says so, whichever limit comes first.
      const one = await Promise.resolve()
        .then(() => run(t2, chain, 'down', [100_000], { threads: 1 }))
        .catch((e) => e);
      expect(one).toBeInstanceOf(TaskError);
      expect(one.cause?.message).toMatch(
        /nested more than 2000 deep|Tasks nested \d+ deep ran out of stack on thread 0 \(the calling thread/,
      );
      expect(await run(t2, FIB, 'fib', [12])).toBe(144);
    });

    it(`${mode}: a task's children finish before it does, without a ctx.wait() (the implicit taskwait)`, async () => {
      const hits = sharedArray(Int32Array, 300);
      const nowait = {
        // root waits for each 'mid'; a mid spawns its leaves and returns without waiting for them.
        root(ctx: any, { hits }: any): number {
          for (let m = 0; m < 3; m++) ctx.spawn('mid', m);
          ctx.wait();
          let done = 0;
          for (let i = 0; i < hits.length; i++) done += Atomics.load(hits as Int32Array, i);
          return done;
        },
        mid(ctx: any, _s: unknown, m: number): undefined {
          for (let i = 0; i < 100; i++) ctx.spawn('leaf', m * 100 + i);
          return undefined;
        },
        leaf(_ctx: any, { hits }: any, i: number): undefined {
          let x = 0;
          for (let k = 0; k < 2000; k++) x += k; // long enough to be stolen
          Atomics.add(hits, i, x > 0 ? 1 : 0);
          return undefined;
        },
      };
      for (const threads of [1, 2, 3]) {
        hits.fill(0);
        expect(await run(t3, nowait, 'root', [], { shared: { hits }, threads })).toBe(300);
      }
    });

    it(`${mode}: a fan-out past the deque runs the overflow at once; results all arrive`, async () => {
      const fan = {
        root(ctx: any, _s: unknown, n: number): number {
          const hs = [];
          for (let i = 0; i < n; i++) hs.push(ctx.spawn('leaf', i));
          ctx.wait();
          let s = 0;
          for (const h of hs) s += ctx.result(h);
          return s;
        },
        leaf: (_ctx: any, _s: unknown, i: number) => i * 2,
      };
      expect(await run(t2, fan, 'root', [5000])).toBe(5000 * 4999);
    });

    it(`${mode}: a task may spawn more children than a thread has records; only their handles expire`, async () => {
      const count = sharedArray(Int32Array, 1);
      const wide = {
        // OpenMP's style: children write to shared memory, nobody reads their results.
        root(ctx: any, _s: unknown, n: number, readFirst: number): number | undefined {
          const first = ctx.spawn('leaf');
          for (let i = 1; i < n; i++) ctx.spawn('leaf');
          ctx.wait();
          return readFirst ? ctx.result(first) : undefined;
        },
        leaf: (_c: any, { count }: any) => Atomics.add(count, 0, 1),
      };
      expect(await run(t2, wide, 'root', [40_000, 0], { shared: { count } })).toBe(undefined);
      expect(count[0]).toBe(40_000);
      const err = await Promise.resolve()
        .then(() => run(t2, wide, 'root', [40_000, 1], { shared: { count } }))
        .catch((e) => e);
      expect(err).toBeInstanceOf(TaskError);
      expect(err.cause.message).toMatch(/as it was dropped: this thread's 16384 task records filled up/);
      expect(await run(t2, FIB, 'fib', [10])).toBe(55);
    });

    it(`${mode}: spawning an unknown task, a non-number argument, or returning a string fails the call, naming it`, async () => {
      const bad = {
        a(ctx: any, _s: unknown, n: number) {
          if (n === 0) ctx.spawn('nope', 1);
          if (n === 1) ctx.spawn('a', 'x');
          if (n === 2) return 'str';
          return 0;
        },
      };
      const msg = async (n: number) => {
        const e = await Promise.resolve()
          .then(() => run(t2, bad, 'a', [n]))
          .catch((x) => x);
        expect(e).toBeInstanceOf(TaskError);
        return `${e.message} | ${e.cause.name}`;
      };
      expect(await msg(0)).toMatch(
        /Task 'a'\(0\) threw .*Cannot spawn string "nope" as it names no task: expected one of 'a' \| TypeError/,
      );
      expect(await msg(1)).toMatch(/task arguments must be numbers: received \(string "x"\)/);
      expect(await msg(2)).toMatch(/must return a number or undefined: received string "str"/);
    });

    it(`${mode}: ctx.result before wait, or of another task's child, is an error`, async () => {
      const early = {
        a(ctx: any) {
          const h = ctx.spawn('b');
          return ctx.result(h); // not waited for: an error
        },
        b() {
          let x = 0;
          for (let i = 0; i < 1e5; i++) x += i;
          return x > 0 ? 1 : 0;
        },
        c(ctx: any) {
          return ctx.result(0); // the root's own record: not a child
        },
      };
      await expect(Promise.resolve().then(() => run(t2, early, 'c', []))).rejects.toThrow(/did not spawn it/);
      // Whether the child is queued, stolen, running or already run at once (alone, or past a full
      // deque), reading it before a wait fails the same way.
      for (const threads of [1, 2]) {
        const e = await Promise.resolve()
          .then(() => run(t2, { ...early }, 'a', [], { threads }))
          .catch((x) => x);
        expect(e.cause.message).toMatch(/before a ctx.wait\(\) after its spawn/);
      }
      const late = {
        a(ctx: any) {
          const h = ctx.spawn('b');
          ctx.wait();
          const h2 = ctx.spawn('b'); // spawned after the wait: its own result needs another one
          const first = ctx.result(h);
          try {
            ctx.result(h2);
            return -1;
          } catch {
            ctx.wait();
            return first + ctx.result(h2);
          }
        },
        b: early.b,
      };
      for (const threads of [1, 2]) expect(await run(t2, late, 'a', [], { threads })).toBe(2);
    });

    it(`${mode}: join, root undefined, and kernel() task functions`, async () => {
      const j = {
        fib(ctx: any, _s: unknown, n: number): number {
          if (n < 2) return n;
          const [a, b] = ctx.join('fib', [n - 1], 'fib', [n - 2]);
          return a + b;
        },
        nothing() {},
      };
      expect(await run(t2, j, 'fib', [15])).toBe(610);
      expect(await run(t2, j, 'nothing', [])).toBe(undefined);
      const xs = sharedArray(Float64Array, 10_000);
      for (let i = 0; i < xs.length; i++) xs[i] = (i % 7) - 3;
      const sum = kernel(new URL('./fixtures/kernels.mjs', import.meta.url), 'sumRange');
      const expected = Array.from(xs).reduce((a, b) => a + b, 0);
      expect(await run(t2, { sum }, 'sum', [0, xs.length], { shared: { xs } })).toBe(expected);
    });
  }

  it('bad arguments are a TypeError/RangeError before anything runs', async () => {
    const ran = sharedArray(Int32Array, 1);
    const ok = { a: (_c: any, { ran }: any) => void Atomics.add(ran, 0, 1) };
    const cases: [unknown[], RegExp][] = [
      [[ok, 'b', []], /'root' must name one of its tasks \('a'\): received string "b"/],
      [[ok, 1, []], /'root' must name one of its tasks/],
      [[{ a: 3 }, 'a', []], /task 'a' must be a function .* received number 3/],
      [[ok, 'a', ['1']], /'args\[0\]' must be a number: received string "1"/],
      [[ok, 'a', 5], /'args' must be an array of numbers: received number 5/],
      [[ok, 'a', [1, 2, 3, 4, 5, 6, 7]], /at most 6 arguments: received 7/],
      [[{}, 'a', []], /'root' must name one of its tasks \(\): received string "a"/],
      [[null, 'a', []], /'tasks' must be an object/],
      [[ok, 'a', [], { schedule: 'dynamic' }], /'schedule' is not an option|schedule/],
    ];
    for (const [args, re] of cases) {
      expect(() => (t2 as any).parallelTasksSync(...args)).toThrow(re);
      await expect((t2 as any).parallelTasks(...args)).rejects.toThrow(re);
    }
    expect(ran[0]).toBe(0);
    expect(parallelTasksSync(ok, 'a', [], { shared: { ran }, team: t2 })).toBe(undefined);
    expect(ran[0]).toBe(1);
  });

  it('an abort stops a running tree; a timeout too; the team runs the next call', async () => {
    const flags = sharedArray(Int32Array, 2);
    const spin = {
      // Keeps spawning busy children until STOP; flags[0] says it started.
      root(ctx: any, { flags }: any) {
        Atomics.store(flags, 0, 1);
        Atomics.notify(flags, 0);
        for (let r = 0; r < 1e6; r++) {
          ctx.spawn('busy');
          ctx.spawn('busy');
          ctx.wait();
        }
      },
      busy(_ctx: any, { flags }: any) {
        const t0 = Date.now();
        while (Date.now() - t0 < 1) Atomics.add(flags, 1, 1);
      },
    };
    const ac = new AbortController();
    const p = t2.parallelTasks(spin, 'root', [], { shared: { flags }, signal: ac.signal });
    await waitFlag(flags, 0);
    ac.abort(new Error('stop it'));
    await expect(p).rejects.toThrow('stop it');
    await expect(t2.parallelTasks(spin, 'root', [], { shared: { flags }, timeout: 50 })).rejects.toBeInstanceOf(TimeoutError);
    expect(() => t2.parallelTasksSync(spin, 'root', [], { shared: { flags }, timeout: 50 })).toThrow(TimeoutError);
    expect(await t2.parallelTasks(FIB, 'fib', [15])).toBe(610);
  });

  it('a task tree runs inline, serially, inside a loop body (a kernel module that calls parallelTasksSync)', () => {
    const out = sharedArray(Float64Array, 15);
    parallelForSync(0, out.length, kernel(new URL('./fixtures/kernels.mjs', import.meta.url), 'nestedTasks'), {
      shared: { out },
      team: t2,
    });
    expect(Array.from(out)).toEqual(Array.from({ length: 15 }, (_, i) => fibSerial(i)));
  });

  it('the top-level functions run on the default team or options.team', async () => {
    expect(await parallelTasks(FIB, 'fib', [10], { team: t2 })).toBe(55);
    expect(parallelTasksSync(FIB, 'fib', [11], { team: t3, threads: 2 })).toBe(89);
  });
});
