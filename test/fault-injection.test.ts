// Seeded fault injection: random loops (function, range, schedule, threads, sync/async) where a
// random fraction throw, are aborted, hang past a timeout, lose a worker to process.exit(), or
// run a worker out of memory. Every loop must settle in bounded time with the right error class,
// and the very next loop on the same team must return the correct result. fast-check prints the
// seed of a failing run; FAULT_LOOPS sets the count (npm test: 200; test:stress: 1000).
import fc from 'fast-check';
import { createTeam, type LoopBodyError, sharedArray, type Team, TimeoutError, WorkerExitError } from 'parfor';
import { describe, expect, it } from 'vitest';

const LOOPS = Number(process.env.FAULT_LOOPS ?? 200);
const WATCHDOG_MS = 20_000;

type Fault = 'none' | 'throw' | 'abort' | 'hang' | 'exit' | 'oom';
const faults: Fault[] = ['none', 'none', 'throw', 'abort', 'hang', 'exit', 'oom'];

/** One body for every loop: its behaviour comes from plain values in `shared`. */
const body = (i: number, s: any, ctx: any) => {
  if (i === s.at && (s.sync === 0 || ctx.threadId !== 0)) {
    if (s.fault === 'throw') throw new RangeError(`injected at ${i}`);
    if (s.fault === 'hang')
      for (;;) {
        /* stuck: only a timeout ends this */
      }
    if (s.fault === 'exit') process.exit(9);
    if (s.fault === 'oom') {
      const keep: unknown[] = [];
      for (;;) keep.push(new Array(1e5).fill(i));
    }
  }
  if (s.fault === 'abort') for (let k = 0; k < 2000; k++) s.spin[0] += 0; // long enough to be aborted mid-way
  s.out[i - s.start] = i * 2;
  return i * 2;
};

async function withWatchdog<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const dog = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`watchdog: ${what} did not settle`)), WATCHDOG_MS);
  });
  try {
    return await Promise.race([p, dog]);
  } finally {
    clearTimeout(timer);
  }
}

async function healthy(team: Team): Promise<void> {
  const out = sharedArray(Float64Array, 257);
  await team.parallelFor(
    0,
    257,
    (i: number, { out }: any) => {
      out[i] = i + 0.5;
    },
    { shared: { out }, schedule: 'dynamic', chunk: 3 },
  );
  expect(out.every((v, i) => v === i + 0.5)).toBe(true);
  const sum = team.parallelReduceSync(0, 1000, (i: number) => i);
  expect(sum).toBe(499500);
}

describe('fault injection', () => {
  it(`${LOOPS} random loops settle with the right error and leave the team correct`, async () => {
    const team = createTeam({ threads: 2, resourceLimits: { maxOldGenerationSizeMb: 48 } });
    const seen: Record<string, number> = {};
    let maxSettle = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('parallelFor', 'parallelReduce', 'parallelMap'),
          fc.boolean(),
          fc.integer({ min: -300, max: 300 }),
          fc.integer({ min: 1, max: 400 }),
          fc.constantFrom('static', 'static,5', 'dynamic', 'dynamic,7', 'guided', 'adaptive', 'adaptive,6', 'auto'),
          fc.integer({ min: 1, max: 2 }),
          fc.constantFrom(...faults),
          fc.nat(),
          fc.integer({ min: 0, max: 3 }),
          async (fn, sync, start, n, schedule, threads, fault, atSeed, abortDelay) => {
            const at = start + (atSeed % n);
            const out = sharedArray(Float64Array, n);
            const ac = new AbortController();
            if (fault === 'abort' && sync) ac.abort(new Error('injected abort')); // a blocked caller cannot abort mid-loop
            const shared = { out, start, at, fault, sync: sync ? 1 : 0, spin: sharedArray(Float64Array, 1) };
            const opts: any = { schedule, threads, shared, signal: ac.signal, timeout: fault === 'hang' ? 40 : undefined };
            const call = (): unknown => {
              if (fn === 'parallelFor')
                return sync ? team.parallelForSync(start, start + n, body, opts) : team.parallelFor(start, start + n, body, opts);
              if (fn === 'parallelReduce')
                return sync ? team.parallelReduceSync(start, start + n, body, opts) : team.parallelReduce(start, start + n, body, opts);
              return sync ? team.parallelMapSync(start, start + n, body, opts) : team.parallelMap(start, start + n, body, opts);
            };
            const t0 = performance.now();
            if (fault === 'abort' && !sync) setTimeout(() => ac.abort(new Error('injected abort')), abortDelay);
            let result: unknown;
            let error: unknown;
            try {
              const r = call();
              result = r instanceof Promise ? await withWatchdog(r, `${fn} ${fault}`) : r;
            } catch (e) {
              error = e;
            }
            maxSettle = Math.max(maxSettle, performance.now() - t0);
            const kind = error === undefined ? 'ok' : (error as Error).name;
            seen[`${fault}:${kind}`] = (seen[`${fault}:${kind}`] ?? 0) + 1;
            // A fault on the sync caller's own thread is skipped (it would stop the test itself), so a
            // sync throw, hang, exit or oom may succeed;
            // an async abort may come after the loop finished.
            const expected: Record<Fault, string[]> = {
              none: ['ok'],
              throw: ['LoopBodyError'],
              abort: sync ? ['Error'] : ['ok', 'Error'],
              hang: sync ? ['ok', 'TimeoutError'] : ['TimeoutError'],
              exit: sync ? ['ok', 'WorkerExitError'] : ['WorkerExitError'],
              oom: sync ? ['ok', 'WorkerExitError'] : ['WorkerExitError'],
            };
            if (fault === 'throw' && sync && error === undefined) expected.throw.push('ok');
            expect(
              expected[fault],
              `${fn} ${sync ? 'sync' : 'async'} ${schedule} T=${threads} fault=${fault}: got ${String(error)}`,
            ).toContain(kind);
            if (kind === 'LoopBodyError') expect((error as LoopBodyError).index).toBe(at);
            if (kind === 'TimeoutError') expect(error).toBeInstanceOf(TimeoutError);
            if (kind === 'WorkerExitError') expect(error).toBeInstanceOf(WorkerExitError);
            if (kind === 'ok') {
              const values = fn === 'parallelMap' ? (result as Float64Array) : out;
              for (let k = 0; k < n; k++) if (values[k] !== (start + k) * 2) throw new Error(`wrong value at ${k}`);
              if (fn === 'parallelReduce') expect(result).toBe(n * (2 * start + n - 1));
            }
            await healthy(team);
          },
        ),
        { numRuns: LOOPS },
      );
    } finally {
      console.log(`fault injection: ${LOOPS} loops; outcomes ${JSON.stringify(seen)}; max settle ${maxSettle.toFixed(0)} ms`);
      await team.close();
    }
  }, 600_000);
});
