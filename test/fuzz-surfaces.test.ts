// Seeded fuzzing of the surfaces added since the argument fuzzer (fuzz.test.ts): wasm import tables
// with random (and hostile) names and return values, random `.with()` arities and values against
// random parameter types, random scan combiners and lengths, and aborts with random reasons at random
// times under every schedule. Each property has an oracle from the documented rules. The seed is
// printed (FUZZ_SEED=<seed> replays it); SURFACE_RUNS scales the runs (npm run test:stress: ×5).
import fc from 'fast-check';
import { LoopBodyError, sharedArray, WasmHeap, wasmKernel } from 'parfor';
import { describe, expect, it } from 'vitest';
import { blockScan, settlesWithin, team, waitFlag } from './helpers.js';
import { buildModule, type FuncType, op, type ValType } from './wasm-builder.js';

const SCALE = Number(process.env.SURFACE_RUNS ?? 1);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const t = team({ threads: 3 });
const heap = new WasmHeap({ maximumBytes: 64 * 65_536 });
const memory = { maxPages: 65_536 };
const NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'env', '', 'π', 'a.b', 'then'];
const name = fc.oneof(fc.constantFrom(...NAMES), fc.string({ minLength: 0, maxLength: 6 }));

async function failure(p: Promise<unknown>): Promise<any> {
  return p.then(
    () => undefined,
    (e) => e,
  );
}

/** Object.prototype as a clean realm has it: no own enumerable keys, Object.keys intact. */
function realmClean(): boolean {
  return Object.keys(Object.prototype).length === 0 && Object.keys({ a: 1 }).join() === 'a' && ({} as any).polluted === undefined;
}

describe('wasm imports: random tables and names', () => {
  it('every import is called under its own name; a value its type refuses fails the loop naming that import', async () => {
    type Imp = {
      module: string;
      name: string;
      result: 'f64' | 'i32' | 'i64' | 'none';
      returns: 'good' | 'string' | 'undefined' | 'number' | 'bigint';
    };
    const imp = fc.record({
      module: name,
      name,
      result: fc.constantFrom('f64', 'i32', 'i64', 'none'),
      returns: fc.constantFrom('good', 'good', 'string', 'undefined', 'number', 'bigint'),
    }) as fc.Arbitrary<Imp>;
    const goodFor = { f64: 2.5, i32: 7, i64: 9n, none: undefined } as const;
    const returned = (x: Imp) => ({ good: goodFor[x.result], string: 'x', undefined, number: 1, bigint: 1n })[x.returns];
    const acceptable = (x: Imp) => {
      const v = returned(x);
      return x.result === 'none' || (x.result === 'i64' ? typeof v === 'bigint' : typeof v === 'number');
    };
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(imp, { minLength: 0, maxLength: 4, selector: (x) => `${x.module}\u0000${x.name}` }),
        fc.integer({ min: 1, max: 40 }),
        async (imps, n) => {
          // run(i, p): call every import with i (dropping what it returns), then out[i] = i.
          const calls = imps.flatMap((x, k) => [...op.localGet(0), ...op.call(k), ...(x.result === 'none' ? [] : op.drop)]);
          const bytes = buildModule({
            imports: imps.map((x) => ({
              module: x.module,
              name: x.name,
              type: { params: ['i32'], results: x.result === 'none' ? [] : [x.result] } as FuncType,
            })),
            memory,
            funcs: [
              {
                name: 'run',
                type: { params: ['i32', 'i32'], results: [] },
                body: [
                  ...calls,
                  ...op.localGet(1),
                  ...op.localGet(0),
                  ...op.i32Const(3),
                  ...op.i32Shl,
                  ...op.i32Add,
                  ...op.localGet(0),
                  ...op.f64ConvertI32S,
                  ...op.f64Store,
                ],
              },
            ],
          });
          const given: Record<string, Record<string, () => unknown>> = {};
          for (const x of imps) {
            if (!Object.hasOwn(given, x.module))
              Object.defineProperty(given, x.module, { value: {}, enumerable: true, writable: true, configurable: true });
            const v = returned(x);
            Object.defineProperty(given[x.module]!, x.name, {
              value: new Function(
                `return () => ${typeof v === 'bigint' ? `${v}n` : typeof v === 'string' ? JSON.stringify(v) : String(v)};`,
              )(),
              enumerable: true,
            });
          }
          const k = await wasmKernel(bytes, 'run', { memory: heap.memory, imports: given as never });
          const out = heap.alloc(Float64Array, n);
          const err = await failure(t.parallelFor(0, n, k.with(out.byteOffset), { schedule: 'dynamic', chunk: 3 }));
          const bad = imps.find((x) => !acceptable(x));
          if (bad === undefined) {
            if (err !== undefined) throw new Error(`seed ${seed}: expected success, got ${err}`);
            expect([...out]).toEqual(Array.from({ length: n }, (_, i) => i));
          } else {
            expect(err).toBeInstanceOf(LoopBodyError);
            expect(err.cause).toBeInstanceOf(TypeError);
            expect(err.cause.message).toMatch(/^The wasm import .* returned /);
          }
          expect(realmClean()).toBe(true);
        },
      ),
      { numRuns: 60 * SCALE, seed },
    );
    const clean = await t.parallelMap(0, 3, () =>
      Object.keys(Object.prototype).length === 0 && Object.keys({ b: 1 }).join() === 'b' ? 1 : 0,
    );
    expect([...clean]).toEqual([1, 1, 1]);
  }, 120_000);
});

describe('wasm .with(): random arities and values', () => {
  it('binding and running follow the documented rules for every parameter type', async () => {
    const value = fc.oneof(
      fc.integer({ min: -(2 ** 31) - 2, max: 2 ** 32 + 2 }),
      fc.double({ noDefaultInfinity: false }),
      fc.constantFrom(NaN, Infinity, -0, 0.5, 2 ** 53, -(2 ** 31), 2 ** 32 - 1),
      fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
    );
    const fits = (type: ValType, v: number | bigint): 'ok' | 'refused' => {
      if (type === 'i32') return typeof v === 'number' && Number.isSafeInteger(v) && v >= -(2 ** 31) && v <= 2 ** 32 - 1 ? 'ok' : 'refused';
      if (type === 'i64') {
        if (typeof v === 'number' && !Number.isSafeInteger(v)) return 'refused';
        const b = BigInt(v);
        return b >= -(2n ** 63n) && b < 2n ** 64n ? 'ok' : 'refused';
      }
      return typeof v === 'number' ? 'ok' : 'refused';
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<ValType>('i32', 'i64', 'f32', 'f64'), { minLength: 0, maxLength: 4 }),
        fc.array(value, { minLength: 0, maxLength: 5 }),
        async (extra, args) => {
          const bytes = buildModule({
            imports: [{ module: 'env', name: 'tick', type: { params: [], results: [] } }],
            memory,
            funcs: [{ name: 'k', type: { params: ['i32', ...extra], results: [] }, body: op.call(0) }],
          });
          const k = await wasmKernel(bytes, 'k', { memory: heap.memory, imports: { env: { tick: () => undefined } } });
          let bound: typeof k | undefined;
          let bindError: unknown;
          try {
            bound = k.with(...(args as never[]));
          } catch (e) {
            bindError = e;
          }
          const tooMany = args.length > extra.length;
          const tail = extra.slice(extra.length - args.length);
          const valuesOk = !tooMany && args.every((a, n) => fits(tail[n]!, a) === 'ok');
          if (tooMany || !valuesOk) {
            expect(bindError instanceof TypeError || bindError instanceof RangeError).toBe(true);
            return;
          }
          expect(bindError).toBeUndefined();
          const err = await failure(t.parallelFor(0, 5, bound!));
          if (args.length !== extra.length) expect(err).toBeInstanceOf(TypeError);
          else expect(err).toBeUndefined();
        },
      ),
      { numRuns: 150 * SCALE, seed },
    );
  }, 120_000);
});

describe('scan combiners: random combiners and lengths', () => {
  it('equals the documented block formula, or fails with a LoopBodyError where the formula meets a bad value; huge lengths are RangeErrors', async () => {
    type Kind = '+' | 'min' | 'max' | 'fn+' | 'fn-' | 'string' | 'throw';
    const fns: Record<Kind, (a: number, b: number) => number> = {
      '+': (a, b) => a + b,
      min: Math.min,
      max: Math.max,
      'fn+': (a, b) => a + b,
      'fn-': (a, b) => a - b,
      string: (a, b) => (b === 13 ? ('x' as never) : a + b),
      throw: (a, b) => {
        if (b === 13) throw new Error('13');
        return a + b;
      },
    };
    /** The documented order of combination (docs/functions.md), with every result checked to be a number. */
    const oracle = (kind: Kind, values: number[], T: number, id: number): number[] =>
      blockScan(
        values,
        T,
        (a, b) => {
          const r = fns[kind](a, b);
          if (typeof r !== 'number') throw new TypeError('not a number');
          return r;
        },
        id,
      );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Kind>('+', 'min', 'max', 'fn+', 'fn-', 'string', 'throw'),
        fc.oneof({ arbitrary: fc.integer({ min: 0, max: 2000 }), weight: 9 }, { arbitrary: fc.constant(2 ** 40), weight: 1 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        async (kind, n, threads, sync) => {
          const builtin = kind === '+' || kind === 'min' || kind === 'max';
          const id = kind === 'min' ? Infinity : kind === 'max' ? -Infinity : 0;
          const options = builtin ? { op: kind, threads } : { op: fns[kind], identity: 0, threads };
          const body = (i: number) => (i * 7) % 17;
          const err = await failure(
            (async () => (sync ? t.parallelScanSync(0, n, body, options as never) : t.parallelScan(0, n, body, options as never)))(),
          );
          if (n === 2 ** 40) {
            expect(err).toBeInstanceOf(RangeError);
            return;
          }
          let want: number[] | undefined;
          try {
            want = oracle(
              kind,
              Array.from({ length: n }, (_, i) => body(i)),
              threads,
              id,
            );
          } catch {
            want = undefined;
          }
          if (want === undefined) {
            expect(err).toBeInstanceOf(LoopBodyError);
            return;
          }
          if (err !== undefined) throw new Error(`seed ${seed}: ${kind} over ${n} on ${threads} threads failed: ${err}`);
          const got = sync ? t.parallelScanSync(0, n, body, options as never) : await t.parallelScan(0, n, body, options as never);
          expect([...got]).toEqual(want);
        },
      ),
      { numRuns: 120 * SCALE, seed },
    );
  }, 120_000);
});

describe('aborts: random reasons at random moments, every schedule', () => {
  it('a loop aborted before it ends rejects with exactly signal.reason, within a bound; one that ended resolves', async () => {
    const schedules = ['static', 'static,7', 'dynamic', 'dynamic,1000', 'guided', 'guided,5', 'adaptive', 'adaptive,9', 'auto', 'runtime'];
    const reason = fc.oneof(
      fc.constantFrom(null, undefined, 0, '', false, NaN, Object.create(null)),
      fc.anything({ maxDepth: 1 }),
      fc.string().map((s) => new Error(s)),
    );
    let checks = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...schedules),
        reason,
        fc.constantFrom('before', 'queued', 'running'),
        fc.constantFrom(50, 1e12),
        async (schedule, why, when, n) => {
          const ac = new AbortController();
          const started = sharedArray(Int32Array, 1);
          if (when === 'before') ac.abort(why);
          const p = t.parallelFor(
            0,
            n,
            (i: number, { started }: any) => {
              const s = started as Int32Array;
              if (Atomics.load(s, 0) === 0 && Atomics.exchange(s, 0, 1) === 0) Atomics.notify(s, 0);
              void i;
            },
            { signal: ac.signal, schedule, shared: { started } },
          );
          if (when === 'queued') ac.abort(why);
          if (when === 'running') {
            await Promise.race([waitFlag(started, 0), p.catch(() => {})]);
            ac.abort(why);
          }
          const outcome = await settlesWithin(
            p.then(
              () => ({ ok: true as const }),
              (e) => ({ ok: false as const, e }),
            ),
            5000,
            `an aborted ${schedule} loop (seed ${seed})`,
          );
          if (n === 1e12) {
            expect(outcome.ok).toBe(false);
          }
          if (!outcome.ok) expect(Object.is(outcome.e, ac.signal.reason)).toBe(true);
          if (++checks % 20 === 0) {
            const out = sharedArray(Int32Array, 30);
            await t.parallelFor(
              0,
              30,
              (i: number, { out }: any) => {
                out[i] = i;
              },
              { shared: { out }, schedule },
            );
            expect(out.every((v, i) => v === i)).toBe(true);
          }
        },
      ),
      { numRuns: 80 * SCALE, seed },
    );
  }, 180_000);
});
