// Random interleavings of the calls one team can receive (docs/concurrency.md):
// async loops, sync loops, aborts, timeouts, throwing bodies, dying workers and
// close(). Checked for every interleaving: each call settles within a bound,
// no iteration runs twice, a loop that resolved ran every iteration once, a
// rejection has the error its fault calls for, and the next loop is correct.
// 100 interleavings in `npm test` (and a quarter as many with PARFOR_WAKE=together); INTERLEAVINGS=1000
// in `npm run test:stress`.
import fc from 'fast-check';
import { createTeam, LoopBodyError, sharedArray, type Team, TeamClosedError, TimeoutError, WorkerExitError } from 'parfor';
import { describe, it } from 'vitest';
import { settlesWithin } from './helpers.js';

const RUNS = Number(process.env.INTERLEAVINGS ?? 100);
/** No call may take longer than this to settle (a hang detector; loops here take milliseconds). */
const SETTLE_MS = 10_000;
const N = 64;

type Fault = 'none' | 'throw' | 'hang' | 'exit';
type Op =
  | { op: 'async'; fault: Fault; schedule: string; abortable: boolean }
  | { op: 'sync'; fault: Exclude<Fault, 'exit'>; schedule: string }
  | { op: 'abort' }
  | { op: 'yield' }
  | { op: 'close' };

const schedule = fc.constantFrom('static', 'dynamic', 'dynamic,4', 'guided', 'static,8', 'adaptive', 'adaptive,4');
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('async' as const),
      fault: fc.constantFrom<Fault>('none', 'none', 'none', 'throw', 'exit', 'hang'),
      schedule,
      abortable: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('sync' as const),
      fault: fc.constantFrom<Exclude<Fault, 'exit'>>('none', 'none', 'throw', 'hang'),
      schedule,
    }),
  },
  { weight: 2, arbitrary: fc.constant({ op: 'abort' as const }) },
  { weight: 3, arbitrary: fc.constant({ op: 'yield' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'close' as const }) },
);

/**
 * The body every loop runs: count iteration i - start once, and at the chosen
 * iteration throw, hang (only on a worker thread) or end the worker's thread.
 */
function body(
  i: number,
  s: { counts: Int32Array; start: number; fault: number; at: number; sync: boolean },
  ctx: { threadId: number },
): void {
  Atomics.add(s.counts, i - s.start, 1);
  if (i - s.start !== s.at) return;
  if (s.fault === 1) throw new Error(`planned at ${i}`);
  // In a sync loop thread 0 is the caller's own thread: hangs and exits go to workers only.
  const worker = !s.sync || ctx.threadId !== 0;
  if (s.fault === 2 && worker)
    for (;;) {
      /* hang until the timeout terminates this worker */
    }
  if (s.fault === 3 && worker) (globalThis as { process?: { exit(c: number): void } }).process!.exit(3);
}
const FAULT_CODE: Record<Fault, number> = { none: 0, throw: 1, hang: 2, exit: 3 };

interface Outcome {
  what: string;
  loop: boolean;
  counts: Int32Array;
  fault: Fault;
  ok: boolean;
  error: unknown;
  aborted: boolean;
}

/** What a failed loop may reject with, given its planned fault and whether it was aborted or closed. */
function acceptable(o: Outcome, reason: unknown): boolean {
  const e = o.error;
  if (o.aborted && e === reason) return true;
  if (o.fault === 'throw') return e instanceof LoopBodyError;
  if (o.fault === 'hang') return e instanceof TimeoutError;
  if (o.fault === 'exit') return e instanceof WorkerExitError;
  return false;
}

async function runInterleaving(ops: Op[], team: { current: Team }): Promise<void> {
  const reason = new Error('aborted by the interleaving');
  const controllers: AbortController[] = [];
  const pending: Array<Promise<Outcome>> = [];
  const sync: Outcome[] = [];
  let k = 0;
  for (const o of ops) {
    const t = team.current;
    const counts = sharedArray(Int32Array, N);
    const what = `#${k++} ${JSON.stringify(o)}`;
    if (o.op === 'async') {
      const fault = FAULT_CODE[o.fault];
      const ac = o.abortable ? new AbortController() : undefined;
      if (ac) controllers.push(ac);
      const shared = { counts, start: 1000, fault, at: 37, sync: false };
      const p = t.parallelFor(1000, 1000 + N, body, {
        shared,
        schedule: o.schedule as 'static',
        timeout: o.fault === 'hang' ? 100 : undefined,
        signal: ac?.signal,
      });
      pending.push(
        settlesWithin(p, SETTLE_MS, what).then(
          () => ({ what, loop: true, counts, fault: o.fault, ok: true, error: undefined, aborted: ac?.signal.aborted ?? false }),
          (error) => ({ what, loop: true, counts, fault: o.fault, ok: false, error, aborted: ac?.signal.aborted ?? false }),
        ),
      );
    } else if (o.op === 'sync') {
      // The hang is placed where a worker runs it (thread 0 cannot be interrupted: docs/concurrency.md).
      const shared = { counts, start: 0, fault: FAULT_CODE[o.fault], at: o.fault === 'hang' ? N - 1 : 37, sync: true };
      const out: Outcome = { what, loop: true, counts, fault: o.fault, ok: true, error: undefined, aborted: false };
      try {
        t.parallelForSync(0, N, body, {
          shared,
          schedule: (o.fault === 'hang' ? 'static' : o.schedule) as 'static',
          timeout: o.fault === 'hang' ? 100 : undefined,
        });
      } catch (e) {
        out.ok = false;
        out.error = e;
      }
      sync.push(out);
    } else if (o.op === 'abort') {
      controllers.shift()?.abort(reason);
    } else if (o.op === 'yield') {
      await new Promise((r) => setImmediate(r));
    } else {
      pending.push(
        settlesWithin(t.close(), SETTLE_MS, `${what} close()`).then(
          () => ({ what, loop: false, counts, fault: 'none' as Fault, ok: true, error: undefined, aborted: false }),
          (error) => ({ what, loop: false, counts, fault: 'none' as Fault, ok: false, error, aborted: false }),
        ),
      );
      // A call after close() is refused at once, with TeamClosedError.
      const late = await t
        .parallelFor(0, 1, () => {})
        .then(
          () => null,
          (e) => e,
        );
      if (!(late instanceof TeamClosedError)) throw new Error(`${what}: a loop after close() gave ${String(late)}`);
      team.current = createTeam({ threads: 2 });
    }
  }
  const outcomes = [...sync, ...(await Promise.all(pending))];
  for (const o of outcomes) {
    if (!o.loop) {
      if (!o.ok) throw new Error(`${o.what}: close() rejected with ${String(o.error)}`);
      continue;
    }
    for (let i = 0; i < N; i++) {
      if (o.counts[i]! > 1) throw new Error(`${o.what}: iteration ${i} ran ${o.counts[i]} times`);
      if (o.ok && o.counts[i] !== 1) throw new Error(`${o.what}: resolved but iteration ${i} ran ${o.counts[i]} times`);
    }
    // Every planned fault sits where it fires (hang and exit on a worker thread), so a loop that has one cannot resolve.
    if (o.ok && o.fault !== 'none') throw new Error(`${o.what}: resolved although its iteration 37 was planned to fail`);
    if (!o.ok && !acceptable(o, reason)) throw new Error(`${o.what}: rejected with ${String(o.error)}`);
  }
  // The team is still usable.
  const check = sharedArray(Int32Array, N);
  await settlesWithin(
    team.current.parallelFor(
      0,
      N,
      (i: number, { check }: { check: Int32Array }) => {
        check[i] = i + 1;
      },
      { shared: { check }, schedule: 'dynamic' },
    ),
    SETTLE_MS,
    'the check loop',
  );
  for (let i = 0; i < N; i++) if (check[i] !== i + 1) throw new Error(`the check loop after the interleaving missed iteration ${i}`);
  team.current.parallelForSync(
    0,
    N,
    (i: number, { check }: { check: Int32Array }) => {
      check[i] = -1;
    },
    { shared: { check } },
  );
  if (!check.every((v) => v === -1)) throw new Error('the sync check loop after the interleaving was wrong');
}

/** Run `runs` random interleavings on one team (recreated after each close()). */
async function interleavings(runs: number): Promise<void> {
  const team = { current: createTeam({ threads: 2 }) };
  await team.current.ready();
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), (ops) => runInterleaving(ops, team)),
      {
        numRuns: runs,
        ...(process.env.INTERLEAVINGS_SEED ? { seed: Number(process.env.INTERLEAVINGS_SEED), path: process.env.INTERLEAVINGS_PATH } : {}),
        // The seed and path are printed on failure by fast-check; this names the suite too.
        reporter: (r) => {
          if (r.failed) {
            throw new Error(
              `interleavings failed (seed ${r.seed}, path ${r.counterexamplePath}): ${String(r.errorInstance)}\n${fc.defaultReportMessage(r)}`,
            );
          }
        },
      },
    );
  } finally {
    await team.current.close();
  }
}

describe('random interleavings on one team', () => {
  it(`${RUNS} interleavings: every call settles, nothing runs twice, resolved loops ran every iteration, the team still works`, async () => {
    await interleavings(RUNS);
  }, 600_000);

  // The same with the other way of waking sleeping workers (core/README.md, D4), which a team of 2
  // on this many cores would not choose by itself: PARFOR_WAKE is read as each team is created.
  const together = Math.ceil(RUNS / 4);
  it(`${together} interleavings with PARFOR_WAKE=together (one notify wakes every sleeping worker)`, async () => {
    process.env.PARFOR_WAKE = 'together';
    try {
      await interleavings(together);
    } finally {
      delete process.env.PARFOR_WAKE;
    }
  }, 600_000);
});
