// User-given names and values on the surfaces added since the last reliability round: names that
// become object keys ("__proto__", "constructor"), combiners that return strings or throw outside an
// iteration, outputs and heaps that cannot be allocated, environments without shared memory, plain
// data nested thousands deep, and what shutdown() promises. Each failed before its fix.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  BodySetupError,
  getDefaultTeam,
  kernel,
  LoopBodyError,
  parallelFor,
  parallelScan,
  SharedMatrix,
  sharedArray,
  shutdown,
  TeamClosedError,
  WasmHeap,
} from 'parfor';
import { describe, expect, it } from 'vitest';
import { blockScan, team } from './helpers.js';

const t = team({ threads: 2 });
const root = fileURLToPath(new URL('..', import.meta.url));

async function failure(p: Promise<unknown>): Promise<any> {
  return p.then(
    () => undefined,
    (e) => e,
  );
}
function thrown(f: () => unknown): any {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('names that become object keys', () => {
  it('an error named "constructor", "__proto__" or "hasOwnProperty", or with an own "__proto__" key, crosses as itself', async () => {
    for (const name of ['constructor', '__proto__', 'hasOwnProperty', 'toString']) {
      for (const tid of [0, 1]) {
        const err = thrown(() =>
          t.parallelForSync(
            0,
            2,
            (_i: number, { tid, name }: any, ctx: any) => {
              if (ctx.threadId !== tid) return;
              const e = new Error(`named ${name}`);
              Object.defineProperty(e, 'name', { value: name, enumerable: false });
              Object.defineProperty(e, '__proto__', { value: { hidden: 1 }, enumerable: true });
              throw e;
            },
            { shared: { tid, name } },
          ),
        );
        expect(err).toBeInstanceOf(LoopBodyError);
        expect(err.cause).toBeInstanceOf(Error);
        expect(err.cause.name).toBe(name);
        expect(err.cause.message).toBe(`named ${name}`);
        expect(Object.getOwnPropertyDescriptor(err.cause, '__proto__')?.value).toEqual({ hidden: 1 });
      }
    }
    expect(({} as any).hidden).toBeUndefined();
  });

  it('a kernel export named after an Object.prototype member is not an export (CommonJS and ES modules, sync and async)', async () => {
    const out = sharedArray(Float64Array, 4);
    for (const file of ['./fixtures/kernels.cjs', './fixtures/kernels.mjs']) {
      const url = new URL(file, import.meta.url);
      for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
        const k = kernel(url, name);
        expect(thrown(() => t.parallelForSync(0, 4, k, { shared: { out } }))).toBeInstanceOf(BodySetupError);
        const err = await failure(t.parallelFor(0, 4, k, { shared: { out } }));
        expect(err).toBeInstanceOf(BodySetupError);
        expect(err.message).toContain(`has no function export '${name}'`);
      }
      t.parallelForSync(0, 4, kernel(url, 'square'), { shared: { out } });
      expect([...out]).toEqual([0, 1, 4, 9]);
    }
  });

  it('a "__proto__" key in shared is an ordinary key on every thread; in options it is an unknown option', async () => {
    const shared = JSON.parse('{"__proto__": {"x": 7}, "out": null}');
    shared.out = sharedArray(Int32Array, 2);
    await t.parallelFor(
      0,
      2,
      (i: number, s: any) => {
        s.out[i] = Object.getOwnPropertyDescriptor(s, '__proto__')?.value.x === 7 && Object.getPrototypeOf(s) === Object.prototype ? 1 : 0;
      },
      { shared },
    );
    expect([...shared.out]).toEqual([1, 1]);
    await expect(t.parallelFor(0, 2, () => {}, JSON.parse('{"__proto__": {"schedule": "dynamic"}}'))).rejects.toThrow(
      /'__proto__' is not an option/,
    );
  });
});

describe('reduction and scan combiners', () => {
  it('a combiner that returns a string fails the loop, sync and async, instead of filling NaN', async () => {
    const op = (_a: number, _b: number) => 'x' as never;
    for (const run of [
      () => t.parallelScan(0, 10, (i: number) => i, { op, identity: 0 }),
      () => t.parallelReduce(0, 10, (i: number) => i, { op, identity: 0 }),
      async () => t.parallelScanSync(0, 10, (i: number) => i, { op, identity: 0 }),
      async () => t.parallelReduceSync(0, 10, (i: number) => i, { op, identity: 0 }),
    ]) {
      const err = await failure(run());
      expect(err).toBeInstanceOf(LoopBodyError);
      expect(err.cause.message).toBe('The combiner returned string where a number was expected');
    }
  });

  it('a combiner that throws outside an iteration says where: the blocks’ totals, their application, the partials on the caller', async () => {
    const one = () => 1;
    // Body values are all 1 (T = 2, n = 10): only combining the totals sees b = 5, only applying them sees a = 5.
    const offset = await failure(
      t.parallelScan(0, 10, one, {
        op: (a: number, b: number) => {
          if (b === 5) throw new Error('total');
          return a + b;
        },
        identity: 0,
      }),
    );
    expect(offset.message).toBe("The combiner threw while combining the totals of the blocks before thread 1's: Error: total");
    const apply = await failure(
      t.parallelScan(0, 10, one, {
        op: (a: number, b: number) => {
          if (a === 5 && b === 3) throw new Error('apply');
          return a + b;
        },
        identity: 0,
      }),
    );
    expect(apply.message).toBe("The combiner threw while applying the blocks' totals at iteration 7 on thread 1: Error: apply");
    expect(apply.index).toBe(7);
    const caller = await failure(
      t.parallelReduce(0, 10, one, {
        op: (a: number, b: number) => {
          if (a === 5 && b === 5) throw new RangeError('partials');
          return a + b;
        },
        identity: 0,
      }),
    );
    expect(caller).toBeInstanceOf(LoopBodyError);
    expect(caller.threadId).toBe(-1);
    expect(caller.message).toBe(
      'The combiner threw while combining the partial result of thread 1 with that of thread 0, on the calling thread: RangeError: partials',
    );
    expect(caller.cause).toBeInstanceOf(RangeError);
  });

  it('a non-associative combiner gives the documented result: the serial fold on 1 thread, per block then offset on more', async () => {
    // docs/functions.md: associativity is the caller's promise; for a given thread count the result is this.
    const minus = (a: number, b: number) => a - b;
    const values = [1, 2, 3, 4, 5, 6, 7];
    const body = (i: number) => i + 1;
    for (const T of [1, 2, 3]) {
      const tm = team({ threads: T });
      const got = [...(await tm.parallelScan(0, 7, body, { op: minus, identity: 0 }))];
      expect(got).toEqual(blockScan(values, T, minus, 0));
      if (T === 1) expect(got).toEqual([-1, -3, -6, -10, -15, -21, -28]);
    }
  });
});

describe('sizes that cannot be allocated, and pages without shared memory', () => {
  it('an output, a shared array or a matrix too big to allocate is a RangeError naming the size', async () => {
    await expect(parallelScan(0, 2 ** 40, () => 1)).rejects.toThrow(
      /^Cannot run parallelScan as its output of 1099511627776 results cannot be allocated: pass a smaller range, or an 'out' array of your own$/,
    );
    await expect(t.parallelMap(0, 2 ** 40, () => 1)).rejects.toThrow(RangeError);
    expect(() => sharedArray(Float64Array, 2 ** 40)).toThrow(
      /of 1099511627776 Float64 elements as 8796093022208 bytes of shared memory cannot be allocated/,
    );
    expect(() => new SharedMatrix(2 ** 20, 2 ** 20)).toThrow(
      /Cannot create a 1048576 × 1048576 SharedMatrix of 1099511627776 Float64 elements/,
    );
  });

  it('WasmHeap names the values it was given or the defaults it used, and refuses unknown options', () => {
    expect(() => new WasmHeap({ maximumBytes: 0 })).toThrow(
      'Cannot create a WasmHeap as its initial size, 131072 bytes (base 65536 plus one page), exceeds maximumBytes 0 once rounded up to 64 KiB pages',
    );
    expect(() => new WasmHeap({ initialBytes: 2 ** 31 })).toThrow(/initialBytes 2147483648, exceeds the default maximumBytes 1073741824/);
    expect(() => new WasmHeap({ maxBytes: 5 } as never)).toThrow(
      /'maxBytes' is not an option: expected one of initialBytes, maximumBytes, base/,
    );
  });

  it('without SharedArrayBuffer, sharedArray, SharedMatrix and WasmHeap are UnsupportedEnvironmentErrors naming both headers', () => {
    const code = `
      delete globalThis.SharedArrayBuffer;
      const P = await import('parfor');
      for (const make of [() => P.sharedArray(Float64Array, 4), () => new P.SharedMatrix(2, 2), () => new P.WasmHeap()]) {
        try { make(); console.log('no error'); }
        catch (e) { console.log(e instanceof P.UnsupportedEnvironmentError, /Cross-Origin-Opener-Policy: same-origin.*Cross-Origin-Embedder-Policy: require-corp/.test(e.message)); }
      }`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8', timeout: 20_000 });
    expect(r.stdout.trim().split('\n')).toEqual(['true true', 'true true', 'true true']);
  });
});

describe('plain data nested deeper than a message carries', () => {
  it('arrays and objects 3,000 and 20,000 deep reach every thread intact, async and sync', async () => {
    for (const depth of [3000, 20_000]) {
      let arrays: unknown = 'bottom';
      let objects: unknown = { v: 'bottom' };
      for (let k = 0; k < depth; k++) {
        arrays = [arrays, k];
        objects = { o: objects, k };
      }
      const out = sharedArray(Int32Array, 4);
      const body = (i: number, { arrays, objects, out }: any) => {
        let a = arrays;
        let n = 0;
        while (Array.isArray(a)) {
          if (!Object.isFrozen(a)) return;
          a = a[0];
          n++;
        }
        let o = objects;
        let m = 0;
        while (o.o !== undefined) {
          o = o.o;
          m++;
        }
        out[i] = a === 'bottom' && o.v === 'bottom' && n === m ? n : -1;
      };
      await t.parallelFor(0, 2, body, { shared: { arrays, objects, out } });
      t.parallelForSync(2, 4, body, { shared: { arrays, objects, out } });
      expect([...out]).toEqual([depth, depth, depth, depth]);
    }
  });

  it('shared memory or a function deep inside is refused with a clear TypeError', async () => {
    let v: unknown = sharedArray(Int32Array, 1);
    for (let k = 0; k < 1000; k++) v = [v];
    await expect(t.parallelFor(0, 2, () => {}, { shared: { v } })).rejects.toThrow(
      /as it holds shared memory more than 256 levels down: put shared arrays nearer the top of 'shared'/,
    );
    let w: unknown = () => 1;
    for (let k = 0; k < 1000; k++) w = { w };
    expect(() => t.parallelForSync(0, 2, () => {}, { shared: { w } })).toThrow(/functions cannot be shared/);
    const cycle: any = [];
    let c: any = cycle;
    for (let k = 0; k < 1000; k++) c = [c];
    cycle.push(c);
    expect(() => t.parallelForSync(0, 2, () => {}, { shared: { cycle } })).toThrow(/refers back to itself/);
  });
});

describe('shutdown()', () => {
  it('closes the default team; a later loop runs on a new one, and the old Team rejects with TeamClosedError', async () => {
    const old = getDefaultTeam();
    const out = sharedArray(Int32Array, 2);
    const set = (i: number, { out, v }: any) => {
      out[i] = v;
    };
    await parallelFor(0, 2, set, { shared: { out, v: 1 } });
    await shutdown();
    expect(old.closed).toBe(true);
    await expect(old.parallelFor(0, 2, () => {})).rejects.toBeInstanceOf(TeamClosedError);
    await parallelFor(0, 2, set, { shared: { out, v: 2 } });
    expect([...out]).toEqual([2, 2]);
    expect(getDefaultTeam()).not.toBe(old);
    await shutdown();
  });
});
