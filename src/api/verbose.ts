/**
 * verbose and onProgress: joblib-style lines on stderr and a progress
 * callback, fed from the per-thread counters in shared memory (no message per
 * chunk). Progress lines need an event loop, so synchronous loops print their
 * first and last lines only.
 */

import { RECORD_PROGRESS } from '../core/layout.js';
import { messageOf } from '../describe.js';
import { math, now } from '../intrinsics.js';
import { type Plan, planLabel, planPieces } from '../schedule/registry.js';
import { type Observer, QUIET } from '../team/dispatch/engine.js';

/** The observer of a call of `fn` over `total` iterations: nothing, or joblib-style lines and/or onProgress calls. */
export function reporter(
  fn: string,
  total: number,
  verbose: number,
  onProgress: ((done: number, total: number) => void) | undefined,
): Observer {
  // The quiet case returns before any closure exists: a function that makes closures allocates
  // their shared scope on entry, and most loops ask for no reports.
  return verbose === 0 && onProgress === undefined ? QUIET : reporting(fn, total, verbose, onProgress);
}

function reporting(fn: string, total: number, verbose: number, onProgress: ((done: number, total: number) => void) | undefined): Observer {
  let t0 = 0;
  let lastDecile = 0;
  const say = (line: string) => console.error(`[parfor] ${line}`);
  const secs = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
  const line = (done: number) => {
    const elapsed = now() - t0;
    const remaining = done > 0 && done < total ? ` remaining: ${secs((elapsed * (total - done)) / done)}` : '';
    return `Done ${done} of ${total} iterations | elapsed: ${secs(elapsed)}${remaining}`;
  };
  const wantsTicks = verbose >= 5 || onProgress !== undefined;
  return {
    flags: wantsTicks ? RECORD_PROGRESS : 0,
    tick: wantsTicks
      ? (done) => {
          onProgress?.(done, total);
          const decile = math.floor((10 * done) / math.max(1, total));
          // verbose 5-9: a line per tenth of the loop; 10 and above: every reading. The last line is end()'s.
          if (done < total && (verbose >= 10 || (verbose >= 5 && decile > lastDecile))) say(line(done));
          lastDecile = math.max(lastDecile, decile);
        }
      : undefined,
    begin(plan: Plan) {
      t0 = now();
      if (verbose > 0) {
        say(`${fn}: ${plan.threads} threads, schedule ${planLabel(plan)}, ${total} iterations in ${planPieces(plan)}`);
      }
    },
    done() {
      onProgress?.(total, total);
      if (verbose > 0) say(line(total));
    },
    failed(error) {
      if (verbose > 0) say(`Failed after ${secs(now() - t0)}: ${messageOf(error)}`);
    },
  };
}
