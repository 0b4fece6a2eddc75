// The loop-kind table is the source of the API: every record gives a Team method pair and a
// top-level function pair, the docs table is rendered from it, and each kind's closure (the
// runner used where eval is forbidden) behaves exactly like its compiled runner.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as parfor from 'parfor';
import { describe, expect, it } from 'vitest';
import { renderKindsTable } from '../scripts/kinds-table.js';
import { KIND_IDS, KINDS, kindOf } from '../src/kinds/table.js';
import { newAux, runnerFor } from '../src/team/bodies/compile.js';

describe('the loop-kind table', () => {
  it('gives every kind an async and a sync method on Team and as a top-level function, and nothing else', () => {
    // parallelSections is not a kind: it builds a task table and runs it as a parallelTasks call (api/sections.ts).
    const names = [...KIND_IDS.flatMap((id) => [KINDS[id].fn, `${KINDS[id].fn}Sync`]), 'parallelSections', 'parallelSectionsSync'];
    for (const name of names) {
      expect(typeof (parfor.Team.prototype as any)[name], name).toBe('function');
      expect((parfor as any)[name]?.name, name).toBe(name);
    }
    const exported = Object.keys(parfor).filter((k) => /^parallel/.test(k));
    expect(exported.sort()).toEqual([...names].sort());
    const methods = Object.getOwnPropertyNames(parfor.Team.prototype).filter((k) => /^parallel/.test(k));
    expect(methods.sort()).toEqual([...names].sort());
  });

  it('refuses an unknown kind instead of running another', () => {
    expect(() => kindOf('for3d')).toThrow(/Unknown loop kind: received "for3d"/);
    expect(() => runnerFor(() => {}, 'toString' as never)).toThrow(RangeError);
  });

  it('is what docs/architecture.md shows (npm run docs:kinds rewrites it)', () => {
    const doc = readFileSync(new URL('../docs/architecture.md', import.meta.url), 'utf8');
    const m = /<!-- kinds:start -->\n([\s\S]*?)<!-- kinds:end -->/.exec(doc);
    expect(m, 'the kinds table markers').not.toBeNull();
    expect(m![1]).toBe(renderKindsTable(KINDS));
  });
});

/** Run a runner over [lo, hi) in chunks, like one thread's walk; return what it wrote and threw. */
function drive(kindId: any, closure: boolean, body: any, chunks: Array<[number, number]>, combine?: any) {
  const run = runnerFor(body, kindId, combine, undefined, closure);
  const out = new Float64Array(64);
  const aux = newAux();
  aux.out = out as never;
  aux.start = 0;
  aux.acc = kindId === 'reduce' || kindId === 'scan' ? 0 : 8;
  aux.cols = 8;
  aux.row0 = 2;
  aux.col0 = 3;
  const at = { index: NaN, hi: NaN };
  // A task kind's chunk loop hands the body (its task table) to ctx.run, the thread's scheduler: count the calls.
  let runs = 0;
  const ctx = {
    threadId: 0,
    numThreads: 1,
    run(b: any, shared: any, site: any) {
      out[63] = ++runs;
      site.index = runs;
      return b(5, shared);
    },
  };
  let error: unknown;
  try {
    for (const [lo, hi] of chunks) run(lo, hi, { tag: 1 }, ctx, at, aux);
    if (KINDS[kindId as 'scan'].secondPass) {
      aux.pass = 2;
      aux.prefix = [3, -1, 4];
      for (const [lo, hi] of chunks) run(lo, hi, { tag: 1 }, ctx, at, aux);
    }
  } catch (e) {
    error = String(e);
  }
  return { out: Array.from(out), acc: aux.acc, at: { ...at }, error };
}

describe("each kind's closure runs like its compiled runner", () => {
  const bodies = {
    plain: (...a: number[]) => {
      const i = typeof a[0] === 'number' ? a[0] : 0;
      return (i * 31) % 7;
    },
    throwsAt5: (...a: number[]) => {
      if (a[0] === 5 || a[1] === 5) throw new Error('five');
      return 1;
    },
    returnsString: () => 'x',
    returnsPromise: () => Promise.resolve(1),
  };
  for (const id of KIND_IDS) {
    it(`${id}: same output, accumulator, throw site and error on random chunkings`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 8 }),
          fc.constantFrom(...Object.keys(bodies)),
          fc.constantFrom(undefined, { op: '+' }, { op: 'max' }),
          (sizes, which, combine) => {
            const chunks: Array<[number, number]> = [];
            let lo = 0;
            for (const s of sizes) {
              chunks.push([lo, lo + s]);
              lo += s;
            }
            const body = (bodies as any)[which];
            const compiled = drive(id, false, body, chunks, combine);
            const closure = drive(id, true, body, chunks, combine);
            expect(closure).toEqual(compiled);
          },
        ),
        { numRuns: 150 },
      );
    });
  }
});
