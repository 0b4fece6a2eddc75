// verbose, onProgress and trace: what the user sees of a loop while and after it runs.

import { traceToSVG } from 'parfor';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { team } from './helpers.js';

const t = team({ threads: 2 });
const work = (i: number) => {
  let s = 0;
  for (let k = 0; k < 2000; k++) s += (i ^ k) & 1;
  if (s < 0) throw new Error('never');
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('verbose', () => {
  it('prints a start line and a final line on stderr (level 1), sync and async', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((l: string) => {
      lines.push(l);
    });
    await t.parallelFor(0, 5000, work, { schedule: 'dynamic', chunk: 16, verbose: 1 });
    t.parallelForSync(0, 100, work, { verbose: true });
    expect(lines[0]).toBe('[parfor] parallelFor: 2 threads, schedule dynamic,16, 5000 iterations in 313 chunks');
    expect(lines[1]).toMatch(/^\[parfor\] Done 5000 of 5000 iterations \| elapsed: \d+\.\ds$/);
    expect(lines[2]).toBe('[parfor] parallelForSync: 2 threads, schedule static, 100 iterations in 2 blocks');
    expect(lines).toHaveLength(4);
  });

  it('reports a failure with its error', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((l: string) => {
      lines.push(l);
    });
    await t
      .parallelFor(
        0,
        10,
        (i: number) => {
          if (i === 3) throw new TypeError('no');
        },
        { verbose: 1 },
      )
      .catch(() => {});
    expect(lines.at(-1)).toMatch(/^\[parfor\] Failed after \d+\.\ds: LoopBodyError: .*TypeError: no/);
  });

  // The loop's iterations are gated: iteration i waits until gate[0] > i, and each progress reading
  // (onProgress, called at the same reading as verbose's lines) opens the gate a little further.
  // So the loop spans several readings whatever the machine's speed, and the test compares the
  // lines printed with the readings actually taken, not with times.
  for (const level of [5, 10] as const) {
    it(`level ${level}: ${level === 5 ? 'a line per tenth not yet reported' : 'a line per reading'}; a sync loop prints first and last only`, async () => {
      const lines: string[] = [];
      vi.spyOn(console, 'error').mockImplementation((l: string) => {
        lines.push(l);
      });
      const total = 100;
      const gate = new Int32Array(new SharedArrayBuffer(4));
      gate[0] = 4;
      const readings: number[] = [];
      await t.parallelFor(
        0,
        total,
        (i: number, { gate }: { gate: Int32Array }) => {
          for (let v = Atomics.load(gate, 0); v <= i; v = Atomics.load(gate, 0)) Atomics.wait(gate, 0, v, 10_000);
        },
        {
          schedule: 'dynamic',
          chunk: 1,
          shared: { gate },
          verbose: level,
          onProgress: (done: number) => {
            if (done < total) readings.push(done);
            // Steps of 5 and 13: some readings stay within a tenth, some cross one.
            Atomics.store(gate, 0, Math.min(total, done + (readings.length % 2 ? 5 : 13)));
            Atomics.notify(gate, 0);
          },
        },
      );
      const middle = lines
        .slice(1, -1)
        .map((l) => Number(/Done (\d+) of 100 iterations \| elapsed: \d+\.\ds(?: remaining: \d+\.\ds)?$/.exec(l)?.[1]));
      let reported = 0;
      const expected = readings.filter((d) => {
        const tenth = Math.floor(d / 10);
        const prints = level === 10 || tenth > reported;
        reported = Math.max(reported, tenth);
        return prints;
      });
      expect(readings.length).toBeGreaterThan(5);
      expect(middle).toEqual(expected);
      if (level === 5) expect(new Set(middle.map((d) => Math.floor(d / 10))).size).toBe(middle.length);
      expect(lines.at(-1)).toMatch(/^\[parfor\] Done 100 of 100 iterations \| elapsed: \d+\.\ds$/);

      lines.length = 0;
      t.parallelForSync(0, 1000, work, { schedule: 'dynamic', chunk: 1, verbose: level });
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/^\[parfor\] Done 1000 of 1000 iterations/);
    });
  }

  it('validates the level', async () => {
    await expect(t.parallelFor(0, 1, work, { verbose: -1 })).rejects.toThrow(/'verbose' must be a non-negative integer: received -1/);
    await expect(t.parallelFor(0, 1, work, { verbose: 'loud' as any })).rejects.toThrow(TypeError);
  });
});

describe('onProgress', () => {
  it('is fed counts that never go back and end at the total', async () => {
    const seen: Array<[number, number]> = [];
    await t.parallelFor(0, 40_000, work, { schedule: 'dynamic', chunk: 50, onProgress: (d: number, n: number) => seen.push([d, n]) });
    expect(seen.at(-1)).toEqual([40_000, 40_000]);
    for (let k = 1; k < seen.length; k++) expect(seen[k]![0]).toBeGreaterThanOrEqual(seen[k - 1]![0]);
    expect(seen.every(([d, n]) => n === 40_000 && d <= n)).toBe(true);
    await expect(t.parallelFor(0, 1, work, { onProgress: 5 as any })).rejects.toThrow(/'onProgress' must be a function/);
  });
});

describe('trace', () => {
  for (const schedule of ['static', 'static,7', 'dynamic,5', 'guided', 'auto'] as const) {
    it(`${schedule}: the chunks tile the range exactly once, with sane times`, async () => {
      for (const sync of [false, true]) {
        const tr = sync
          ? t.parallelForSync(-50, 950, work, { schedule, trace: true })
          : await t.parallelFor(-50, 950, work, { schedule, trace: true });
        const hits = new Int32Array(1000);
        for (const c of tr.chunks) {
          for (let i = c.lo; i < c.hi; i++) hits[i + 50]!++;
          expect(c.threadId).toBeGreaterThanOrEqual(0);
          expect(c.threadId).toBeLessThan(2);
          expect(c.end).toBeGreaterThanOrEqual(c.start);
        }
        expect(hits.every((h) => h === 1)).toBe(true);
        expect(tr).toMatchObject({ threads: 2, start: -50, end: 950, dropped: 0 });
      }
    });
  }

  it('dynamic chunk boundaries sit at start + m·chunk in the trace', async () => {
    const tr = await t.parallelFor(10, 1010, work, { schedule: 'dynamic', chunk: 64, trace: true });
    expect(tr.chunks).toHaveLength(16);
    for (const c of tr.chunks) expect((c.lo - 10) % 64).toBe(0);
  });

  it('renders as an SVG timeline with one lane per thread and one bar per chunk', async () => {
    const tr = await t.parallelFor(0, 200, work, { schedule: 'dynamic', chunk: 20, trace: true });
    const svg = traceToSVG(tr, { title: 'dynamic <20>' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<rect [^>]*fill="#/g)).toHaveLength(10);
    expect(svg).toContain('thread 1');
    expect(svg).toContain('dynamic &lt;20&gt;');
  });

  it('plain static shows one chunk per thread, its whole block (the slices it ran in are joined)', async () => {
    for (const sync of [false, true]) {
      const tr = sync ? t.parallelForSync(0, 1001, work, { trace: true }) : await t.parallelFor(0, 1001, work, { trace: true });
      const byThread = [...tr!.chunks].sort((a, b) => a.threadId - b.threadId).map((c) => [c.threadId, c.lo, c.hi]);
      expect(byThread).toEqual([
        [0, 0, 501],
        [1, 501, 1001],
      ]);
    }
  });

  it('several traces share one time axis when given the same span; a bad span is a RangeError', async () => {
    const tr = await t.parallelFor(0, 200, work, { schedule: 'dynamic', chunk: 20, trace: true });
    const ran = Math.max(...tr.chunks.map((c) => c.end));
    const own = traceToSVG(tr);
    const wide = traceToSVG(tr, { span: 4 * ran });
    expect(own).toContain(`${ran.toFixed(1)} ms</text>`); // the axis ends where the run ended
    expect(wide).toContain(`${(4 * ran).toFixed(1)} ms</text>`); // the axis ends at the span
    expect(wide).toContain(`${ran.toFixed(2)} ms</text>`); // the title still gives the run's own length
    const barWidth = (svg: string) => Math.max(...[...svg.matchAll(/<rect x="[\d.]+" y="\d+" width="([\d.]+)"/g)].map((m) => Number(m[1])));
    expect(barWidth(wide)).toBeLessThan(barWidth(own));
    for (const span of [0, -1, Number.NaN, Infinity, '5']) {
      expect(() => traceToSVG(tr, { span: span as number })).toThrow(RangeError);
    }
    expect(() => traceToSVG(tr, { span: '5' as never })).toThrow(/'span' must be a positive number of ms: received string "5"/);
  });

  it('is refused where the function returns a value, and must be a boolean', async () => {
    await expect(t.parallelReduce(0, 3, (i: number) => i, { trace: true } as any)).rejects.toThrow(/'trace' is not an option/);
    await expect(t.parallelFor(0, 3, work, { trace: 1 as any })).rejects.toThrow(/'trace' must be a boolean/);
  });
});
