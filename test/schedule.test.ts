// Schedule math and the atomic claims, without threads: fast-check properties
// over the normalised iteration space, and the claims driven by hand on a
// control block.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DispatcherBlock } from '../src/core/dispatcher.js';
import { CLAIM_I64, CLAIM32 } from '../src/core/layout.js';
import { WorkerBlock } from '../src/core/worker.js';
import { chunkCount, guidedEnd, staticBlockSize, staticBlockStart } from '../src/schedule/math.js';

/** libgomp's static block of thread tid, [lo, hi). */
function staticBlock(n: number, threads: number, tid: number): [number, number] {
  const lo = staticBlockStart(n, threads, tid);
  return [lo, lo + staticBlockSize(n, threads, tid)];
}

/** The chunks a guided schedule hands out when claims are served one after another (which thread claims each does not change them). */
function guidedSequence(n: number, threads: number, chunk: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let lo = 0; lo < n; ) {
    const hi = guidedEnd(lo, n, threads, chunk);
    out.push([lo, hi]);
    lo = hi;
  }
  return out;
}

/** A team's control block with a region of `d` published; `descriptor()` reads it back as a worker would. */
function published(d: Parameters<DispatcherBlock['publish']>[0], participants: number) {
  const ctl = DispatcherBlock.create(1);
  ctl.publish(d, participants);
  const worker = new WorkerBlock(ctl.buffer);
  return Object.assign(ctl, { descriptor: () => worker.readDescriptor(worker.newDescriptor()) });
}

import { parseRuntime, parseSchedule, type RuntimeSpec, type ScheduleName } from '../src/schedule/parse.js';
import { Code, planLabel, runShare } from '../src/schedule/registry.js';
import { resolvePlan as resolve } from '../src/schedule/resolve.js';

/** resolvePlan with positional arguments, as these tests were first written. */
function resolvePlan(
  name: ScheduleName,
  chunk: number | undefined,
  start: number,
  n: number,
  threads: number,
  runtime?: RuntimeSpec,
  iterNs?: number,
) {
  return resolve({ schedule: { name, chunk } as never, start, n, threads, runtime, iterNs });
}

const nArb = fc.integer({ min: 0, max: 5000 });
const tArb = fc.integer({ min: 1, max: 16 });
const cArb = fc.integer({ min: 1, max: 300 });

/** The descriptor words a schedule does not decide. */
const NO_EXTRAS = { bodyId: 1, tasksId: 0, sharedId: 0, spins: 0, regionSpins: 0, slice: false, flags: 0, param0: 0, param1: 0, param2: 0 };

/** Run every thread's share one after another on one control block; return each index's (thread, count). */
function simulate(kind: 'static' | 'dynamic' | 'guided', chunk: number | undefined, start: number, n: number, T: number) {
  const plan = resolvePlan(kind, chunk, start, n, T, undefined);
  const ctl = published({ ...plan, ...NO_EXTRAS }, T);
  // runs[k] counts how often iteration start+k ran.
  const runs = new Int32Array(n);
  const chunks: Array<[number, number, number]> = [];
  for (let tid = 0; tid < T; tid++) {
    runShare(ctl, ctl.descriptor(), tid, (lo, hi) => {
      chunks.push([tid, lo, hi]);
      for (let i = lo; i < hi; i++) runs[i - start]!++;
    });
  }
  return { plan, runs, chunks };
}

describe('static (libgomp split)', () => {
  it('gives each thread one contiguous block, in thread order, the first n % T one longer', () => {
    fc.assert(
      fc.property(nArb, tArb, (n, T) => {
        let next = 0;
        for (let tid = 0; tid < T; tid++) {
          const [lo, hi] = staticBlock(n, T, tid);
          expect(lo).toBe(next);
          expect(hi - lo).toBe(Math.floor(n / T) + (tid < n % T ? 1 : 0));
          next = hi;
        }
        expect(next).toBe(n);
      }),
    );
  });

  it('matches the worked examples of the reference (n=10,T=4 and n=9,T=4)', () => {
    expect([0, 1, 2, 3].map((t) => staticBlock(10, 4, t))).toEqual([
      [0, 3],
      [3, 6],
      [6, 8],
      [8, 10],
    ]);
    expect([0, 1, 2, 3].map((t) => staticBlock(9, 4, t))).toEqual([
      [0, 3],
      [3, 5],
      [5, 7],
      [7, 9],
    ]);
  });
});

describe('every schedule runs every iteration exactly once', () => {
  for (const kind of ['static', 'dynamic', 'guided'] as const) {
    it(kind, () => {
      fc.assert(
        fc.property(fc.integer({ min: -1e6, max: 1e6 }), nArb, tArb, fc.option(cArb, { nil: undefined }), (start, n, T, chunk) => {
          const { runs } = simulate(kind, chunk, start, n, T);
          expect(runs.every((c) => c === 1)).toBe(true);
        }),
      );
    });
  }
});

describe('chunk rules', () => {
  it('static,c deals chunk k to thread k mod T, boundaries at start + m·c', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), nArb, tArb, cArb, (start, n, T, c) => {
        const { chunks } = simulate('static', c, start, n, T);
        for (const [tid, lo, hi] of chunks) {
          const k = (lo - start) / c;
          expect(Number.isInteger(k)).toBe(true);
          expect(tid).toBe(k % T);
          expect(hi - lo).toBe(Math.min(c, start + n - lo));
        }
      }),
    );
  });

  it('dynamic,c claims chunks of c whose boundaries sit at start + m·c', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), nArb, tArb, cArb, (start, n, T, c) => {
        const { chunks } = simulate('dynamic', c, start, n, T);
        expect(chunks).toHaveLength(chunkCount(n, c));
        for (const [, lo, hi] of chunks) {
          expect((lo - start) % c).toBe(0);
          expect(hi - lo).toBe(Math.min(c, start + n - lo));
        }
      }),
    );
  });

  it('guided hands out max(ceil(remaining/T), c), never below c except the last', () => {
    fc.assert(
      fc.property(nArb, tArb, cArb, (n, T, c) => {
        const seq = guidedSequence(n, T, c);
        seq.forEach(([lo, hi], k) => {
          const expected = Math.max(Math.ceil((n - lo) / T), c);
          if (k < seq.length - 1) expect(hi - lo).toBe(expected);
          else expect(hi - lo).toBe(Math.min(expected, n - lo));
        });
        const { chunks } = simulate('guided', c, 0, n, T);
        expect(chunks.map(([, lo, hi]) => [lo, hi]).sort((a, b) => a[0]! - b[0]!)).toEqual(seq);
      }),
    );
  });

  it('guided matches libgomp for n=1000, T=4 (chunk sizes from the reference)', () => {
    expect(guidedSequence(1000, 4, 1).map(([a, b]) => b - a)).toEqual([
      250, 188, 141, 106, 79, 59, 45, 33, 25, 19, 14, 11, 8, 6, 4, 3, 3, 2, 1, 1, 1, 1,
    ]);
    expect(guidedSequence(1000, 4, 16).map(([a, b]) => b - a)).toEqual([250, 188, 141, 106, 79, 59, 45, 33, 25, 19, 16, 16, 16, 7]);
    expect(guidedEnd(0, 10, 3, 1)).toBe(4);
  });
});

describe('claims beyond int32', () => {
  it('dynamic keeps claiming correctly when the chunk index passes 2^31', () => {
    const numChunks = 2 ** 31 + 10;
    const ctl = published({ schedule: Code.DYNAMIC, threads: 2, start: 0, n: numChunks, chunk: 1, numChunks, ...NO_EXTRAS }, 2);
    // Start the counters just below 2^31, as if 2^31 - 2 chunks had been claimed.
    ctl.i64[CLAIM_I64] = BigInt(2 ** 31 - 2);
    ctl.i32[CLAIM32] = 2 ** 31 - 2;
    const got: number[] = [];
    for (let k = ctl.claimChunk(numChunks, 2); k >= 0; k = ctl.claimChunk(numChunks, 2)) got.push(k);
    expect(got[0]).toBe(2 ** 31 - 2);
    expect(got.at(-1)).toBe(numChunks - 1);
    expect(got).toHaveLength(12);
  });

  it('a plan over a span past 2^31 with negative start covers it in chunks at start + m·c', () => {
    const start = -(2 ** 40);
    const n = 2 ** 32 + 5;
    const plan = resolvePlan('dynamic', 2 ** 30, start, n, 3, undefined);
    expect(plan.numChunks).toBe(5);
    const chunks: number[][] = [];
    const ctl = published({ ...plan, ...NO_EXTRAS }, 3);
    runShare(ctl, ctl.descriptor(), 0, (lo, hi) => chunks.push([lo, hi]));
    expect(chunks[0]).toEqual([start, start + 2 ** 30]);
    expect(chunks.at(-1)).toEqual([start + 4 * 2 ** 30, start + n]);
    expect(chunks.reduce((s, [lo, hi]) => s + hi! - lo!, 0)).toBe(n);
  });
});

describe('schedule resolution', () => {
  it("reads OMP_SCHEDULE with the loops' grammar (case, spaces, modifiers as libgomp; chunk 0 and runtime refused)", () => {
    expect(parseRuntime('dynamic,4')).toEqual({ name: 'dynamic', chunk: 4 });
    expect(parseRuntime('GUIDED')).toEqual({ name: 'guided', chunk: undefined });
    expect(parseRuntime(' nonmonotonic : dynamic , 8 ')).toEqual({ name: 'dynamic', chunk: 8 });
    expect(parseRuntime(undefined)).toBeUndefined();
    expect(parseRuntime('  ')).toBeUndefined();
    expect(() => parseRuntime('dynamic,0')).toThrow(
      /Cannot use OMP_SCHEDULE as the chunk in its schedule must be a positive safe integer: received "dynamic,0"/,
    );
    expect(() => parseRuntime('runtime')).toThrow(/OMP_SCHEDULE as it names 'runtime', which stands for OMP_SCHEDULE itself/);
    expect(() => parseRuntime('auto,4')).toThrow(/schedule 'auto' takes no chunk/);
    expect(() => parseRuntime('fastest')).toThrow(/OMP_SCHEDULE.*received "fastest"/);
    expect(parseSchedule('Dynamic,2', 'x')).toEqual({ name: 'dynamic', chunk: 2 });
    expect(planLabel(resolvePlan('dynamic', undefined, 0, 10, 2, undefined))).toBe('dynamic,1'); // OpenMP's default
  });

  it('runtime means dynamic,1 when OMP_SCHEDULE is unset, and auto is dynamic with ~16 chunks a thread', () => {
    expect(planLabel(resolvePlan('runtime', undefined, 0, 100, 2, undefined))).toBe('dynamic,1');
    expect(planLabel(resolvePlan('runtime', undefined, 0, 100, 2, { name: 'guided', chunk: 5 }))).toBe('guided,5');
    expect(planLabel(resolvePlan('static', 3, 0, 100, 2, undefined))).toBe('static,3');
    const auto = resolvePlan('auto', undefined, 0, 3200, 2, undefined);
    expect(auto.schedule).toBe(Code.DYNAMIC);
    expect(auto.numChunks).toBe(32);
    expect(resolvePlan('dynamic', undefined, 0, 10, 2, undefined).chunk).toBe(1);
  });

  it('auto with a measured iteration cost: 16 to 64 chunks a thread, each holding ~5 µs of work when it can', () => {
    fc.assert(
      fc.property(nArb, tArb, fc.double({ min: 0.01, max: 1e9, noNaN: true }), (n, T, iterNs) => {
        const first = resolvePlan('auto', undefined, 0, n, T, undefined);
        const tuned = resolvePlan('auto', undefined, 0, n, T, undefined, iterNs);
        expect(tuned.schedule).toBe(Code.DYNAMIC);
        expect(first.chunk).toBe(Math.max(1, Math.ceil(n / (16 * T))));
        // Never fewer chunks than before it knew, never more than 64 a thread (or one per iteration).
        expect(tuned.chunk).toBeLessThanOrEqual(first.chunk);
        expect(tuned.chunk).toBeGreaterThanOrEqual(Math.max(1, Math.ceil(n / (64 * T))));
        // Within those bounds, the smallest chunk that holds 5 µs of work.
        if (tuned.chunk < first.chunk && tuned.chunk > Math.ceil(n / (64 * T))) expect(tuned.chunk).toBe(Math.ceil(5000 / iterNs));
        // Dearer iterations never get bigger chunks; OMP_SCHEDULE=auto takes the same path.
        expect(resolvePlan('auto', undefined, 0, n, T, undefined, iterNs * 2).chunk).toBeLessThanOrEqual(tuned.chunk);
        expect(resolvePlan('runtime', undefined, 0, n, T, { name: 'auto', chunk: undefined }, iterNs)).toEqual(tuned);
      }),
    );
    // Dear iterations (1 ms): 64 chunks a thread. Cheap ones (10 ns): the first rule's 16.
    expect(resolvePlan('auto', undefined, 0, 6400, 2, undefined, 1e6).numChunks).toBe(128);
    expect(resolvePlan('auto', undefined, 0, 6400, 2, undefined, 10).numChunks).toBe(32);
    // In between (50 ns): 100 iterations of 50 ns make a 5 µs chunk.
    expect(resolvePlan('auto', undefined, 0, 6400, 2, undefined, 50).chunk).toBe(100);
  });
});
