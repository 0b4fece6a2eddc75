// parallelSections (OpenMP's sections, TBB's parallel_invoke): each function runs once, in
// parallel, on tasks; errors and bad input as for parallelTasks.
import { parallelSections, parallelSectionsSync, sharedArray, TaskError } from 'parfor';
import { afterAll, describe, expect, it } from 'vitest';
import { team } from './helpers.js';

const t = team({ threads: 8 });
afterAll(() => t.close());

describe('parallelSections', () => {
  for (const threads of [1, 3, 8]) {
    for (const sync of [false, true]) {
      it(`${threads} threads, ${sync ? 'sync' : 'async'}: 40 different sections each run exactly once`, async () => {
        const runs = sharedArray(Int32Array, 40);
        const out = sharedArray(Float64Array, 40);
        // Forty distinct functions (sections are different code, not one body over an index).
        const sections = Array.from(
          { length: 40 },
          (_, k) =>
            new Function('ctx', 's', `Atomics.add(s.runs, ${k}, 1); s.out[${k}] = ${k} * ${k} + ctx.numThreads * 0;`) as (
              ctx: unknown,
              s: unknown,
            ) => void,
        );
        const opts = { threads, shared: { runs, out } };
        if (sync) t.parallelSectionsSync(sections, opts);
        else await t.parallelSections(sections, opts);
        expect([...runs]).toEqual(Array(40).fill(1));
        expect([...out]).toEqual(Array.from({ length: 40 }, (_, k) => k * k));
      });
    }
  }

  it('runs sections at the same time: two that each wait for the other finish (2 threads)', async () => {
    // Each section raises its flag, then waits up to 10 s for the other's. Run one after the
    // other, the first would time out and record it.
    const flags = sharedArray(Int32Array, 3);
    const meet = (me: number, other: number) =>
      new Function(
        'ctx',
        's',
        `Atomics.store(s.flags, ${me}, 1); Atomics.notify(s.flags, ${me});
         if (Atomics.wait(s.flags, ${other}, 0, 10000) === 'timed-out') Atomics.store(s.flags, 2, 1);`,
      ) as (ctx: unknown, s: unknown) => void;
    await t.parallelSections([meet(0, 1), meet(1, 0)], { threads: 2, shared: { flags } });
    expect([...flags]).toEqual([1, 1, 0]);
  });

  it('a section that throws rejects with a TaskError naming it; the team goes on; the top-level functions work', async () => {
    const err = await t
      .parallelSections(
        [
          () => {},
          () => {
            throw new RangeError('second');
          },
        ],
        { threads: 3 },
      )
      .catch((e) => e);
    expect(err).toBeInstanceOf(TaskError);
    expect(err.task).toBe('section1');
    expect(err.cause).toBeInstanceOf(RangeError);
    const out = sharedArray(Int32Array, 2);
    await parallelSections(
      [
        (_c: unknown, { out }: any) => {
          out[0] = 1;
        },
        (_c: unknown, { out }: any) => {
          out[1] = 2;
        },
      ],
      { shared: { out } },
    );
    parallelSectionsSync([], {});
    expect([...out]).toEqual([1, 2]);
  });

  it('bad input is refused before anything runs, naming parallelSections', async () => {
    await expect(parallelSections('nope' as any)).rejects.toThrow(
      'Cannot run parallelSections as its sections must be an array of functions (ctx, shared) => void, kernels or wasm kernels: received string "nope"',
    );
    // biome-ignore lint/suspicious/noSparseArray: the case under test
    expect(() => parallelSectionsSync([() => {}, , () => {}] as any)).toThrow('Cannot run parallelSectionsSync as section 1 is missing');
    await expect(parallelSections([() => {}, 3 as any])).rejects.toThrow(/section1/);
    await expect(parallelSections([() => {}], { schedule: 'dynamic' } as any)).rejects.toThrow(
      /Cannot run parallelSections with 'schedule'/,
    );
    await expect(parallelSections([() => {}], { nope: 1 } as any)).rejects.toThrow(
      /Cannot run parallelSections as 'nope' is not an option/,
    );
  });
});
