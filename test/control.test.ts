// The control-block protocol stepped by hand: views of one buffer play the dispatcher, a
// worker and the joiner (core/dispatcher.ts, worker.ts, joiner.ts). The mutations of the
// protocol that each test catches are listed in src/core/README.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { DispatcherBlock } from '../src/core/dispatcher.js';
import { JoinerBlock } from '../src/core/joiner.js';
import { CLAIM32, FaultKind, JOINER_SLEEPING, PENDING, SLEEP_GEN, SLEEP_OWN, WorkerState } from '../src/core/layout.js';
import { WorkerBlock } from '../src/core/worker.js';
import { Code } from '../src/schedule/registry.js';
import { bundleModule } from './bundle-module.js';

const dir = mkdtempSync(join(tmpdir(), 'parfor-wake-'));

/** Bundle one src/core module into the temp dir, for a worker thread to run the real protocol step. */
function bundleCore(module: 'worker' | 'joiner', file: string): Promise<string> {
  return bundleModule(new URL(`../src/core/${module}.ts`, import.meta.url), join(dir, file));
}
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pair(workers = 2) {
  const team = DispatcherBlock.create(workers);
  const worker = new WorkerBlock(team.buffer);
  const joiner = new JoinerBlock(team.buffer);
  const gens = Array.from({ length: workers }, (_, w) => team.rearm(w));
  gens.forEach((g, w) => {
    worker.markReady(w, g);
  });
  return { team, worker, joiner, gens };
}
const desc = {
  schedule: Code.STATIC,
  threads: 2,
  bodyId: 1,
  tasksId: 0,
  sharedId: 0,
  spins: 0,
  regionSpins: 0,
  start: 0,
  n: 10,
  chunk: 0,
  numChunks: 2,
  slice: false,
  flags: 0,
  param0: 0,
  param1: 0,
  param2: 0,
};

/** D2-D4 for a sync region: thread 0 is the caller, worker 0 is thread 1. */
function dispatch(team: DispatcherBlock) {
  const epoch = team.publish(desc, 2);
  team.assign(0, 1);
  team.wake(0, epoch);
  return epoch;
}

describe('control block protocol', () => {
  it("carries both wait budgets to the worker, the region's with its sign (negative: adapt)", () => {
    const { team, worker } = pair();
    const epoch = team.publish({ ...desc, spins: 100, regionSpins: -50_000 }, 2);
    team.assign(0, 1);
    team.wake(0, epoch);
    expect(worker.awaitWake(0, 0, 10)).toBe(epoch);
    expect(worker.readDescriptor(worker.newDescriptor())).toMatchObject({ spins: 100, regionSpins: -50_000 });
  });

  it('dispatch, wake, leave: the last thread out publishes DONE', () => {
    const { team, worker, joiner } = pair();
    const epoch = dispatch(team);
    expect(worker.awaitWake(0, 0, 10)).toBe(epoch);
    expect(worker.threadIdOf(0)).toBe(1);
    expect(worker.readDescriptor(worker.newDescriptor())).toMatchObject({ n: 10, threads: 2 });
    expect(team.inRegion(0, epoch)).toBe(true);
    team.leave(); // thread 0
    expect(joiner.joined(epoch)).toBe(false);
    worker.workerLeave(0, epoch);
    expect(joiner.joined(epoch)).toBe(true);
    expect(team.inRegion(0, epoch)).toBe(false);
    worker.workerLeave(0, epoch); // leaving twice changes nothing
    expect(team.state(0)).toBe(WorkerState.ALIVE);
  });

  it('the first error wins and sets STOP', () => {
    const { team, worker } = pair();
    team.publish(desc, 2);
    expect(worker.raise(FaultKind.BODY, 1, 0, 7)).toBe(true);
    expect(team.raise(FaultKind.ABORT, -1, -1)).toBe(false);
    expect(team.stopped()).toBe(true);
    expect(team.fault()).toMatchObject({ kind: FaultKind.BODY, threadId: 1, worker: 0, index: 7 });
    team.publish(desc, 2); // the next region starts clean
    expect(team.stopped()).toBe(false);
    expect(team.faulted()).toBe(false);
  });

  it('a worker declared dead inside a region is accounted for exactly once', () => {
    const { team, worker, joiner, gens } = pair();
    const epoch = dispatch(team);
    team.leave();
    expect(team.markDead(0, gens[0]!, 9)).toBe(WorkerState.ALIVE);
    expect(worker.markDead(0, gens[0]!)).toBe(-1); // the second observer changes nothing
    expect(joiner.joined(epoch)).toBe(true);
    expect(team.fault()).toMatchObject({ kind: FaultKind.WORKER_EXIT, worker: 0, threadId: 1, exitCode: 9 });
    worker.workerLeave(0, epoch); // a late leave of the dead thread does not count again
    expect(team.i32[PENDING]).toBe(0);
    expect(team.state(0)).toBe(WorkerState.DEAD);
  });

  it('a worker that left before dying is not accounted for again', () => {
    const { team, worker, joiner, gens } = pair();
    const epoch = dispatch(team);
    worker.workerLeave(0, epoch);
    team.markDead(0, gens[0]!);
    team.leave();
    expect(joiner.joined(epoch)).toBe(true);
    expect(team.i32[PENDING]).toBe(0);
    expect(team.faulted()).toBe(false);
  });

  it('a worker that dies between the readiness check and the wake is accounted for by the dispatcher', () => {
    const { team, worker, joiner, gens } = pair();
    const epoch = team.publish(desc, 2);
    team.assign(0, 1);
    worker.markDead(0, gens[0]!); // dies before the wake store: sees no region to account
    expect(joiner.joined(epoch)).toBe(false);
    team.wake(0, epoch); // the dispatcher's state re-read catches it
    team.leave();
    expect(joiner.joined(epoch)).toBe(true);
    expect(team.fault().kind).toBe(FaultKind.WORKER_EXIT);
  });

  it('a stale generation cannot touch the replacement worker', () => {
    const { team, worker, gens } = pair();
    team.markDead(1, gens[1]!);
    const g2 = team.rearm(1);
    expect(team.markDead(1, gens[1]!)).toBe(-1);
    expect(team.state(1)).toBe(WorkerState.BOOTING);
    worker.markReady(1, g2);
    expect(team.state(1)).toBe(WorkerState.ALIVE);
  });

  it('a worker that dies while booting is FAILED, not DEAD', () => {
    const team = DispatcherBlock.create(1);
    const g = team.rearm(0);
    team.markDead(0, g);
    expect(team.state(0)).toBe(WorkerState.FAILED);
  });

  it('no lost wake-up between real threads: a worker that never spins gets every one of 2,000 wakes', async () => {
    // The worker thread runs the real awaitWake (worker.ts bundled for it) with spins = 0, so it
    // announces sleep and waits every round, racing the caller's wake. Without the notify in
    // wake() or the SLEEPING store in awaitWake, a round's wake is lost and its ack never comes.
    const control = await bundleCore('worker', 'control.mjs');
    const entry = join(dir, 'waker.mjs');
    writeFileSync(
      entry,
      `
      import { workerData } from 'node:worker_threads';
      import { WorkerBlock } from ${JSON.stringify(pathToFileURL(control).href)};
      const c = new WorkerBlock(workerData.buffer);
      let seen = 0;
      for (let r = 1; r <= workerData.rounds; r++) {
        seen = c.awaitWake(0, seen, 0);
        Atomics.store(workerData.ack, 0, r);
        Atomics.notify(workerData.ack, 0);
      }`,
    );
    const team = DispatcherBlock.create(1);
    new WorkerBlock(team.buffer).markReady(0, team.rearm(0));
    const ack = new Int32Array(new SharedArrayBuffer(4));
    const rounds = 2000;
    const w = new Worker(entry, { workerData: { buffer: team.buffer, ack, rounds } });
    let lost = -1;
    for (let r = 1; r <= rounds && lost < 0; r++) {
      const epoch = team.publish({ ...desc, threads: 1 }, 1);
      team.assign(0, 0);
      team.wake(0, epoch);
      // An Atomics handshake, not a sleep: the worker acks each round; 5 s without it is a lost wake.
      const deadline = performance.now() + 5000;
      while (Atomics.load(ack, 0) < r && lost < 0) {
        if (Atomics.wait(ack, 0, r - 1, Math.max(1, deadline - performance.now())) === 'timed-out' && Atomics.load(ack, 0) < r) lost = r;
      }
    }
    await w.terminate();
    expect(lost).toBe(-1);
  }, 30_000);

  it('no lost wake-up when one notify wakes several: two sleeping workers get every one of 1,000 wakeAll, a third outside the region sleeps on', async () => {
    // A team that wakes together. Workers 0 and 1 never spin: each round they announce sleep and
    // wait on WAKE_GEN, racing the caller's wakeAll(2), which notifies once for both. Worker 2 takes part in no round: the first
    // notify wakes it too; it must find its wake word unchanged and sleep again, on its own word, acking
    // only the one wake meant for it at the end.
    const control = await bundleCore('worker', 'control.mjs');
    const entry = join(dir, 'wakers.mjs');
    writeFileSync(
      entry,
      `
      import { workerData } from 'node:worker_threads';
      import { WorkerBlock } from ${JSON.stringify(pathToFileURL(control).href)};
      const c = new WorkerBlock(workerData.buffer);
      const { w, ack, rounds } = workerData;
      let seen = 0;
      for (let r = 1; r <= rounds; r++) {
        seen = c.awaitWake(w, seen, 0);
        Atomics.store(ack, w, seen);
        Atomics.notify(ack, w);
      }`,
    );
    const team = DispatcherBlock.create(3);
    team.setWakeTogether(true);
    for (let w = 0; w < 3; w++) new WorkerBlock(team.buffer).markReady(w, team.rearm(w));
    const ack = new Int32Array(new SharedArrayBuffer(12));
    const rounds = 1000;
    const workers = [0, 1, 2].map((w) => new Worker(entry, { workerData: { buffer: team.buffer, ack, w, rounds: w < 2 ? rounds : 1 } }));
    /** Wait (an Atomics handshake) until worker w acks `epoch`; false after 5 s without it. */
    const acked = (w: number, epoch: number): boolean => {
      const deadline = performance.now() + 5000;
      for (;;) {
        const v = Atomics.load(ack, w);
        if (v === epoch) return true;
        if (Atomics.wait(ack, w, v, Math.max(1, deadline - performance.now())) === 'timed-out' && Atomics.load(ack, w) !== epoch)
          return false;
      }
    };
    // Worker 2 must be asleep on WAKE_GEN before the first round, or the rounds can all pass while it
    // still boots: wait for its announcement (a state in shared memory, polled; 5 s at most).
    const idle = new Int32Array(new SharedArrayBuffer(4));
    const bootBy = performance.now() + 5000;
    while (team.sleepingOn(2) !== SLEEP_GEN && performance.now() < bootBy) Atomics.wait(idle, 0, 0, 1);
    const outsiderSlept = team.sleepingOn(2);
    let lost = -1;
    for (let r = 1; r <= rounds && lost < 0; r++) {
      const epoch = team.publish({ ...desc, threads: 2 }, 2);
      team.assign(0, 0);
      team.assign(1, 1);
      team.wakeAll(2, epoch);
      if (!acked(0, epoch) || !acked(1, epoch)) lost = r;
    }
    const outsider = Atomics.load(ack, 2);
    // The first notify that found worker 2 outside the region moved it to its own word: the later
    // ones did not wake it (it is woken below by its own notify, through the same wake()).
    const outsiderSleeps = team.sleepingOn(2);
    const last = team.publish({ ...desc, threads: 1 }, 1);
    team.wake(2, last);
    const woken = acked(2, last);
    await Promise.all(workers.map((w) => w.terminate()));
    expect(outsiderSlept).toBe(SLEEP_GEN);
    expect(lost).toBe(-1);
    expect(outsider).toBe(0);
    expect(outsiderSleeps).toBe(SLEEP_OWN);
    expect(woken).toBe(true);
  }, 30_000);

  it('a wake stored before the worker waits is seen without waiting (one thread; the race is tested above)', () => {
    const { team } = pair(1);
    const epoch = team.publish({ ...desc, threads: 1 }, 1);
    team.assign(0, 0);
    team.wake(0, epoch);
    expect(new WorkerBlock(team.buffer).awaitWake(0, 0, 0)).toBe(epoch);
  });

  it('the last thread out wakes a joiner that sleeps: an async joiner resolves (it fails, not hangs, without the notify)', async () => {
    const { team, worker, joiner } = pair(1);
    const epoch = team.publish({ ...desc, threads: 1 }, 1);
    team.assign(0, 0);
    team.wake(0, epoch);
    // spins 0: the joiner announces itself in JOINER_SLEEPING and awaits DONE at once.
    const joined = joiner.joinAsync(epoch, 0).then(() => 'joined');
    await Promise.resolve();
    worker.workerLeave(0, epoch); // the last one out: stores DONE and must notify
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise((resolve) => {
      timer = setTimeout(() => resolve('no wake-up within 2 s'), 2000);
    });
    expect(await Promise.race([joined, late])).toBe('joined');
    clearTimeout(timer);
  });

  it('the last thread out wakes a blocked joiner on another thread (joinSync sleeps with no spin)', async () => {
    // The joiner runs the real joinSync on a worker thread with spins = 0; this thread leaves after
    // it has announced itself. Without the notify, joinSync sleeps to its 3 s timeout and says so.
    const joinerFile = await bundleCore('joiner', 'joiner.mjs');
    const entry = join(dir, 'sync-joiner.mjs');
    writeFileSync(
      entry,
      `
      import { workerData, parentPort } from 'node:worker_threads';
      import { JoinerBlock } from ${JSON.stringify(pathToFileURL(joinerFile).href)};
      parentPort.postMessage(new JoinerBlock(workerData.buffer).joinSync(workerData.epoch, 0, 3000));`,
    );
    const { team, worker } = pair(1);
    const epoch = team.publish({ ...desc, threads: 1 }, 1);
    team.assign(0, 0);
    team.wake(0, epoch);
    const w = new Worker(entry, { workerData: { buffer: team.buffer, epoch } });
    const result = new Promise((resolve) => w.once('message', resolve));
    // An Atomics handshake: wait until the joiner has announced itself (JOINER_SLEEPING), then leave.
    const sleeping = new Int32Array(team.buffer);
    while (Atomics.load(sleeping, JOINER_SLEEPING) === 0) Atomics.wait(sleeping, JOINER_SLEEPING, 0, 5);
    worker.workerLeave(0, epoch);
    expect(await result).toBe('ok');
    await w.terminate();
  });

  it('a region publishes with fresh claim counters, and "joined" means DONE at or past the epoch', () => {
    const { team, worker, joiner } = pair(1);
    team.publish({ ...desc, threads: 1 }, 1);
    while (worker.claimChunk(4, 1) >= 0) {
      /* claim them all */
    }
    expect(team.i32[CLAIM32]).not.toBe(0);
    const e2 = team.publish({ ...desc, threads: 1 }, 1);
    expect(worker.claimChunk(4, 1)).toBe(0); // the next region's first claim is chunk 0
    worker.leave();
    const e3 = team.publish({ ...desc, threads: 1 }, 1);
    worker.leave();
    // A sync loop may settle an async region and run its own before the async joiner looks.
    expect(joiner.joined(e2)).toBe(true);
    expect(joiner.joined(e3)).toBe(true);
    expect(joiner.joined(e3 + 1)).toBe(false);
  });

  it('joiners are counted, not flagged: one that gives up does not hide another that still waits', async () => {
    // An async joiner waits on DONE; a sync joiner on the same region gives up after 1 ms (its
    // deadline). With a flag, its leaving would clear the announcement, and the last thread out
    // would not wake the async joiner (the interleavings test once hung on exactly this).
    const { team, worker, joiner } = pair(1);
    const epoch = team.publish({ ...desc, threads: 1 }, 1);
    team.assign(0, 0);
    team.wake(0, epoch);
    const joined = joiner.joinAsync(epoch, 0).then(() => 'joined');
    await Promise.resolve();
    expect(joiner.joinSync(epoch, 0, 1)).toBe('timed-out');
    worker.workerLeave(0, epoch);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise((resolve) => {
      timer = setTimeout(() => resolve('no wake-up within 2 s'), 2000);
    });
    expect(await Promise.race([joined, late])).toBe('joined');
    clearTimeout(timer);
  });
});
