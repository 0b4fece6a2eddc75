// The spin governor (src/team/dispatch/policy.ts), driven by hand: a fake machine says how many
// threads are runnable and how many of the team's workers sleep, and the governor decides the
// budgets region by region. It must switch only after AGREE readings in a row agree (busy to
// throttle, free to spin again), stay throttled at least HOLD regions, read the machine only when
// its rule says, and change nothing where the machine cannot be read.
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { platform } from '../src/platform/node.js';
import { AGREE, HOLD, READ_EVERY, SpinGovernor, spinBudget, THROTTLED_READ_EVERY, wakeTogether } from '../src/team/dispatch/policy.js';

const CORES = 2;

function machine() {
  const m = {
    runnable: 2,
    sleeping: 0,
    reads: 0,
    read: () => {
      m.reads++;
      return m.runnable;
    },
    team: { asleep: () => m.sleeping },
  };
  return m;
}

describe('how sleeping workers are woken', () => {
  it('one notify for all only when the team has more than twice as many threads as cores', () => {
    expect([wakeTogether(2, 2), wakeTogether(4, 2), wakeTogether(5, 2), wakeTogether(16, 2)]).toEqual([false, false, true, true]);
    expect([wakeTogether(16, 8), wakeTogether(17, 8), wakeTogether(2, 1), wakeTogether(3, 1)]).toEqual([false, true, false, true]);
  });
});

describe('spin governor', () => {
  const normal = spinBudget('auto', 2, CORES);

  it('throttles after AGREE readings in a row find more runnable threads than cores, and only then', () => {
    const m = machine();
    const g = new SpinGovernor(normal, CORES, m.read);
    m.runnable = 3; // someone else wants a core
    for (let k = 1; k < AGREE; k++) expect(g.update(m.team, 1, true)).toBe(normal);
    m.runnable = 2; // one reading that disagrees starts the count again
    expect(g.update(m.team, 1, true)).toBe(normal);
    m.runnable = 3;
    for (let k = 1; k < AGREE; k++) expect(g.update(m.team, 1, true)).toBe(normal);
    const throttled = g.update(m.team, 1, true);
    expect(throttled).not.toBe(normal);
    expect(throttled.worker).toBeLessThanOrEqual(100);
    expect(throttled.join).toBeLessThanOrEqual(100);
    expect(throttled.asyncJoin).toBe(normal.asyncJoin); // bounded, and it saves a waitAsync wake-up
    // Waits inside a region wait for the team's own running threads: the machine's load does not shorten them.
    expect(throttled.region).toBe(normal.region);
    expect(throttled.asyncRegion).toBe(normal.asyncRegion);
    expect([normal.adaptRegion, throttled.adaptRegion]).toEqual([false, true]); // ... but adapt to how often spinning pays
  });

  it("sizes waits inside a region by the team's own threads against the cores", () => {
    expect(spinBudget('auto', 2, 2).region).toBeGreaterThan(1000);
    expect(spinBudget('auto', 3, 2).region).toBeLessThanOrEqual(100); // the team alone outnumbers the cores
    expect(spinBudget('auto', 2, 2).asyncRegion).toBeLessThanOrEqual(100); // the async caller's thread needs the second core
    expect(spinBudget('auto', 2, 4).asyncRegion).toBeGreaterThan(1000);
    expect(spinBudget('block', 2, 8).region).toBe(0);
    expect(spinBudget('spin', 8, 2).region).toBeGreaterThan(1000);
  });

  it("counts the team's sleeping workers as threads that need a core", () => {
    const m = machine();
    const g = new SpinGovernor(normal, CORES, m.read);
    m.runnable = 2; // this thread and another program's; the team's worker sleeps
    m.sleeping = 1;
    for (let k = 0; k < AGREE; k++) g.update(m.team, 1, true);
    expect(g.current).not.toBe(normal);
  });

  it('reads the machine after a join that slept, else once per READ_EVERY regions', () => {
    const m = machine();
    const g = new SpinGovernor(normal, CORES, m.read);
    for (let k = 0; k < READ_EVERY - 1; k++) g.update(m.team, 1, false);
    expect(m.reads).toBe(0);
    g.update(m.team, 1, false);
    expect(m.reads).toBe(1);
    g.update(m.team, 1, true);
    expect(m.reads).toBe(2);
  });

  it('stays throttled at least HOLD regions, reading every THROTTLED_READ_EVERY, then spins again after AGREE free readings', () => {
    const m = machine();
    const g = new SpinGovernor(normal, CORES, m.read);
    m.runnable = 3;
    for (let k = 0; k < AGREE; k++) g.update(m.team, 1, true);
    expect(g.current).not.toBe(normal);
    m.runnable = 1; // the machine is free again: this thread only, the worker awake
    m.sleeping = 0;
    const before = m.reads;
    let regions = 0;
    while (g.current !== normal && regions < 10 * HOLD) {
      g.update(m.team, 1, true);
      regions++;
    }
    expect(regions).toBeGreaterThanOrEqual(HOLD);
    expect(regions).toBeLessThanOrEqual(HOLD + AGREE * THROTTLED_READ_EVERY);
    expect(m.reads - before).toBeLessThanOrEqual(Math.ceil(regions / THROTTLED_READ_EVERY));
  });

  it('needs AGREE free readings in a row to spin again: one busy reading starts the count over', () => {
    const m = machine();
    const g = new SpinGovernor(normal, CORES, m.read);
    m.runnable = 3;
    for (let k = 0; k < AGREE + HOLD; k++) g.update(m.team, 1, true); // throttled, held, and still busy
    expect(g.current).not.toBe(normal);
    m.runnable = 1;
    let reads = 0;
    // Free readings, but every (AGREE-1)th one is followed by a busy one: never AGREE in a row.
    for (let k = 0; k < 20 * AGREE * THROTTLED_READ_EVERY; k++) {
      const before = m.reads;
      g.update(m.team, 1, true);
      if (m.reads > before) {
        reads++;
        m.runnable = reads % AGREE === AGREE - 1 ? 3 : 1;
      }
      expect(g.current).not.toBe(normal);
    }
    m.runnable = 1;
    for (let k = 0; k < AGREE * THROTTLED_READ_EVERY; k++) g.update(m.team, 1, true);
    expect(g.current).toBe(normal);
  });

  it('changes nothing where the machine cannot be read', () => {
    const g = new SpinGovernor(normal, CORES, () => -1);
    for (let k = 0; k < 100; k++) expect(g.update({ asleep: () => 5 }, 1, true)).toBe(normal);
  });

  it('uses only the two budgets, the throttled one never above the policy', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('auto', 'spin', 'block' as const),
        // Team sizes and core counts of a 2-core VM and of students' laptops.
        fc.constantFrom(1, 2, 3, 8),
        fc.constantFrom(1, 2, 8),
        fc.array(fc.tuple(fc.integer({ min: -1, max: 16 }), fc.integer({ min: 0, max: 8 }), fc.boolean()), { maxLength: 400 }),
        (policy, size, cores, steps) => {
          const base = spinBudget(policy, size, cores);
          let runnable = 0;
          let sleeping = 0;
          const g = new SpinGovernor(base, cores, () => runnable);
          const seen = new Set<object>([base]);
          for (const [r, s, slept] of steps) {
            runnable = r;
            sleeping = s;
            const b = g.update({ asleep: () => Math.min(sleeping, size) }, size, slept);
            seen.add(b);
            for (const k of ['worker', 'join', 'asyncWorker', 'asyncJoin'] as const) expect(b[k]).toBeLessThanOrEqual(base[k]);
            expect([b.region, b.asyncRegion]).toEqual([base.region, base.asyncRegion]);
          }
          expect(seen.size).toBeLessThanOrEqual(2);
        },
      ),
    );
  });

  it.runIf(existsSync('/proc/loadavg'))("reads the machine's runnable threads from /proc/loadavg, as the file says them", () => {
    const r = platform.runnable();
    // This thread is running: at least 1. The file's own count, read just after, is close.
    expect(r).toBeGreaterThanOrEqual(1);
    const field = readFileSync('/proc/loadavg', 'latin1').split(' ')[3]!;
    expect(Math.abs(r - Number(field.split('/')[0]))).toBeLessThanOrEqual(8);
  });
});
