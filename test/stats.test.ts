// team.stats on a team created with { stats: true } (src/core/stats-ledger.ts, src/api/stats.ts):
// each figure checked against what the test knows happened (the iterations each loop had, which
// thread ran which task), threads ordered by Atomics handshakes, never by sleeps. Durations are only
// compared with each other (a thread kept waiting 20 ms by another waited at least that long).
import { createTeam, LoopBodyError, sharedArray, type Team, type ThreadStats } from 'parfor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const sum = (ts: readonly ThreadStats[], f: (t: ThreadStats) => number) => ts.reduce((a, t) => a + f(t), 0);

describe('team.stats', () => {
  let t: Team;
  beforeAll(async () => {
    t = createTeam({ threads: 3, stats: true });
    await t.ready();
  });
  afterAll(() => t.close());

  it('counts every loop, chunk and iteration on the thread that ran it, sync and async', async () => {
    const out = sharedArray(Int32Array, 1000);
    const before = t.stats;
    t.parallelForSync(0, 1000, (i, { out }) => void Atomics.add(out, i, 1), { shared: { out }, schedule: 'dynamic,10' });
    await t.parallelFor(0, 600, (i, { out }) => void Atomics.add(out, i, 1), { shared: { out }, schedule: 'static' });
    const after = t.stats;
    const threads = after.threads!;
    const was = before.threads!;
    expect(threads.map((x) => x.thread)).toEqual([0, 1, 2, 'caller']);
    const delta = (f: (x: ThreadStats) => number) => threads.map((x, k) => f(x) - f(was[k]!));
    expect(sum(threads, (x) => x.iterations) - sum(was, (x) => x.iterations)).toBe(1600);
    // dynamic,10 over 1000 is 100 chunks; static over 600 on 3 threads is one block each.
    expect(sum(threads, (x) => x.chunks) - sum(was, (x) => x.chunks)).toBe(103);
    // The sync loop ran on the caller and workers 0 and 1; the async one on workers 0, 1 and 2.
    expect(delta((x) => x.loops)).toEqual([2, 2, 1, 1]);
    expect(after.regions - before.regions).toBe(2);
    for (const x of threads) {
      expect(x.busyMs).toBeGreaterThanOrEqual(0);
      expect(x.busyMs).toBeLessThanOrEqual(x.regionMs + 1e-6);
      expect(x.utilization).toBeGreaterThanOrEqual(0);
      expect(x.utilization).toBeLessThanOrEqual(1);
    }
    expect(after.wallMs!).toBeGreaterThan(before.wallMs!);
    expect(after.joinMs!).toBeGreaterThanOrEqual(before.joinMs!);
    expect([...out].every((v, i) => v === (i < 600 ? 2 : 1))).toBe(true);
  });

  it('shows load imbalance: one thread busy 20 ms, the other idle', async () => {
    const team = createTeam({ threads: 2, stats: true });
    try {
      await team.parallelFor(
        0,
        2,
        (i) => {
          const t0 = performance.now();
          if (i === 0) while (performance.now() - t0 < 20);
        },
        'static',
      );
      const s = team.stats;
      const [w0, w1] = s.threads!;
      expect(w0!.busyMs).toBeGreaterThanOrEqual(20);
      expect(w1!.busyMs).toBeLessThan(w0!.busyMs / 4);
      expect(s.imbalance!).toBeGreaterThan(1.5);
      expect(s.imbalance!).toBeLessThanOrEqual(2);
      const report = team.statsReport();
      expect(report.split('\n')[0]).toMatch(
        /^thread\s+loops\s+chunks\s+iterations\s+busy ms\s+util\s+region ms\s+barrier ms\s+wake-ups\s+steals$/,
      );
      expect(report).toMatch(/^worker 0\s+1\s+1\s+1\s+\d/m);
      expect(report).toMatch(/imbalance \(max busy \/ mean busy\) 1\.\d\d$/);
      expect(report).not.toMatch(/^caller/m); // the caller ran no region
    } finally {
      await team.close();
    }
  });

  it("times a region body's wait at a barrier, and leaves it out of its busy time", () => {
    const flag = sharedArray(Int32Array, 1);
    const before = t.stats.threads!;
    t.parallelSync(
      (ctx, { flag }) => {
        if (ctx.threadId === 1) {
          Atomics.store(flag, 0, 1); // thread 1 is at the barrier from here on
        } else if (ctx.threadId === 0) {
          while (Atomics.load(flag, 0) === 0);
          const t0 = performance.now();
          while (performance.now() - t0 < 20);
        }
        ctx.barrier();
      },
      { shared: { flag }, threads: 3 },
    );
    const after = t.stats.threads!;
    // Sync: thread 0 is the caller (the last slot), thread 1 is worker 0.
    const waited = after[0]!.barrierMs - before[0]!.barrierMs;
    expect(waited).toBeGreaterThanOrEqual(10); // 20 ms, less any time thread 1 was preempted between its store and the barrier
    expect(after[0]!.busyMs - before[0]!.busyMs).toBeLessThan(waited);
    expect(after[3]!.busyMs - before[3]!.busyMs).toBeGreaterThanOrEqual(20);
  });

  it("leaves out of busy time only the barrier waits inside the body: a scan's own barrier between its passes is not", async () => {
    const team = createTeam({ threads: 2, stats: true });
    try {
      const out = sharedArray(Float64Array, 2);
      // Thread 0's first pass takes 20 ms; thread 1 waits for it at the scan's barrier, outside its body.
      await team.parallelScan(
        0,
        2,
        (i) => {
          const t0 = performance.now();
          if (i === 0) while (performance.now() - t0 < 20);
          return 1;
        },
        { out, schedule: 'static' },
      );
      expect([...out]).toEqual([1, 2]);
      const [w0, w1] = team.stats.threads!;
      for (const w of [w0!, w1!]) {
        expect(w.busyMs).toBeGreaterThanOrEqual(0);
        expect(w.busyMs + w.barrierMs).toBeLessThanOrEqual(w.regionMs + 1e-6);
      }
      expect(w0!.busyMs).toBeGreaterThanOrEqual(20);
      expect(w1!.barrierMs).toBeGreaterThanOrEqual(10); // 20 ms, less its own first pass and any start skew
    } finally {
      await team.close();
    }
  });

  it('counts as steals exactly the tasks that ran on a thread other than the one that spawned them', async () => {
    const ran = sharedArray(Int32Array, 64);
    const tasks = {
      root(ctx: any, { ran }: { ran: Int32Array }): number {
        ran[63] = ctx.threadId;
        for (let i = 0; i < 60; i++) ctx.spawn('leaf', i);
        ctx.wait();
        return 0;
      },
      leaf(ctx: any, { ran }: { ran: Int32Array }, i: number): number {
        let x = 0;
        for (let k = 0; k < 20000; k++) x += k;
        ran[i] = x > 0 ? ctx.threadId : -1;
        return 0;
      },
    };
    for (const sync of [false, true]) {
      const before = sum(t.stats.threads!, (x) => x.steals);
      if (sync) t.parallelTasksSync(tasks, 'root', [], { shared: { ran } });
      else await t.parallelTasks(tasks, 'root', [], { shared: { ran } });
      const offRoot = [...ran].slice(0, 60).filter((tid) => tid !== ran[63]).length;
      expect([sync, sum(t.stats.threads!, (x) => x.steals) - before]).toEqual([sync, offRoot]);
    }
  });

  it('counts a worker woken from sleep at most once per region it took part in', async () => {
    const team = createTeam({ threads: 2, stats: true, waitPolicy: 'block' });
    try {
      await team.ready();
      for (let k = 0; k < 20; k++) await team.parallelFor(0, 2, () => {});
      for (const x of team.stats.threads!.slice(0, 2)) expect(x.wakeups).toBeLessThanOrEqual(x.loops);
      // 'block' sleeps as soon as a region ends, and an awaited loop takes far longer to come back.
      expect(sum(team.stats.threads!, (x) => x.wakeups)).toBeGreaterThan(0);
    } finally {
      await team.close();
    }
  });

  it.each([1, 8])(
    'counts every iteration once on a team of %i, sync and async, and keeps counting after a loop that threw',
    async (size) => {
      const team = createTeam({ threads: size, stats: true });
      try {
        const out = sharedArray(Int32Array, 500);
        team.parallelForSync(0, 500, (i, { out }) => void Atomics.add(out, i, 1), { shared: { out }, schedule: 'dynamic,7' });
        await team.parallelFor(0, 300, (i, { out }) => void Atomics.add(out, i, 1), { shared: { out }, schedule: 'guided' });
        let s = team.stats;
        expect(sum(s.threads!, (x) => x.iterations)).toBe(800);
        expect(s.threads!.filter((x) => x.loops > 0).length).toBeLessThanOrEqual(size + 1);
        // A body that throws: the loop fails, and what ran before the failure is counted, no more.
        const err = await team
          .parallelFor(
            0,
            100,
            (i) => {
              if (i === 50) throw new RangeError('fifty');
            },
            'static',
          )
          .catch((e) => e);
        expect(err).toBeInstanceOf(LoopBodyError);
        s = team.stats;
        const after = sum(s.threads!, (x) => x.iterations);
        expect(after).toBeGreaterThanOrEqual(800);
        expect(after).toBeLessThanOrEqual(900);
        await team.parallelFor(0, 10, () => {});
        expect(sum(team.stats.threads!, (x) => x.iterations)).toBe(after + 10);
        for (const x of team.stats.threads!) expect(x.busyMs).toBeGreaterThanOrEqual(0);
      } finally {
        await team.close();
      }
    },
  );

  it('is only the two counters without { stats: true }, and the option must be a boolean', async () => {
    const plain = createTeam({ threads: 1 });
    try {
      await plain.parallelFor(0, 4, () => {});
      expect(plain.stats).toEqual({ regions: 1, messages: 1 });
      expect(plain.statsReport()).toMatch(/^1 regions, 1 messages \(create the team with \{ stats: true \}/);
    } finally {
      await plain.close();
    }
    expect(() => createTeam({ stats: 'yes' as never })).toThrow(
      new TypeError('Cannot create a team as \'stats\' must be a boolean: received string "yes"'),
    );
  });
});
