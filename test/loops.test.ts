// parallelFor / parallelForSync on real workers: every index exactly once for
// every schedule, thread count and range shape, compared to a serial oracle.
import fc from 'fast-check';
import { kernel, parallelFor, parallelForSync, SharedMatrix, sharedArray } from 'parfor';
import { describe, expect, it } from 'vitest';
import { team } from './helpers.js';

const T4 = team({ threads: 4 });
const schedules = [
  { schedule: 'static' },
  { schedule: 'static', chunk: 3 },
  { schedule: 'dynamic' },
  { schedule: 'dynamic', chunk: 7 },
  { schedule: 'guided' },
  { schedule: 'guided', chunk: 5 },
  { schedule: 'adaptive' },
  { schedule: 'adaptive', chunk: 9 },
  { schedule: 'auto' },
  { schedule: 'runtime' },
] as const;

/** Body: count each index's runs and record the thread. */
const count = (i: number, { hits, owner, start }: any, ctx: any) => {
  Atomics.add(hits, i - start, 1);
  owner[i - start] = ctx.threadId;
};

describe('every index runs exactly once', () => {
  for (const mode of ['async', 'sync'] as const) {
    it(`${mode}: random ranges × schedules × 1-4 threads`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: -5000, max: 5000 }),
          fc.integer({ min: -50, max: 3000 }),
          fc.constantFrom(...schedules),
          fc.integer({ min: 1, max: 4 }),
          async (start, len, sched, threads) => {
            const n = Math.max(0, len);
            const hits = sharedArray(Int32Array, n);
            const owner = sharedArray(Int32Array, n).fill(-1);
            const opts = { ...sched, threads, shared: { hits, owner, start } };
            if (mode === 'async') await T4.parallelFor(start, start + len, count, opts);
            else T4.parallelForSync(start, start + len, count, opts);
            expect(hits.every((h) => h === 1)).toBe(true);
            expect(owner.every((t) => t >= 0 && t < threads)).toBe(true);
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  it('static hands thread t the libgomp block, in sync and async loops', async () => {
    const n = 10;
    for (const sync of [false, true]) {
      const hits = sharedArray(Int32Array, n);
      const owner = sharedArray(Int32Array, n);
      const opts = { threads: 4, shared: { hits, owner, start: 0 } };
      if (sync) T4.parallelForSync(0, n, count, opts);
      else await T4.parallelFor(0, n, count, opts);
      expect([...owner]).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 3, 3]);
    }
  });

  it('static,c deals chunk k to thread k mod T on real threads', async () => {
    const owner = sharedArray(Int32Array, 20);
    await T4.parallelFor(0, 20, count, {
      schedule: 'static',
      chunk: 3,
      threads: 3,
      shared: { hits: sharedArray(Int32Array, 20), owner, start: 0 },
    });
    expect([...owner]).toEqual([...Array(20).keys()].map((i) => Math.floor(i / 3) % 3));
  });

  it('handles negative starts, empty and reversed ranges, and indices past 2^31 and 2^53-ish', async () => {
    const seen = sharedArray(Float64Array, 8);
    const body = (i: number, { seen, base }: any) => {
      seen[i - base] = i;
    };
    for (const base of [-(2 ** 31) - 3, 2 ** 31 - 4, Number.MAX_SAFE_INTEGER - 8, -Number.MAX_SAFE_INTEGER]) {
      seen.fill(0);
      await T4.parallelFor(base, base + 8, body, { schedule: 'dynamic', shared: { seen, base } });
      expect([...seen]).toEqual([...Array(8).keys()].map((k) => base + k));
    }
    // Empty and reversed ranges run no iteration: a body that counts its calls sees none.
    const calls = sharedArray(Int32Array, 1);
    const count = (_i: number, { calls }: any) => {
      Atomics.add(calls, 0, 1);
    };
    await T4.parallelFor(5, 5, count, { shared: { calls } });
    await T4.parallelFor(9, 2, count, { shared: { calls }, schedule: 'dynamic' });
    T4.parallelForSync(9, 2, count, { shared: { calls } });
    expect(await T4.parallelReduce(9, 2, () => 1)).toBe(0);
    expect(calls[0]).toBe(0);
  });

  it('runs a span wider than 2^31 with large chunks (parallelForRange: each chunk records its ends)', async () => {
    const span = 2 ** 32 + 6;
    const start = -(2 ** 33);
    const C = 2 ** 30;
    for (const schedule of [`dynamic,${C}`, `static,${C}`, `guided,${C}`, 'static']) {
      const edges = sharedArray(Float64Array, 2 * 1024);
      const calls = sharedArray(Int32Array, 1);
      // The body runs once per chunk, so a 2^32-iteration loop costs a handful of calls.
      await T4.parallelForRange(
        start,
        start + span,
        (lo: number, hi: number, { edges, calls }: any) => {
          const k = Atomics.add(calls, 0, 1);
          edges[2 * k] = lo;
          edges[2 * k + 1] = hi;
        },
        { schedule, shared: { edges, calls } },
      );
      const chunks = Array.from({ length: calls[0]! }, (_, k) => [edges[2 * k]!, edges[2 * k + 1]!]).sort((a, b) => a[0]! - b[0]!);
      // The chunks tile [start, start + span) exactly, with no gap and no overlap.
      expect(chunks[0]![0]).toBe(start);
      expect(chunks.at(-1)![1]).toBe(start + span);
      for (let k = 1; k < chunks.length; k++) expect(chunks[k]![0]).toBe(chunks[k - 1]![1]);
      if (schedule !== 'static') expect(chunks.length).toBeGreaterThanOrEqual(5);
    }
  });

  it('passes plain data, SharedMatrix and ctx to every thread', async () => {
    const n = 64;
    const M = new SharedMatrix(n, n);
    const fill = (i: number, { M, scale }: any, ctx: any) => {
      const row = M.row(i);
      for (let j = 0; j < row.length; j++) row[j] = scale.k * (i * i + j * j) + (ctx.numThreads === 4 ? 0 : 1e9);
    };
    await T4.parallelFor(0, n, fill, { schedule: 'dynamic', chunk: 4, shared: { M, scale: { k: 2 } } });
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(M.get(i, j)).toBe(2 * (i * i + j * j));
  });

  it('runs kernel-module bodies, sync and async', async () => {
    const out = sharedArray(Float64Array, 100);
    const sq = kernel(new URL('./fixtures/kernels.mjs', import.meta.url), 'square');
    await T4.parallelFor(0, 100, sq, { schedule: 'guided', shared: { out } });
    expect([...out]).toEqual([...Array(100).keys()].map((i) => i * i));
    out.fill(0);
    T4.parallelForSync(0, 100, sq, { shared: { out } });
    expect([...out]).toEqual([...Array(100).keys()].map((i) => i * i));
  });

  it('runs a loop called from inside a body serially on that thread', async () => {
    const out = sharedArray(Float64Array, 8);
    const threadOf = sharedArray(Int32Array, 8);
    await T4.parallelFor(0, 8, kernel(new URL('./fixtures/kernels.mjs', import.meta.url), 'nested'), {
      shared: { out, threadOf },
      schedule: 'dynamic',
    });
    // Inner loops saw numThreads === 1: sum over j of (j + 1000).
    expect([...out]).toEqual(Array(8).fill(45 + 10 * 1000));
  });

  it('runs a region called inside a body once, as a team of one; a range error inside names its chunk', async () => {
    const out = sharedArray(Float64Array, 4);
    const k = (name: string) => kernel(new URL('./fixtures/kernels.mjs', import.meta.url), name);
    await T4.parallelFor(0, 4, k('nestedRegion'), { shared: { out } });
    expect([...out]).toEqual([13, 13, 13, 13]);
    T4.parallelForSync(0, 4, k('nestedRangeError'), { shared: { out } });
    expect([...out]).toEqual([310, 310, 310, 310]);
  });

  it("runs issue 24's constructs inline inside a body: single's broadcast, ordered, nowait, loopRange, a search, ctx.cancel()", async () => {
    const out = sharedArray(Float64Array, 6);
    const k = kernel(new URL('./fixtures/kernels.mjs', import.meta.url), 'nestedConstructs');
    await T4.parallelFor(0, 6, k, { shared: { out }, schedule: 'dynamic' });
    expect([...out]).toEqual([1, 1, 1, 1, 1, 1]);
    // An outer ordered loop: its ordered code, after the inner loops, still runs in order.
    const olog = sharedArray(Float64Array, 7);
    T4.parallelForSync(0, 6, k, { shared: { out, olog }, ordered: true, schedule: 'dynamic' });
    expect([...out]).toEqual([1, 1, 1, 1, 1, 1]);
    expect([...olog.subarray(1)]).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('queues concurrent async loops and completes them all correctly', async () => {
    const outs = Array.from({ length: 12 }, () => sharedArray(Int32Array, 500));
    await Promise.all(
      outs.map((out, k) =>
        T4.parallelFor(
          0,
          500,
          (i: number, { out, k }: any) => {
            out[i] = i * k;
          },
          { schedule: k % 2 ? 'dynamic' : 'static', shared: { out, k } },
        ),
      ),
    );
    outs.forEach((out, k) => {
      expect(out.every((v, i) => v === i * k)).toBe(true);
    });
  });

  it('uses the default team from the top-level functions, with a schedule string as options', async () => {
    const out = sharedArray(Float64Array, 1000);
    await parallelFor(
      0,
      1000,
      (i: number, { out }: any) => {
        out[i] = i + 0.5;
      },
      { shared: { out }, schedule: 'dynamic,16' },
    );
    parallelForSync(
      0,
      1000,
      (i: number, { out }: any) => {
        out[i] *= 2;
      },
      { shared: { out } },
    );
    expect(out.every((v, i) => v === 2 * i + 1)).toBe(true);
    await parallelFor(0, 10, (i: number) => void i, 'guided');
  });

  it('posts no message in the steady state: a repeated loop only touches the control block', async () => {
    const t = team({ threads: 2 });
    const out = sharedArray(Float64Array, 100);
    const body = (i: number, { out, k }: any) => {
      out[i] = i * k;
    };
    const inline = () =>
      t.parallelFor(
        0,
        100,
        (i: number, { out, k }: any) => {
          out[i] = i * k;
        },
        { shared: { out, k: 3 } },
      );
    // First use of each body and of the shared values posts them to the workers.
    await t.parallelFor(0, 100, body, { shared: { out, k: 3 } });
    await inline();
    t.parallelForSync(0, 100, body, { shared: { out, k: 3 } });
    const before = t.stats.messages;
    expect(before).toBeGreaterThan(0);
    for (let r = 0; r < 20; r++) {
      await inline(); // a new closure each time, same source: the same body
      t.parallelForSync(0, 100, body, { shared: { out, k: 3 } });
    }
    expect(t.stats.messages).toBe(before);
    // A change of plain data is posted once to each worker that needs it, then steady again.
    await t.parallelFor(0, 100, body, { shared: { out, k: 4 } });
    expect(t.stats.messages).toBe(before + 2);
    await t.parallelFor(0, 100, body, { shared: { out, k: 4 } });
    expect(t.stats.messages).toBe(before + 2);
    expect(out[99]).toBe(396);
  });
});

describe("auto learns a body's iteration cost", () => {
  // Each iteration busy-waits 20 µs of wall time, so however fast the machine, a loop of n
  // iterations on T threads takes at least n·20/T µs, and the measured cost is at least 20 µs an
  // iteration: auto's next loop of this body uses its smallest chunk, 64 chunks a thread.
  const body = (_i: number, { us }: { us: number }) => {
    const until = performance.now() + us / 1000;
    while (performance.now() < until);
  };

  for (const mode of ['async', 'sync'] as const) {
    it(`${mode}: the first auto loop has 16 chunks a thread, the next 64; other schedules teach it nothing`, async () => {
      const t = team({ threads: 2 }); // a registry of its own, so nothing is known of the body yet
      const run = (schedule: string) => {
        const opts = { schedule, shared: { us: 20 }, trace: true } as const;
        return mode === 'async' ? t.parallelFor(0, 256, body, opts) : Promise.resolve(t.parallelForSync(0, 256, body, opts));
      };
      await run('dynamic,4'); // not auto: not timed
      expect((await run('auto')).chunks).toHaveLength(32); // ⌈256 / 32⌉ = 8 iterations a chunk
      const tuned = await run('auto');
      expect(tuned.chunks).toHaveLength(128); // ⌈256 / 128⌉ = 2
      expect(tuned.chunks.every((c) => c.hi - c.lo === 2)).toBe(true);
    });
  }
});

describe('parallelForEach', () => {
  const TE = team({ threads: 3 });

  it('calls body(array[i], i) once per element, every schedule, async and sync, against a serial oracle', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { maxLength: 300 }),
        fc.constantFrom('static', 'static,3', 'dynamic,5', 'guided', 'adaptive', 'adaptive,4', 'auto'),
        fc.boolean(),
        async (values, schedule, sync) => {
          const xs = sharedArray(Float64Array, values);
          const twice = sharedArray(Float64Array, values.length);
          const seen = sharedArray(Int32Array, values.length);
          const body = (x: number, i: number, { twice, seen }: any) => {
            twice[i] = 2 * x;
            Atomics.add(seen, i, 1);
          };
          if (sync) TE.parallelForEachSync(xs, body, { schedule, shared: { twice, seen } });
          else await TE.parallelForEach(xs, body, { schedule, shared: { twice, seen } });
          expect([...twice]).toEqual(values.map((v) => 2 * v));
          expect(seen.every((c) => c === 1)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reads BigInt arrays as bigints, refuses arrays that are not shared, and names the element that threw', async () => {
    const big = sharedArray(BigInt64Array, [1n, 2n, 3n]);
    const out = sharedArray(BigInt64Array, 3);
    await TE.parallelForEach(big, (v: bigint, i: number, { out }: any) => void out.set([v * 10n], i), { shared: { out } });
    expect([...out]).toEqual([10n, 20n, 30n]);
    await expect(TE.parallelForEach(new Float64Array(3) as never, () => {})).rejects.toThrow(
      /Cannot run parallelForEach as 'array' must be a typed array over a SharedArrayBuffer \(see sharedArray\(\)\): received non-shared Float64Array\(3\)/,
    );
    const err = await TE.parallelForEach(sharedArray(Int32Array, [5, 6, 7, 8]), (v: number) => {
      if (v === 7) throw new RangeError('seven');
    }).catch((e) => e);
    expect(err.index).toBe(2);
    expect(err.cause.message).toBe('seven');
  });
});

describe("'adaptive' splits where a thread runs out", () => {
  // The thread that runs the first iteration of block 1 waits (on an Atomics handshake, not a
  // sleep) until the last iteration of that block has run. Under 'static' that would never happen
  // (the same thread owns both); under 'adaptive' a thread that runs out takes the back of block 1.
  const wait = (i: number, { flag, first, last }: { flag: Int32Array; first: number; last: number }) => {
    if (i === first) {
      while (Atomics.load(flag, 0) === 0) {
        if (Atomics.wait(flag, 0, 0, 10_000) === 'timed-out') throw new Error('the back of the block was never taken');
      }
    }
    if (i === last) {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    }
  };
  // 8 threads on this 2-core machine: oversubscribed, as on a laptop whose default team is 8.
  const T8 = team({ threads: 8 });
  for (const threads of [2, 3, 8]) {
    const tm = threads === 8 ? T8 : T4;
    for (const mode of ['async', 'sync', 'ctx.loop'] as const) {
      it(`${threads} threads, ${mode}: a blocked thread's block is finished by the others`, async () => {
        const n = 999 * threads;
        const first = n / threads;
        const last = (2 * n) / threads - 1;
        const flag = sharedArray(Int32Array, 1);
        const shared = { flag, first, last, n };
        if (mode === 'async') await tm.parallelFor(0, n, wait, { schedule: 'adaptive', threads, shared });
        else if (mode === 'sync') tm.parallelForSync(0, n, wait, { schedule: 'adaptive', threads, shared });
        else {
          await tm.parallel(
            (ctx: any, s: { flag: Int32Array; first: number; last: number; n: number }) => {
              const body = (i: number) => {
                if (i === s.first) {
                  while (Atomics.load(s.flag, 0) === 0) {
                    if (Atomics.wait(s.flag, 0, 0, 10_000) === 'timed-out') throw new Error('the back of the block was never taken');
                  }
                }
                if (i === s.last) {
                  Atomics.store(s.flag, 0, 1);
                  Atomics.notify(s.flag, 0);
                }
              };
              ctx.loop(0, s.n, body, 'adaptive');
            },
            { threads, shared },
          );
        }
        expect(flag[0]).toBe(1);
      });
    }
  }
});
