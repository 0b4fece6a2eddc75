// Every error path, and after each one the next loop on the same team is correct.

import {
  BodySetupError,
  createTeam,
  kernel,
  LoopBodyError,
  parallelFor,
  parallelForSync,
  SharedMatrix,
  sharedArray,
  TeamClosedError,
  TimeoutError,
  WorkerExitError,
} from 'parfor';
import { describe, expect, it } from 'vitest';
import { team, waitFlag } from './helpers.js';

// Defined on no thread: used as a typeof's operand, which the capture check leaves to run time.
declare const later: number;

const t = team({ threads: 2 });

/** The team works and gives the right answer. */
async function healthy(tm = t): Promise<void> {
  const out = sharedArray(Int32Array, 1000);
  await tm.parallelFor(
    0,
    1000,
    (i: number, { out }: any) => {
      out[i] = 3 * i;
    },
    { shared: { out }, schedule: 'dynamic', chunk: 10 },
  );
  expect(out.every((v, i) => v === 3 * i)).toBe(true);
  out.fill(0);
  tm.parallelForSync(
    0,
    1000,
    (i: number, { out }: any) => {
      out[i] = 3 * i;
    },
    { shared: { out } },
  );
  expect(out.every((v, i) => v === 3 * i)).toBe(true);
}

describe('body errors', () => {
  it('reject with LoopBodyError carrying index, thread and the original error', async () => {
    const err = await t
      .parallelFor(
        0,
        100,
        (i: number) => {
          if (i === 42) throw new RangeError(`bad ${i}`);
        },
        'dynamic',
      )
      .catch((e) => e);
    expect(err).toBeInstanceOf(LoopBodyError);
    expect(err.index).toBe(42);
    expect([0, 1]).toContain(err.threadId);
    expect(err.cause).toBeInstanceOf(RangeError);
    expect(err.cause.message).toBe('bad 42');
    expect(err.cause.stack).toContain('bad 42');
    expect(err.message).toMatch(/iteration 42 .*RangeError: bad 42/);
    await healthy();
  });

  it('sync loops throw the same, from the calling thread or a worker', async () => {
    for (const tid of [0, 1]) {
      let err: any;
      try {
        t.parallelForSync(
          0,
          10,
          (_i: number, { tid }: any, ctx: any) => {
            if (ctx.threadId === tid) throw new TypeError(`on ${ctx.threadId}`);
          },
          { shared: { tid } },
        );
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(LoopBodyError);
      expect(err.threadId).toBe(tid);
      expect(err.index).toBe(tid === 0 ? 0 : 5);
      expect(err.cause).toBeInstanceOf(TypeError);
    }
    await healthy();
  });

  it('explain a ReferenceError from a variable the calling thread could not judge (test/captures.test.ts has the check)', async () => {
    const err = await t
      .parallelFor(0, 4, (i: number) => {
        void (typeof later === 'undefined' ? i + later : i);
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(LoopBodyError);
    expect(err.cause).toBeInstanceOf(ReferenceError);
    expect(err.message).toMatch(/later is not defined \(loop bodies run on other threads.*'shared'/);
  });

  it('keep a thrown non-Error value as the cause', async () => {
    const err = await t
      .parallelFor(
        0,
        4,
        (i: number) => {
          if (i === 1) throw { code: 7 };
        },
        'dynamic',
      )
      .catch((e) => e);
    expect(err).toBeInstanceOf(LoopBodyError);
    expect(err.cause).toEqual({ code: 7 });
  });

  it('settle only after every thread has left the loop (first error wins)', async () => {
    const flags = sharedArray(Int32Array, 4);
    let settled = false;
    const p = t
      .parallelFor(
        0,
        2,
        (i: number, { flags }: any) => {
          if (i === 0) {
            Atomics.wait(flags, 1, 0); // both threads are inside the body before anyone throws
            const first = new Error('first');
            // The handshake comes from the report: a worker reads the error's name only after it has
            // recorded the error as the loop's (thread/loop.ts, report), so the other thread is released
            // once this error has won, not after a guess at how long recording takes.
            Object.defineProperty(first, 'name', {
              get() {
                Atomics.store(flags, 0, 1);
                Atomics.notify(flags, 0);
                return 'Error';
              },
            });
            throw first;
          }
          Atomics.store(flags, 1, 1);
          Atomics.notify(flags, 1);
          Atomics.wait(flags, 2, 0); // held until the test releases it
          throw new Error('second');
        },
        { shared: { flags } },
      )
      .finally(() => {
        settled = true;
      });
    p.catch(() => {});
    await waitFlag(flags, 0);
    await waitFlag(flags, 1);
    for (let k = 0; k < 20; k++) await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false); // thread 1 is still inside the body
    Atomics.store(flags, 2, 1);
    Atomics.notify(flags, 2);
    const err = await p.catch((e) => e);
    expect(err.cause.message).toBe('first');
  });

  it('stop other threads from claiming further chunks', async () => {
    const ran = sharedArray(Int32Array, 1);
    const err = await t
      .parallelFor(
        0,
        100_000,
        (i: number, { ran }: any) => {
          Atomics.add(ran, 0, 1);
          if (i === 0) throw new Error('stop');
        },
        { schedule: 'dynamic', chunk: 1, shared: { ran } },
      )
      .catch((e) => e);
    expect(err).toBeInstanceOf(LoopBodyError);
    expect(ran[0]).toBeLessThan(100_000);
  });
});

describe('abort and timeout', () => {
  it('abort at the next chunk boundary rejects with signal.reason, workers kept', async () => {
    const flags = sharedArray(Int32Array, 4);
    const ran = sharedArray(Int32Array, 1);
    const ac = new AbortController();
    const p = t.parallelFor(
      0,
      10_000,
      (i: number, { flags, ran }: any) => {
        Atomics.add(ran, 0, 1);
        if (i === 0) {
          Atomics.store(flags, 0, 1);
          Atomics.notify(flags, 0);
          Atomics.wait(flags, 1, 0);
        }
      },
      { schedule: 'dynamic', chunk: 1, shared: { flags, ran }, signal: ac.signal, threads: 1 },
    );
    await waitFlag(flags, 0);
    const reason = new Error('user cancelled');
    ac.abort(reason);
    Atomics.store(flags, 1, 1);
    Atomics.notify(flags, 1);
    await expect(p).rejects.toBe(reason);
    expect(ran[0]).toBeLessThan(10_000);
    await healthy();
  });

  it('an already aborted signal rejects (or throws) without running anything', async () => {
    const ran = sharedArray(Int32Array, 1);
    const signal = AbortSignal.abort();
    await expect(
      t.parallelFor(
        0,
        10,
        (_i: number, { ran }: any) => {
          ran[0]++;
        },
        { signal, shared: { ran } },
      ),
    ).rejects.toBe(signal.reason);
    expect(() =>
      t.parallelForSync(
        0,
        10,
        (_i: number, { ran }: any) => {
          ran[0]++;
        },
        { signal, shared: { ran } },
      ),
    ).toThrow(signal.reason.message);
    expect(ran[0]).toBe(0);
  });

  it('timeout rejects with TimeoutError; a stuck worker is terminated and replaced', async () => {
    const err = await t
      .parallelFor(
        0,
        4,
        (i: number) => {
          if (i === 0)
            for (;;) {
              /* hang */
            }
        },
        { schedule: 'dynamic', timeout: 50 },
      )
      .catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.name).toBe('TimeoutError');
    await healthy();
  });

  it('timeout works in sync loops when a worker hangs', async () => {
    let err: any;
    try {
      t.parallelForSync(
        0,
        2,
        (_i: number, _s: any, ctx: any) => {
          if (ctx.threadId === 1)
            for (;;) {
              /* hang */
            }
        },
        { timeout: 50 },
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TimeoutError);
    await healthy();
  });
});

describe('worker death', () => {
  it('rejects an async loop with WorkerExitError and replaces the worker', async () => {
    const err = await t
      .parallelFor(0, 2, (_i: number, _s: any, ctx: any) => {
        if (ctx.threadId === 1) process.exit(7);
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(WorkerExitError);
    expect(err.exitCode).toBe(7);
    expect(err.threadId).toBe(1);
    await healthy();
  });

  it('does not hang a sync loop whose worker exits while the caller is blocked', async () => {
    let err: any;
    try {
      t.parallelForSync(0, 2, (_i: number, _s: any, ctx: any) => {
        if (ctx.threadId === 1) process.exit(3);
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WorkerExitError);
    expect(err.threadId).toBe(1);
    await healthy();
  });
});

describe('closed teams and setup failures', () => {
  it('close() lets loops already called finish; later calls reject with TeamClosedError', async () => {
    const tm = createTeam({ threads: 1 });
    const out = sharedArray(Int32Array, 10);
    const first = tm.parallelFor(
      0,
      10,
      (i: number, { out }: any) => {
        out[i] = 1;
      },
      { shared: { out } },
    );
    const second = tm.parallelFor(
      0,
      10,
      (i: number, { out }: any) => {
        out[i] += 1;
      },
      { shared: { out } },
    );
    const closing = tm.close();
    expect(tm.closed).toBe(true);
    await expect(tm.parallelFor(0, 1, () => {})).rejects.toBeInstanceOf(TeamClosedError);
    await first;
    await second;
    await closing;
    expect(out.every((v) => v === 2)).toBe(true);
    await expect(tm.parallelFor(0, 1, () => {})).rejects.toBeInstanceOf(TeamClosedError);
    expect(() => tm.parallelForSync(0, 1, () => {})).toThrow(TeamClosedError);
    await expect(tm.ready()).rejects.toBeInstanceOf(TeamClosedError);
  });

  it('a kernel without the export, or a module that does not load, is a BodySetupError', async () => {
    const url = new URL('./fixtures/kernels.mjs', import.meta.url);
    const e1 = await t.parallelFor(0, 4, kernel(url, 'nope')).catch((e) => e);
    expect(e1).toBeInstanceOf(BodySetupError);
    expect(e1.message).toMatch(/no function export 'nope'.*square/);
    const e2 = await t.parallelFor(0, 4, kernel(url, 'notAFunction')).catch((e) => e);
    expect(e2.message).toMatch(/'notAFunction': received number/);
    const e3 = await t.parallelFor(0, 4, kernel(new URL('./fixtures/missing.mjs', import.meta.url), 'f')).catch((e) => e);
    expect(e3).toBeInstanceOf(BodySetupError);
    expect(() => t.parallelForSync(0, 4, kernel(url, 'nope'))).toThrow(BodySetupError);
    await healthy();
  });
});

describe('argument validation names what it received', () => {
  const body = (i: number) => void i;
  const cases: Array<[string, () => unknown, ErrorConstructor, RegExp]> = [
    ['start not a number', () => parallelForSync('0' as any, 5, body), TypeError, /'start' must be a number: received string "0"/],
    ['end not safe', () => parallelForSync(0, 2 ** 60, body), RangeError, /'end' must be a safe integer: received 11529215046068/],
    ['fractional start', () => parallelForSync(0.5, 5, body), RangeError, /received 0.5/],
    ['NaN end', () => parallelForSync(0, NaN, body), RangeError, /received NaN/],
    [
      'body not a function',
      () => parallelForSync(0, 5, 42 as any),
      TypeError,
      /function \(i, shared, ctx\) => void, a kernel\(url, name\) or a wasm kernel: received number 42/,
    ],
    ['native body', () => parallelForSync(0, 5, Math.sqrt as any), TypeError, /source is not available/],
    ['async body', () => parallelForSync(0, 5, (async () => {}) as any), TypeError, /AsyncFunction/],
    [
      'unknown schedule',
      () => parallelForSync(0, 5, body, 'fast' as any),
      RangeError,
      /Cannot run parallelForSync as its schedule must be .*static, dynamic, guided, adaptive, auto or runtime.*received "fast"/,
    ],
    ['bad chunk', () => parallelForSync(0, 5, body, { chunk: 0 }), RangeError, /'chunk' must be a positive safe integer: received 0/],
    ['chunk type', () => parallelForSync(0, 5, body, { chunk: '4' as any }), TypeError, /received string "4"/],
    [
      'chunk with auto',
      () => parallelForSync(0, 5, body, { schedule: 'auto', chunk: 4 }),
      RangeError,
      /cannot be given with schedule 'auto'/,
    ],
    [
      'threads too many',
      () => parallelForSync(0, 5, body, { threads: 99, team: t }),
      RangeError,
      /from 1 to the team size 2, or from -1 to -2 .*received 99/,
    ],
    ['threads zero', () => parallelForSync(0, 5, body, { threads: 0, team: t }), RangeError, /received 0/],
    ['unknown option', () => parallelForSync(0, 5, body, { chunks: 4 } as any), TypeError, /'chunks' is not an option/],
    ['options type', () => parallelForSync(0, 5, body, 7 as any), TypeError, /received number 7/],
    [
      'non-shared array',
      () => parallelForSync(0, 5, body, { shared: { out: new Float64Array(5) } }),
      TypeError,
      /shared\.out.*non-shared Float64Array\(5\).*sharedArray\(\)/,
    ],
    ['function in shared', () => parallelForSync(0, 5, body, { shared: { f: Math.max } }), TypeError, /shared\.f.*functions/],
    ['class in shared', () => parallelForSync(0, 5, body, { shared: { d: new Date() } }), TypeError, /shared\.d.*instance of Date/],
    [
      'signal type',
      () => parallelForSync(0, 5, body, { signal: {} as any }),
      TypeError,
      /'signal' must be an AbortSignal: received object/,
    ],
    [
      'timeout value',
      () => parallelForSync(0, 5, body, { timeout: -1 }),
      RangeError,
      /'timeout' must be a positive number of milliseconds: received -1/,
    ],
    ['team type', () => parallelForSync(0, 5, body, { team: {} as any }), TypeError, /'team' must be a Team/],
    ['team threads', () => createTeam({ threads: 1.5 }), RangeError, /'threads' must be an integer from 1 to 1024: received 1.5/],
    [
      'wait policy',
      () => createTeam({ waitPolicy: 'fast' as any }),
      RangeError,
      /'waitPolicy' must be one of auto, spin, block: received string "fast"/,
    ],
    ['sharedArray ctor', () => sharedArray(Array as any, 3), TypeError, /typed array constructor.*received function Array/],
    ['sharedArray length', () => sharedArray(Float64Array, -1), RangeError, /received -1/],
    ['matrix dims', () => new SharedMatrix(2, -3), RangeError, /'cols' must be a non-negative safe integer: received -3/],
    [
      'matrix data',
      () => new SharedMatrix(2, 2, new Float64Array(4) as any),
      TypeError,
      /over a SharedArrayBuffer: received non-shared Float64Array\(4\)/,
    ],
    ['kernel url', () => kernel('./relative.js', 'f'), TypeError, /not absolute/],
  ];
  for (const [name, call, Ctor, msg] of cases) {
    it(name, () => {
      let err: any;
      try {
        call();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(Ctor);
      expect(err.message).toMatch(msg);
    });
  }

  it('async functions reject instead of throwing, and the team stays usable', async () => {
    await expect(parallelFor(0, 5, 42 as any)).rejects.toBeInstanceOf(TypeError);
    await expect(parallelFor(0, 5, (i: number) => void i, { threads: 0 })).rejects.toBeInstanceOf(RangeError);
    await healthy();
  });
});
