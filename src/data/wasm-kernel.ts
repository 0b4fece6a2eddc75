/**
 * A WebAssembly loop body, as data: a compiled module, the export to call,
 * the shared memory it runs over, and the arguments bound after the loop's
 * own. Made by `wasmKernel()` (api/wasm.ts), posted to every thread (a
 * WebAssembly.Module and a shared WebAssembly.Memory cross threads by
 * reference), instantiated once per thread (team/bodies/wasm.ts).
 */
import { describe } from '../describe.js';
import { isSafeInteger, toBigInt } from '../intrinsics.js';
import type { WasmType } from './wasm-signature.js';

const BRAND = Symbol.for('parfor.WasmKernel');

/** An argument bound after the loop's own: a number (i32, f32, f64 parameters) or a bigint (i64). */
export type WasmArg = number | bigint;

/** A function the module imports, as the source text every thread compiles it from. */
export interface WasmImport {
  readonly module: string;
  readonly name: string;
  readonly source: string;
  /**
   * The import's result type as the module declares it, `'none'` for no
   * result, or undefined when the module's types could not be read: what
   * every thread checks the function's return value against.
   */
  readonly result: WasmType | 'none' | undefined;
}

/** A loop body that calls an export of a WebAssembly module on every thread. */
export interface WasmKernel {
  /** The compiled module (every thread instantiates it once). */
  readonly module: WebAssembly.Module;
  /** The shared memory the module imports, or undefined for a module that imports none. */
  readonly memory: WebAssembly.Memory | undefined;
  /** The export called as the body. */
  readonly name: string;
  /** How many parameters the export takes: the loop's own arguments plus the bound ones. */
  readonly arity: number;
  /**
   * The export's parameter and result types, or undefined when parfor could
   * not read them (a `WebAssembly.Module` it did not compile itself: it has no
   * access to its bytes).
   */
  readonly params: readonly WasmType[] | undefined;
  readonly results: readonly WasmType[] | undefined;
  /** Arguments passed after the loop's own (index, chunk bounds, cell or thread). */
  readonly args: readonly WasmArg[];
  /** The functions given as the module's imports (`{ imports }`), as source text. */
  readonly imports: readonly WasmImport[];
  /** One instance per thread per key: the kernels of one module, memory and imports share it. */
  readonly key: string;
  /**
   * The same kernel with `args` bound after the loop's own arguments, e.g.
   * pointers and sizes: `mm.with(A.byteOffset, B.byteOffset, C.byteOffset, n)`.
   * Each is checked against its parameter's type when the types are known: an
   * i32 takes an integer from -2^31 to 2^32 - 1 (a pointer may pass 2^31), an
   * i64 a bigint or a safe integer (bound as a bigint), f32 and f64 a number.
   * Each distinct list is one body: it reaches each worker once.
   */
  with(...args: WasmArg[]): WasmKernel;
}

/** What makeWasmKernel needs to know about the export (api/wasm.ts has checked it). */
export interface WasmExport {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory | undefined;
  name: string;
  key: string;
  arity: number;
  params: readonly WasmType[] | undefined;
  results: readonly WasmType[] | undefined;
  imports: readonly WasmImport[];
}

/** Build a frozen, branded WasmKernel with `args` bound (each checked, see WasmKernel.with). */
export function makeWasmKernel(e: WasmExport, args: readonly unknown[] = []): WasmKernel {
  // At least one parameter is the loop's own (the index, a chunk's lo, a cell's row, the thread id).
  if (args.length > e.arity - 1) {
    throw new RangeError(
      `Cannot bind ${args.length} argument${args.length === 1 ? '' : 's'} to wasm export '${e.name}' as it takes ` +
        `${e.arity} parameter${e.arity === 1 ? '' : 's'}, the first of which the loop passes: received ${args.map((a) => describe(a)).join(', ')}`,
    );
  }
  // The bound arguments are the export's last ones: their types are the last of the parameters.
  const types = e.params?.slice(e.params.length - args.length);
  const bound = args.map((a, n) => checkArg(a, n, types?.[n], e.name));
  const k: WasmKernel = {
    module: e.module,
    memory: e.memory,
    name: e.name,
    key: e.key,
    arity: e.arity,
    params: e.params,
    results: e.results,
    imports: e.imports,
    args: Object.freeze(bound),
    with(...more: WasmArg[]) {
      return makeWasmKernel(e, more);
    },
  };
  Object.defineProperty(k, BRAND, { value: true });
  return Object.freeze(k);
}

const I32_MIN = -(2 ** 31);
const U32_MAX = 2 ** 32 - 1;
const I64_MIN = -(2n ** 63n);
const U64_MAX = 2n ** 64n - 1n;

/** A bound argument, checked against its parameter type (when known) and returned as it will be passed. */
function checkArg(a: unknown, n: number, type: WasmType | undefined, name: string): WasmArg {
  const what = `argument ${n} of wasm export '${name}'`;
  if (typeof a !== 'number' && typeof a !== 'bigint') {
    throw new TypeError(`Cannot bind ${what} as it must be a number or a bigint: received ${describe(a)}`);
  }
  switch (type) {
    case undefined:
      return a;
    case 'i32':
      if (typeof a !== 'number')
        throw new TypeError(`Cannot bind ${what} as its parameter is an i32, which takes a number: received ${describe(a)}`);
      if (!isSafeInteger(a) || a < I32_MIN || a > U32_MAX) {
        throw new RangeError(
          `Cannot bind ${what} as its parameter is an i32, which holds integers from -2147483648 to 4294967295 exactly: received ${describe(a)}`,
        );
      }
      return a;
    case 'i64': {
      if (typeof a === 'number' && !isSafeInteger(a)) {
        throw new RangeError(
          `Cannot bind ${what} as its parameter is an i64, which takes a bigint or a safe integer: received ${describe(a)}`,
        );
      }
      const big = BigIntOf(a);
      if (big < I64_MIN || big > U64_MAX) {
        throw new RangeError(`Cannot bind ${what} as its parameter is an i64, which holds 64 bits: received ${describe(a)}`);
      }
      return big;
    }
    case 'f32':
    case 'f64':
      if (typeof a !== 'number')
        throw new TypeError(`Cannot bind ${what} as its parameter is an ${type}, which takes a number: received ${describe(a)}`);
      return a;
    default:
      throw new TypeError(`Cannot bind ${what} as its parameter is a ${type}, which JavaScript cannot pass: received ${describe(a)}`);
  }
}

/** A number or bigint as a bigint (checked to be integral by the caller). */
function BigIntOf(a: number | bigint): bigint {
  return typeof a === 'bigint' ? a : toBigInt(a);
}

export function isWasmKernel(v: unknown): v is WasmKernel {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[BRAND] === true;
}

/** How an argument is written into a body's source text (exactly: -0, NaN, Infinity and bigints kept). */
export function argText(a: WasmArg): string {
  if (typeof a === 'bigint') return `${a}n`;
  return Object.is(a, -0) ? '-0' : String(a);
}
