// Soak: many small loops on one team, queued loops, bounded caches, no leaked listeners.
import { getEventListeners } from 'node:events';
import { sharedArray } from 'parfor';
import { describe, expect, it } from 'vitest';
import { team } from './helpers.js';

const SEQUENTIAL = Number(process.env.SOAK_LOOPS ?? 100_000);

describe('soak', () => {
  it(`${SEQUENTIAL} sequential small loops stay correct, and memory stays flat after warm-up`, async () => {
    const t = team({ threads: 2 });
    const out = sharedArray(Int32Array, 8);
    const ac = new AbortController();
    const body = (i: number, { out, k }: any) => {
      out[i] = k;
    };
    const round = async (k: number) => {
      if (k % 2) t.parallelForSync(0, 8, body, { shared: { out, k }, signal: ac.signal });
      else await t.parallelFor(0, 8, body, { shared: { out, k: k }, signal: ac.signal, timeout: 60_000 });
      if (out[7] !== k || out[0] !== k) throw new Error(`round ${k}: ${out.join(',')}`);
    };
    for (let k = 0; k < 5000; k++) await round(k); // warm-up
    const before = process.memoryUsage().rss;
    const handles = process.getActiveResourcesInfo().length;
    for (let k = 5000; k < SEQUENTIAL; k++) await round(k);
    const growthMb = (process.memoryUsage().rss - before) / 2 ** 20;
    console.log(`soak: ${SEQUENTIAL} loops, RSS growth after warm-up ${growthMb.toFixed(1)} MB`);
    expect(growthMb).toBeLessThan(20);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0); // every loop removed its listener
    expect(process.getActiveResourcesInfo().length).toBeLessThanOrEqual(handles); // no timers or handles left behind
  }, 300_000);

  it('10,000 concurrently queued loops all complete correctly', async () => {
    const t = team({ threads: 2 });
    const slots = sharedArray(Int32Array, 10_000);
    await Promise.all(
      Array.from({ length: 10_000 }, (_, k) =>
        t.parallelFor(
          k,
          k + 1,
          (i: number, { slots }: any) => {
            slots[i] = i + 1;
          },
          { shared: { slots } },
        ),
      ),
    );
    expect(slots.every((v, i) => v === i + 1)).toBe(true);
  }, 120_000);

  it('the body cache is bounded: a body evicted by 300 newer ones is posted again', async () => {
    const t = team({ threads: 1 });
    const first = (i: number) => void i;
    await t.parallelFor(0, 1, first);
    for (let k = 0; k < 300; k++) {
      // 300 distinct sources, each a new body.
      await t.parallelFor(0, 1, new Function('i', `return i + ${k};`) as (i: number) => void);
    }
    const before = t.stats.messages;
    await t.parallelFor(0, 1, first);
    expect(t.stats.messages).toBe(before + 1); // re-sent: the worker had dropped it (256 bodies per worker)
    await t.parallelFor(0, 1, first);
    expect(t.stats.messages).toBe(before + 1); // and now cached again
  });
});
