// The task arena's steps (core/tasks.ts, T1-T8 in src/core/README.md), stepped by hand on views of
// one buffer, and the deque under a real thief thread: every task taken exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { DEQUE_CAP, NO_TASK, TaskArena, TaskState } from '../src/core/tasks.js';
import { bundleModule } from './bundle-module.js';
import { waitFlag } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'parfor-deque-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Two views of one arena of `threads` threads: what two threads see. */
function pair(threads = 2): [TaskArena, TaskArena] {
  const a = TaskArena.create(threads);
  return [a, new TaskArena(a.buffer, threads)];
}

describe('task arena (core/tasks.ts)', () => {
  it('T4/T5: the owner pops newest first, a thief steals oldest first', () => {
    const [owner, thief] = pair();
    for (const r of [10, 11, 12]) owner.push(0, r);
    expect(thief.steal(0)).toBe(10);
    expect(owner.pop(0)).toBe(12);
    expect(owner.pop(0)).toBe(11);
    expect(owner.pop(0)).toBe(NO_TASK);
    expect(thief.steal(0)).toBe(NO_TASK);
    // The failed pop put bottom back: the deque still works.
    owner.push(0, 13);
    expect(thief.anyQueued()).toBe(true);
    expect(thief.steal(0)).toBe(13);
    expect(owner.anyQueued()).toBe(false);
  });

  it('T5a: the last entry goes to exactly one of owner and thief, and the deque is consistent after', () => {
    const [owner, thief] = pair();
    owner.push(0, 7);
    expect(thief.steal(0)).toBe(7);
    expect(owner.pop(0)).toBe(NO_TASK); // the thief won: the owner's pop finds nothing
    owner.push(0, 8);
    expect(owner.pop(0)).toBe(8); // the owner wins its last entry
    expect(thief.steal(0)).toBe(NO_TASK);
    owner.push(0, 9);
    owner.push(0, 10);
    expect(owner.pop(0)).toBe(10);
    expect(thief.steal(0)).toBe(9);
  });

  it('T4: a full deque has no room (the spawner runs the task at once)', () => {
    const [owner, thief] = pair();
    for (let k = 0; k < DEQUE_CAP; k++) {
      expect(owner.hasRoom(1)).toBe(true);
      owner.push(1, k);
    }
    expect(owner.hasRoom(1)).toBe(false);
    expect(thief.steal(1)).toBe(0);
    expect(owner.hasRoom(1)).toBe(true); // the stolen slot is free again
    owner.push(1, DEQUE_CAP);
    expect(owner.pop(1)).toBe(DEQUE_CAP);
    for (let k = DEQUE_CAP - 1; k >= 1; k--) expect(owner.pop(1)).toBe(k); // nothing was overwritten
  });

  it('indices wrap past 2^31 without losing or repeating an entry', () => {
    const [owner, thief] = pair();
    // Deque 0's top and bottom words: the first int32 of the two slots after the header.
    const i32 = new Int32Array(owner.buffer);
    const top = 64;
    const bottom = 96;
    i32[top] = 2 ** 31 - 3;
    i32[bottom] = 2 ** 31 - 3;
    const got: number[] = [];
    for (let k = 0; k < 10; k++) owner.push(0, k);
    for (let k = 0; k < 5; k++) got.push(thief.steal(0));
    for (let k = 0; k < 5; k++) got.push(owner.pop(0));
    expect(i32[top]).toBeLessThan(0); // it did wrap
    expect(got).toEqual([0, 1, 2, 3, 4, 9, 8, 7, 6, 5]);
    expect(owner.pop(0)).toBe(NO_TASK);
  });

  it('T1/T2/T3/T6: reset writes the root; a child counts into its parent and out of it as it finishes', () => {
    const [a, b] = pair();
    a.push(0, 5);
    a.push(0, 6);
    expect(b.steal(0)).toBe(5); // top and bottom both moved
    a.reset(2, 3, [1.5, 2.5, 3.5]);
    a.push(0, 7); // T1 emptied the deques, top and bottom: the next entry is the only one
    expect(b.steal(0)).toBe(7);
    expect(a.pop(0)).toBe(NO_TASK);
    expect([a.fn(0), a.argc(0), a.arg(0, 0), a.arg(0, 2), a.parent(0), a.state(0)]).toEqual([2, 3, 1.5, 3.5, -1, TaskState.QUEUED]);
    a.init(1, 0, 1, 0, 9, 0, 0, 0, 0, 0);
    a.addChild(0);
    expect(b.pending(0)).toBe(1);
    b.finish(1, 42);
    expect(a.pending(0)).toBe(0);
    expect([a.state(1), a.result(1)]).toEqual([TaskState.FINISHED, 42]);
    a.init(2, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    b.finish(2, undefined);
    expect(a.result(2)).toBe(undefined);
    // A task its spawner ran at once: finished here, its parent's PENDING untouched.
    a.init(3, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    const before = a.pending(0);
    a.finishHere(3, 7);
    expect([a.state(3), a.result(3), a.pending(0)]).toEqual([TaskState.FINISHED, 7, before]);
    const s = a.nextStamp(2);
    expect(a.stamp(2)).toBe(s);
    expect(a.nextStamp(2)).toBe(s + 1); // each reuse of a record gets a new stamp
  });

  it('T7: a wake between the ticket and the sleep is not lost (the sleep returns at once)', () => {
    const [sleeper, waker] = pair();
    const ticket = sleeper.sleepTicket();
    waker.wakeIfSleeping(); // sees SLEEPING = 1: bumps SEQ
    const t0 = performance.now();
    sleeper.sleep(ticket, 10_000);
    expect(performance.now() - t0).toBeLessThan(5_000); // returned on the changed word, not the timeout
    waker.setDone();
    expect(sleeper.done()).toBe(true);
  });

  it('T9: arrivals count from zero in each region, and the last arrival wakes a sleeper', () => {
    const [a, b] = pair();
    b.push(1, 5);
    a.arrive();
    b.arrive();
    expect(a.arrived()).toBe(2);
    a.resetRegion(); // the next region: no arrival and no entry of the last one survives
    expect(b.arrived()).toBe(0);
    expect(b.anyQueued()).toBe(false);
    expect(b.done()).toBe(false);
    // A thread about to sleep at a barrier, and the other's arrival in between: the sleep returns at once.
    const ticket = a.sleepTicket();
    b.arrive();
    const t0 = performance.now();
    a.sleep(ticket, 10_000);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(a.arrived()).toBe(1);
  });

  it('under a real thief thread, every pushed entry is taken exactly once (200,000 entries)', async () => {
    const outfile = await bundleModule(new URL('../src/core/tasks.ts', import.meta.url), join(dir, 'tasks.mjs'));
    const N = 200_000;
    const owner = TaskArena.create(2);
    const taken = new Int32Array(new SharedArrayBuffer(4 * N));
    const flags = new Int32Array(new SharedArrayBuffer(12)); // [owner finished, thief count, thief ready]
    const thief = new Worker(
      `import { workerData } from 'node:worker_threads';
       const { TaskArena, NO_TASK } = await import(${JSON.stringify(pathToFileURL(outfile).href)});
       const a = new TaskArena(workerData.buffer, 2);
       const { taken, flags } = workerData;
       let n = 0;
       Atomics.store(flags, 2, 1);
       Atomics.notify(flags, 2);
       for (;;) {
         const r = a.steal(0);
         if (r !== NO_TASK) { Atomics.add(taken, r, 1); n++; continue; }
         if (Atomics.load(flags, 0) === 1 && !a.anyQueued()) break;
       }
       Atomics.store(flags, 1, n);`,
      { eval: true, workerData: { buffer: owner.buffer, taken, flags } },
    );
    const exited = new Promise((resolve) => thief.once('exit', resolve));
    await waitFlag(flags, 2); // the thief is stealing before the owner starts
    let next = 0;
    while (next < N) {
      // Push a few, pop some back: the owner and the thief race for the last entries often.
      for (let k = 0; k < 3 && next < N && owner.hasRoom(0); k++) owner.push(0, next++);
      const r = owner.pop(0);
      if (r !== NO_TASK) Atomics.add(taken, r, 1);
    }
    for (let r = owner.pop(0); r !== NO_TASK; r = owner.pop(0)) Atomics.add(taken, r, 1);
    Atomics.store(flags, 0, 1);
    await exited;
    const wrong = [];
    for (let r = 0; r < N; r++) if (taken[r] !== 1) wrong.push(r);
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(flags[1]).toBeGreaterThan(0); // the thief did take some
  });
});
