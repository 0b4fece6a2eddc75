/**
 * Defaults, resolved in one place. This is the only module that reads
 * environment variables:
 * - PARFOR_NUM_THREADS, else OMP_NUM_THREADS (first value of a list), else
 *   os.availableParallelism(): the default team's size;
 * - OMP_SCHEDULE: what `schedule: 'runtime'` means (unset: dynamic,1 as libgomp);
 * - PARFOR_WAIT_POLICY, else OMP_WAIT_POLICY (ACTIVE → 'spin', PASSIVE → 'block'):
 *   the default wait policy.
 */
// The browser build replaces this module with platform/browser.js (scripts/build.mjs).
import { isSafeInteger, math, toNumber } from '../intrinsics.js';
import { platform as current } from '../platform/node.js';
import type { Platform } from '../platform/types.js';
import { parseScheduleText, type RuntimeSpec } from '../schedule/resolve.js';
import { WAIT_POLICIES, type WaitPolicy } from '../team/dispatch/policy.js';

export const platform: Platform = current;

export function defaultThreadCount(): number {
  for (const name of ['PARFOR_NUM_THREADS', 'OMP_NUM_THREADS']) {
    const raw = platform.env(name);
    if (raw === undefined || raw.trim() === '') continue;
    const first = raw.split(',')[0]!.trim();
    const n = toNumber(first);
    if (!/^\d+$/.test(first) || !isSafeInteger(n) || n < 1) {
      throw new RangeError(`Cannot size the default team from ${name} as it must be a positive integer: received ${JSON.stringify(raw)}`);
    }
    return n;
  }
  return math.max(1, platform.availableParallelism());
}

let runtimeCache: { raw: string | undefined; spec: ReturnType<typeof parseScheduleText> | undefined } | undefined;

/** The schedule `runtime` stands for, from OMP_SCHEDULE (undefined when unset). */
export function runtimeSchedule(): RuntimeSpec | undefined {
  const raw = platform.env('OMP_SCHEDULE');
  if (runtimeCache === undefined || runtimeCache.raw !== raw) {
    const spec = raw === undefined || raw.trim() === '' ? undefined : parseScheduleText(raw, 'OMP_SCHEDULE');
    runtimeCache = { raw, spec };
  }
  return runtimeCache.spec;
}

export function defaultWaitPolicy(): WaitPolicy {
  const own = platform.env('PARFOR_WAIT_POLICY');
  if (own !== undefined && own !== '') {
    const p = own.toLowerCase();
    if (!(WAIT_POLICIES as readonly string[]).includes(p)) {
      throw new RangeError(
        `Cannot use PARFOR_WAIT_POLICY as it must be one of ${WAIT_POLICIES.join(', ')}: received ${JSON.stringify(own)}`,
      );
    }
    return p as WaitPolicy;
  }
  const omp = platform.env('OMP_WAIT_POLICY')?.toUpperCase();
  return omp === 'ACTIVE' ? 'spin' : omp === 'PASSIVE' ? 'block' : 'auto';
}
