/**
 * A WebAssembly loop body, as data: a compiled module, the export to call,
 * the shared memory it runs over, and the arguments bound after the loop's
 * own. Made by `wasmKernel()` (api/wasm.ts), posted to every thread (a
 * WebAssembly.Module and a shared WebAssembly.Memory cross threads by
 * reference), instantiated once per thread (team/bodies/wasm.ts).
 */
import { describe } from '../describe.js';

const BRAND = Symbol.for('parfor.WasmKernel');

/** An argument bound after the loop's own: a number (i32, f32, f64 parameters) or a bigint (i64). */
export type WasmArg = number | bigint;

/** A function the module imports, as the source text every thread compiles it from. */
export interface WasmImport {
  readonly module: string;
  readonly name: string;
  readonly source: string;
}

/** A loop body that calls an export of a WebAssembly module on every thread. */
export interface WasmKernel {
  /** The compiled module (every thread instantiates it once). */
  readonly module: WebAssembly.Module;
  /** The shared memory the module imports, or undefined for a module that imports none. */
  readonly memory: WebAssembly.Memory | undefined;
  /** The export called as the body. */
  readonly name: string;
  /** Arguments passed after the loop's own (index, chunk bounds, cell or thread). */
  readonly args: readonly WasmArg[];
  /** The functions given as the module's imports (`{ imports }`), as source text. */
  readonly imports: readonly WasmImport[];
  /** One instance per thread per key: the kernels of one module, memory and imports share it. */
  readonly key: string;
  /**
   * The same kernel with `args` bound after the loop's own arguments, e.g.
   * pointers and sizes: `mm.with(A.byteOffset, B.byteOffset, C.byteOffset, n)`.
   * Each distinct list is one body: it reaches each worker once.
   */
  with(...args: WasmArg[]): WasmKernel;
}

/** Build a frozen, branded WasmKernel (the factory validated module, memory and export). */
export function makeWasmKernel(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory | undefined,
  name: string,
  key: string,
  imports: readonly WasmImport[] = [],
  args: readonly WasmArg[] = [],
): WasmKernel {
  const k: WasmKernel = {
    module,
    memory,
    name,
    key,
    imports,
    args: Object.freeze([...args]),
    with(...more: WasmArg[]) {
      for (let n = 0; n < more.length; n++) checkArg(more[n], n);
      return makeWasmKernel(module, memory, name, key, imports, more);
    },
  };
  Object.defineProperty(k, BRAND, { value: true });
  return Object.freeze(k);
}

function checkArg(a: unknown, n: number): void {
  if (typeof a === 'bigint') return;
  if (typeof a !== 'number') {
    throw new TypeError(`Cannot bind wasm kernel argument ${n} as it must be a number or a bigint: received ${describe(a)}`);
  }
}

export function isWasmKernel(v: unknown): v is WasmKernel {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[BRAND] === true;
}

/** How an argument is written into a body's source text (exactly: -0, NaN, Infinity and bigints kept). */
export function argText(a: WasmArg): string {
  if (typeof a === 'bigint') return `${a}n`;
  return Object.is(a, -0) ? '-0' : String(a);
}
