// SharedLock (issue 24, item 1): mutual exclusion in loops, regions and tasks against serial
// oracles; tryAcquire, withLock and acquireAsync; a release by a thread that does not hold the lock
// and a second acquire by the holder are LockErrors, on the caller and inside bodies; the lock
// crosses threads in `shared` (nested too) and a body's error leaves the team usable.
import fc from 'fast-check';
import { LockError, LoopBodyError, SharedLock, sharedArray, TaskError } from 'parfor';
import { describe, expect, it } from 'vitest';
import { team, waitFlag } from './helpers.js';

const t4 = team({ threads: 4 });
const t8 = team({ threads: 8 });

describe('SharedLock', () => {
  it('makes a plain read-modify-write exact in parallelFor, every schedule, 1-4 threads, sync and async', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3000 }),
        fc.constantFrom('static', 'static,7', 'dynamic', 'guided', 'adaptive'),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        async (n, schedule, threads, sync) => {
          const lock = new SharedLock();
          const count = sharedArray(Float64Array, 1);
          // A plain read-modify-write with work in between: without the lock, two threads would read
          // the same value and one increment would be lost.
          const body = (_i: number, { lock, count }: any) => {
            lock.acquire();
            const v = count[0];
            let x = 0;
            for (let k = 0; k < 50; k++) x += k;
            count[0] = v + 1 + (x < 0 ? 1 : 0);
            lock.release();
          };
          const shared = { lock, count };
          if (sync) t4.parallelForSync(0, n, body, { shared, schedule, threads });
          else await t4.parallelFor(0, n, body, { shared, schedule, threads });
          expect(count[0]).toBe(n);
          expect(lock.locked).toBe(false);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('keeps a count exact on teams of 1, 3 and 8 threads (a laptop has 8), loops and task trees', async () => {
    for (const threads of [1, 3, 8]) {
      const lock = new SharedLock();
      const count = sharedArray(Float64Array, 1);
      t8.parallelForSync(
        0,
        4000,
        (_i, { lock, count }: any) => {
          lock.withLock(() => {
            const v = count[0];
            count[0] = v + 1;
          });
        },
        { shared: { lock, count }, schedule: 'dynamic', threads },
      );
      const tree = {
        root(ctx: any, _s: unknown, n: number): undefined {
          for (let i = 0; i < n; i++) ctx.spawn('add');
          return undefined;
        },
        add(_ctx: any, { lock, count }: any): undefined {
          lock.withLock(() => {
            count[0] = count[0] + 1;
          });
          return undefined;
        },
      };
      await t8.parallelTasks(tree, 'root', [2000], { shared: { lock, count }, threads });
      expect([threads, count[0], lock.locked]).toEqual([threads, 6000, false]);
    }
  });

  it('withLock in a region (nested in shared) and in tasks; tryAcquire takes a free lock only', async () => {
    const lock = new SharedLock();
    const count = sharedArray(Float64Array, 1);
    await t4.parallel(
      (ctx, { deep }: any) => {
        for (let k = 0; k < 500; k++) {
          deep.inner.lock.withLock(() => {
            deep.inner.count[0] = deep.inner.count[0] + 1;
          });
        }
        ctx.barrier();
      },
      { shared: { deep: { inner: { lock, count } } } },
    );
    expect(count[0]).toBe(2000);
    count[0] = 0;
    const total = await t4.parallelTasks(
      {
        root(ctx: any, { count }: any, n: number): number {
          for (let i = 0; i < n; i++) ctx.spawn('add');
          ctx.wait();
          return count[0];
        },
        add(_ctx: any, { lock, count }: any): undefined {
          lock.withLock(() => {
            count[0] = count[0] + 1;
          });
          return undefined;
        },
      },
      'root',
      [3000],
      { shared: { lock, count } },
    );
    expect(total).toBe(3000);
    expect(lock.tryAcquire()).toBe(true);
    expect(lock.locked).toBe(true);
    lock.release();
    expect(lock.locked).toBe(false);
  });

  it('a worker holding the lock keeps the caller out until it releases; acquireAsync then resolves', async () => {
    const lock = new SharedLock();
    const flags = sharedArray(Int32Array, 3); // [worker holds it, caller may let it go, caller got it]
    const held = t4.parallel(
      (ctx, { lock, flags }: any) => {
        if (ctx.threadId !== 1) return;
        lock.acquire();
        Atomics.store(flags, 0, 1);
        Atomics.notify(flags, 0);
        while (Atomics.load(flags as Int32Array, 1) === 0) Atomics.wait(flags as Int32Array, 1, 0, 50);
        lock.release();
      },
      { shared: { lock, flags } },
    );
    await waitFlag(flags, 0);
    expect(lock.tryAcquire()).toBe(false);
    expect(() => lock.release()).toThrow(
      new LockError('Cannot release the SharedLock as this thread does not hold it (another thread holds it)'),
    );
    const got = lock.acquireAsync().then(() => Atomics.store(flags, 2, 1));
    expect(Atomics.load(flags, 2)).toBe(0);
    Atomics.store(flags, 1, 1);
    Atomics.notify(flags, 1);
    await got;
    await held;
    expect(Atomics.load(flags, 2)).toBe(1);
    lock.release();
  });

  it('LockError for a release by a non-holder and for the holder acquiring again; withLock releases on a throw and refuses a promise', async () => {
    const lock = new SharedLock();
    expect(() => lock.release()).toThrow(new LockError('Cannot release the SharedLock as this thread does not hold it (it is free)'));
    lock.acquire();
    expect(() => lock.acquire()).toThrow(LockError);
    expect(() => lock.tryAcquire()).toThrow(/holds it already \(it is not recursive/);
    await expect(lock.acquireAsync()).rejects.toBeInstanceOf(LockError);
    lock.release();
    expect(() =>
      lock.withLock(() => {
        throw new RangeError('inside');
      }),
    ).toThrow('inside');
    expect(lock.locked).toBe(false);
    expect(() => lock.withLock(() => Promise.resolve(1))).toThrow(/returns a promise/);
    expect(lock.locked).toBe(false);
    expect(() => lock.withLock(3 as never)).toThrow(
      new TypeError('Cannot run withLock as its argument must be a function: received number 3'),
    );
    expect(lock.withLock(() => 7)).toBe(7);
  });

  it('a misuse inside a body is a LoopBodyError (or TaskError) whose cause is a LockError; the team runs the next loop', async () => {
    const lock = new SharedLock();
    const e = await t4.parallelFor(0, 8, (_i, { lock }: any) => lock.release(), { shared: { lock } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LoopBodyError);
    expect((e as LoopBodyError).cause).toBeInstanceOf(LockError);
    const twice = await t4
      .parallelTasks(
        {
          t(_ctx: any, { lock }: any) {
            lock.acquire();
            lock.acquire();
          },
        },
        't',
        [],
        { shared: { lock } },
      )
      .catch((x: unknown) => x);
    expect(twice).toBeInstanceOf(TaskError);
    expect((twice as TaskError).cause).toBeInstanceOf(LockError);
    // That task threw holding the lock: it stays held (as any mutex would) until its holder lets go,
    // and the worker that holds it is the one that must. A new lock shows the team is fine.
    const fresh = new SharedLock();
    const count = sharedArray(Float64Array, 1);
    await t4.parallelFor(0, 100, (_i, { fresh, count }: any) => fresh.withLock(() => (count[0] = count[0] + 1)), {
      shared: { fresh, count },
      schedule: 'dynamic',
    });
    expect(count[0]).toBe(100);
  });

  it('refuses a malformed SharedLock in shared, naming the key', async () => {
    const bad = Object.create(SharedLock.prototype);
    Object.defineProperty(bad, Symbol.for('parfor.SharedLock'), { value: true });
    Object.defineProperty(bad, 'words', { value: new Int32Array(2) });
    await expect(t4.parallelFor(0, 2, () => {}, { shared: { bad } })).rejects.toThrow(
      /Cannot pass shared.bad to other threads as it is not a well-formed SharedLock: its words must be a shared Int32Array: received non-shared Int32Array\(2\)/,
    );
  });
});
