// Wasm kernels as task functions: leaf tasks that JS tasks spawn (results and writes to the shared
// memory against serial oracles, sync and async, 1-3 threads), a wasm root, taskloop and regions,
// and the errors: an argument count or type the export cannot take, a trap; the team usable after.
import fc from 'fast-check';
import { parallel, parallelTasks, parallelTasksSync, TaskError, WasmHeap, type WasmKernel, wasmKernel } from 'parfor';
import { beforeAll, describe, expect, it } from 'vitest';
import { team } from './helpers.js';
import { buildModule } from './wasm-builder.js';

const PROBE = new URL('./fixtures/wasm/build/probe.wasm', import.meta.url);
const T3 = team({ threads: 3 });
const T8 = team({ threads: 8 });
const heap = new WasmHeap({ maximumBytes: 64 * 65_536 });
const k: Record<string, WasmKernel> = {};

beforeAll(async () => {
  for (const name of ['square', 'value', 'big', 'chunk', 'divide']) k[name] = await wasmKernel(PROBE, name, { memory: heap.memory });
});

/** Sums value(i, 0.25) = i/2 + 1/4 over [lo, hi) by halving, each i a wasm leaf task. */
const SUM = {
  sum(ctx: any, _s: unknown, lo: number, hi: number): number {
    if (hi - lo <= 4) {
      const h = [];
      for (let i = lo; i < hi; i++) h.push(ctx.spawn('leaf', i));
      ctx.wait();
      let s = 0;
      for (const x of h) s += ctx.result(x);
      return s;
    }
    const mid = (lo + hi) >> 1;
    const [a, b] = ctx.join('sum', [lo, mid], 'sum', [mid, hi]);
    return a + b;
  },
};
const sumSerial = (lo: number, hi: number): number => {
  let s = 0;
  for (let i = lo; i < hi; i++) s += i * 0.5 + 0.25;
  return s;
};

describe('wasm kernels as task functions', () => {
  it('leaf tasks spawned by a JS tree return their values: the sum equals the serial one (sync and async, 1-3 threads)', async () => {
    const tasks = { ...SUM, leaf: k.value!.with(0.25) };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 3 }), fc.boolean(), async (n, threads, sync) => {
        const got = sync
          ? T3.parallelTasksSync(tasks, 'sum', [0, n], { threads })
          : await T3.parallelTasks(tasks, 'sum', [0, n], { threads });
        expect(got).toBe(sumSerial(0, n));
      }),
      { numRuns: 30 },
    );
  });

  it('the same tree on a team of 8 threads (every worker instantiates the module), sync and async', async () => {
    const tasks = { ...SUM, leaf: k.value!.with(0.25) };
    for (const n of [0, 7, 400]) {
      expect(T8.parallelTasksSync(tasks, 'sum', [0, n])).toBe(sumSerial(0, n));
      expect(await T8.parallelTasks(tasks, 'sum', [0, n])).toBe(sumSerial(0, n));
    }
  });

  it('leaf tasks write the shared memory: out[i] = i² + k for every i, nothing else touched', async () => {
    const out = heap.alloc(Float64Array, 500);
    const tasks = {
      fill(ctx: any, _s: unknown, n: number): undefined {
        for (let i = 0; i < n; i++) ctx.spawn('square', i);
        ctx.wait();
        return undefined;
      },
      square: k.square!.with(out.byteOffset, 7),
    };
    for (const n of [0, 1, 250, 499]) {
      out.fill(-1);
      expect(await T3.parallelTasks(tasks, 'fill', [n])).toBe(undefined);
      for (let i = 0; i < out.length; i++) expect(out[i]).toBe(i < n ? i * i + 7 : -1);
    }
  });

  it('a wasm kernel is a root task, and a taskloop task (lo, hi first), in a region too', async () => {
    expect(await parallelTasks({ leaf: k.value!.with(3) }, 'leaf', [10], { team: T3 })).toBe(8);
    expect(parallelTasksSync({ leaf: k.divide! }, 'leaf', [-9, 2], { team: T3 })).toBe(-4);
    const out = heap.alloc(Int32Array, 1000);
    const chunk = k.chunk!.with(out.byteOffset);
    const tasks = {
      spread(ctx: any, _s: unknown, n: number): undefined {
        ctx.taskloop(0, n, 'chunk', { grainsize: 37 });
        return undefined;
      },
      chunk,
    };
    await T3.parallelTasks(tasks, 'spread', [1000]);
    expect(Array.from(out)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    out.fill(0);
    await parallel(
      (ctx: any) => {
        ctx.single(() => ctx.taskloop(0, 600, 'chunk', { numTasks: 9 }));
      },
      { team: T3, tasks: { chunk } },
    );
    expect(Array.from(out)).toEqual(Array.from({ length: 1000 }, (_, i) => (i < 600 ? i + 1 : 0)));
  });

  it('refuses before anything runs: a root with the wrong argument count, an unbound i64 parameter or result, too many arguments', async () => {
    await expect(parallelTasks({ leaf: k.value!.with(3) }, 'leaf', [1, 2], { team: T3 })).rejects.toThrow(
      new TypeError("Cannot run parallelTasks as root task 'leaf' is a wasm kernel that takes 1 argument: received 2"),
    );
    expect(() => parallelTasksSync({ leaf: k.big! }, 'leaf', [1, 2], { team: T3 })).toThrow(
      /wasm export 'big' as task 'leaf': task arguments are numbers, and a parameter it leaves unbound is an i64 \(bind it with \.with\(\)\)/,
    );
    expect(() => parallelTasksSync({ leaf: k.big!.with(5n) }, 'leaf', [1], { team: T3 })).toThrow(
      /a task returns a number or nothing, and it returns i64/,
    );
    const wide = buildModule({
      funcs: [{ name: 'seven', type: { params: Array(7).fill('i32'), results: ['i32'] }, body: [0x20, 0x00] }],
    });
    const seven = await wasmKernel(wide, 'seven');
    expect(() => parallelTasksSync({ r: () => 0, seven }, 'r', [], { team: T3 })).toThrow(
      new RangeError(
        "Cannot run parallelTasksSync with wasm export 'seven' as task 'seven': a task takes at most 6 arguments, and it leaves 7 unbound of its 7",
      ),
    );
    expect(parallelTasksSync({ seven: seven.with(0) }, 'seven', [4, 0, 0, 0, 0, 0], { team: T3 })).toBe(4);
  });

  it('a spawn with the wrong argument count, and a trap, are TaskErrors naming the task; the team runs the next call', async () => {
    const tasks = {
      root(ctx: any, _s: unknown, which: number): number {
        const h = which === 0 ? ctx.spawn('div', 7) : ctx.spawn('div', 7, 2, 1);
        ctx.wait();
        return ctx.result(h);
      },
      div: k.divide!,
    };
    const wrong = await T3.parallelTasks(tasks, 'root', [0]).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(TaskError);
    expect((wrong as TaskError).task).toBe('div');
    expect((wrong as TaskError).args).toEqual([7]);
    expect(((wrong as TaskError).cause as Error).message).toBe("Task 'div' (wasm export 'divide') takes 2 arguments: it was given 1");
    const more = await T3.parallelTasks(tasks, 'root', [1]).catch((e: unknown) => e);
    expect((more as TaskError).args).toEqual([7, 2, 1]);
    expect(((more as TaskError).cause as Error).message).toBe("Task 'div' (wasm export 'divide') takes 2 arguments: it was given 3");
    const divZero = await T3.parallelTasks({ d: k.divide!.with(0) }, 'd', [5]).catch((e: unknown) => e);
    expect(divZero).toBeInstanceOf(TaskError);
    expect((divZero as TaskError).cause).toBeInstanceOf(WebAssembly.RuntimeError);
    expect(await T3.parallelTasks({ ...SUM, leaf: k.value!.with(0.25) }, 'sum', [0, 100])).toBe(sumSerial(0, 100));
  });
});
