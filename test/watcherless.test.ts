// On Node a team needs no watcher thread for its synchronous loops: a calling thread blocked in one
// asks the workers' handles between its sleeps whether their threads have ended (WorkerSet.sweep,
// WorkerLike.gone). These tests check that a team of T threads is T OS threads through ready() and its first sync
// loops (with a watcher it was T + 1), and
// that a worker ending while the caller waits in the join, at a barrier or under a heap limit is still
// reported, with the team usable afterwards. Bun and Deno keep the watcher (test/runtimes.test.ts).
import { existsSync, readdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { WorkerExitError } from 'parfor';
import { describe, expect, it } from 'vitest';
import { team } from './helpers.js';

const linux = existsSync('/proc/self/task');
/** The process's OS threads (Linux): each worker is one; a watcher would be one more. */
const osThreads = () => readdirSync('/proc/self/task').length;

function sumSync(tm: ReturnType<typeof team>, n: number): number {
  return tm.parallelReduceSync(0, n, (i: number) => i);
}

describe('sync loops without a watcher thread (Node)', () => {
  it.skipIf(!linux)('a team of T threads is T threads, through ready() and its first sync loops', async () => {
    await stat('.'); // libuv's thread pool started before counting (it starts with its first use)
    for (const threads of [1, 2, 3]) {
      const before = osThreads();
      const tm = team({ threads });
      await tm.ready();
      expect(osThreads() - before, 'after ready()').toBe(threads);
      expect(sumSync(tm, 1000)).toBe(499_500);
      tm.parallelForSync(0, 10, () => {});
      expect(osThreads() - before, 'after two sync loops').toBe(threads);
      await tm.close();
    }
  });

  /** Runs `call` on a fresh team of `threads`; expects a WorkerExitError with `code`, then a correct loop. */
  async function expectExit(threads: number, code: number, call: (tm: ReturnType<typeof team>) => void): Promise<void> {
    const tm = team({ threads });
    await tm.ready();
    let err: any;
    try {
      call(tm);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WorkerExitError);
    expect(err.exitCode).toBe(code);
    expect(sumSync(tm, 10_000)).toBe(49_995_000);
    await tm.close();
  }

  // The last thread exits: on a team of 8 the caller waits for six more threads besides it.
  it.each([2, 3, 8])(
    'a worker that exits while the caller waits in the join is reported with its exit code (team of %i)',
    async (threads) => {
      await expectExit(threads, 9, (tm) =>
        // Thread 0's one iteration ends at once and it waits for the others, one of which exits.
        tm.parallelForSync(
          0,
          threads,
          (_i: number, s: any, ctx: any) => {
            if (ctx.threadId === s.last) process.exit(9);
          },
          { schedule: 'static', shared: { last: threads - 1 } },
        ),
      );
    },
  );

  it.each([2, 3, 8])('a worker that exits while the caller waits at a barrier is reported (team of %i)', async (threads) => {
    await expectExit(threads, 5, (tm) =>
      tm.parallelSync(
        (ctx: any, s: any) => {
          if (ctx.threadId === s.last) process.exit(5);
          ctx.barrier(); // the others wait here for a thread that never comes
        },
        { shared: { last: threads - 1 } },
      ),
    );
  });

  it('a worker that runs out of heap in a sync loop is reported', async () => {
    const tm = team({ threads: 2, resourceLimits: { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 } });
    await tm.ready();
    let err: any;
    try {
      tm.parallelForSync(
        0,
        2,
        (_i: number, _s: unknown, ctx: any) => {
          if (ctx.threadId !== 1) return;
          const hold: number[][] = [];
          for (;;) hold.push(new Array(100_000).fill(1.5));
        },
        { schedule: 'static' },
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WorkerExitError);
    expect(sumSync(tm, 10_000)).toBe(49_995_000);
  }, 60_000);
});
