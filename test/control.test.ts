// The control-block protocol stepped by hand: two views of one buffer play
// the dispatcher and a worker.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { ControlBlock } from '../src/core/control.js';
import { FaultKind, WorkerState } from '../src/core/layout.js';
import { Code } from '../src/schedule/registry.js';

const dir = mkdtempSync(join(tmpdir(), 'parfor-wake-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pair(workers = 2) {
  const a = ControlBlock.create(workers);
  const b = new ControlBlock(a.buffer);
  const gens = Array.from({ length: workers }, (_, w) => a.rearm(w));
  gens.forEach((g, w) => {
    b.markReady(w, g);
  });
  return { team: a, worker: b, gens };
}
const desc = {
  schedule: Code.STATIC,
  threads: 2,
  bodyId: 1,
  sharedId: 0,
  spins: 0,
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
function dispatch(team: ControlBlock) {
  const epoch = team.prepare(desc, 2);
  team.assign(0, 1);
  team.wake(0, epoch);
  return epoch;
}

describe('control block protocol', () => {
  it('dispatch, wake, leave: the last thread out publishes DONE', () => {
    const { team, worker } = pair();
    const epoch = dispatch(team);
    expect(worker.awaitWake(0, 0, 10)).toBe(epoch);
    expect(worker.threadIdOf(0)).toBe(1);
    expect(worker.descriptor()).toMatchObject({ n: 10, threads: 2 });
    expect(team.inRegion(0, epoch)).toBe(true);
    team.leave(); // thread 0
    expect(team.joined(epoch)).toBe(false);
    worker.workerLeave(0, epoch);
    expect(team.joined(epoch)).toBe(true);
    expect(team.inRegion(0, epoch)).toBe(false);
    worker.workerLeave(0, epoch); // leaving twice changes nothing
    expect(team.state(0)).toBe(WorkerState.ALIVE);
  });

  it('the first error wins and sets STOP', () => {
    const { team, worker } = pair();
    team.prepare(desc, 2);
    expect(worker.raise(FaultKind.BODY, 1, 0, 7)).toBe(true);
    expect(team.raise(FaultKind.ABORT, -1, -1)).toBe(false);
    expect(team.stopped()).toBe(true);
    expect(team.fault()).toMatchObject({ kind: FaultKind.BODY, threadId: 1, worker: 0, index: 7 });
    team.prepare(desc, 2); // the next region starts clean
    expect(team.stopped()).toBe(false);
    expect(team.faulted()).toBe(false);
  });

  it('a worker declared dead inside a region is accounted for exactly once', () => {
    const { team, worker, gens } = pair();
    const epoch = dispatch(team);
    team.leave();
    expect(team.markDead(0, gens[0]!, 9)).toBe(WorkerState.ALIVE);
    expect(worker.markDead(0, gens[0]!)).toBe(-1); // the second observer changes nothing
    expect(team.joined(epoch)).toBe(true);
    expect(team.fault()).toMatchObject({ kind: FaultKind.WORKER_EXIT, worker: 0, threadId: 1, exitCode: 9 });
    worker.workerLeave(0, epoch); // a late leave of the dead thread does not count again
    expect(team.state(0)).toBe(WorkerState.DEAD);
  });

  it('a worker that left before dying is not accounted for again', () => {
    const { team, worker, gens } = pair();
    const epoch = dispatch(team);
    worker.workerLeave(0, epoch);
    team.markDead(0, gens[0]!);
    team.leave();
    expect(team.joined(epoch)).toBe(true);
    expect(team.faulted()).toBe(false);
  });

  it('a worker that dies between the readiness check and the wake is accounted for by the dispatcher', () => {
    const { team, worker, gens } = pair();
    const epoch = team.prepare(desc, 2);
    team.assign(0, 1);
    worker.markDead(0, gens[0]!); // dies before the wake store: sees no region to account
    expect(team.joined(epoch)).toBe(false);
    team.wake(0, epoch); // the dispatcher's state re-read catches it
    team.leave();
    expect(team.joined(epoch)).toBe(true);
    expect(team.fault().kind).toBe(FaultKind.WORKER_EXIT);
  });

  it('a stale generation cannot touch the replacement worker', () => {
    const { team, gens } = pair();
    team.markDead(1, gens[1]!);
    const g2 = team.rearm(1);
    expect(team.markDead(1, gens[1]!)).toBe(-1);
    expect(team.state(1)).toBe(WorkerState.BOOTING);
    team.markReady(1, g2);
    expect(team.state(1)).toBe(WorkerState.ALIVE);
  });

  it('a worker that dies while booting is FAILED, not DEAD', () => {
    const team = ControlBlock.create(1);
    const g = team.rearm(0);
    team.markDead(0, g);
    expect(team.state(0)).toBe(WorkerState.FAILED);
  });

  it('no lost wake-up between real threads: a worker that never spins gets every one of 2,000 wakes', async () => {
    // The worker thread runs the real awaitWake (control.ts bundled for it) with spins = 0, so it
    // announces sleep and waits every round, racing the caller's wake. Without the notify in
    // wake() or the SLEEPING store in awaitWake, a round's wake is lost and its ack never comes.
    const control = join(dir, 'control.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('../src/core/control.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'node',
      outfile: control,
      logLevel: 'silent',
    });
    const entry = join(dir, 'waker.mjs');
    writeFileSync(
      entry,
      `
      import { workerData } from 'node:worker_threads';
      import { ControlBlock } from ${JSON.stringify(pathToFileURL(control).href)};
      const c = new ControlBlock(workerData.buffer);
      let seen = 0;
      for (let r = 1; r <= workerData.rounds; r++) {
        seen = c.awaitWake(0, seen, 0);
        Atomics.store(workerData.ack, 0, r);
        Atomics.notify(workerData.ack, 0);
      }`,
    );
    const team = ControlBlock.create(1);
    new ControlBlock(team.buffer).markReady(0, team.rearm(0));
    const ack = new Int32Array(new SharedArrayBuffer(4));
    const rounds = 2000;
    const w = new Worker(entry, { workerData: { buffer: team.buffer, ack, rounds } });
    let lost = -1;
    for (let r = 1; r <= rounds && lost < 0; r++) {
      const epoch = team.prepare({ ...desc, threads: 1 }, 1);
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

  it('a wake stored before the worker waits is seen without waiting (one thread; the race is tested above)', () => {
    const { team } = pair(1);
    const epoch = team.prepare({ ...desc, threads: 1 }, 1);
    team.assign(0, 0);
    team.wake(0, epoch);
    expect(new ControlBlock(team.buffer).awaitWake(0, 0, 0)).toBe(epoch);
  });
});
