/**
 * What a loop kind is, as data: the record every loop function is derived
 * from (kinds/table.ts), and the types its chunk runner works with. Types
 * only, so every layer from here up may read the table: the worker compiles
 * runners from it, the engine asks it what a thread leaves behind, the API
 * derives functions, validation and results.
 */
import type { ShapeName } from './shape.js';

/**
 * Where the iteration that threw is reported. `hi` is the chunk's end for
 * bodies that receive whole chunks; COMBINING when the throw came from the
 * combiner in a scan's second pass (then `index` is the element it was
 * combining into, or NaN while combining the blocks' totals); NaN otherwise.
 */
export interface ThrowSite {
  index: number;
  hi?: number;
}

/** ThrowSite.hi of a throw from combining partial results, not from the body. */
export const COMBINING = -1;
/** ThrowSite.hi of a throw from a loop's `init` (per-thread state), and from its `merge`. */
export const IN_INIT = -2;
export const IN_MERGE = -3;

/**
 * Per-thread, per-region values a runner needs beyond the body's arguments,
 * filled from the descriptor: `out` and `start` (loops that write an output
 * array), `acc` (starts at param0, the identity; the runner leaves the
 * thread's running value in it), `cols`, `row0`, `col0` (2-D loops: params
 * 0-2); `pass` and `prefix` for a kind with a second pass (pass 2: `prefix`
 * holds the partials of the threads before this one); `identity`, `block`
 * and `end` for a deterministic reduction (params 0-2: kinds/blocks.ts);
 * `local`, the thread's state from the loop's `init` (undefined without one).
 */
export interface Aux {
  out: { [i: number]: unknown } | undefined;
  start: number;
  acc: number;
  cols: number;
  row0: number;
  col0: number;
  pass: 1 | 2;
  prefix: readonly number[];
  identity: number;
  block: number;
  end: number;
  local: unknown;
}

/** A chunk runner: runs the body over [lo, hi). */
export type Runner = ((lo: number, hi: number, shared: unknown, ctx: unknown, at: ThrowSite, aux: Aux) => void) & {
  /** A loop with per-thread state: its `init` and `merge`, compiled on this thread (the runner passes `aux.local` to the body). */
  local?: LocalFns;
};

/** A loop's per-thread state: `init(ctx, shared)` once per thread before its first chunk, `merge(local, shared, ctx)` after its last. */
export interface LocalFns {
  init: (ctx: unknown, shared: unknown) => unknown;
  merge: ((local: unknown, shared: unknown, ctx: unknown) => unknown) | undefined;
}

export type Body = (...args: never[]) => unknown;
export type Combiner = (a: number, b: number) => number;
/** The helpers a runner calls (see checks in kinds/table.ts). */
export interface RunnerHelpers {
  noPromise(r: unknown): void;
  notNumber(v: unknown, bigintToo: boolean): never;
}

/** What the call returns. */
export type Result =
  /** undefined (or a Trace when the kind takes the `trace` option and it is set). */
  | 'nothing'
  /** The output array. */
  | 'out'
  /** The threads' partials combined in thread order. */
  | 'reduce'
  /** What the root task returned (parallelTasks). */
  | 'root'
  /** The lowest index whose body returned a truthy value, or -1 (the partials hold each thread's hit; parallelFind). */
  | 'find'
  /** Whether some index's body returned a truthy value (parallelAny). */
  | 'any'
  /** Whether every index's body returned a truthy value (parallelAll: the partials hold a falsy one's index). */
  | 'all';

/**
 * What a wasm kernel's export receives ahead of its bound arguments:
 * `index` (i), `chunk` (lo, hi), `cell` (i, j) or `thread` (threadId, numThreads).
 */
export type WasmCall = 'index' | 'chunk' | 'cell' | 'thread';

export interface LoopKind {
  /** The top-level function; `${fn}Sync` is its synchronous twin, and Team has both as methods. */
  fn: string;
  /** One line for the docs table. */
  summary: string;
  /** The body's signature, for error messages and the docs. */
  signature: string;
  /** How the call's leading arguments give the iteration space (kinds/shape.ts). */
  shape: ShapeName;
  /** Options of this kind beyond LoopOptions (verbose and onProgress are everyone's). */
  options: readonly string[];
  result: Result;
  /** What the descriptor's three parameters mean for this kind (docs). */
  params: readonly string[];
  /** Each thread leaves `aux.acc` in its partial slot (read after the join). */
  partial: boolean;
  /**
   * After its walk, each thread publishes its partial, waits at the region's
   * barrier, and walks its chunks again with `aux.pass` 2 and `aux.prefix` the
   * partials of the threads before it (a scan adds its block's offset).
   */
  secondPass: boolean;
  /** `ctx` is a RegionContext (barrier, critical, single, master, loop). */
  regionContext: boolean;
  /**
   * The body is a task table and `ctx`, in the chunk loop, is the thread's
   * task scheduler (team/thread/tasks.ts): each thread runs the call once.
   */
  tasks: boolean;
  /** The body receives whole chunks (lo, hi): chunks are never run in pieces, errors carry the chunk's end. */
  wholeChunks: boolean;
  /**
   * Which schedules the kind runs under: any, plain `static` only, none (it
   * chooses), or `monotonic`: 'dynamic', 'guided' or 'auto' (the default), whose
   * chunks are claimed in increasing order, so a stop leaves no chunk below
   * the ones running unclaimed.
   */
  schedules: 'any' | 'static' | 'none' | 'monotonic';
  /** Long chunks may be run in pieces that watch STOP (schedule/pace.ts); false where a chunk must run to its end once begun. */
  pieces: boolean;
  /** What a wasm kernel's export is called with, ahead of its bound arguments (team/bodies/wasm.ts). */
  wasmCall: WasmCall;
  /** Whether the body may return a bigint (stored in a BigInt64/BigUint64 out array). */
  bigint: boolean;
  /**
   * The chunk loop, as the text of a function body with parameters
   * (lo, hi, shared, ctx, at, aux) and free names body, combine, noPromise,
   * notNumber and math (parfor's own Math functions, src/intrinsics.ts);
   * `COMBINE` stands for the reduction step (`acc + v`, …).
   * Compiled once per body, so V8 sees one call site per body and can inline it.
   */
  chunkLoop: string;
  /** The same loop as a closure, for where `eval` is forbidden (a strict CSP): slower, same results. */
  chunkClosure(body: Body, combine: Combiner, h: RunnerHelpers): Runner;
}

/** parallelFind, parallelAny and parallelAll: each thread's partial is its first hit's index. */
export function isSearch(k: LoopKind): boolean {
  return k.result === 'find' || k.result === 'any' || k.result === 'all';
}

/** A search thread's partial before any hit (and the combined value when nothing hit). */
export const NO_HIT = Infinity;

/** For exhaustive switches over a union: a compile error when a case is missing, an error at run time. */
export function unreachable(v: never, what: string): never {
  throw new RangeError(`Unknown ${what}: received ${JSON.stringify(v)}`);
}
