// The adaptive schedule's ranges (core/ranges.ts, A1-A5 in src/core/README.md): claims served one
// after another in random orders (fast-check: every iteration handed out exactly once, pieces never
// below the grain but at a range's end), the tags that keep loops apart, a late owner, and the
// ranges under real threads claiming at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { newDescriptor } from '../src/core/block.js';
import { DispatcherBlock } from '../src/core/dispatcher.js';
import { controlBytes, EPOCH, FaultKind, partialSlot, R_LOCK, SLOT_WORDS } from '../src/core/layout.js';
import { PIECES, Ranges } from '../src/core/ranges.js';
import { staticBlockStart } from '../src/schedule/math.js';
import { bundleModule } from './bundle-module.js';

const dir = mkdtempSync(join(tmpdir(), 'parfor-ranges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A control block for `workers` workers and one Ranges view of it per loop thread (what each thread holds). */
function views(workers: number): { i32: Int32Array; threads: Ranges[] } {
  const buffer = new SharedArrayBuffer(controlBytes(workers));
  const i32 = new Int32Array(buffer);
  i32[EPOCH] = 1; // the first region's epoch (D2 counts from 1: no range's zeroed tag matches a region)
  const threads = Array.from({ length: workers + 1 }, () => new Ranges(new Int32Array(buffer), new Float64Array(buffer), workers));
  return { i32, threads };
}

/**
 * Serve one loop's claims in the order `order` names threads (then round-robin until every thread
 * has been told "none left"). Returns each thread's pieces.
 */
function serve(rs: Ranges[], seq: number, n: number, threads: number, grain: number, order: number[]): Array<Array<[number, number]>> {
  const out = new Float64Array(1);
  const pieces: Array<Array<[number, number]>> = Array.from({ length: threads }, () => []);
  const done = new Array<boolean>(threads).fill(false);
  const step = (t: number) => {
    if (done[t]) return;
    const lo = rs[t]!.claim(t, seq, n, threads, grain, staticBlockStart, out);
    if (lo < 0) done[t] = true;
    else pieces[t]!.push([lo, out[0]!]);
  };
  for (const t of order) step(t % threads);
  for (let guard = 0; done.some((d) => !d); guard++) {
    if (guard > 4 * n + 100) throw new Error('the claims do not end');
    for (let t = 0; t < threads; t++) step(t);
  }
  return pieces;
}

/** Every iteration of [0, n) in exactly one piece. */
function coversOnce(pieces: Array<Array<[number, number]>>, n: number): void {
  const hits = new Int32Array(n);
  for (const list of pieces) for (const [lo, hi] of list) for (let i = lo; i < hi; i++) hits[i]!++;
  const bad = [...hits].findIndex((h) => h !== 1);
  expect(bad, `iteration ${bad} ran ${hits[bad]} times`).toBe(-1);
}

describe('adaptive ranges (core/ranges.ts)', () => {
  it('A1-A4: claims served in any order hand out every iteration exactly once, in pieces of at least the grain', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.nat({ max: 4 }), { maxLength: 200 }),
        (n, threads, grain, order) => {
          const { threads: rs } = views(threads);
          const pieces = serve(rs, 0, n, threads, grain, order);
          coversOnce(pieces, n);
          // A piece is smaller than the grain only where it ends a range: its end is a block's end or
          // the start of a piece stolen from it. Checked loosely: at most one short piece per steal,
          // and every piece non-empty.
          for (const list of pieces) for (const [lo, hi] of list) expect(hi).toBeGreaterThan(lo);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('A2: the owner takes about 1/PIECES of what is left, never less than the grain', () => {
    const { threads: rs } = views(1);
    const out = new Float64Array(1);
    const got: number[] = [];
    for (
      let lo = rs[0]!.claim(0, 0, 800, 1, 10, staticBlockStart, out);
      lo >= 0;
      lo = rs[0]!.claim(0, 0, 800, 1, 10, staticBlockStart, out)
    ) {
      got.push(out[0]! - lo);
    }
    expect(got[0]).toBe(800 / PIECES);
    expect(got.reduce((a, b) => a + b, 0)).toBe(800);
    expect(got.slice(0, -1).every((g) => g >= 10)).toBe(true);
    expect(got.every((g, k) => k === 0 || g <= got[k - 1]!)).toBe(true);
  });

  it('A3: a thread that has run out takes the back half of the fullest other range', () => {
    const { threads: rs } = views(2);
    const out = new Float64Array(1);
    // Thread 1 takes its first piece of [500, 1000): 500/8 → [500, 563).
    expect(rs[1]!.claim(1, 0, 1000, 2, 1, staticBlockStart, out)).toBe(500);
    expect(out[0]).toBe(563);
    // Thread 0 drains its own block [0, 500), then steals half of thread 1's 437 left: [781, 1000).
    let lo = rs[0]!.claim(0, 0, 1000, 2, 1, staticBlockStart, out);
    while (lo >= 0 && lo < 500) lo = rs[0]!.claim(0, 0, 1000, 2, 1, staticBlockStart, out);
    expect(lo).toBe(781);
    // Thread 1 goes on from its front, up to where the thief cut.
    let end = 0;
    for (
      let l = rs[1]!.claim(1, 0, 1000, 2, 1, staticBlockStart, out);
      l >= 0 && l < 781;
      l = rs[1]!.claim(1, 0, 1000, 2, 1, staticBlockStart, out)
    )
      end = out[0]!;
    expect(end).toBe(781);
  });

  it('A1: a thread that wakes late finds its block taken by a thread that ran out (it is not waited for)', () => {
    const { threads: rs } = views(2);
    const pieces = serve(rs, 0, 1000, 3, 1, new Array<number>(200).fill(0));
    coversOnce(pieces, 1000);
    // Thread 0 claimed 200 times before the others ever did: it has taken all but a little of theirs.
    const ran = pieces.map((list) => list.reduce((s, [lo, hi]) => s + hi - lo, 0));
    expect(ran[0]).toBeGreaterThan(950);
  });

  it('A1: the tags keep loops apart: the next ctx.loop() of a region and the next region start from full blocks', () => {
    const { i32, threads: rs } = views(2);
    coversOnce(serve(rs, 0, 300, 3, 2, [0, 1, 2, 2, 1]), 300); // a region's loop
    coversOnce(serve(rs, 1, 300, 3, 2, [1, 2, 0]), 300); // its ctx.loop() number 0
    coversOnce(serve(rs, 2, 50, 2, 1, [1, 1, 0]), 50); // number 1, on fewer threads
    Atomics.add(i32, EPOCH, 1); // the next region
    coversOnce(serve(rs, 1, 300, 3, 3, [2, 0]), 300);
    coversOnce(serve(rs, 0, 0, 3, 3, [2, 0]), 0);
  });

  it('A5: D2 frees a range lock that a worker terminated after a fault left held; without a fault it leaves the locks alone', () => {
    const ctl = DispatcherBlock.create(2);
    const i32 = new Int32Array(ctl.buffer);
    const at = partialSlot(2, 1) * SLOT_WORDS + R_LOCK;
    const d = newDescriptor();
    d.threads = 3;
    d.schedule = 4;
    d.n = 30;
    i32[at] = 2; // held with waiters: its holder will never unlock
    ctl.raise(FaultKind.TIMEOUT, 1, 0);
    ctl.publish(d, 0);
    expect(i32[at]).toBe(0);
    // The next loop claims through that range without waiting.
    const out = new Float64Array(1);
    const r = new Ranges(i32, new Float64Array(ctl.buffer), 2);
    expect(r.claim(1, 0, 30, 3, 1, staticBlockStart, out)).toBe(10);
    // A region that did not fault: D2 touches no range word (only D2 after a fault may).
    i32[at] = 1;
    ctl.publish(d, 0);
    expect(i32[at]).toBe(1);
  });

  // 3 threads, and 8 (oversubscribed on 2 cores: holders descheduled inside the lock, sleepers woken).
  for (const [THREADS, LOOPS] of [
    [3, 300],
    [8, 100],
  ] as const) {
    it(`A5: under ${THREADS} real threads claiming at once, every iteration runs exactly once, loop after loop`, async () => {
      const outfile = await bundleModule(new URL('./fixtures/ranges-entry.ts', import.meta.url), join(dir, 'ranges.mjs'));
      const N = 2000;
      const buffer = new SharedArrayBuffer(controlBytes(THREADS - 1));
      const hits = new Int32Array(new SharedArrayBuffer(4 * N * LOOPS));
      const bar = new Int32Array(new SharedArrayBuffer(8)); // [arrived, generation]
      const src = `import { workerData } from 'node:worker_threads';
      const { run } = await import(${JSON.stringify(pathToFileURL(outfile).href)});
      run(workerData);`;
      const threads = Array.from(
        { length: THREADS },
        (_, t) => new Worker(src, { eval: true, workerData: { buffer, hits, bar, tid: t, threads: THREADS, loops: LOOPS, n: N } }),
      );
      const ended = threads.map(
        (w, t) =>
          new Promise<void>((resolve, reject) => {
            w.on('error', reject);
            w.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`thread ${t} exited with ${code}`))));
          }),
      );
      let timer: ReturnType<typeof setTimeout> | undefined;
      const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the threads did not finish within 20 s (a claim that never ends?)')), 20_000);
      });
      try {
        await Promise.race([Promise.all(ended), limit]);
      } finally {
        clearTimeout(timer);
        // A thread that failed leaves the others at the barrier: end them all.
        await Promise.all(threads.map((w) => w.terminate()));
      }
      let bad = -1;
      for (let k = 0; k < hits.length && bad < 0; k++) if (hits[k] !== 1) bad = k;
      expect(bad, `loop ${Math.floor(bad / N)}, iteration ${bad % N} ran ${hits[bad]} times`).toBe(-1);
    });
  }
});
