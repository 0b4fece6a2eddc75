/**
 * `auto` learns what a body's iterations cost, as joblib's auto-batching
 * learns what its batches cost: each finished `auto` loop records its thread
 * time per iteration on the body's registration, and the body's next `auto`
 * loop sizes its chunks from it (schedule/resolve.ts, autoChunk). Only loops
 * that resolve to `auto` are timed, so other loops pay nothing.
 */
import type { Plan } from '../../schedule/registry.js';
import type { RegisteredBody } from './registry.js';

/** The weight of the newest loop in the running estimate (joblib smooths its batch durations the same way). */
const NEWEST = 0.2;

/**
 * Record that `plan` ran in `ms` (dispatch to result). The estimate is thread
 * time per iteration, so it includes the loop's fixed cost: for a tiny loop it
 * is too high, which only moves `auto` towards more chunks within its bounds.
 */
export function learnCost(reg: RegisteredBody, plan: Plan, ms: number): void {
  if (plan.n < 2 * plan.threads || !(ms >= 0)) return;
  const sample = (ms * 1e6 * plan.threads) / plan.n;
  reg.iterNs = reg.iterNs === undefined ? sample : (1 - NEWEST) * reg.iterNs + NEWEST * sample;
}
