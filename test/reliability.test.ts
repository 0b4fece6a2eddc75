// Interleavings and hostile values on one team (issue 9): every call settles,
// nothing runs on stale data, nothing succeeds without doing its work, and the
// team stays usable afterwards. Each test failed before its fix.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  BodySetupError,
  createTeam,
  LoopBodyError,
  parallelFor,
  SharedMatrix,
  sharedArray,
  TimeoutError,
  traceToSVG,
  WorkerExitError,
} from 'parfor';
import { describe, expect, it, vi } from 'vitest';
import { settlesWithin, team, waitFlag } from './helpers.js';

const t = team({ threads: 2 });
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** The team works, async and sync, and gives the right answer. */
async function healthy(tm = t): Promise<void> {
  const out = sharedArray(Int32Array, 1000);
  await settlesWithin(
    tm.parallelFor(
      0,
      1000,
      (i: number, { out }: any) => {
        out[i] = 3 * i;
      },
      { shared: { out }, schedule: 'dynamic', chunk: 10 },
    ),
    10_000,
    'healthy async loop',
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

/** Run `code` (an ES module importing parfor's build as `P`) in a child process; its stdout, stderr and status. */
function child(code: string, timeout = 30_000, flags: string[] = [], env: Record<string, string> = {}) {
  const src = `import * as P from ${JSON.stringify(dist)};\n${code}`;
  const r = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', src], {
    encoding: 'utf8',
    timeout,
    env: { ...process.env, ...env },
  });
  return { out: r.stdout, err: r.stderr, status: r.status, signal: r.signal };
}

describe('a sync loop while an async loop is in flight', () => {
  it('waits for the async loop, which then resolves; the next async loop runs', async () => {
    const out = sharedArray(Int32Array, 8);
    const flags = sharedArray(Int32Array, 1);
    const p = t.parallelFor(
      0,
      4,
      (i: number, { out, flags }: any) => {
        Atomics.store(flags, 0, 1);
        Atomics.notify(flags, 0);
        let x = 0;
        for (let k = 0; k < 2e6; k++) x += k % 7;
        out[i] = x > 0 ? 1 : 2;
      },
      { shared: { out, flags } },
    );
    await waitFlag(flags, 0); // the async loop is running
    t.parallelForSync(
      4,
      8,
      (i: number, { out }: any) => {
        out[i] = 1;
      },
      { shared: { out } },
    );
    await settlesWithin(p, 10_000, 'the async loop');
    expect([...out]).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    await healthy();
  });

  it('100 async and 50 sync loops interleaved all complete correctly', async () => {
    const out = sharedArray(Int32Array, 150 * 16);
    const pending: Promise<void>[] = [];
    const body = (i: number, { out }: any) => {
      out[i] += 1;
    };
    for (let k = 0; k < 150; k++) {
      const range: [number, number] = [k * 16, k * 16 + 16];
      if (k % 3 === 2) t.parallelForSync(range[0], range[1], body, { shared: { out } });
      else pending.push(t.parallelFor(range[0], range[1], body, { shared: { out }, schedule: 'dynamic' }));
      // Let queued async loops reach dispatch now and then, so sync loops meet them in flight.
      if (k % 5 === 0) await new Promise((r) => setImmediate(r));
    }
    await settlesWithin(Promise.all(pending), 20_000, 'the async loops');
    expect(out.every((v) => v === 1)).toBe(true);
  });

  it("enforces the async loop's timeout while the caller blocks (stuck worker terminated, both calls settle)", async () => {
    const flags = sharedArray(Int32Array, 1);
    const p = t.parallelFor(
      0,
      2,
      (i: number, { flags }: any) => {
        if (i === 0) {
          Atomics.store(flags, 0, 1);
          Atomics.notify(flags, 0);
          for (;;) {
            /* stuck */
          }
        }
      },
      { timeout: 150, shared: { flags } },
    );
    p.catch(() => {});
    await waitFlag(flags, 0);
    const t0 = performance.now();
    t.parallelForSync(0, 2, () => {});
    expect(performance.now() - t0).toBeLessThan(5000);
    await expect(settlesWithin(p, 5000, 'the timed-out loop')).rejects.toBeInstanceOf(TimeoutError);
    await healthy();
  });

  it('a sync loop from an onProgress callback runs after the async loop it reports on', async () => {
    const out = sharedArray(Int32Array, 4);
    let inner = 0;
    const p = t.parallelFor(
      0,
      2,
      (_i: number) => {
        let x = 0;
        for (let k = 0; k < 6e7; k++) x += k & 1;
        if (x < 0) throw new Error('unreachable');
      },
      {
        onProgress: () => {
          if (inner++ === 0)
            t.parallelForSync(
              0,
              4,
              (i: number, { out }: any) => {
                out[i] = 7;
              },
              { shared: { out } },
            );
        },
      },
    );
    await settlesWithin(p, 20_000, 'the reported loop');
    expect(inner).toBeGreaterThan(0);
    expect([...out]).toEqual([7, 7, 7, 7]);
  });
});

describe('hostile thrown values', () => {
  const evil = () => ({
    toString() {
      throw new Error('no string for you');
    },
  });

  it('a throw whose toString throws fails that loop only (thread 0 and a worker)', async () => {
    for (const tid of [0, 1]) {
      let err: any;
      try {
        t.parallelForSync(
          0,
          4,
          (_i: number, { tid }: any, ctx: any) => {
            if (ctx.threadId === tid)
              throw {
                toString() {
                  throw new Error('no');
                },
              };
          },
          { shared: { tid } },
        );
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(LoopBodyError);
      expect(err.threadId).toBe(tid);
      expect(err.message).toMatch(/iteration \d+ on thread/);
      expect(err.cause).toBeDefined();
      const out = sharedArray(Int32Array, 4);
      for (let k = 0; k < 3; k++) {
        t.parallelForSync(
          0,
          4,
          (i: number, { out }: any) => {
            out[i] = i + 1;
          },
          { shared: { out } },
        );
        expect([...out]).toEqual([1, 2, 3, 4]);
        out.fill(0);
      }
    }
    void evil;
  });

  it('a null-prototype object, a getter that throws and a Promise give the same cause from every thread', async () => {
    const throwers: Array<(i: number, s: any, ctx: any) => void> = [
      (_i, { tid }, ctx) => {
        if (ctx.threadId === tid) {
          const o = Object.create(null);
          o.code = 5;
          throw o;
        }
      },
      (_i, { tid }, ctx) => {
        if (ctx.threadId === tid) {
          throw Object.defineProperty(new Error('m'), 'message', {
            get() {
              throw new Error('getter');
            },
          });
        }
      },
      (_i, { tid }, ctx) => {
        if (ctx.threadId === tid) throw Promise.resolve(1);
      },
    ];
    for (const body of throwers) {
      const seen: any[] = [];
      for (const tid of [0, 1]) {
        let err: any;
        try {
          t.parallelForSync(0, 2, body, { shared: { tid } });
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(LoopBodyError);
        expect(err.message).not.toMatch(/: undefined$/);
        expect(err.cause).toBeDefined();
        seen.push(err.cause);
      }
      expect(typeof seen[0]).toBe(typeof seen[1]);
      expect(String(Object.prototype.toString.call(seen[0]))).toBe(String(Object.prototype.toString.call(seen[1])));
      await healthy();
    }
  });

  it('AggregateError keeps .errors; cause and code cross threads', async () => {
    const err = await t
      .parallelFor(0, 2, (i: number) => {
        if (i === 1) {
          const e: any = new AggregateError([new TypeError('a'), new RangeError('b')], 'many', { cause: new Error('root') });
          e.code = 'E_MANY';
          throw e;
        }
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(LoopBodyError);
    expect(err.threadId).toBe(1);
    expect(err.cause).toBeInstanceOf(AggregateError);
    expect(err.cause.errors.map((e: Error) => e.message)).toEqual(['a', 'b']);
    expect(err.cause.errors[0]).toBeInstanceOf(TypeError);
    expect(err.cause.cause.message).toBe('root');
    expect(err.cause.code).toBe('E_MANY');
  });

  it('process.exit() inside a sync loop reports the exit code', async () => {
    const tm = team({ threads: 2 });
    await tm.ready();
    let err: any;
    try {
      tm.parallelForSync(0, 2, (_i: number, _s: any, ctx: any) => {
        if (ctx.threadId === 1) process.exit(7);
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WorkerExitError);
    expect(err.exitCode).toBe(7);
    await healthy(tm);
  });
});

describe('callbacks', () => {
  it('an onProgress callback that throws fails the loop, not the process', async () => {
    const boom = new Error('progress broke');
    const err = await t
      .parallelFor(
        0,
        2,
        (_i: number) => {
          let x = 0;
          for (let k = 0; k < 5e7; k++) x += k & 1;
          if (x < 0) throw new Error('unreachable');
        },
        {
          onProgress: () => {
            throw boom;
          },
        },
      )
      .catch((e) => e);
    expect(err).toBe(boom);
    await healthy();
  });

  it('verbose with a null-prototype abort reason rejects with that reason', async () => {
    const ac = new AbortController();
    const reason = Object.create(null);
    // The verbose lines are expected: collected here, not printed among the test results.
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((l: string) => void lines.push(l));
    try {
      const p = t.parallelFor(0, 1e6, () => {}, { signal: ac.signal, verbose: 1, schedule: 'dynamic' });
      ac.abort(reason);
      await expect(p).rejects.toBe(reason);
    } finally {
      spy.mockRestore();
    }
    expect(lines.at(-1)).toMatch(/^\[parfor\] Failed after [\d.]+s: instance of null-prototype object$/);
  });

  it('abort(null) rejects with null', async () => {
    const ac = new AbortController();
    const p = t.parallelFor(0, 1e6, () => {}, { signal: ac.signal, schedule: 'dynamic' });
    ac.abort(null);
    await expect(
      p.then(
        () => 'resolved',
        (e) => e,
      ),
    ).resolves.toBe(null);
  });
});

describe('shared plain data', () => {
  it("is read-only on every thread, so every thread of every loop sees the caller's values", async () => {
    const cfg = { scale: 13 };
    const seen = sharedArray(Int32Array, 4);
    let err: any;
    try {
      t.parallelForSync(
        0,
        2,
        (_i: number, { cfg }: any) => {
          cfg.scale = 1000;
        },
        { shared: { cfg, seen } },
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LoopBodyError);
    expect(err.cause).toBeInstanceOf(TypeError);
    t.parallelForSync(
      0,
      4,
      (i: number, { cfg, seen }: any) => {
        seen[i] = cfg.scale;
      },
      { shared: { cfg, seen } },
    );
    expect([...seen]).toEqual([13, 13, 13, 13]);
  });

  it('a 5-million-element plain array is cloned natively, fast, and arrives intact', async () => {
    const big = Array.from({ length: 5e6 }, (_, i) => i % 1000);
    const t0 = performance.now();
    const sum = await t.parallelReduce(0, 4, (i: number, { big }: any) => big[i * 1_000_000 + 999], { shared: { big } });
    expect(sum).toBe(4 * 999);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('plain data nested 3,000 deep crosses threads', async () => {
    let deep: any = { v: 1 };
    for (let k = 0; k < 3000; k++) deep = { d: deep };
    const depth = await t.parallelReduce(
      0,
      2,
      (_i: number, { deep }: any) => {
        let n = 0;
        for (let o = deep; o.d !== undefined; o = o.d) n++;
        return n;
      },
      { shared: { deep } },
    );
    expect(depth).toBe(6000);
  });
});

describe('start-up', () => {
  it('an abort while the team is still starting rejects without running the loop', async () => {
    const tm = createTeam({ threads: 2 });
    try {
      const ran = sharedArray(Int32Array, 1);
      const ac = new AbortController();
      const p = tm.parallelFor(
        0,
        20,
        (_i: number, { ran }: any) => {
          Atomics.add(ran, 0, 1);
        },
        { signal: ac.signal, shared: { ran } },
      );
      await Promise.resolve();
      const reason = new Error('stop now');
      ac.abort(reason);
      await expect(settlesWithin(p, 10_000, 'the aborted loop')).rejects.toBe(reason);
      expect(ran[0]).toBe(0);
      await healthy(tm);
    } finally {
      await tm.close();
    }
  });

  it('a worker that dies before the others have started does not crash the process', () => {
    const r = child(`
      let crashes = 0;
      process.on('uncaughtException', (e) => { crashes++; console.log('UNCAUGHT', e.name, e.message); });
      for (let k = 0; k < 4; k++) {
        const t = P.createTeam({ threads: 4 });
        const e = await t.parallelFor(0, 1, () => { process.exit(1); }, { threads: 1 }).catch((e) => e);
        if (!(e instanceof P.WorkerExitError)) console.log('WRONG', e);
        const out = P.sharedArray(Int32Array, 8);
        t.parallelForSync(0, 8, (i, { out }) => { out[i] = i; }, { shared: { out } });
        if (out.join() !== '0,1,2,3,4,5,6,7') console.log('BAD', out.join());
        await t.close();
      }
      console.log('crashes', crashes);
    `);
    expect(r.err).not.toMatch(/DataCloneError/);
    expect(r.out).toContain('crashes 0');
    expect(r.out).not.toMatch(/WRONG|BAD|UNCAUGHT/);
    expect(r.status).toBe(0);
  });

  it('workers that cannot start fail a sync loop at once, not after the boot timeout', () => {
    const r = child(
      `
      const t = P.createTeam({ threads: 2, resourceLimits: { maxOldGenerationSizeMb: 1 } });
      const e1 = await t.ready().catch((e) => e);
      console.log('ready', e1?.name);
      const t0 = performance.now();
      let e2;
      try { t.parallelForSync(0, 4, () => {}); } catch (e) { e2 = e; }
      console.log('sync', e2?.name, Math.round(performance.now() - t0) < 10000 ? 'quick' : 'slow');
      await t.close();
      console.log('closed');
    `,
      60_000,
    );
    expect(r.err).not.toMatch(/DataCloneError/);
    expect(r.out).toContain('ready WorkerExitError');
    expect(r.out).toContain('sync WorkerExitError quick');
    expect(r.out).toContain('closed');
    expect(r.status).toBe(0);
  });

  it('bodies cannot reach the control block through workerData', async () => {
    const seen = await t.parallelReduce(0, 2, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const wd = (globalThis as any).process.getBuiltinModule('node:worker_threads').workerData;
      return wd === null || wd === undefined ? 0 : 1;
    });
    expect(seen).toBe(0);
  });

  // A worker skips syncBuiltinESMExports() when nothing ran before its entry file (platform/node.ts
  // threadData): the ES module view of worker_threads is then made after workerData is cleared.
  // A preload makes it before; each way of giving one must still leave workerData cleared.
  const preload = fileURLToPath(new URL('./fixtures/preload-worker-threads.mjs', import.meta.url));
  it.each([
    ['no preload', [], {}, '0,0'],
    ['--import', ['--import', preload], {}, '2,2'],
    ['NODE_OPTIONS=--import', [], { NODE_OPTIONS: `--import=${preload}` }, '2,2'],
  ])('nor through an ES module import of workerData (%s)', (_what, flags, env, expected) => {
    const url = new URL('./fixtures/worker-data.mjs', import.meta.url).href;
    const r = child(
      `
      const t = P.createTeam({ threads: 2 });
      const out = P.sharedArray(Int32Array, 2);
      await t.parallelFor(0, 2, P.kernel(${JSON.stringify(url)}, 'reachesWorkerData'), { shared: { out }, schedule: 'static' });
      console.log('seen', out.join());
      await t.close();
    `,
      30_000,
      flags,
      env,
    );
    expect(r.err).toBe('');
    expect(r.out).toContain(`seen ${expected}`);
  });
});

describe('bodies must finish their work synchronously', () => {
  // Each body is written out: bodies cannot call a helper from this scope.
  it.each([
    [
      'parallelFor',
      (tm: any, out: any) =>
        tm.parallelFor(
          0,
          4,
          (i: number, s: any) =>
            Promise.resolve().then(() => {
              s.out[i] = 5;
            }),
          { shared: { out } },
        ),
    ],
    [
      'parallelForSync',
      (tm: any, out: any) =>
        tm.parallelForSync(
          0,
          4,
          (i: number, s: any) =>
            Promise.resolve().then(() => {
              s.out[i] = 5;
            }),
          { shared: { out } },
        ),
    ],
    [
      'parallelForRange',
      (tm: any, out: any) =>
        tm.parallelForRange(
          0,
          4,
          (lo: number, _hi: number, s: any) =>
            Promise.resolve().then(() => {
              s.out[lo] = 5;
            }),
          { shared: { out } },
        ),
    ],
    [
      'parallelMapSync',
      (tm: any, out: any) =>
        tm.parallelMapSync(
          0,
          4,
          (i: number, s: any) =>
            Promise.resolve().then(() => {
              s.out[i] = 5;
            }),
          { shared: { out } },
        ),
    ],
    [
      'parallelReduce',
      (tm: any, out: any) =>
        tm.parallelReduce(
          0,
          4,
          (i: number, s: any) =>
            Promise.resolve().then(() => {
              s.out[i] = 5;
            }),
          { shared: { out } },
        ),
    ],
    [
      'parallelFor2DSync',
      (tm: any, out: any) =>
        tm.parallelFor2DSync(
          [0, 2],
          [0, 2],
          (i: number, _j: number, s: any) =>
            Promise.resolve().then(() => {
              s.out[i] = 5;
            }),
          { shared: { out } },
        ),
    ],
    [
      'parallel',
      (tm: any, out: any) =>
        tm.parallel(
          (ctx: any, s: any) =>
            Promise.resolve().then(() => {
              s.out[ctx.threadId] = 5;
            }),
          { shared: { out } },
        ),
    ],
  ])('%s: a body returning a promise is a LoopBodyError naming the iteration', async (_name, run) => {
    const out = sharedArray(Int32Array, 4);
    let err: any;
    try {
      await run(t, out);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LoopBodyError);
    expect(Number.isFinite(err.index) || Array.isArray(err.range)).toBe(true);
    expect(err.message).toMatch(/promise/i);
    await healthy();
  });

  it('parallelMap of a non-number is a LoopBodyError naming the iteration', async () => {
    const err = await t.parallelMap(0, 3, (i: number) => (i === 1 ? 'x' : i) as never).catch((e) => e);
    expect(err).toBeInstanceOf(LoopBodyError);
    expect(err.index).toBe(1);
    expect(err.message).toMatch(/string/);
  });

  it('parallelForRange reports the chunk, not a made-up iteration', async () => {
    const err = await t
      .parallelForRange(
        0,
        100,
        (lo: number, hi: number) => {
          for (let i = lo; i < hi; i++) if (i === 77) throw new Error('77');
        },
        'static,50',
      )
      .catch((e) => e);
    expect(err).toBeInstanceOf(LoopBodyError);
    expect(err.range).toEqual([50, 100]);
    expect(err.message).toMatch(/\[50, 100\)/);
  });
});

describe('validation on the caller', () => {
  it('a malformed SharedMatrix is a TypeError for sync and async calls alike, and no worker dies', async () => {
    const M = new SharedMatrix(2, 2);
    const broken = [
      Object.assign(Object.create(SharedMatrix.prototype), { rows: 2, cols: 2, data: new Float64Array(4) }),
      Object.assign(Object.create(SharedMatrix.prototype), { rows: 3, cols: 2, data: M.data }),
      { rows: 2, cols: 2, data: 'not memory', [Symbol.for('parfor.SharedMatrix')]: true },
    ];
    for (const m of broken) {
      expect(() => t.parallelForSync(0, 2, () => {}, { shared: { m } })).toThrow(/well-formed SharedMatrix/);
      await expect(t.parallelFor(0, 2, () => {}, { shared: { m } })).rejects.toBeInstanceOf(TypeError);
    }
    // A well-formed object carrying the brand (a SharedMatrix from another copy of parfor) is a matrix.
    const foreign = { rows: 2, cols: 2, data: M.data, [Symbol.for('parfor.SharedMatrix')]: true };
    await t.parallelFor(
      0,
      2,
      (i: number, { m }: any) => {
        m.set(i, i, i + 1);
      },
      { shared: { m: foreign } },
    );
    expect([...M.data]).toEqual([1, 0, 0, 2]);
    await healthy();
  });

  it('unknown option keys are refused whether own, symbol or inherited', () => {
    expect(() => t.parallelForSync(0, 2, () => {}, { [Symbol('x')]: 1 } as never)).toThrow(/not an option/);
    expect(() => t.parallelForSync(0, 2, () => {}, Object.create({ sheduel: 'dynamic' }))).toThrow(/sheduel/);
  });

  it('`team` is refused on Team methods and checked on the top-level functions', async () => {
    const other = team({ threads: 1 });
    expect(() => t.parallelForSync(0, 2, () => {}, { team: other } as never)).toThrow(/team/);
    await expect(parallelFor(0, 2, () => {}, { team: 'x' } as never)).rejects.toBeInstanceOf(TypeError);
  });

  it('traceToSVG(null) and resourceLimits: "x" are TypeErrors that name the value', () => {
    expect(() => traceToSVG(null as never)).toThrow(/received null/);
    expect(() => createTeam({ resourceLimits: 'x' as never })).toThrow(/resourceLimits.*string "x"/);
    expect(() => createTeam({ resourceLimits: { maxOldGenerationSizeMb: -1 } })).toThrow(RangeError);
  });
});

describe('timeouts a blocked caller can enforce', () => {
  it('a sync region stuck at a barrier times out', async () => {
    let err: any;
    const t0 = performance.now();
    try {
      t.parallelSync(
        (ctx: any) => {
          if (ctx.threadId === 0) ctx.barrier();
        },
        { timeout: 200 },
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TimeoutError);
    expect(performance.now() - t0).toBeLessThan(5000);
    await healthy();
  });

  it('a worker stuck in a sync loop is terminated at the timeout', async () => {
    let err: any;
    try {
      t.parallelSync(
        (ctx: any) => {
          if (ctx.threadId === 1)
            for (;;) {
              /* stuck */
            }
        },
        { timeout: 200 },
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TimeoutError);
    await healthy();
  });

  it("a sync loop's timeout stops the caller inside its own chunk of a huge loop (static block, guided's first chunk, adaptive's first piece, a reduction)", () => {
    // Each thread's first chunk holds ~2^52 iterations: the caller looks at the clock between pieces
    // of its chunk, and the workers stuck in theirs are terminated after the grace period. Run in a
    // child with a time limit, so that a caller that never looks fails this test instead of hanging it.
    const r = child(
      `const t = P.createTeam({ threads: 2 });
      const names = [];
      for (const run of [
        () => t.parallelForSync(0, Number.MAX_SAFE_INTEGER, () => {}, { timeout: 200 }),
        () => t.parallelForSync(0, Number.MAX_SAFE_INTEGER, () => {}, { timeout: 200, schedule: 'guided' }),
        () => t.parallelForSync(0, Number.MAX_SAFE_INTEGER, () => {}, { timeout: 200, schedule: 'adaptive' }),
        () => t.parallelReduceSync(0, Number.MAX_SAFE_INTEGER, () => 1, { timeout: 200 }),
      ]) {
        try { run(); names.push('returned'); } catch (e) { names.push(e.name); }
      }
      const out = P.sharedArray(Int32Array, 100);
      t.parallelForSync(0, 100, (i, { out }) => { out[i] = i; }, { shared: { out } });
      console.log(names.join(' '), out.every((v, i) => v === i));
      await t.close();`,
      20_000,
    );
    expect(r.err).toBe('');
    expect(r.out.trim()).toBe('TimeoutError TimeoutError TimeoutError TimeoutError true');
  });

  it('a body that throws at setup is a BodySetupError and the team goes on', async () => {
    const err = await t
      .parallelFor(0, 2, { name: 'nope', url: 'file:///nonexistent/kernel.mjs', [Symbol.for('parfor.kernel')]: true } as never)
      .catch((e) => e);
    expect(err instanceof BodySetupError || err instanceof TypeError).toBe(true);
    await healthy();
  });
});

describe('bodies as users and compilers write them', () => {
  it('run in strict mode on every thread: an assignment to an undeclared name throws, and no global appears', async () => {
    for (const tid of [0, 1]) {
      let err: any;
      try {
        // eslint-disable-next-line no-new-func
        // (The typeof keeps the calling thread's capture check from refusing the body before it runs.)
        const body = new Function(
          'i',
          's',
          'ctx',
          "if (ctx.threadId === s.tid && typeof parforLeak === 'undefined') { parforLeak = 1; }",
        ) as never;
        t.parallelForSync(0, 2, body, { shared: { tid } });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(LoopBodyError);
      expect(err.cause).toBeInstanceOf(ReferenceError);
      expect((globalThis as any).parforLeak).toBeUndefined();
    }
  });

  it("a compiler's helpers are in a body's scope on every thread (test/compilers.test.ts runs the compilers)", async () => {
    // What tsx/esbuild keepNames leaves in a body that defines an inner function.
    const body = new Function('i', 's', 'const inner = __name(() => i * 2, "inner"); s.out[i] = inner.name === "inner" ? inner() : -1;');
    const out = sharedArray(Int32Array, 8);
    await t.parallelFor(0, 8, body as never, { shared: { out } });
    t.parallelForSync(0, 8, body as never, { shared: { out } });
    expect([...out]).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
  });

  it('a value a compiler hoisted out of the body is named, with what to do', async () => {
    // Babel's object rest: the excluded keys are a module-level constant, not in the body's text.
    const body = new Function('i', 's', 'const rest = _objectWithoutProperties(s, _excluded); return rest;') as never;
    // The calling thread's check names it before any thread runs...
    await expect(t.parallelFor(0, 2, body)).rejects.toThrow(
      /^Cannot use the loop body as it uses `_excluded`, which is something a compiler put outside/,
    );
    // ...and a thread names it too, where the check cannot see it (the operand of a typeof).
    const hidden = new Function('i', 's', "return typeof _excluded === 'object' || _excluded;") as never;
    const err = await t.parallelFor(0, 2, hidden).catch((e) => e);
    expect(err).toBeInstanceOf(LoopBodyError);
    expect(err.message).toMatch(/`_excluded` is something a compiler put outside the body/);
    expect(err.message).not.toMatch(/cannot see variables/);
    // Babel's runtime transform: an imported helper, bound as its name plus a number.
    const imported = new Function('i', 'return (0, _slicedToArray2.default)([i], 1);') as never;
    const err2 = await t.parallelFor(0, 2, imported).catch((e) => e);
    expect(err2).toBeInstanceOf(TypeError);
    expect(err2.message).toMatch(/`_slicedToArray2`, which is something a compiler put outside the body/);
    // A user's own numbered name is a capture, not a helper; both kinds at once are both named.
    const captured = new Function('i', 'return _tmp2 + i + _excluded;') as never;
    const err3 = await t.parallelFor(0, 2, captured).catch((e) => e);
    expect(err3.message).toMatch(
      /uses _tmp2, which is not defined .*cannot see variables from the scope around them.*; and `_excluded`, which/,
    );
  });

  it('the CommonJS build is strict (the directive comes first)', () => {
    const cjs = readFileSync(fileURLToPath(new URL('../dist/index.cjs', import.meta.url)), 'utf8');
    expect(cjs.startsWith("'use strict';")).toBe(true);
  });
});

describe('two copies of parfor in one process (its ESM and CJS builds)', () => {
  it("share one default team, accept each other's Team, and recognise each other's errors", () => {
    const cjs = fileURLToPath(new URL('../dist/index.cjs', import.meta.url));
    const r = child(`
      import { createRequire } from 'node:module';
      const C = createRequire(import.meta.url)(${JSON.stringify(cjs)});
      console.log('default', P.getDefaultTeam() === C.getDefaultTeam());
      const team = C.createTeam({ threads: 2 });
      const out = P.sharedArray(Int32Array, 4);
      await P.parallelFor(0, 4, (i, { out }) => { out[i] = i + 1; }, { shared: { out }, team });
      console.log('team', team instanceof P.Team, out.join());
      const e = await P.parallelFor(0, 2, () => { throw new Error('x'); }).catch((e) => e);
      console.log('errors', e instanceof C.LoopBodyError, e instanceof C.ParforError, e instanceof C.TimeoutError, new C.TimeoutError(5) instanceof P.TimeoutError);
      console.log('matrix', new C.SharedMatrix(1, 1) instanceof P.SharedMatrix);
      await team.close();
      await P.shutdown();
      console.log('shut', C.getDefaultTeam().closed === false);
      await C.shutdown();
    `);
    expect(r.err).toBe('');
    expect(r.out).toContain('default true');
    expect(r.out).toContain('team true 1,2,3,4');
    expect(r.out).toContain('errors true true false true');
    expect(r.out).toContain('matrix true');
    expect(r.status).toBe(0);
  });
});

describe('shared views cross as buffer, offset and length', () => {
  it('an offset view, a DataView and a subclass of Float64Array arrive over the same memory', async () => {
    class Doubles extends Float64Array {}
    const sab = new SharedArrayBuffer(64);
    const mid = new Int32Array(sab, 8, 4);
    const dv = new DataView(sab, 32, 16);
    const sub = new Doubles(new SharedArrayBuffer(32) as unknown as ArrayBuffer); // lib.es2024 types the subclass for ArrayBuffer only
    await t.parallelFor(
      0,
      4,
      (i: number, { mid, dv, sub }: any) => {
        mid[i] = i + 1;
        if (i < 2) dv.setFloat64(i * 8, i + 0.5, true);
        sub[i] = mid.length * 10 + i;
      },
      { shared: { mid, dv, sub } },
    );
    expect([...new Int32Array(sab, 0, 6)]).toEqual([0, 0, 1, 2, 3, 4]);
    expect([dv.getFloat64(0, true), dv.getFloat64(8, true)]).toEqual([0.5, 1.5]);
    expect([...sub]).toEqual([40, 41, 42, 43]);
  });
});
