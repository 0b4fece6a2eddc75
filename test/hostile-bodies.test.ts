// A body runs with the whole power of JavaScript on its thread (docs/security.md). These tests
// check the promises made about what it can do to the runtime: parfor's own code keeps its own
// references to the built-ins, a worker whose built-ins a body changed is named and replaced, and
// whatever a body does, an abort or a timeout bounds the caller's wait. Each failed before its fix.
import { LoopBodyError, parallelFor2DSync, SharedMatrix, sharedArray, type Team, TimeoutError } from 'parfor';
import { describe, expect, it } from 'vitest';
import { settlesWithin, team, waitFlag } from './helpers.js';

const SCHEDULES = [
  'static',
  'static,1000000000',
  'dynamic,1000000000',
  'guided',
  'adaptive',
  'adaptive,1000000000',
  'auto',
  'runtime',
] as const;

/** Every thread of `tm` runs a fresh body correctly, async and sync (a new body compiles on every worker). */
async function healthy(tm: Team, salt: number): Promise<void> {
  const out = sharedArray(Int32Array, 64);
  await settlesWithin(
    tm.parallelFor(
      0,
      64,
      (i: number, { out, salt }: any) => {
        out[i] = i * salt;
      },
      { shared: { out, salt }, schedule: 'dynamic', chunk: 1 },
    ),
    10_000,
    'a loop after the hostile one',
  );
  expect(out.every((v, i) => v === i * salt)).toBe(true);
  const who = sharedArray(Int32Array, tm.size);
  tm.parallelSync(
    (ctx: any, { who }: any) => {
      who[ctx.threadId] = ctx.threadId + 1;
    },
    { shared: { who } },
  );
  expect([...who]).toEqual(Array.from({ length: tm.size }, (_, t) => t + 1));
}

/** The error of a loop (undefined if it resolved). */
async function failure(p: Promise<unknown>): Promise<any> {
  return p.then(
    () => undefined,
    (e) => e,
  );
}

describe('a body that replaces a built-in on its worker', () => {
  for (const threads of [2, 3]) {
    it(`Atomics.*: parfor never calls the wrapper, the loop names the change, the worker is replaced (${threads} threads)`, async () => {
      const tm = team({ threads });
      await tm.ready();
      // seen[0] counts calls of the wrapper with a buffer that is not the body's own.
      const seen = sharedArray(Int32Array, 2);
      const err = await failure(
        tm.parallelFor(
          0,
          threads,
          (_i: number, { seen }: any) => {
            const own = seen.buffer;
            const count = Atomics.add;
            for (const name of ['load', 'store', 'add', 'sub', 'wait', 'notify', 'compareExchange', 'exchange']) {
              const real = (Atomics as any)[name];
              (Atomics as any)[name] = (a: any, ...rest: any[]) => {
                if (a?.buffer !== own) count(seen, 0, 1);
                return real(a, ...rest);
              };
            }
          },
          { shared: { seen } },
        ),
      );
      expect(err).toBeInstanceOf(LoopBodyError);
      expect(err.message).toMatch(/changed the built-in Atomics\.load on thread \d/);
      expect(err.message).toMatch(/has been replaced/);
      expect(Atomics.load(seen, 0)).toBe(0);
      await healthy(tm, 3);
    });
  }

  it('globalThis.Function: later new bodies still compile on every worker', async () => {
    const tm = team({ threads: 2 });
    const err = await failure(
      tm.parallelFor(0, 2, () => {
        (globalThis as any).Function = () => {
          throw new Error('no compiling here');
        };
      }),
    );
    expect(err).toBeInstanceOf(LoopBodyError);
    expect(err.message).toMatch(/changed the built-in Function on thread/);
    await healthy(tm, 5);
    await healthy(tm, 7);
  });

  it('in a sync loop too: the worker that changed a built-in is named and replaced, at 1, 3 and 8 threads', async () => {
    for (const threads of [1, 3, 8]) {
      const tm = team({ threads });
      await tm.ready();
      let err: any;
      try {
        // Only on workers: thread 0 is the calling thread, whose realm is the program's.
        tm.parallelForSync(0, threads, (_i: number, _s: any, ctx: any) => {
          if (ctx.threadId === ctx.numThreads - 1 && ctx.threadId > 0) (Math as any).sqrt = () => 0;
        });
      } catch (e) {
        err = e;
      }
      if (threads === 1) expect(err).toBeUndefined();
      else {
        expect(err).toBeInstanceOf(LoopBodyError);
        expect(err.message).toContain(`the built-in Math.sqrt on thread ${threads - 1}`);
      }
      expect(Math.sqrt(16)).toBe(4);
      const roots = tm.parallelMapSync(0, 64, (i: number) => Math.sqrt(i * i));
      expect([...roots]).toEqual(Array.from({ length: 64 }, (_, i) => i));
      await healthy(tm, 37);
    }
  });

  it('Math.floor and Map.prototype.get: named; a 2-D loop afterwards is right on every thread', async () => {
    const tm = team({ threads: 2 });
    for (const [path, body] of [
      [
        'Math.floor',
        () => {
          Math.floor = () => 0;
        },
      ],
      [
        'Map.prototype.get',
        () => {
          Map.prototype.get = () => undefined;
        },
      ],
    ] as const) {
      const err = await failure(tm.parallelFor(0, 2, body));
      expect(err.message).toContain(`the built-in ${path} on thread`);
      const M = new SharedMatrix(7, 9);
      await tm.parallelFor2D([0, 7], [0, 9], (i: number, j: number, { M }: any) => M.set(i, j, i * 100 + j), {
        shared: { M },
        schedule: 'dynamic',
      });
      for (let i = 0; i < 7; i++) for (let j = 0; j < 9; j++) expect(M.get(i, j)).toBe(i * 100 + j);
    }
  });

  it('a getter put on the global object in place of Math is named too', async () => {
    const tm = team({ threads: 2 });
    const err = await failure(
      tm.parallelFor(0, 2, () => {
        Object.defineProperty(globalThis, 'Math', {
          get() {
            throw new Error('no Math');
          },
          configurable: true,
        });
      }),
    );
    expect(err.message).toContain('the built-in Math on thread');
    await healthy(tm, 11);
  });

  it('on the calling thread parfor keeps its own references: a replaced Math.floor does not reach a 2-D loop', () => {
    const floor = Math.floor;
    Math.floor = () => 0;
    try {
      const M = new SharedMatrix(5, 4);
      parallelFor2DSync([0, 5], [0, 4], (i: number, j: number, { M }: any) => M.set(i, j, i * 10 + j), { shared: { M } });
      for (let i = 0; i < 5; i++) for (let j = 0; j < 4; j++) expect(M.get(i, j)).toBe(i * 10 + j);
    } finally {
      Math.floor = floor;
    }
  });
});

describe("parfor's own state on a worker", () => {
  it('a body that resets the in-a-loop flag fails its loop, and the worker is replaced', async () => {
    const tm = team({ threads: 2 });
    const err = await failure(
      tm.parallelFor(0, 2, () => {
        (globalThis as any)[Symbol.for('parfor.inLoop')].depth = 0;
      }),
    );
    expect(err).toBeInstanceOf(LoopBodyError);
    expect(err.message).toContain("changed parfor's in-a-loop flag");
    await healthy(tm, 31);
  });

  it('options are read once: a getter cannot pass validation with one value and run with another', async () => {
    let reads = 0;
    const out = sharedArray(Int32Array, 40);
    const options = {
      schedule: 'dynamic',
      shared: { out },
      get chunk() {
        reads++;
        return reads === 1 ? 4 : 0; // 0 would divide the loop into infinitely many empty chunks
      },
    };
    const tm = team({ threads: 2 });
    const body = (i: number, { out }: any) => {
      out[i]++;
    };
    await settlesWithin(tm.parallelFor(0, 40, body, options as never), 10_000, 'the loop');
    expect(reads).toBe(1);
    expect(out.every((v) => v === 1)).toBe(true);
  });
});

describe('an abort or a timeout bounds the wait, whatever the body does', () => {
  const t = team({ threads: 2 });

  it('abort(null) while the loop runs rejects with null', async () => {
    const started = sharedArray(Int32Array, 1);
    const ac = new AbortController();
    const p = t.parallelFor(
      0,
      1e12,
      (_i: number, { started }: any) => {
        Atomics.store(started, 0, 1);
        Atomics.notify(started, 0);
      },
      { signal: ac.signal, shared: { started }, schedule: 'dynamic', chunk: 1000 },
    );
    await waitFlag(started, 0);
    ac.abort(null);
    await expect(
      settlesWithin(
        failure(p).then((e) => ({ e })),
        5000,
        'the aborted loop',
      ),
    ).resolves.toEqual({ e: null });
  });

  for (const schedule of SCHEDULES) {
    it(`a 10^12-iteration loop under ${schedule} settles after abort(), and the team goes on`, async () => {
      const started = sharedArray(Int32Array, 1);
      const ac = new AbortController();
      const reason = new Error(`stop ${schedule}`);
      const p = t.parallelFor(
        0,
        1e12,
        (i: number, { started }: any) => {
          if (i % 4096 === 0 && Atomics.exchange(started, 0, 1) === 0) Atomics.notify(started, 0);
        },
        { signal: ac.signal, shared: { started }, schedule },
      );
      await waitFlag(started, 0);
      ac.abort(reason);
      await expect(settlesWithin(failure(p), 5000, `the aborted ${schedule} loop`)).resolves.toBe(reason);
      await healthy(t, 13);
    });
  }

  it('an iteration that never returns: its thread is terminated after an abort, as after a timeout', async () => {
    const started = sharedArray(Int32Array, 1);
    for (const how of ['abort', 'timeout'] as const) {
      started[0] = 0;
      const ac = new AbortController();
      const p = t.parallelFor(
        0,
        2,
        (i: number, { started }: any) => {
          if (i === 1) {
            Atomics.store(started, 0, 1);
            Atomics.notify(started, 0);
            for (;;) {
              /* never returns */
            }
          }
        },
        { shared: { started }, ...(how === 'abort' ? { signal: ac.signal } : { timeout: 100 }) },
      );
      await waitFlag(started, 0);
      ac.abort('enough');
      const e = await settlesWithin(failure(p), 5000, `the stuck loop (${how})`);
      if (how === 'abort') expect(e).toBe('enough');
      else expect(e).toBeInstanceOf(TimeoutError);
      // ready() waits for the terminated worker's replacement (it threw "failed to start" when the
      // watcher had accounted for the death before the exit event respawned the worker).
      await settlesWithin(t.ready(), 10_000, 'ready() after a terminated worker');
      await healthy(t, 17);
    }
  });

  it('a worker blocked in a native call (execSync) is given up a second after it was terminated, async and sync', async () => {
    const body = (i: number) => {
      if (i === 1) (process as any).getBuiltinModule('node:child_process').execSync('sleep 10');
    };
    await expect(settlesWithin(failure(t.parallelFor(0, 2, body, { timeout: 100 })), 6000, 'the async loop')).resolves.toBeInstanceOf(
      TimeoutError,
    );
    await healthy(t, 23);
    const start = Date.now();
    let err: unknown;
    try {
      t.parallelForSync(0, 2, body, { timeout: 100 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TimeoutError);
    expect(Date.now() - start).toBeLessThan(6000); // a bound, not a speed: the sleep lasts 10 s
    await healthy(t, 29);
  });

  it('an onProgress callback that throws while an iteration never returns: bounded too', async () => {
    const boom = new Error('progress broke');
    const p = t.parallelFor(
      0,
      2,
      (i: number) => {
        if (i === 1)
          for (;;) {
            /* never returns */
          }
      },
      {
        onProgress: () => {
          throw boom;
        },
      },
    );
    await expect(settlesWithin(failure(p), 5000, 'the loop whose callback threw')).resolves.toBe(boom);
    await healthy(t, 19);
  });
});
