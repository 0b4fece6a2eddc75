/** The default team and the top-level loop functions that use it. */
import { describe } from '../data/typed.js';
import { Team, type LoopBody } from './team.js';
import type { LoopOptions } from './validate.js';

let defaultTeam: Team | undefined;

/** The default team, created on first use (sized by PARFOR_NUM_THREADS, OMP_NUM_THREADS or the CPU count). */
export function getDefaultTeam(): Team {
  if (defaultTeam === undefined || defaultTeam.closed) defaultTeam = new Team();
  return defaultTeam;
}

function teamOf(fn: string, options: unknown): Team {
  if (typeof options === 'object' && options !== null && 'team' in options) {
    const t = (options as { team?: unknown }).team;
    if (t !== undefined) {
      if (!(t instanceof Team)) throw new TypeError(`Cannot run ${fn} as 'team' must be a Team from createTeam(): received ${describe(t)}`);
      return t;
    }
  }
  return getDefaultTeam();
}

/**
 * Run `body(i, shared, ctx)` once for every integer i in [start, end), in
 * parallel on a team of worker threads (the default team unless `team` is
 * given). `options` may be a schedule name as a shorthand.
 *
 * @example
 * ```ts
 * const M = new SharedMatrix(n, n);
 * await parallelFor(0, n, (i, { M, n }) => {
 *   for (let j = 0; j < n; j++) M.data[i * n + j] = i * i + j * j;
 * }, { shared: { M, n }, schedule: 'dynamic', chunk: 16 });
 * ```
 */
export function parallelFor<S extends Record<string, unknown>>(
  start: number, end: number, body: LoopBody<S> | unknown, options?: (LoopOptions & { shared?: S }) | LoopOptions['schedule'],
): Promise<void> {
  try {
    return teamOf('parallelFor', options).parallelFor(start, end, body, options);
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * Run the loop with the calling thread taking part as thread 0; returns when
 * every iteration has run. Node only.
 *
 * @example
 * ```ts
 * const out = sharedArray(Float64Array, n);
 * parallelForSync(0, n, (i, { out }) => { out[i] = Math.sqrt(i); }, { shared: { out } });
 * ```
 */
export function parallelForSync<S extends Record<string, unknown>>(
  start: number, end: number, body: LoopBody<S> | unknown, options?: (LoopOptions & { shared?: S }) | LoopOptions['schedule'],
): void {
  teamOf('parallelForSync', options).parallelForSync(start, end, body, options);
}

/** Close the default team (a later loop creates a new one). */
export async function shutdown(): Promise<void> {
  const t = defaultTeam;
  defaultTeam = undefined;
  if (t !== undefined) await t.close();
}
