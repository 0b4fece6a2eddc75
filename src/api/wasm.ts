/**
 * wasmKernel(): a loop body that calls an export of a WebAssembly module on
 * every thread, over one shared WebAssembly.Memory. The module is compiled
 * once here, checked (its export, its imports, its linking with the memory)
 * by instantiating it on the calling thread, and posted to each worker once,
 * which instantiates it on first use (team/bodies/wasm.ts).
 */

import { makeWasmKernel, type WasmImport, type WasmKernel } from '../data/wasm-kernel.js';
import { type ModuleSignatures, readSignatures } from '../data/wasm-signature.js';
import { describe, messageOf } from '../describe.js';
import { BodySetupError } from '../errors.js';
import { math } from '../intrinsics.js';
import { type LoopKind, unreachable, type WasmCall } from '../kinds/kind.js';
import type { IterationSpace } from '../kinds/shape.js';
import { functionSource, keepInstance, wasmImports } from '../team/dispatch/engine.js';
import { platform } from './defaults.js';

/** Where a wasm kernel's module comes from. */
export type WasmSource = WebAssembly.Module | ArrayBuffer | ArrayBufferView | URL | string;

export interface WasmKernelOptions {
  /**
   * The shared memory the module imports (`new WebAssembly.Memory({ …, shared: true })`,
   * or a `WasmHeap`'s). Required when the module imports a memory.
   */
  memory?: WebAssembly.Memory;
  /**
   * Functions the module imports, by module and name, as for
   * `WebAssembly.instantiate`: `{ env: { seed: () => Date.now() } }`. Every
   * thread re-creates them from their source text, like loop bodies: each
   * must be self-contained (it sees globals, not the variables around it).
   */
  imports?: Record<string, Record<string, (...args: never[]) => unknown>>;
}

/**
 * The function types of the modules parfor compiled from bytes or a URL. A
 * WebAssembly.Module compiled elsewhere has no bytes to read: its kernels'
 * types stay unknown (see WasmKernel.params).
 */
const signatures = new WeakMap<WebAssembly.Module, ModuleSignatures>();
/** Modules compiled from a URL, so the exports of one file share a module (and one instance per thread). */
const byUrl = new Map<string, Promise<WebAssembly.Module>>();
/** Instance keys: one per module, memory and set of imports (by their source text). */
const keys = new WeakMap<WebAssembly.Module, Map<WebAssembly.Memory | undefined, Map<string, string>>>();
/** Keys are unique across the threads and copies of parfor that might meet on one worker. */
const REALM = math.random().toString(36).slice(2, 10);
let nextKey = 1;

/**
 * Make a loop body of export `exportName` of a WebAssembly module. Every
 * thread instantiates the module once, over the same shared `memory`, and the
 * loop calls the export with the loop's own arguments first: `(i)` in
 * `parallelFor`, `parallelMap`, `parallelReduce` and `parallelScan` (return a
 * number), `(lo, hi)` in `parallelForRange`, `(i, j)` in `parallelFor2D`,
 * `(threadId, numThreads)` in `parallel()`; then the arguments bound with
 * `.with(...)`. A trap is a `LoopBodyError` whose cause is the
 * `WebAssembly.RuntimeError`.
 *
 * Rejects with a `BodySetupError` when the module cannot be loaded, compiled
 * or linked, or lacks the export; with a `TypeError` for bad arguments.
 *
 * @param source a `WebAssembly.Module`, the module's bytes, or the absolute URL of a `.wasm` file
 * @param exportName the function export to call
 * @example
 * ```ts
 * const heap = new WasmHeap();
 * const M = heap.alloc(Float64Array, n * n);
 * const fill = await wasmKernel(new URL('./kernels.wasm', import.meta.url), 'fillRow', { memory: heap.memory });
 * await parallelFor(0, n, fill.with(M.byteOffset, n));
 * ```
 */
export async function wasmKernel(source: WasmSource, exportName: string, options: WasmKernelOptions = {}): Promise<WasmKernel> {
  if (typeof exportName !== 'string' || exportName.length === 0) {
    throw new TypeError(`Cannot create a wasm kernel as the export name must be a non-empty string: received ${describe(exportName)}`);
  }
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`Cannot create a wasm kernel as its options must be an object: received ${describe(options)}`);
  }
  const memory = options.memory;
  if (memory !== undefined) checkMemory(memory);
  const sources = importsOf(options.imports);
  const { module, where, sigs } = await compile(source);

  const exp = WebAssembly.Module.exports(module).find((e) => e.name === exportName);
  if (exp?.kind !== 'function') {
    const fns = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function');
    throw new BodySetupError(
      `Cannot use export '${exportName}' of the wasm module ${where} as a loop body as it is ${exp === undefined ? 'missing' : `a ${exp.kind}`}` +
        ` (function exports: ${fns.length ? fns.map((e) => e.name).join(', ') : 'none'})`,
      0,
      undefined,
    );
  }
  const importsMemory = WebAssembly.Module.imports(module).some((i) => i.kind === 'memory');
  if (!importsMemory && WebAssembly.Module.exports(module).some((e) => e.kind === 'memory')) {
    throw new BodySetupError(
      `Cannot use the wasm module ${where} as it defines its own memory, and each thread would get a copy of it: ` +
        'build it to import a shared memory (AssemblyScript: --importMemory --sharedMemory)',
      0,
      undefined,
    );
  }
  if (importsMemory && memory === undefined) {
    throw new TypeError(`Cannot create a wasm kernel of ${where} as the module imports a memory: pass a shared one as { memory }`);
  }
  if (!importsMemory && memory !== undefined) {
    throw new TypeError(`Cannot create a wasm kernel of ${where} with { memory } as the module imports no memory`);
  }

  const wanted = WebAssembly.Module.imports(module).filter((i) => i.kind === 'function');
  // Each import's result type, which every thread checks its return value against (team/bodies/wasm.ts).
  const given: WasmImport[] = sources.map((g) => {
    const t = sigs?.imports.get(`${g.module}\u0000${g.name}`);
    return Object.freeze({ ...g, result: t === undefined ? undefined : (t.results[0] ?? 'none') });
  });
  for (const g of given) {
    if (!wanted.some((i) => i.module === g.module && i.name === g.name)) {
      throw new TypeError(
        `Cannot create a wasm kernel of ${where} with import ${g.module}.${g.name}, as the module does not import it` +
          ` (its function imports: ${wanted.length ? wanted.map((i) => `${i.module}.${i.name}`).join(', ') : 'none'})`,
      );
    }
  }

  const key = keyOf(module, memory, given);
  let instance: WebAssembly.Instance;
  try {
    instance = await WebAssembly.instantiate(module, wasmImports(module, memory, given));
  } catch (cause) {
    throw new BodySetupError(`Cannot instantiate the wasm module ${where}: ${messageOf(cause)}`, 0, cause);
  }
  keepInstance(key, instance);
  const type = sigs?.exports.get(exportName);
  const bad = type?.params.find((t) => t !== 'i32' && t !== 'i64' && t !== 'f32' && t !== 'f64');
  if (bad !== undefined) {
    throw new TypeError(
      `Cannot use export '${exportName}' of the wasm module ${where} as a loop body as it takes a ${bad} parameter, ` +
        'which a loop cannot pass (parfor passes numbers and bigints)',
    );
  }
  // An exported wasm function's length is its parameter count, whether or not the types could be read.
  const arity = (instance.exports[exportName] as (...a: unknown[]) => unknown).length;
  return makeWasmKernel({ module, memory, name: exportName, key, arity, params: type?.params, results: type?.results, imports: given });
}

/** `{ imports }` as a list of functions by source text, validated. */
function importsOf(imports: unknown): Array<Omit<WasmImport, 'result'>> {
  if (imports === undefined) return [];
  if (typeof imports !== 'object' || imports === null || Array.isArray(imports)) {
    throw new TypeError(`Cannot create a wasm kernel as 'imports' must be an object of modules: received ${describe(imports)}`);
  }
  const list: Array<Omit<WasmImport, 'result'>> = [];
  for (const [module, fns] of Object.entries(imports)) {
    if (typeof fns !== 'object' || fns === null || Array.isArray(fns)) {
      throw new TypeError(`Cannot create a wasm kernel as imports.${module} must be an object of functions: received ${describe(fns)}`);
    }
    for (const [name, fn] of Object.entries(fns)) {
      if (typeof fn !== 'function') {
        throw new TypeError(`Cannot create a wasm kernel as imports.${module}.${name} must be a function: received ${describe(fn)}`);
      }
      const source = functionSource(
        fn as (...a: never[]) => unknown,
        `wasm import ${module}.${name}`,
        'write it as a function expression, e.g. (x) => Math.exp(x)',
      );
      list.push({ module, name, source });
    }
  }
  return list;
}

function checkMemory(memory: unknown): asserts memory is WebAssembly.Memory {
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new TypeError(`Cannot create a wasm kernel as 'memory' must be a WebAssembly.Memory: received ${describe(memory)}`);
  }
  if (typeof SharedArrayBuffer === 'undefined' || !(memory.buffer instanceof SharedArrayBuffer)) {
    throw new TypeError(
      "Cannot create a wasm kernel over a memory that is not shared: every thread's writes would go to its own copy " +
        '(create it with { initial, maximum, shared: true }, or use a WasmHeap)',
    );
  }
}

/** What compile() gives: the module, how messages name it, and its function types when they could be read. */
interface Compiled {
  module: WebAssembly.Module;
  where: string;
  sigs: ModuleSignatures | undefined;
}

async function compile(source: WasmSource): Promise<Compiled> {
  if (source instanceof WebAssembly.Module) return { module: source, where: '(a WebAssembly.Module)', sigs: signatures.get(source) };
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    const module = await compileBytes(source, '(bytes)');
    return { module, where: '(bytes)', sigs: signatures.get(module) };
  }
  let url: string;
  if (source instanceof URL) url = source.href;
  else if (typeof source === 'string') {
    try {
      url = new URL(source).href;
    } catch {
      throw new TypeError(
        `Cannot use ${JSON.stringify(source)} as a wasm module URL as it is not absolute: ` +
          "resolve it first, e.g. new URL('./kernels.wasm', import.meta.url)",
      );
    }
  } else {
    throw new TypeError(
      `Cannot create a wasm kernel as its source must be a WebAssembly.Module, bytes or a URL: received ${describe(source)}`,
    );
  }
  let module = byUrl.get(url);
  if (module === undefined) {
    module = platform.loadBytes(url).then(
      (bytes) => compileBytes(bytes, url),
      (cause) => {
        throw new BodySetupError(`Cannot load the wasm module ${url}: ${messageOf(cause)}`, 0, cause);
      },
    );
    byUrl.set(url, module);
    module.catch(() => byUrl.delete(url));
  }
  const compiled = await module;
  return { module: compiled, where: url, sigs: signatures.get(compiled) };
}

/** Compile `bytes`, and read its function types first (the bytes are the caller's: read before any await). */
async function compileBytes(bytes: ArrayBuffer | ArrayBufferView, where: string): Promise<WebAssembly.Module> {
  const sigs = readSignatures(bytes);
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(bytes as BufferSource);
  } catch (cause) {
    throw new BodySetupError(`Cannot compile the wasm module ${where}: ${messageOf(cause)}`, 0, cause);
  }
  if (sigs !== undefined) signatures.set(module, sigs);
  return module;
}

function keyOf(module: WebAssembly.Module, memory: WebAssembly.Memory | undefined, imports: readonly WasmImport[]): string {
  let byMemory = keys.get(module);
  if (byMemory === undefined) {
    byMemory = new Map();
    keys.set(module, byMemory);
  }
  let byImports = byMemory.get(memory);
  if (byImports === undefined) {
    byImports = new Map();
    byMemory.set(memory, byImports);
  }
  const text = JSON.stringify(imports.map((i) => [i.module, i.name, i.source]));
  let key = byImports.get(text);
  if (key === undefined) {
    key = `${REALM}:${nextKey++}`;
    byImports.set(text, key);
  }
  return key;
}

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
