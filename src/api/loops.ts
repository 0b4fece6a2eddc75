/** The default team and the top-level loop functions that use it. */

import { describe } from '../describe.js';
import { KIND_IDS, KINDS } from '../kinds/table.js';
import type { LoopFunctions } from './signatures.js';
import { Team } from './team.js';

/**
 * Where the default team lives: on the global object under a registered
 * symbol, so every copy of parfor in the process (ESM and CJS builds, two
 * versions) shares one default team instead of each starting its own.
 */
const DEFAULT_TEAM = Symbol.for('parfor.defaultTeam');
const slot = globalThis as unknown as Record<symbol, Team | undefined>;

/** The default team, created on first use (sized by PARFOR_NUM_THREADS, OMP_NUM_THREADS or the CPU count). */
export function getDefaultTeam(): Team {
  const t = slot[DEFAULT_TEAM];
  if (t !== undefined && !t.closed) return t;
  const created = new Team();
  Object.defineProperty(globalThis, DEFAULT_TEAM, { value: created, configurable: true, writable: true, enumerable: false });
  return created;
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
 * The top-level loop functions: each runs on `options.team` or the default
 * team, with the signature and docs of LoopFunctions (api/signatures.ts).
 * Built from kinds/table.ts, like Team's methods.
 */
const functions = {} as Record<string, (...args: unknown[]) => unknown>;
for (const id of KIND_IDS) {
  const { fn, space } = KINDS[id];
  const at = space === 'threads' ? 1 : 3; // where the options argument is
  functions[fn] = named(fn, (...args) =>
    viaTeam(fn, args[at], (t) => (t[fn as 'parallel'] as (...a: unknown[]) => Promise<unknown>)(...args)),
  );
  const sync = `${fn}Sync`;
  functions[sync] = named(sync, (...args) => (teamOf(sync, args[at])[sync as 'parallelSync'] as (...a: unknown[]) => unknown)(...args));
}
const loops = functions as unknown as LoopFunctions;

export const {
  parallelFor,
  parallelForSync,
  parallelForRange,
  parallelForRangeSync,
  parallelReduce,
  parallelReduceSync,
  parallelMap,
  parallelMapSync,
  parallelScan,
  parallelScanSync,
  parallelFor2D,
  parallelFor2DSync,
  parallel,
  parallelSync,
} = loops;

function named<F extends (...args: never[]) => unknown>(name: string, f: F): F {
  return Object.defineProperty(f, 'name', { value: name });
}

function viaTeam<T>(fn: string, options: unknown, run: (t: Team) => Promise<T>): Promise<T> {
  try {
    return run(teamOf(fn, options));
  } catch (e) {
    return Promise.reject(e);
  }
}

/** Close the default team (a later loop creates a new one). */
export async function shutdown(): Promise<void> {
  const t = slot[DEFAULT_TEAM];
  slot[DEFAULT_TEAM] = undefined;
  if (t !== undefined) await t.close();
}
