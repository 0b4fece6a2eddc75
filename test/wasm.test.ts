// WebAssembly kernels: every loop kind calls a wasm export with the right arguments under every
// schedule (against a serial oracle), traps and setup failures are the library's named errors and
// leave the team usable, memory growth is seen by every thread, and the bundled wasm kernels equal
// the JS references byte for byte.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  BodySetupError,
  LoopBodyError,
  parallelFor2DSync,
  parallelForRangeSync,
  parallelReduceSync,
  parallelScanSync,
  sharedArray,
  WasmHeap,
  type WasmKernel,
  wasmKernel,
} from 'parfor';
import { compareBufferSources } from 'typed-array-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupWasm } from '../kernels/wasm/index.mjs';
import { team } from './helpers.js';

// Defined on no thread: used as a typeof's operand, which the capture check leaves to run time.
declare const later: number;

const PROBE = new URL('./fixtures/wasm/build/probe.wasm', import.meta.url);
const T3 = team({ threads: 3 });
const heap = new WasmHeap({ maximumBytes: 64 * 65_536 });
const k: Record<string, WasmKernel> = {};

beforeAll(async () => {
  for (const name of ['square', 'value', 'big', 'chunk', 'cell', 'region', 'trapAt', 'divide', 'readAt']) {
    k[name] = await wasmKernel(PROBE, name, { memory: heap.memory });
  }
});

const SCHEDULES = ['static', 'static,3', 'dynamic', 'dynamic,7', 'guided', 'guided,4', 'auto'] as const;

describe('wasm kernels in every loop kind', () => {
  it('parallelFor: out[i] = i² + k for every schedule and range, async and sync, 1-3 threads', async () => {
    const out = heap.alloc(Float64Array, 700);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 700 }),
        fc.constantFrom(...SCHEDULES),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        async (start, end, schedule, threads, sync, add) => {
          out.fill(-1);
          const body = k.square!.with(out.byteOffset, add);
          if (sync) T3.parallelForSync(start, end, body, { schedule, threads });
          else await T3.parallelFor(start, end, body, { schedule, threads });
          for (let i = 0; i < out.length; i++) {
            const want = i >= start && i < end ? i * i + add : -1;
            if (out[i] !== want) throw new Error(`out[${i}] = ${out[i]}, expected ${want}`);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('parallelMap, parallelReduce and parallelScan use the export’s result', async () => {
    const v = k.value!.with(0.25);
    const f = (i: number) => i * 0.5 + 0.25;
    const mapped = await T3.parallelMap(3, 40, v, 'dynamic,5');
    expect(Array.from(mapped)).toEqual(Array.from({ length: 37 }, (_, j) => f(j + 3)));
    let sum = 0;
    let max = -Infinity;
    for (let i = -50; i < 300; i++) {
      sum += f(i);
      max = Math.max(max, f(i));
    }
    expect(await T3.parallelReduce(-50, 300, v, 'guided')).toBe(sum);
    expect(T3.parallelReduceSync(-50, 300, v, { op: 'max' })).toBe(max);
    expect(parallelReduceSync(-50, 300, v)).toBe(sum);
    const scanned = await T3.parallelScan(0, 100, v);
    let acc = 0;
    expect(Array.from(scanned)).toEqual(Array.from({ length: 100 }, (_, i) => (acc += f(i))));
    expect(Array.from(parallelScanSync(0, 10, v))).toEqual(Array.from(scanned.subarray(0, 10)));
  });

  it('an i64 result fills a BigInt64Array; a bigint argument is an i64', async () => {
    const out = sharedArray(BigInt64Array, 20);
    await T3.parallelMap(0, 20, k.big!.with(-7n), { out });
    expect(Array.from(out)).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i) * 1_000_000_000_000n - 7n));
  });

  it('parallelForRange passes (lo, hi); parallelFor2D (i, j); parallel() (threadId, numThreads)', async () => {
    const out = heap.alloc(Int32Array, 1000);
    await T3.parallelForRange(0, 1000, k.chunk!.with(out.byteOffset), 'dynamic,33');
    expect(out.every((x, i) => x === i + 1)).toBe(true);
    out.fill(0);
    parallelForRangeSync(10, 990, k.chunk!.with(out.byteOffset), 'guided');
    expect(out.every((x, i) => x === (i >= 10 && i < 990 ? i + 1 : 0))).toBe(true);

    const cols = 17;
    const grid = heap.alloc(Int32Array, 13 * cols);
    await T3.parallelFor2D([0, 13], [0, cols], k.cell!.with(grid.byteOffset, cols), 'dynamic,5');
    expect(grid.every((x, n) => x === Math.floor(n / cols) * 1000 + (n % cols))).toBe(true);
    grid.fill(0);
    parallelFor2DSync([0, 13], [0, cols], k.cell!.with(grid.byteOffset, cols));
    expect(grid.every((x, n) => x === Math.floor(n / cols) * 1000 + (n % cols))).toBe(true);

    const slots = heap.alloc(Int32Array, 4);
    await T3.parallel(k.region!.with(slots.byteOffset));
    expect(Array.from(slots)).toEqual([300, 301, 302, 0]);
    slots.fill(0);
    T3.parallelSync(k.region!.with(slots.byteOffset), { threads: 2 });
    expect(Array.from(slots)).toEqual([200, 201, 0, 0]);
  });

  it('a repeated call with the same arguments sends no message; new arguments reach each worker once', async () => {
    const out = heap.alloc(Float64Array, 64);
    await T3.parallelFor(0, 64, k.square!.with(out.byteOffset, 1));
    const before = T3.stats.messages;
    await T3.parallelFor(0, 64, k.square!.with(out.byteOffset, 1));
    T3.parallelForSync(0, 64, k.square!.with(out.byteOffset, 1));
    expect(T3.stats.messages).toBe(before);
    await T3.parallelFor(0, 64, k.square!.with(out.byteOffset, 2));
    expect(T3.stats.messages).toBe(before + 3);
    expect(out[5]).toBe(27);
  });
});

describe('wasm traps and setup errors', () => {
  it('a trap is a LoopBodyError with the index and the RuntimeError as cause; the team still works', async () => {
    for (const sync of [false, true]) {
      const run = (body: WasmKernel, opts = {}) => (sync ? T3.parallelForSync(0, 100, body, opts) : T3.parallelFor(0, 100, body, opts));
      const e1 = await Promise.resolve()
        .then(() => run(k.trapAt!.with(41), 'dynamic,3'))
        .catch((e: unknown) => e);
      expect(e1).toBeInstanceOf(LoopBodyError);
      expect((e1 as LoopBodyError).index).toBe(41);
      expect((e1 as LoopBodyError).cause).toBeInstanceOf(WebAssembly.RuntimeError);
      expect((e1 as Error).message).toMatch(/iteration 41 .*RuntimeError: unreachable/);

      const e2 = await Promise.resolve()
        .then(() => run(k.divide!.with(0)))
        .catch((e: unknown) => e);
      expect(e2).toBeInstanceOf(LoopBodyError);
      expect((e2 as Error).message).toMatch(/divide by zero/);

      const e3 = await Promise.resolve()
        .then(() => run(k.readAt!.with(2 ** 32 - 8)))
        .catch((e: unknown) => e);
      expect(e3).toBeInstanceOf(LoopBodyError);
      expect((e3 as Error).message).toMatch(/memory access out of bounds/);

      const out = heap.alloc(Float64Array, 100);
      await run(k.square!.with(out.byteOffset, 0));
      expect(out[99]).toBe(99 * 99);
    }
  });

  it('a module that does not load, compile or link, or lacks the export, is a BodySetupError', async () => {
    const m = { memory: heap.memory };
    await expect(wasmKernel(PROBE, 'nope', m)).rejects.toThrow(
      new BodySetupError(
        `Cannot use export 'nope' of the wasm module ${PROBE.href} as a loop body as it is missing (function exports: square, value, big, chunk, cell, region, trapAt, divide, readAt, growAndMark, writeHigh)`,
        0,
        undefined,
      ),
    );
    await expect(wasmKernel(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 9]), 'f')).rejects.toBeInstanceOf(BodySetupError);
    await expect(wasmKernel(new URL('./missing.wasm', PROBE), 'f', m)).rejects.toThrow(/Cannot load the wasm module .*missing\.wasm/);
    // A module with a memory of its own: every thread would get a copy.
    await expect(wasmKernel(OWN_MEMORY, 'f')).rejects.toThrow(/defines its own memory/);
    // A module importing a function parfor cannot give every thread.
    await expect(wasmKernel(IMPORTS_FOO, 'f')).rejects.toThrow(/imports function env\.foo/);
    // Linking: a module that needs at least 2 pages, given a memory of 1, fails to instantiate.
    const onePage = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    const e = await wasmKernel(NEEDS_2_PAGES, 'f', { memory: onePage }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BodySetupError);
    expect((e as Error).message).toMatch(/Cannot instantiate the wasm module \(bytes\): LinkError/);
    expect((e as Error).cause).toBeInstanceOf(WebAssembly.LinkError);
    await expect(wasmKernel(PROBE, 'square', { memory: onePage })).resolves.toBeDefined();
  });

  it('bad arguments are TypeErrors that name what was received', async () => {
    await expect(wasmKernel(PROBE, 'square')).rejects.toThrow(TypeError);
    await expect(wasmKernel(PROBE, 'square')).rejects.toThrow(/imports a memory: pass a shared one/);
    await expect(wasmKernel(PROBE, 'square', { memory: new WebAssembly.Memory({ initial: 1 }) })).rejects.toThrow(/not shared/);
    await expect(wasmKernel(PROBE, 'square', { memory: {} as WebAssembly.Memory })).rejects.toThrow(
      "'memory' must be a WebAssembly.Memory: received object",
    );
    await expect(wasmKernel(PROBE, '')).rejects.toThrow('non-empty string: received string ""');
    await expect(wasmKernel('./probe.wasm', 'square')).rejects.toThrow(/not absolute/);
    await expect(wasmKernel(42 as never, 'square')).rejects.toThrow(/received number 42/);
    expect(() => k.square!.with('1' as never)).toThrow(/argument 0 .* received string "1"/);
    await expect(T3.parallelFor(0, 4, { ...k.square! } as never)).rejects.toThrow(TypeError);
  });
});

describe('functions the module imports', () => {
  const IMPORTS = new URL('./fixtures/wasm/build/imports.wasm', import.meta.url);
  const given = { env: { scale: (x: number) => 3 * x + 1 }, host: { mark: (i: number) => 2 * i } };

  it('every thread calls the given functions, re-created from their source; sync, async and map', async () => {
    const scaled = await wasmKernel(IMPORTS, 'scaled', { memory: heap.memory, imports: given });
    const out = heap.alloc(Float64Array, 200);
    // Plain static gives each of the three threads a block of its own, so every thread calls the imports.
    await T3.parallelFor(0, 100, scaled.with(out.byteOffset));
    T3.parallelForSync(100, 200, scaled.with(out.byteOffset), 'dynamic,3');
    expect(Array.from(out)).toEqual(Array.from({ length: 200 }, (_, i) => 3 * i + 1));
    const marked = await wasmKernel(IMPORTS, 'marked', { memory: heap.memory, imports: given });
    expect(Array.from(await T3.parallelMap(0, 50, marked, 'dynamic'))).toEqual(Array.from({ length: 50 }, (_, i) => 2 * i));
  });

  it('an import that throws is a LoopBodyError with the index; a closure fails on every thread alike; the team still works', async () => {
    const throwing = {
      env: { scale: (x: number) => x },
      host: {
        mark: (i: number) => {
          if (i === 7) throw new RangeError('seven');
          return i;
        },
      },
    };
    const marked = await wasmKernel(IMPORTS, 'marked', { memory: heap.memory, imports: throwing });
    for (const sync of [false, true]) {
      const e = await (sync ? Promise.resolve().then(() => T3.parallelMapSync(0, 20, marked)) : T3.parallelMap(0, 20, marked)).catch(
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(LoopBodyError);
      expect(e).toMatchObject({ index: 7 });
      expect((e as Error).message).toMatch(/RangeError: seven/);
    }
    const factor = 3;
    // A captured variable is refused as the kernel is made, on the calling thread...
    const closure = { env: { scale: (x: number) => x * factor }, host: { mark: (i: number) => i } };
    await expect(wasmKernel(IMPORTS, 'scaled', { memory: heap.memory, imports: closure })).rejects.toThrow(
      /^Cannot use wasm import env\.scale as it uses factor, which is not defined on the threads that run it/,
    );
    // ...and one the check cannot judge (the operand of a typeof) fails on every thread alike.
    const hidden = { env: { scale: (x: number) => (typeof later === 'undefined' ? later : x) }, host: { mark: (i: number) => i } };
    const scaled = await wasmKernel(IMPORTS, 'scaled', { memory: heap.memory, imports: hidden });
    const out = heap.alloc(Float64Array, 8);
    await expect(T3.parallelFor(0, 8, scaled.with(out.byteOffset))).rejects.toThrow(/later is not defined/);
    expect(() => T3.parallelForSync(0, 8, scaled.with(out.byteOffset))).toThrow(/later is not defined/);
    expect(Array.from(await T3.parallelMap(0, 4, (i: number) => i + 1))).toEqual([1, 2, 3, 4]);
  });

  it('a missing, unknown or malformed import is an error that names it', async () => {
    const m = { memory: heap.memory };
    await expect(wasmKernel(IMPORTS, 'scaled', m)).rejects.toThrow(/imports function env\.scale, which was not given/);
    await expect(wasmKernel(IMPORTS, 'scaled', { ...m, imports: { env: given.env } })).rejects.toThrow(
      /imports function host\.mark, which was not given/,
    );
    await expect(wasmKernel(IMPORTS, 'scaled', { ...m, imports: { ...given, env: { ...given.env, sede: () => 0 } } })).rejects.toThrow(
      new TypeError(
        `Cannot create a wasm kernel of ${IMPORTS.href} with import env.sede, as the module does not import it (its function imports: env.scale, host.mark)`,
      ),
    );
    await expect(wasmKernel(IMPORTS, 'scaled', { ...m, imports: 5 as never })).rejects.toThrow(
      "'imports' must be an object of modules: received number 5",
    );
    await expect(wasmKernel(IMPORTS, 'scaled', { ...m, imports: { env: { scale: 3 } } as never })).rejects.toThrow(
      'imports.env.scale must be a function: received number 3',
    );
    await expect(wasmKernel(IMPORTS, 'scaled', { ...m, imports: { env: { scale: Math.exp }, host: given.host } })).rejects.toThrow(
      /Cannot use function exp as wasm import env\.scale as its source is not available/,
    );
  });
});

describe('shared memory growth', () => {
  it('a kernel that grows the memory on one thread: every thread and new views see the new bytes, old views stay valid', async () => {
    const h = new WasmHeap({ maximumBytes: 16 * 65_536, base: 0, initialBytes: 65_536 });
    const grow = await wasmKernel(PROBE, 'growAndMark', { memory: h.memory });
    const high = await wasmKernel(PROBE, 'writeHigh', { memory: h.memory });
    const out = h.alloc(Int32Array, 4);
    for (const sync of [false, true]) {
      const before = h.memory.buffer.byteLength;
      const run = (body: WasmKernel) => (sync ? T3.parallelSync(body) : T3.parallel(body));
      await run(grow.with(2, 7.5, out.byteOffset));
      expect(out[0]).toBe(before / 65_536); // the old view, written by the worker after growth
      expect(h.memory.buffer.byteLength).toBe(before + 2 * 65_536);
      expect(h.view(Float64Array, before + 2 * 65_536 - 8, 1)[0]).toBe(7.5);
      await run(high.with(before, 100));
      expect(Array.from(h.view(Float64Array, before, 3))).toEqual([100, 101, 102]);
      expect(() => h.view(Float64Array, before + 2 * 65_536, 1)).toThrow(RangeError);
    }
  });

  it('WasmHeap hands out aligned views that do not overlap, growing the memory; errors name the value', () => {
    const h = new WasmHeap({ maximumBytes: 4 * 65_536 });
    expect(h.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    const a = h.alloc(Uint8Array, 3);
    const b = h.alloc(Float64Array, 10_000); // past the first page: grows
    const c = h.alloc(Int16Array, 5, 64);
    expect(a.byteOffset).toBe(65_536);
    expect(b.byteOffset % 16).toBe(0);
    expect(b.byteOffset).toBeGreaterThanOrEqual(a.byteOffset + 3);
    expect(c.byteOffset % 64).toBe(0);
    expect(c.byteOffset).toBeGreaterThanOrEqual(b.byteOffset + b.byteLength);
    expect(h.used).toBe(c.byteOffset + c.byteLength);
    a[2] = 9;
    expect(h.view(Uint8Array, 65_536, 3)[2]).toBe(9);
    expect(() => h.alloc(Float64Array, 65_536)).toThrow(RangeError);
    expect(() => h.alloc(Float64Array, 65_536)).toThrow(/cannot grow/);
    expect(() => h.alloc(Array as never, 1)).toThrow(TypeError);
    expect(() => h.alloc(Float64Array, 1, 4)).toThrow('align must be a power of two of at least 8 bytes: received number 4');
    expect(() => h.alloc(Float64Array, -1)).toThrow('length as it must be a non-negative safe integer: received number -1');
    expect(() => h.view(Float64Array, 4, 1)).toThrow(RangeError);
    expect(() => new WasmHeap({ maximumBytes: 2 ** 33 })).toThrow(/exceeds 4 GiB/);
    expect(() => new WasmHeap({ initialBytes: 3 * 65_536, maximumBytes: 65_536 })).toThrow(RangeError);
  });
});

describe('the bundled wasm kernels', () => {
  for (const name of ['fill', 'mandelbrot', 'matmul', 'pi']) {
    it(`${name}: scalar and SIMD equal the JS reference (bytes; π within 1e-12), async and sync`, async () => {
      const ref = await import(`../kernels/${name}.mjs`);
      const size = name === 'pi' ? 300_001 : Math.floor(ref.quickSize / 2) + 1; // odd: the SIMD tails run
      const w = await setupWasm(name, size);
      const want = ref.serial(size);
      for (const body of [w.bodies.wasm, w.bodies.simd]) {
        for (const sync of [false, true]) {
          if (w.loop === 'reduce') {
            const v = w.scale * (sync ? T3.parallelReduceSync(0, w.iterations, body) : await T3.parallelReduce(0, w.iterations, body));
            expect(Math.abs(v - (want as unknown as number))).toBeLessThanOrEqual(1e-12);
          } else {
            new Uint8Array(w.output!.buffer, w.output!.byteOffset, w.output!.byteLength).fill(0);
            if (sync) T3.parallelForSync(0, w.iterations, body, 'dynamic,3');
            else await T3.parallelFor(0, w.iterations, body, 'guided');
            expect(compareBufferSources(w.output as BufferSource, want as BufferSource), `${name} ${body.name} sync=${sync}`).toBe(true);
          }
        }
      }
    });
  }

  it('the .wasm is reproducible: compiling the source again gives the same bytes', async () => {
    const { compileWasm } = (await import('../scripts/build-wasm.mjs' as string)) as {
      compileWasm(src: string, out: string): Promise<void>;
    };
    const out = join(mkdtempSync(join(tmpdir(), 'parfor-wasm-')), 'kernels.wasm');
    await compileWasm('kernels/wasm/kernels.ts', out);
    expect(compareBufferSources(readFileSync(out), readFileSync('kernels/wasm/build/kernels.wasm'))).toBe(true);
  }, 60_000);
});

// Two hand-assembled modules (the binary format, section by section), each exporting `f`.
const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const TYPE_VOID = [0x01, 0x04, 0x01, 0x60, 0x00, 0x00];
const CODE_EMPTY = [0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b];
/** Defines memory 0 (one page) and exports it as "memory", beside f. */
const OWN_MEMORY = new Uint8Array([
  ...HEADER,
  ...TYPE_VOID,
  ...[0x03, 0x02, 0x01, 0x00],
  ...[0x05, 0x03, 0x01, 0x00, 0x01],
  ...[0x07, 0x0e, 0x02, 0x01, 0x66, 0x00, 0x00, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00],
  ...CODE_EMPTY,
]);
/** Imports function env.foo; f is function 1. */
const IMPORTS_FOO = new Uint8Array([
  ...HEADER,
  ...TYPE_VOID,
  ...[0x02, 0x0b, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x66, 0x6f, 0x6f, 0x00, 0x00],
  ...[0x03, 0x02, 0x01, 0x00],
  ...[0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x01],
  ...CODE_EMPTY,
]);
/** Imports a shared memory env.memory of exactly 2 pages; f is function 0. */
const NEEDS_2_PAGES = new Uint8Array([
  ...HEADER,
  ...TYPE_VOID,
  ...[0x02, 0x10, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x03, 0x02, 0x02],
  ...[0x03, 0x02, 0x01, 0x00],
  ...[0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00],
  ...CODE_EMPTY,
]);
