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
import { checkCaptures, functionSource, keepInstance, wasmImports } from '../team/dispatch/engine.js';
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
      checkCaptures(source, `wasm import ${module}.${name}`);
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
