// How long a wait inside a region spins (src/core/spin-limit.ts), driven by hand:
// a plain budget is used as it is; an adaptive one stays within [floor, budget], halves on a miss,
// doubles on a catch, and at the floor probes with
// FIRST_LIMIT polls every PROBE_EVERY-th wait, so a convoy of sleeping waits cannot last.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIRST_LIMIT, MIN_LIMIT, PROBE_EVERY, SpinLimit } from '../src/core/spin-limit.js';

function clocked() {
  return { spin: new SpinLimit() };
}

/** One wait: spin up to next(), catching the word after `polls` polls if that is within it (-1: never). */
function wait(s: ReturnType<typeof clocked>, polls: number): number {
  const allowed = s.spin.next();
  s.spin.spun(polls >= 0 && polls < allowed ? polls : -1, allowed);
  return allowed;
}

describe('spin limit', () => {
  it('uses a plain budget as it is, whatever the waits did', () => {
    fc.assert(
      fc.property(fc.nat(100_000_000), fc.array(fc.integer({ min: -1, max: 60_000 })), (budget, waits) => {
        const s = clocked();
        s.spin.set(budget);
        for (const polls of waits) expect(wait(s, polls)).toBe(budget);
        expect(s.spin.current()).toBe(budget);
      }),
    );
  });

  it('adapts within [floor, budget], starting at FIRST_LIMIT', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000_000 }), fc.array(fc.integer({ min: -1, max: 200_000 })), (budget, waits) => {
        const s = clocked();
        s.spin.set(-budget);
        expect(s.spin.next()).toBe(Math.min(FIRST_LIMIT, budget));
        for (const polls of waits) {
          const allowed = wait(s, polls);
          expect(allowed).toBeGreaterThanOrEqual(Math.min(MIN_LIMIT, budget));
          expect(allowed).toBeLessThanOrEqual(budget);
          expect(s.spin.current()).toBeLessThanOrEqual(budget);
        }
      }),
    );
  });

  it('halves on a miss and doubles on a catch', () => {
    const s = clocked();
    s.spin.set(-50_000);
    wait(s, -1);
    expect(s.spin.current()).toBe(FIRST_LIMIT / 2);
    wait(s, 10);
    expect(s.spin.current()).toBe(FIRST_LIMIT);
    wait(s, -1);
    expect(s.spin.current()).toBe(FIRST_LIMIT / 2);
    for (let k = 0; k < 10; k++) wait(s, 10);
    expect(s.spin.current()).toBe(50_000); // never past the budget
  });

  it('probes at the floor every PROBE_EVERY-th wait, and a caught probe leaves the floor', () => {
    const s = clocked();
    s.spin.set(-50_000);
    const allowed: number[] = [];
    for (let k = 0; k < 6 + 3 * PROBE_EVERY; k++) allowed.push(wait(s, -1)); // every wait misses
    const atFloor = allowed.slice(6);
    expect(atFloor.filter((a) => a === FIRST_LIMIT)).toHaveLength(3);
    expect(atFloor.filter((a) => a === MIN_LIMIT)).toHaveLength(3 * PROBE_EVERY - 3);
    // A convoy: each wait is for a thread just woken from a futex (~15 µs = 2,500 polls).
    let probes = 0;
    while (wait(s, 2500) !== FIRST_LIMIT) probes++;
    expect(probes).toBeLessThan(PROBE_EVERY);
    expect(s.spin.current()).toBe(2 * FIRST_LIMIT);
    expect(wait(s, 2500)).toBe(2 * FIRST_LIMIT); // caught by spinning from now on
  });

  it('starts over at FIRST_LIMIT each time the machine becomes short again', () => {
    const s = clocked();
    s.spin.set(-50_000);
    for (let k = 0; k < 8; k++) wait(s, -1);
    s.spin.set(-50_000); // still short: keeps what it learnt
    expect(s.spin.current()).toBe(MIN_LIMIT);
    s.spin.set(50_000);
    expect(s.spin.next()).toBe(50_000);
    s.spin.set(-50_000);
    expect(s.spin.current()).toBe(FIRST_LIMIT);
  });
});
