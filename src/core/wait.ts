/**
 * Waiting for a word to change without blocking the thread: `Atomics.waitAsync`
 * where the platform has it. Where it does not (Firefox ESR 140), poll: a few
 * turns of a message channel, then timers that back off to 4 ms. That costs
 * latency, not correctness. Callers re-check the word, so an early return is
 * harmless.
 */
import { atomics, math } from '../intrinsics.js';

/** Outcome of a bounded wait. */
export type WaitResult = 'ok' | 'timed-out';

/** Resolve once `i32[index]` may have changed from `value`; undefined when it already has. */
export function waitChange(i32: Int32Array, index: number, value: number): Promise<unknown> | undefined {
  const waitAsync = atomics.waitAsync;
  if (waitAsync !== undefined) {
    const r = waitAsync(i32, index, value);
    return r.async ? r.value : undefined;
  }
  return new Promise((resolve) => {
    let polls = 0;
    const tick = () => {
      if (atomics.load(i32, index) !== value) return resolve(undefined);
      polls++;
      if (polls < 50 && typeof MessageChannel === 'function') yieldTurn(tick);
      else setTimeout(tick, math.min(4, (polls - 50) >> 3));
    };
    tick();
  });
}

/** Run `cb` after the current task, without a timer's clamping (a message to ourselves). */
let turnPort: MessagePort | undefined;
const turnQueue: Array<() => void> = [];
function yieldTurn(cb: () => void): void {
  if (turnPort === undefined) {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => turnQueue.shift()?.();
    turnPort = ch.port2;
    (ch.port1 as unknown as { unref?: () => void }).unref?.();
  }
  turnQueue.push(cb);
  turnPort.postMessage(0);
}
