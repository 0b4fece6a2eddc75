/**
 * A three-state futex mutex on one int32 word: 0 free, 1 held, 2 held with
 * waiters (Drepper's "mutex 2"). A locker tries a compare-exchange `spins`
 * times, then marks the word 2 and sleeps on it in slices of `sliceMs`,
 * calling `beforeSleep` before each slice (where a region's lock looks at STOP
 * and at its deadline). An unlock that finds 2 stores 0 and wakes one sleeper.
 * Used by a region's critical (region-sync.ts) and by each adaptive range
 * (ranges.ts).
 */
import { atomics } from '../intrinsics.js';

export function lockWord(i32: Int32Array, at: number, spins: number, sliceMs: number, beforeSleep?: () => void): void {
  let c = atomics.compareExchange(i32, at, 0, 1);
  for (let k = 0; c !== 0 && k < spins; k++) c = atomics.compareExchange(i32, at, 0, 1);
  if (c === 0) return;
  if (c !== 2) c = atomics.exchange(i32, at, 2);
  while (c !== 0) {
    beforeSleep?.();
    atomics.wait(i32, at, 2, sliceMs);
    c = atomics.exchange(i32, at, 2);
  }
}

export function unlockWord(i32: Int32Array, at: number): void {
  if (atomics.sub(i32, at, 1) !== 1) {
    atomics.store(i32, at, 0);
    atomics.notify(i32, at, 1);
  }
}
