/**
 * A wasm kernel checked against the loop about to call it, before anything
 * runs: what the loop passes ahead of the bound arguments (by the kind's way
 * of calling), whether each value fits its parameter's type exactly, and
 * whether the export's result is one the kind can use.
 */
import type { WasmKernel } from '../data/wasm-kernel.js';
import { type LoopKind, unreachable, type WasmCall } from '../kinds/kind.js';
import type { IterationSpace } from '../kinds/shape.js';

/** What each way of calling passes ahead of the bound arguments, as the messages name it. */
const LEAD: Readonly<Record<WasmCall, string[]>> = {
  index: ['i'],
  chunk: ['lo', 'hi'],
  cell: ['i', 'j'],
  thread: ['threadId', 'numThreads'],
};

/** The integers each numeric parameter type takes exactly, as a loop's own argument. */
const EXACT: Readonly<Record<string, [number, number]>> = {
  i32: [-(2 ** 31), 2 ** 31 - 1],
  f32: [-(2 ** 24), 2 ** 24],
};

/**
 * Check a wasm kernel against the loop about to call it, before anything runs:
 * the export takes as many parameters as the loop passes plus the bound ones;
 * each value the loop passes (`ranges`: the least and greatest, per leading
 * parameter) fits its parameter exactly (an i32 index past 2^31 would wrap);
 * a kind that uses the result gets one it can use. Where the module's types
 * are unknown, the loop's own arguments are held to the narrowest type, i32.
 */
export function checkWasmCall(
  fn: string,
  kind: LoopKind,
  k: WasmKernel,
  ranges: ReadonlyArray<readonly [number, number]> | undefined,
): void {
  const lead = LEAD[kind.wasmCall];
  const what = `Cannot run ${fn} with wasm export '${k.name}'`;
  const want = lead.length + k.args.length;
  if (want !== k.arity) {
    const more = k.arity - want;
    throw new TypeError(
      `${what} as it takes ${k.arity} parameter${k.arity === 1 ? '' : 's'} and would get ${want}: ${fn} passes (${lead.join(', ')}) ` +
        `and .with() bound ${k.args.length}` +
        (more > 0 ? ` (bind the other ${more} with .with(…))` : ` (bind ${-more} fewer)`),
    );
  }
  for (let p = 0; p < lead.length; p++) {
    const type = k.params?.[p];
    if (type === 'i64') {
      throw new TypeError(`${what} as its parameter ${lead[p]} is an i64, and ${fn} passes it as a number: declare it an i32 or an f64`);
    }
    const exact = EXACT[type ?? 'i32'];
    const range = ranges?.[p];
    if (exact === undefined || range === undefined) continue;
    if (range[0] < exact[0] || range[1] > exact[1]) {
      throw new RangeError(
        `${what} as its parameter ${lead[p]} ${type === undefined ? 'may be an i32 (its types are unknown: parfor reads them from the bytes or URL it compiles, not from a WebAssembly.Module made elsewhere)' : `is an ${type}`}, ` +
          `which holds the integers ${exact[0]} to ${exact[1]} exactly: received ${lead[p]} from ${range[0]} to ${range[1]}`,
      );
    }
  }
  if (kind.result !== 'nothing' && k.results !== undefined) {
    const r = k.results[0];
    if (k.results.length !== 1 || r === undefined) {
      throw new TypeError(
        `${what} as ${fn} uses the body's result, and the export returns ${k.results.length === 0 ? 'nothing' : `${k.results.length} values`}`,
      );
    }
    if (r === 'i64' && !kind.bigint) throw new TypeError(`${what} as it returns an i64 (a bigint), and ${fn} combines numbers`);
    if (r !== 'i32' && r !== 'i64' && r !== 'f32' && r !== 'f64') throw new TypeError(`${what} as it returns a ${r}, not a number`);
  }
}

/** The least and greatest value of each argument a loop passes a wasm export ahead of the bound ones (for n > 0). */
export function leadRanges(kind: LoopKind, space: IterationSpace, threads: number): Array<[number, number]> {
  const { start, n } = space;
  switch (kind.wasmCall) {
    case 'index':
      return [[start, start + n - 1]];
    case 'chunk':
      return [
        [start, start + n],
        [start, start + n],
      ];
    case 'cell': {
      const [cols, r0, c0] = space.params!;
      return [
        [r0, r0 + n / cols - 1],
        [c0, c0 + cols - 1],
      ];
    }
    case 'thread':
      return [
        [0, threads - 1],
        [threads, threads],
      ];
    default:
      return unreachable(kind.wasmCall, 'wasm call');
  }
}
