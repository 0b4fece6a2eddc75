/** The default team and the top-level loop functions that use it. */

import { describe } from '../describe.js';
import { KIND_IDS, KINDS } from '../kinds/table.js';
import { optionsOf } from './call.js';
import type { LoopFunctions, Sections, Shared, TaskOptions } from './signatures.js';
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
/** A team's own loop method: the team may come from another copy of parfor, whose methods reach its private engine. */
type Method = (a0: unknown, a1: unknown, a2: unknown, a3: unknown) => unknown;
const method = (t: Team, name: string) => (t as unknown as Record<string, Method>)[name]!;
const functions = {} as Record<string, Method>;
for (const id of KIND_IDS) {
  const { fn } = KINDS[id];
  const sync = `${fn}Sync`;
  functions[fn] = named(fn, (a0, a1, a2, a3) => {
    let t: Team;
    try {
      t = teamOf(fn, optionsOf(id, a0, a1, a2, a3));
    } catch (e) {
      return Promise.reject(e);
    }
    return method(t, fn).call(t, a0, a1, a2, a3);
  });
  functions[sync] = named(sync, (a0, a1, a2, a3) => {
    const t = teamOf(sync, optionsOf(id, a0, a1, a2, a3));
    return method(t, sync).call(t, a0, a1, a2, a3);
  });
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
  parallelForEach,
  parallelForEachSync,
  parallelTasks,
  parallelTasksSync,
  parallelFind,
  parallelFindSync,
  parallelAny,
  parallelAnySync,
  parallelAll,
  parallelAllSync,
} = loops;

/**
 * OpenMP's `sections` (TBB's `parallel_invoke`) on `options.team` or the
 * default team: each function of `sections` runs once, as a task any thread
 * may run (Team.parallelSections).
 */
export function parallelSections<S extends Shared>(sections: Sections<S>, options?: TaskOptions<S>): Promise<void> {
  let t: Team;
  try {
    t = teamOf('parallelSections', options);
  } catch (e) {
    return Promise.reject(e);
  }
  return method(t, 'parallelSections').call(t, sections, options, undefined, undefined) as Promise<void>;
}

/** parallelSections with the calling thread taking part as thread 0. */
export function parallelSectionsSync<S extends Shared>(sections: Sections<S>, options?: TaskOptions<S>): void {
  const t = teamOf('parallelSectionsSync', options);
  method(t, 'parallelSectionsSync').call(t, sections, options, undefined, undefined);
}

function named<F extends (...args: never[]) => unknown>(name: string, f: F): F {
  return Object.defineProperty(f, 'name', { value: name });
}

/** Close the default team (a later loop creates a new one). */
export async function shutdown(): Promise<void> {
  const t = slot[DEFAULT_TEAM];
  slot[DEFAULT_TEAM] = undefined;
  if (t !== undefined) await t.close();
}
