/**
 * Defaults, resolved in one place. This is the only module that reads
 * environment variables:
 * - PARFOR_NUM_THREADS, else OMP_NUM_THREADS (first value of a list), else
 *   os.availableParallelism(): the default team's size;
 * - OMP_SCHEDULE: what `schedule: 'runtime'` (and a region's ctx.loop(…, 'runtime'))
 *   means, read once, the first time a call needs it, as libgomp reads it at
 *   start-up (unset: dynamic,1 as libgomp);
 * - PARFOR_WAIT_POLICY, else OMP_WAIT_POLICY (ACTIVE → 'spin', PASSIVE → 'block'):
 *   the default wait policy;
 * - PARFOR_WAKE (auto, each, together): how a team's sleeping workers are woken
 *   (docs/waiting.md), read when a team is created.
 */
// The browser build replaces this module with platform/browser.js (scripts/build.mjs).
import { isSafeInteger, math, toNumber } from '../intrinsics.js';
import { platform as current } from '../platform/node.js';
import type { Platform } from '../platform/types.js';
import { parseRuntime, type RuntimeSpec } from '../schedule/parse.js';
import { WAIT_POLICIES, WAKES, type WaitPolicy, type Wake } from '../team/dispatch/engine.js';

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

/** OMP_SCHEDULE as read (`read` false until then): a process reads it once. */
let runtime: { read: boolean; spec: RuntimeSpec | undefined } = { read: false, spec: undefined };

/**
 * The schedule `runtime` stands for, from OMP_SCHEDULE (undefined when unset),
 * read the first time a call needs it and kept: a read costs ~130 ns in Node,
 * too much for every parallel region. A value that does not parse is a
 * RangeError for every call that needs it.
 */
export function runtimeSchedule(): RuntimeSpec | undefined {
  if (!runtime.read) runtime = { read: true, spec: parseRuntime(platform.env('OMP_SCHEDULE')) };
  return runtime.spec;
}

/**
 * The value of environment variable `name`, one of `choices` (any case), or
 * undefined when it is unset or empty. Anything else is a RangeError naming it.
 */
function envChoice<T extends string>(name: string, choices: readonly T[]): T | undefined {
  const raw = platform.env(name);
  if (raw === undefined || raw === '') return undefined;
  const value = raw.toLowerCase();
  if (!(choices as readonly string[]).includes(value)) {
    throw new RangeError(`Cannot use ${name} as it must be one of ${choices.join(', ')}: received ${JSON.stringify(raw)}`);
  }
  return value as T;
}

export function defaultWaitPolicy(): WaitPolicy {
  const own = envChoice('PARFOR_WAIT_POLICY', WAIT_POLICIES);
  if (own !== undefined) return own;
  const omp = platform.env('OMP_WAIT_POLICY')?.toUpperCase();
  return omp === 'ACTIVE' ? 'spin' : omp === 'PASSIVE' ? 'block' : 'auto';
}

/** PARFOR_WAKE, for a team being created: 'auto' when unset or empty. */
export function defaultWake(): Wake {
  return envChoice('PARFOR_WAKE', WAKES) ?? 'auto';
}
