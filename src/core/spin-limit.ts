/**
 * How long a thread spins on a wait inside a region (barrier, ordered turn,
 * lock) before it sleeps. One per thread, kept across regions; each region's
 * dispatcher sets the budget (D_REGION_SPINS).
 *
 * A budget of n polls is used as it is. While the machine is short of cores
 * the dispatcher sends -n, and waits adapt within n, as HotSpot's monitors
 * spin: the limit starts at about one futex round trip of polls, halves when
 * a spin runs out, and doubles when a spin catches the word it waits for.
 *
 * Why adapt: waits that keep spinning out mean the thread waited for is off
 * its core, or on this one (Linux may place a thread woken by a futex beside
 * its waker), and then every poll only delays it. Beside one busy process,
 * EPCC's ORDERED cost 270 µs a turn when each wait spun 50,000 polls out,
 * and 0.4 µs in the runs where it did not (the first design in
 * bench/results/issue-24-region-spin.txt). Why not simply throttle, as the
 * dispatch waits do: a thread woken from a futex takes ~10-20 µs to run again, so once one wait sleeps, the next
 * thread to wait is waiting for a sleeper, spins out after 100 polls and
 * sleeps too, and the team stays in that convoy however idle the machine
 * becomes (12-28 µs a barrier or turn against 0.4;
 * bench/results/issue-24-region-spin.txt). So at the floor, every
 * PROBE_EVERY-th wait spins FIRST_LIMIT polls, which outlasts a wake-up.
 */

import { math } from '../intrinsics.js';

/** Where adapting starts: about one futex round trip (~23 µs) of polls (5.4-6.5 ns each here: see below). */
export const FIRST_LIMIT = 4000;
/** The adaptive limit's floor. */
export const MIN_LIMIT = 100;
/** At the floor, one wait in this many spins FIRST_LIMIT polls. */
export const PROBE_EVERY = 16;

export class SpinLimit {
  /** The region's budget: no wait spins longer. */
  private budget = 0;
  private adaptive = false;
  private limit = FIRST_LIMIT;
  /** Waits since the limit last left its floor. */
  private atFloor = 0;

  /** This region's budget: polls, or their negative to adapt within them (see above). */
  set(budget: number): void {
    if (budget >= 0) {
      this.budget = budget;
      this.adaptive = false;
    } else {
      this.budget = -budget;
      // Starting over each time the machine becomes short again: what was learnt before is stale.
      if (!this.adaptive) {
        this.limit = FIRST_LIMIT;
        this.atFloor = 0;
      }
      this.adaptive = true;
    }
  }

  /** What a wait that gets no feedback may spin (a lock, a task thread's idle poll). */
  current(): number {
    return this.adaptive && this.limit < this.budget ? this.limit : this.budget;
  }

  /** The polls for the next barrier or ordered wait (a probe, every PROBE_EVERY-th at the floor). */
  next(): number {
    if (!this.adaptive) return this.budget;
    let l = this.limit;
    if (l <= MIN_LIMIT && ++this.atFloor % PROBE_EVERY === 0) l = FIRST_LIMIT;
    return math.min(l, this.budget);
  }

  /**
   * A wait allowed `allowed` polls has spun: the word moved after `polls`
   * polls, or the spin ran out (-1). There is no clock here: performance.now()
   * allocates its result on Node 20, and these waits allocate nothing
   * (test/allocation.test.ts). So a catch made only because the kernel ran
   * the awaited thread on this core mid-spin counts as a catch too. (A clock
   * that discounted those did better beside a busy process, in an earlier run
   * of bench/results/issue-24-region-spin.txt, and made every adaptive wait
   * allocate 32 bytes.)
   */
  spun(polls: number, allowed: number): void {
    if (!this.adaptive) return;
    if (polls >= 0) {
      const l = math.max(allowed, this.limit);
      this.limit = l < this.budget ? l * 2 : l;
      this.atFloor = 0;
    } else if (this.limit > MIN_LIMIT) {
      this.limit = math.max(this.limit >> 1, MIN_LIMIT);
    }
  }
}
