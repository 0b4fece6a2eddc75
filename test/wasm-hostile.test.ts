// WebAssembly kernels as a hostile or careless user writes them: import modules named "__proto__"
// and "constructor", loop indices an i32 parameter cannot hold, exports called with the wrong number
// of arguments, bound arguments the parameter would silently convert, imports that return strings
// or promises. Each was silent (or polluted Object.prototype) before its fix; now each is a clear
// error before anything runs, or a LoopBodyError at the iteration. Modules are built in memory.
import { LoopBodyError, parallelMap, sharedArray, WasmHeap, wasmKernel } from 'parfor';
import { describe, expect, it } from 'vitest';
import { team } from './helpers.js';
import { buildModule, type FuncType, op } from './wasm-builder.js';

const T = team({ threads: 2 });
const heap = new WasmHeap({ maximumBytes: 64 * 65_536 });
const memory = { maxPages: 65_536 };
const f = (params: FuncType['params'], results: FuncType['results'] = []): FuncType => ({ params, results });
/** out[i] (f64 at p + 8i) = the f64 that instruction list `value` leaves on the stack. */
const storeF64 = (value: number[]) => [
  ...op.localGet(1),
  ...op.localGet(0),
  ...op.i32Const(3),
  ...op.i32Shl,
  ...op.i32Add,
  ...value,
  ...op.f64Store,
];

async function failure(p: Promise<unknown>): Promise<any> {
  return p.then(
    () => undefined,
    (e) => e,
  );
}

describe('import names are keys of null-prototype objects', () => {
  const bytes = buildModule({
    imports: [
      { module: '__proto__', name: 'polluted', type: f(['i32'], ['f64']) },
      { module: 'constructor', name: 'keys', type: f(['i32'], ['f64']) },
    ],
    memory,
    funcs: [
      { name: 'viaProto', type: f(['i32', 'i32']), body: storeF64([...op.localGet(0), ...op.call(0)]) },
      { name: 'viaCtor', type: f(['i32', 'i32']), body: storeF64([...op.localGet(0), ...op.call(1)]) },
    ],
  });

  it('"__proto__" and "constructor" modules reach the kernel and leave Object.prototype and Object.keys alone, on every thread', async () => {
    const imports = { ['__proto__']: { polluted: (i: number) => i * 2 }, constructor: { keys: (i: number) => i + 0.5 } };
    const viaProto = await wasmKernel(bytes, 'viaProto', { memory: heap.memory, imports });
    const viaCtor = await wasmKernel(bytes, 'viaCtor', { memory: heap.memory, imports });
    const out = heap.alloc(Float64Array, 8);
    await T.parallelFor(0, 8, viaProto.with(out.byteOffset), { schedule: 'dynamic' });
    expect([...out]).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    T.parallelForSync(0, 8, viaCtor.with(out.byteOffset));
    expect([...out]).toEqual([0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5]);
    expect(({} as any).polluted).toBeUndefined();
    expect(Object.keys({ a: 1 })).toEqual(['a']);
    const clean = await T.parallelMap(0, 2, () => (({}) as any).polluted === undefined && Object.keys({ b: 2 })[0] === 'b' ? 1 : 0, {
      schedule: 'static',
    });
    expect([...clean]).toEqual([1, 1]);
  });
});

describe('what a loop passes must fit the export', () => {
  const bytes = buildModule({
    memory,
    funcs: [
      { name: 'at', type: f(['i32', 'i32']), body: storeF64([...op.localGet(0), ...op.f64ConvertI32S]) },
      { name: 'f32index', type: f(['f32']), body: [] },
      { name: 'f64index', type: f(['f64', 'i32']), body: [] },
      { name: 'i64index', type: f(['i64']), body: [] },
      { name: 'i64arg', type: f(['i32', 'i64']), body: [] },
      { name: 'f64arg', type: f(['i32', 'f64']), body: [] },
      { name: 'nothing', type: f(['i32']), body: [] },
      { name: 'wide', type: f(['i32'], ['i64']), body: [0x42, 0x07] }, // i64.const 7
    ],
  });
  const k = async (name: string) => wasmKernel(bytes, name, { memory: heap.memory });

  it('an index past what an i32 or f32 holds is a RangeError before anything runs; an f64 index takes any safe integer', async () => {
    const at = await k('at');
    const out = heap.alloc(Float64Array, 16).fill(-1);
    for (const [a, b] of [
      [2 ** 32 + 5, 2 ** 32 + 13],
      [2 ** 31 - 2, 2 ** 31 + 2],
      [-(2 ** 31) - 1, 0],
    ]) {
      await expect(T.parallelFor(a!, b!, at.with(out.byteOffset))).rejects.toThrow(
        /parameter i is an i32, which holds the integers -2147483648 to 2147483647/,
      );
      expect(() => T.parallelForSync(a!, b!, at.with(out.byteOffset))).toThrow(RangeError);
    }
    expect(out.every((v) => v === -1)).toBe(true);
    await expect(T.parallelFor(0, 2 ** 24 + 2, await k('f32index'))).rejects.toThrow(
      /parameter i is an f32, which holds the integers -16777216 to 16777216/,
    );
    await T.parallelFor(2 ** 40, 2 ** 40 + 4, (await k('f64index')).with(0));
    await expect(T.parallelFor(0, 2, await k('i64index'))).rejects.toThrow(/parameter i is an i64, and parallelFor passes it as a number/);
  });

  it('the number of arguments must match: too few is a TypeError, too many a RangeError when bound', async () => {
    const at = await k('at');
    const base = new Float64Array(heap.memory.buffer, 0, 8);
    base.fill(-7);
    await expect(T.parallelFor(0, 4, at)).rejects.toThrow(
      /takes 2 parameters and would get 1: parallelFor passes \(i\) and \.with\(\) bound 0 \(bind the other 1/,
    );
    expect(() => T.parallelForSync(0, 4, at)).toThrow(TypeError);
    expect(base.every((v) => v === -7)).toBe(true); // nothing wrote to the module's reserved bottom
    expect(() => at.with(1, 2)).toThrow(/Cannot bind 2 arguments to wasm export 'at' as it takes 2 parameters/);
    await expect(T.parallelFor2D([0, 2], [0, 2], at.with(0))).rejects.toThrow(/would get 3: parallelFor2D passes \(i, j\)/);
  });

  it('bound arguments are checked against their parameter types', async () => {
    const at = await k('at');
    for (const bad of [Number.NaN, 1.5, 2 ** 32, -(2 ** 31) - 1, Infinity]) expect(() => at.with(bad)).toThrow(RangeError);
    expect(() => at.with(5n)).toThrow(/is an i32, which takes a number: received bigint 5n/);
    expect(() => at.with('8' as never)).toThrow(/must be a number or a bigint: received string "8"/);
    expect(at.with(2 ** 31 + 8).args).toEqual([2 ** 31 + 8]); // a pointer past 2 GiB is an i32 too
    const i64 = await k('i64arg');
    expect(i64.with(5).args).toEqual([5n]);
    expect(() => i64.with(2 ** 53)).toThrow(/is an i64, which takes a bigint or a safe integer/);
    expect(() => i64.with(2n ** 64n)).toThrow(/holds 64 bits/);
    expect(i64.with(-(2n ** 63n)).args).toEqual([-(2n ** 63n)]);
    const f64 = await k('f64arg');
    expect(() => f64.with(5n)).toThrow(/is an f64, which takes a number/);
    expect(Object.is(f64.with(Number.NaN).args[0], Number.NaN)).toBe(true);
  });

  it('a kind that uses the result refuses an export that returns nothing, or an i64 where numbers combine', async () => {
    await expect(T.parallelMap(0, 4, await k('nothing'))).rejects.toThrow(
      /parallelMap uses the body's result, and the export returns nothing/,
    );
    await expect(T.parallelReduce(0, 4, await k('wide'))).rejects.toThrow(
      /returns an i64 \(a bigint\), and parallelReduce combines numbers/,
    );
    const big = sharedArray(BigInt64Array, 4);
    await T.parallelMap(0, 4, await k('wide'), { out: big });
    expect([...big]).toEqual([7n, 7n, 7n, 7n]);
  });
});

describe('an import must return what the module declares', () => {
  const bytes = buildModule({
    imports: [
      { module: 'env', name: 'val', type: f(['i32'], ['f64']) },
      { module: 'env', name: 'big', type: f(['i32'], ['i64']) },
      { module: 'env', name: 'log', type: f(['i32']) },
    ],
    memory,
    funcs: [
      { name: 'put', type: f(['i32', 'i32']), body: storeF64([...op.localGet(0), ...op.call(0)]) },
      { name: 'wide', type: f(['i32']), body: [...op.localGet(0), ...op.call(1), ...op.drop] },
      { name: 'logged', type: f(['i32']), body: [...op.localGet(0), ...op.call(2)] },
    ],
  });
  const kernels = async (val: (i: number) => unknown, name = 'put') =>
    wasmKernel(bytes, name, { memory: heap.memory, imports: { env: { val, big: () => 1n, log: () => 'ignored' } } as never });

  it('a string, undefined, null, a boolean or a promise from an f64 import fails the loop at that iteration, naming the import', async () => {
    const out = heap.alloc(Float64Array, 4);
    const returns: Array<[(i: number) => unknown, string]> = [
      [(i) => (i === 2 ? 'x' : i), 'string'],
      [(i) => (i === 2 ? undefined : i), 'undefined'],
      [(i) => (i === 2 ? null : i), 'null'],
      [(i) => (i === 2 ? true : i), 'boolean'],
      [(i) => (i === 2 ? Promise.reject(new Error('later')) : i), 'a promise'],
    ];
    for (const [val, what] of returns) {
      const put = (await kernels(val)).with(out.byteOffset);
      for (const sync of [false, true]) {
        const err = sync
          ? (() => {
              try {
                T.parallelForSync(0, 4, put);
              } catch (e) {
                return e as any;
              }
            })()
          : await failure(T.parallelFor(0, 4, put));
        expect(err).toBeInstanceOf(LoopBodyError);
        expect(err.index).toBe(2);
        expect(err.cause).toBeInstanceOf(TypeError);
        expect(err.cause.message).toBe(
          `The wasm import env.val returned ${what} where a number (its result is an f64) was expected (imports run synchronously, inside the wasm call)`,
        );
      }
    }
    const put = (await kernels((i) => i * 3)).with(out.byteOffset);
    await T.parallelFor(0, 4, put);
    expect([...out]).toEqual([0, 3, 6, 9]);
  });

  it('an i64 import must return a bigint; what a void import returns is dropped', async () => {
    const wide = await wasmKernel(bytes, 'wide', { memory: heap.memory, imports: { env: { val: () => 0, big: () => 5, log: () => 0 } } });
    const err = await failure(T.parallelFor(0, 2, wide));
    expect(err.cause.message).toMatch(/env\.big returned number where a bigint \(its result is an i64\)/);
    await T.parallelFor(0, 4, await kernels(() => 0, 'logged'));
  });

  it('a WebAssembly.Module made elsewhere: types unknown, so arity is still checked, an index past 2^31 refused, and odd results refused', async () => {
    const module = new WebAssembly.Module(bytes);
    const put = await wasmKernel(module, 'put', {
      memory: heap.memory,
      imports: { env: { val: (i: number) => (i === 1 ? 'x' : undefined), big: () => 1n, log: () => 0 } } as never,
    });
    expect(put.params).toBeUndefined();
    await expect(T.parallelFor(0, 2, put)).rejects.toThrow(/takes 2 parameters and would get 1/);
    await expect(T.parallelFor(2 ** 31, 2 ** 31 + 2, put.with(0))).rejects.toThrow(/may be an i32 \(its types are unknown/);
    const out = heap.alloc(Float64Array, 2);
    const err = await failure(T.parallelFor(0, 2, put.with(out.byteOffset)));
    expect(err.index).toBe(1);
    expect(err.cause.message).toMatch(/env\.val returned string where a number, a bigint or undefined was expected/);
  });
});

it('the top-level functions check a wasm kernel the same way', async () => {
  const bytes = buildModule({
    memory,
    funcs: [{ name: 'two', type: f(['i32', 'i32'], ['f64']), body: [0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f] }],
  });
  const two = await wasmKernel(bytes, 'two', { memory: heap.memory });
  await expect(parallelMap(0, 3, two)).rejects.toThrow(TypeError);
  expect([...(await parallelMap(0, 3, two.with(0)))]).toEqual([1, 1, 1]);
});
