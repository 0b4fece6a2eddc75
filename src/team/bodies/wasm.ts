/**
 * A wasm kernel on one thread: its instance (one per module and memory per
 * thread, made on first use) and the body function the kind's chunk loop
 * calls. The body passes the loop's own arguments, then the bound ones,
 * written into its source as constants so V8 can inline the call into wasm.
 *
 * Instantiating runs the module's start function and writes its active data
 * segments into the shared memory again, on every thread: docs/wasm.md says
 * what a kernel module may therefore hold.
 */

import { argText, type WasmArg, type WasmImport } from '../../data/wasm-kernel.js';
import { FunctionCtor } from '../../intrinsics.js';
import { noPromise } from '../../kinds/checks.js';
import type { Body, LoopKind, WasmCall } from '../../kinds/kind.js';
import { unreachable } from '../../kinds/kind.js';
import { compileSource } from './compile.js';
import { Lru } from './lru.js';

/** The posted form of a wasm kernel (data only: a Module and a shared Memory cross by reference). */
export interface WasmDef {
  from: 'wasm';
  module: WebAssembly.Module;
  memory: WebAssembly.Memory | undefined;
  key: string;
  name: string;
  args: readonly WasmArg[];
  imports: readonly WasmImport[];
}

/** Instances this thread keeps, by kernel key. */
const instances = new Lru<string, WebAssembly.Instance>(64);

/** What each way of calling passes ahead of the bound arguments, for the compiled body and its closure twin. */
function lead(call: WasmCall): { text: string; pick: (a: readonly unknown[]) => unknown[] } {
  switch (call) {
    case 'index':
      return { text: 'i', pick: (a) => [a[0]] };
    case 'chunk':
      return { text: 'lo, hi', pick: (a) => [a[0], a[1]] };
    case 'cell':
      return { text: 'i, j', pick: (a) => [a[0], a[1]] };
    case 'thread':
      return {
        text: 'ctx.threadId, ctx.numThreads',
        pick: (a) => [(a[0] as { threadId: number }).threadId, (a[0] as { numThreads: number }).numThreads],
      };
    default:
      return unreachable(call, 'wasm call');
  }
}

/**
 * The import object for `module` on this thread: the shared memory, the
 * functions given as `imports` (compiled here from their source, as loop
 * bodies are), and AssemblyScript's `env.abort` unless given. Anything else
 * the module imports is a TypeError naming it.
 */
export function wasmImports(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory | undefined,
  given: readonly WasmImport[],
): WebAssembly.Imports {
  const fns = new Map<string, WebAssembly.ImportValue>();
  for (const g of given) fns.set(`${g.module}\u0000${g.name}`, checkedImport(compileSource(g.source), g) as WebAssembly.ImportValue);
  // Module and import names are the module's, any strings: null-prototype objects, so that a module
  // named "__proto__" or "constructor" is an ordinary key, not Object.prototype or Object.
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = Object.create(null);
  for (const imp of WebAssembly.Module.imports(module)) {
    let value: WebAssembly.ImportValue | undefined;
    if (imp.kind === 'memory' && memory !== undefined) value = memory;
    else if (imp.kind === 'function')
      value = fns.get(`${imp.module}\u0000${imp.name}`) ?? (imp.module === 'env' && imp.name === 'abort' ? abort : undefined);
    else if (imp.kind === 'memory') {
      throw new TypeError(`The module imports a memory (${imp.module}.${imp.name}): pass a shared one as { memory }`);
    }
    if (value === undefined) {
      throw new TypeError(
        imp.kind === 'function'
          ? `The module imports function ${imp.module}.${imp.name}, which was not given: pass it as { imports: { ${JSON.stringify(imp.module)}: { ${JSON.stringify(imp.name)}: (…) => … } } }`
          : `The module imports ${imp.kind} ${imp.module}.${imp.name}, which parfor cannot provide on every thread: ` +
              'a kernel module may import its memory and functions only',
      );
    }
    imports[imp.module] ??= Object.create(null);
    imports[imp.module]![imp.name] = value;
  }
  return imports;
}

/**
 * An import as wasm calls it: `f`, with its return value checked against the
 * import's declared result, as a map or reduce body's is. The JS-to-wasm
 * conversion would turn a string, undefined or a promise into NaN (or 0 for
 * an i32) without a word; here it is a TypeError, which fails the loop at the
 * iteration that called the import.
 */
function checkedImport(f: Body, g: WasmImport): Body {
  const fn = f as (...a: unknown[]) => unknown;
  const where = `${g.module}.${g.name}`;
  switch (g.result) {
    case 'none':
    case 'funcref':
    case 'externref':
    case 'v128':
      return f; // nothing is converted (the result is dropped, any value is a reference, or the call itself throws)
    case 'i64':
      return ((...a: unknown[]) => {
        const r = fn(...a);
        if (typeof r !== 'bigint') badResult(where, r, 'a bigint (its result is an i64)');
        return r;
      }) as Body;
    case undefined:
      return ((...a: unknown[]) => {
        const r = fn(...a);
        if (typeof r !== 'number' && typeof r !== 'bigint' && r !== undefined) badResult(where, r, 'a number, a bigint or undefined');
        return r;
      }) as Body;
    default:
      return ((...a: unknown[]) => {
        const r = fn(...a);
        if (typeof r !== 'number') badResult(where, r, `a number (its result is an ${g.result})`);
        return r;
      }) as Body;
  }
}

function badResult(where: string, r: unknown, expected: string): never {
  let what = r === null ? 'null' : typeof r;
  try {
    noPromise(r);
  } catch {
    what = 'a promise'; // noPromise has handled its rejection: it is reported here, not as an unhandled one
  }
  throw new TypeError(
    `The wasm import ${where} returned ${what} where ${expected} was expected (imports run synchronously, inside the wasm call)`,
  );
}

/** AssemblyScript's abort(message, file, line, column): the strings are in memory; the position is enough. */
function abort(_message: number, _file: number, line: number, column: number): never {
  throw new Error(`The wasm kernel called abort() (source line ${line}, column ${column})`);
}

/** Keep an instance made elsewhere on this thread (wasmKernel() makes one on the calling thread to check linking). */
export function keepInstance(key: string, instance: WebAssembly.Instance): void {
  instances.set(key, instance);
}

/** This thread's instance for `def`, made on first use. */
function instanceOf(def: WasmDef): WebAssembly.Instance {
  let inst = instances.get(def.key);
  if (inst === undefined) {
    inst = new WebAssembly.Instance(def.module, wasmImports(def.module, def.memory, def.imports));
    instances.set(def.key, inst);
  }
  return inst;
}

/** The export `name` of an instance, checked to be a function. */
function exportOf(inst: WebAssembly.Instance, name: string): (...a: unknown[]) => unknown {
  const fn = inst.exports[name];
  if (typeof fn !== 'function') {
    const names = Object.keys(inst.exports).filter((k) => typeof inst.exports[k] === 'function');
    throw new TypeError(
      `The wasm module has no function export '${name}': received ${fn === undefined ? 'undefined' : typeof fn}` +
        ` (function exports: ${names.length ? names.join(', ') : 'none'})`,
    );
  }
  return fn as (...a: unknown[]) => unknown;
}

/**
 * The body a kind's chunk loop calls for a wasm kernel: it takes the kind's
 * body arguments and calls the export with the leading ones and the bound
 * ones. Compiled from text (the bound arguments as literals); a closure
 * where eval is forbidden.
 */
export function wasmBody(def: WasmDef, kind: LoopKind): Body {
  const f = exportOf(instanceOf(def), def.name);
  const { text, pick } = lead(kind.wasmCall);
  const params = kind.signature.slice(1, kind.signature.indexOf(')'));
  const call = [text, ...def.args.map(argText)].join(', ');
  try {
    return new FunctionCtor('f', `'use strict'; return function wasmBody(${params}) { return f(${call}); };`)(f) as Body;
  } catch {
    const args = def.args;
    return ((...a: unknown[]) => f(...pick(a), ...args)) as Body;
  }
}

/**
 * A wasm kernel as task function `task` (parallelTasks): it takes the task's
 * `lead` arguments, then the bound ones. It gets no ctx, so it is a leaf: it
 * cannot spawn. A spawn with another number of arguments is a TypeError (the
 * JS-to-wasm call would pass a missing one as 0 or NaN, and shift the bound ones).
 */
export function wasmTask(def: WasmDef, lead: number, task: string): Body {
  const f = exportOf(instanceOf(def), def.name);
  const wrong = (n: number): never => {
    throw new TypeError(
      `Task '${task}' (wasm export '${def.name}') takes ${lead} argument${lead === 1 ? '' : 's'}` +
        `${def.args.length ? ` before its ${def.args.length} bound with .with()` : ''}: it was given ${n}`,
    );
  };
  const params = Array.from({ length: lead }, (_, k) => `a${k}`);
  const call = [...params, ...def.args.map(argText)].join(', ');
  try {
    return new FunctionCtor(
      'f',
      'wrong',
      `'use strict'; return function wasmTask(ctx, shared${params.map((p) => `, ${p}`).join('')}) {\n` +
        `  if (arguments.length !== ${lead + 2}) wrong(arguments.length - 2);\n  return f(${call});\n};`,
    )(f, wrong) as Body;
  } catch {
    const args = def.args;
    return ((_ctx: unknown, _shared: unknown, ...a: unknown[]) => {
      if (a.length !== lead) wrong(a.length);
      return f(...a, ...args);
    }) as Body;
  }
}
