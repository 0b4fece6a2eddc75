// Waits inside a region with an adaptive spin budget (a negative D_REGION_SPINS: core/spin-limit.ts),
// between real threads: region-sync.ts bundled for T-1 workers, the test's thread as thread 0, every
// thread a RegionSync over one control block. A team only adapts while the machine is short of
// cores, which a test cannot arrange, so the budget is set by hand here. On teams of 1, 3 and 8 (8
// threads on this 2-core machine spin out, fall to the floor and probe), every barrier must hold
// everyone until all have arrived, and ordered turns must run in iteration order, as with a plain
// budget.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { DispatcherBlock } from '../src/core/dispatcher.js';
import { REGION_ORDER } from '../src/core/layout.js';
import { RegionSync } from '../src/core/region-sync.js';
import { bundleModule } from './bundle-module.js';

const dir = mkdtempSync(join(tmpdir(), 'parfor-region-waits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROUNDS = 300;
const BUDGET = -50_000; // 'auto''s budget on a team that fits the cores, adapting

/**
 * One thread's part, the same source for the workers and thread 0: each round, arrive (count),
 * pass the barrier, check that all T arrived, then take ordered turn r*T + tid and record it.
 */
const part = `
export function part(sync, tid, T, rounds, words, log) {
  let bad = 0;
  for (let r = 0; r < rounds; r++) {
    Atomics.add(words, 0, 1);
    sync.barrier(T);
    if (Atomics.load(words, 0) < (r + 1) * T) bad++;
    const i = r * T + tid;
    sync.awaitTurn(${REGION_ORDER}, i);
    log[i] = Atomics.add(words, 1, 1);
    sync.passTurn(${REGION_ORDER}, i + 1);
  }
  return bad;
}`;

async function files(): Promise<{ sync: string; part: string; entry: string }> {
  const sync = await bundleModule(new URL('../src/core/region-sync.ts', import.meta.url), join(dir, 'region-sync.mjs'));
  const partFile = join(dir, 'part.mjs');
  writeFileSync(partFile, part);
  const entry = join(dir, 'waiter.mjs');
  writeFileSync(
    entry,
    `
    import { workerData, parentPort } from 'node:worker_threads';
    import { RegionSync } from ${JSON.stringify(pathToFileURL(sync).href)};
    import { part } from ${JSON.stringify(pathToFileURL(partFile).href)};
    const { buffer, tid, T, rounds, words, log, budget } = workerData;
    const s = new RegionSync(new Int32Array(buffer), new BigInt64Array(buffer), budget);
    parentPort.postMessage(part(s, tid, T, rounds, words, log));`,
  );
  return { sync, part: partFile, entry };
}

describe('waits inside a region, adapting, between real threads', () => {
  for (const T of [1, 3, 8]) {
    it(`team of ${T}: ${ROUNDS} barriers hold until all arrive, and ${ROUNDS * T} ordered turns run in order`, async () => {
      const f = await files();
      const { part: run } = await import(pathToFileURL(f.part).href);
      const block = DispatcherBlock.create(T);
      const words = new Int32Array(new SharedArrayBuffer(8));
      const log = new Int32Array(new SharedArrayBuffer(4 * ROUNDS * T)).fill(-1);
      const workers = Array.from(
        { length: T - 1 },
        (_, k) => new Worker(f.entry, { workerData: { buffer: block.buffer, tid: k + 1, T, rounds: ROUNDS, words, log, budget: BUDGET } }),
      );
      try {
        const results = workers.map(
          (w) =>
            new Promise<number>((resolve, reject) => {
              w.once('message', resolve);
              w.once('error', reject);
            }),
        );
        const sync = new RegionSync(new Int32Array(block.buffer), new BigInt64Array(block.buffer), BUDGET);
        const bad = [run(sync, 0, T, ROUNDS, words, log) as number, ...(await Promise.all(results))];
        expect(bad).toEqual(new Array(T).fill(0));
        // Turn i took the i-th place: the ordered code ran in iteration order.
        expect(Array.from(log)).toEqual(Array.from(log, (_, i) => i));
      } finally {
        await Promise.all(workers.map((w) => w.terminate()));
      }
    }, 60_000);
  }
});
