/**
 * Body registry: give each distinct body a small id, so a region names its
 * body with one word of the control block and workers compile it once.
 *
 * A function body is identified by its source text (the same text from two
 * call sites is one body); a kernel by URL and export name. Both caches are
 * bounded (least recently used): the team forgets old bodies and tells each
 * worker which ids it may forget, so memory stays flat however many distinct
 * bodies a program uses.
 */
import { isKernel } from '../../data/kernel.js';
import { argText, isWasmKernel } from '../../data/wasm-kernel.js';
import { describe } from '../../describe.js';
import { apply, functionToString } from '../../intrinsics.js';
import { checkedCombiner } from '../../kinds/checks.js';
import type { LocalFns, LoopKind, Runner } from '../../kinds/kind.js';
import type { Combine } from '../../kinds/ops.js';
import { type KindId, kindOf } from '../../kinds/table.js';
import { checkCaptures } from './captures.js';
import { type BodyDef, compileSource, kernelExport, type LocalDef, runnerFor } from './compile.js';
import { Lru } from './lru.js';
import { compileTasks, type TaskTable, tasksDef, tasksKey } from './tasks.js';
import { wasmBody } from './wasm.js';

/** Bodies the team remembers (source → id). */
export const MAX_BODIES = 1024;
/** Bodies each worker keeps compiled. */
export const MAX_BODIES_PER_WORKER = 256;

export interface RegisteredBody {
  id: number;
  /** What is posted to the workers. */
  def: BodyDef;
  /** The record of `def.kind`, looked up once (the engine reads it every region). */
  kind: LoopKind;
  /** Set once the registry forgot this body; a later use registers it anew. */
  evicted?: boolean;
  /**
   * Set when a call nested in a body registered it: that runs the caller's
   * own closure on its thread, so its captures were not checked
   * (captures.ts); a call from outside any loop checks them before use.
   */
  unchecked?: boolean;
  /**
   * Thread time per iteration (ns) measured over this body's earlier `auto`
   * loops, smoothed; undefined until one has finished (bodies/cost.ts).
   */
  iterNs: number | undefined;
}

export class BodyRegistry {
  private nextId = 1;
  // An evicted body is marked so that a function object still in byFunction registers anew.
  private readonly byKey = new Lru<string, RegisteredBody>(MAX_BODIES, (_, reg) => {
    reg.evicted = true;
  });
  /** Per loop kind (and operator): function object → registration (a fast path that skips reading the source). */
  private readonly byFunction = new Map<string, WeakMap<object, RegisteredBody>>();
  /** A body with per-thread state, by its `init` function: the last registration made with it. */
  private readonly byInit = new WeakMap<
    object,
    { body: unknown; merge: unknown; combine: Combine | undefined; kind: KindId; reg: RegisteredBody }
  >();
  /** Task objects → registration (their functions are checked to be the same objects: tables are mutable). */
  private readonly byTable = new WeakMap<object, { reg: RegisteredBody; values: unknown[] }>();
  /** Runners for the calling thread of synchronous loops. */
  private readonly local = new Lru<number, Runner>(MAX_BODIES_PER_WORKER);
  /** Task tables for the calling thread of synchronous regions with tasks. */
  private readonly localTables = new Lru<number, TaskTable>(MAX_BODIES_PER_WORKER);

  /**
   * Validate a body and return its registration. `kind` is the kind of loop
   * that calls it; `combine` is the reduction's operator or combiner; `local`
   * its `init` and `merge` functions (per-thread state), which are shipped
   * with the body as source. `nested`: the call is made from inside a loop's
   * body and runs there, inline, so what it captures is not checked.
   */
  register(body: unknown, kind: KindId = 'for', combine?: Combine, local?: LocalFunctions, nested = false): RegisteredBody {
    if (local !== undefined) return this.registerLocal(body, kind, combine, local, nested);
    const plain = combine === undefined || 'op' in combine;
    if (typeof body === 'function') {
      // The fast path's key: the kind alone, or the kind and operator (a string made once per pair, not per call).
      const cacheKey = !plain ? undefined : combine === undefined ? kind : opKey(kind, combine.op);
      const cache = cacheKey === undefined ? undefined : this.byFunction.get(cacheKey);
      const known = cache?.get(body);
      if (known !== undefined && known.evicted !== true && (nested || known.unchecked !== true)) return known;
      const reg = this.lookup({ from: 'source', source: functionSource(body as AnyFunction), kind, combine }, nested);
      if (cacheKey !== undefined) {
        if (cache === undefined) this.byFunction.set(cacheKey, new WeakMap([[body, reg]]));
        else cache.set(body, reg);
      }
      return reg;
    }
    if (isKernel(body)) return this.lookup({ from: 'kernel', url: body.url, name: body.name, kind, combine }, nested);
    if (isWasmKernel(body)) {
      const { module, memory, key, name, args, imports } = body;
      return this.lookup({ from: 'wasm', module, memory, key, name, args, imports, kind, combine }, nested);
    }
    throw new TypeError(
      `Cannot use the loop body as it must be a function ${kindOf(kind).signature}, a kernel(url, name) or a wasm kernel: received ${describe(body)}`,
    );
  }

  /**
   * A body with per-thread state. The body, `init` and `merge` together are
   * one registration; the same three function objects again skip reading
   * their sources (a cache keyed by `init`, which a loop usually keeps).
   */
  private registerLocal(body: unknown, kind: KindId, combine: Combine | undefined, local: LocalFunctions, nested: boolean): RegisteredBody {
    const seen = this.byInit.get(local.init);
    if (seen !== undefined && seen.body === body && seen.merge === local.merge && seen.combine === combine && seen.kind === kind) {
      if (seen.reg.evicted !== true && (nested || seen.reg.unchecked !== true)) return seen.reg;
    }
    const what = (role: string) => `a loop's '${role}'`;
    const def: LocalDef = {
      init: functionSource(local.init, what('init'), 'write it as a function expression'),
      merge: local.merge === undefined ? undefined : functionSource(local.merge, what('merge'), 'write it as a function expression'),
    };
    const reg =
      typeof body === 'function'
        ? this.lookup({ from: 'source', source: functionSource(body as AnyFunction), kind, combine, local: def }, nested)
        : isKernel(body)
          ? this.lookup({ from: 'kernel', url: body.url, name: body.name, kind, combine, local: def }, nested)
          : undefined;
    if (reg === undefined) {
      throw new TypeError(
        `Cannot use the loop body with 'init' as it must be a function ${kindOf(kind).signature} or a kernel(url, name) (a wasm kernel cannot take per-thread state): received ${describe(body)}`,
      );
    }
    this.byInit.set(local.init, { body, merge: local.merge, combine, kind, reg });
    return reg;
  }

  /**
   * A task table (parallelTasks, or the `tasks` of a region, `fn` naming the
   * call in errors): the same object again skips reading its functions' sources.
   * `nested` as for register.
   */
  registerTasks(tasks: unknown, fn?: string, nested = false): RegisteredBody {
    const known = typeof tasks === 'object' && tasks !== null ? this.byTable.get(tasks) : undefined;
    if (
      known !== undefined &&
      known.reg.evicted !== true &&
      (nested || known.reg.unchecked !== true) &&
      sameValues(known.values, tasks as Record<string, unknown>)
    )
      return known.reg;
    const def = tasksDef(tasks, (f, what) => functionSource(f, what, 'write it as a function expression, or use kernel()'), fn);
    const reg = this.lookup({ ...def, kind: 'tasks' }, nested);
    const values = def.names.map((n) => (tasks as Record<string, unknown>)[n]);
    this.byTable.set(tasks as object, { reg, values });
    return reg;
  }

  /** The source of a reduction's combiner function, validated like a body. */
  combinerSource(fn: unknown): string {
    if (typeof fn !== 'function') {
      throw new TypeError(`Cannot reduce as 'op' must be '+', '*', 'min', 'max' or a function (a, b) => value: received ${describe(fn)}`);
    }
    return functionSource(fn as AnyFunction);
  }

  private lookup(def: BodyDef, nested: boolean): RegisteredBody {
    const key = keyOf(def);
    let reg = this.byKey.get(key);
    if (reg === undefined) {
      // Once per new body: a captured variable is a TypeError here, before any thread runs it.
      if (!nested) checkCaptures(def);
      reg = { id: this.nextId++, def, kind: kindOf(def.kind), iterNs: undefined, unchecked: nested || undefined };
      this.byKey.set(key, reg);
    } else if (!nested && reg.unchecked === true) {
      checkCaptures(def);
      reg.unchecked = undefined;
    }
    return reg;
  }

  /** The task table the calling thread uses for `reg` (a table from registerTasks): synchronous regions with tasks. */
  localTable(reg: RegisteredBody, importSync: (url: string) => Record<string, unknown>): TaskTable {
    let t = this.localTables.get(reg.id);
    if (t === undefined) {
      if (reg.def.from !== 'tasks') throw new Error(`Body ${reg.id} is not a task table (internal error)`);
      t = compileTasks(reg.def, importSync);
      this.localTables.set(reg.id, t);
    }
    return t;
  }

  /** The runner the calling thread uses for `reg` (synchronous loops). */
  localRunner(reg: RegisteredBody, importSync: (url: string) => Record<string, unknown>): Runner {
    let r = this.local.get(reg.id);
    if (r === undefined) {
      r = compileDef(reg.def, importSync);
      this.local.set(reg.id, r);
    }
    return r;
  }
}

/** The runner for a definition, given a way to load kernel modules (synchronously). */
export function compileDef(def: BodyDef, load: (url: string) => Record<string, unknown>): Runner {
  const body =
    def.from === 'tasks'
      ? compileTasks(def, load)
      : def.from === 'source'
        ? compileSource(def.source)
        : def.from === 'wasm'
          ? wasmBody(def, kindOf(def.kind))
          : kernelExport(load(def.url), def.url, def.name);
  const combiner =
    def.combine !== undefined && 'source' in def.combine
      ? checkedCombiner(compileSource(def.combine.source) as (a: number, b: number) => unknown)
      : undefined;
  if (def.local === undefined) return runnerFor(body, def.kind, def.combine, combiner);
  const runner = runnerFor(body, def.kind, def.combine, combiner, false, true);
  runner.local = {
    init: compileSource(def.local.init) as LocalFns['init'],
    merge: def.local.merge === undefined ? undefined : (compileSource(def.local.merge) as NonNullable<LocalFns['merge']>),
  };
  return runner;
}

/** A loop's per-thread state as the caller gives it: `init`, and `merge` if any (checked to be functions by api/call.ts). */
export interface LocalFunctions {
  init: AnyFunction;
  merge: AnyFunction | undefined;
}

function keyOf(def: BodyDef): string {
  if (def.from === 'tasks') return tasksKey(def);
  const local = def.local === undefined ? '' : `L${def.local.init.length}:${def.local.init}|${def.local.merge ?? ''}|`;
  const how = `${def.kind}|${def.combine === undefined ? '' : 'op' in def.combine ? def.combine.op : def.combine.source}|${local}`;
  if (def.from === 'wasm') return `w:${how}${def.key}#${def.name}(${def.args.map(argText).join(',')})`;
  return def.from === 'source' ? `f:${how}${def.source}` : `k:${how}${def.url}#${def.name}`;
}

/** Any function at all, whatever its signature. */
type AnyFunction = (...args: never[]) => unknown;

const NATIVE = /\{\s*\[native code\]\s*\}\s*$/;

/**
 * The source text of a function that is re-created on other threads from it
 * (a loop body, a combiner, a wasm import), refusing what cannot be. `what`
 * names its role and `fix` the way out, in the error messages.
 */
export function functionSource(
  fn: AnyFunction,
  what = 'a loop body',
  fix = 'write the body as a function expression, or use kernel()',
): string {
  const source = apply(functionToString, fn, []) as string;
  if (NATIVE.test(source)) {
    throw new TypeError(`Cannot use ${describe(fn)} as ${what} as its source is not available (a built-in or bound function): ${fix}`);
  }
  const ctor = (fn as { constructor?: { name?: string } }).constructor?.name;
  if (ctor === 'AsyncFunction' || ctor === 'GeneratorFunction' || ctor === 'AsyncGeneratorFunction') {
    throw new TypeError(`Cannot use ${describe(fn)} as ${what} as it is an ${ctor}: it must be a plain synchronous function`);
  }
  if (/^class[\s{]/.test(source)) {
    throw new TypeError(`Cannot use ${describe(fn)} as ${what} as it is a class: it must be a plain function`);
  }
  return source;
}

/** `kind + op`, made once per pair (kind → op → key). */
const OP_KEYS = new Map<string, Map<string, string>>();
function opKey(kind: string, op: string): string {
  let byOp = OP_KEYS.get(kind);
  if (byOp === undefined) {
    byOp = new Map();
    OP_KEYS.set(kind, byOp);
  }
  let key = byOp.get(op);
  if (key === undefined) {
    key = kind + op;
    byOp.set(op, key);
  }
  return key;
}

/** Whether a task object still holds the very values it held when it was registered (tables are mutable), names in order. */
function sameValues(values: readonly unknown[], tasks: Record<string, unknown>): boolean {
  let k = 0;
  for (const name in tasks) {
    if (!Object.hasOwn(tasks, name)) continue;
    if (k >= values.length || tasks[name] !== values[k]) return false;
    k++;
  }
  return k === values.length;
}
