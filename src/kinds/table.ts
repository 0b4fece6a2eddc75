/**
 * The loop kinds, one record each. Every loop function, Team method,
 * option check, chunk runner and result is derived from these records; the
 * table in docs/architecture.md is rendered from them (npm run docs:kinds).
 *
 * The chunk loops store `at.index` before each call and let the caller
 * catch, except the loops that carry an accumulator, which catch and store
 * it once: measured with npm run bench -- ceiling against the same kernel on
 * bare workers (runs in bench/results/issue-12-ab.txt), a try/catch around
 * the loop cost fill 1.07-1.36x (0.98-1.04x with the store), while the store
 * cost pi's tiny reduction body 1.28-1.33x.
 */
import { math } from '../intrinsics.js';
import { type Body, COMBINING, type LoopKind } from './kind.js';

/** What a record does not say: a loop over [start, end) under any schedule, returning nothing. */
const DEFAULTS = {
  shape: 'range',
  options: [],
  result: 'nothing',
  params: [],
  partial: false,
  secondPass: false,
  regionContext: false,
  tasks: false,
  wholeChunks: false,
  schedules: 'any',
  pieces: true,
  bigint: false,
  wasmCall: 'index',
} as const satisfies Partial<LoopKind>;

/** A record: its own fields over the defaults. */
function kind<const Fn extends string>(
  k: Pick<LoopKind, 'summary' | 'signature' | 'chunkLoop' | 'chunkClosure'> & Partial<LoopKind> & { fn: Fn },
): LoopKind & { fn: Fn } {
  return Object.freeze({ ...DEFAULTS, ...k });
}

type F = (...a: unknown[]) => unknown;

const FOR = kind({
  fn: 'parallelFor',
  summary: '`body(i)` for every i in [start, end)',
  signature: '(i, shared, ctx) => void',
  options: ['trace', 'ordered', 'init', 'merge'],
  chunkLoop: 'for (let i = lo; i < hi; i++) { at.index = i; const r = body(i, shared, ctx); if (r !== undefined) noPromise(r); }',
  chunkClosure: (body: Body, _c, { noPromise }) => {
    const f = body as F;
    return (lo, hi, shared, ctx, at) => {
      for (let i = lo; i < hi; i++) {
        at.index = i;
        const r = f(i, shared, ctx);
        if (r !== undefined) noPromise(r);
      }
    };
  },
});

const RANGE = kind({
  fn: 'parallelForRange',
  summary: '`body(lo, hi)` once per chunk: the body owns the inner loop',
  signature: '(lo, hi, shared, ctx) => void',
  options: ['ordered', 'init', 'merge'],
  wholeChunks: true,
  wasmCall: 'chunk',
  chunkLoop: 'at.index = lo; at.hi = hi; const r = body(lo, hi, shared, ctx); if (r !== undefined) noPromise(r);',
  chunkClosure: (body: Body, _c, { noPromise }) => {
    const f = body as F;
    return (lo, hi, shared, ctx, at) => {
      at.index = lo;
      at.hi = hi;
      const r = f(lo, hi, shared, ctx);
      if (r !== undefined) noPromise(r);
    };
  },
});

const MAP = kind({
  fn: 'parallelMap',
  summary: '`out[i - start] = body(i)`, into a shared typed array',
  signature: '(i, shared, ctx) => value',
  options: ['out', 'ordered', 'init', 'merge'],
  result: 'out',
  bigint: true,
  chunkLoop:
    'const out = aux.out, off = aux.start;\n' +
    '  for (let i = lo; i < hi; i++) { at.index = i; const v = body(i, shared, ctx); if (typeof v !== "number" && typeof v !== "bigint") notNumber(v, true); out[i - off] = v; }',
  chunkClosure: (body: Body, _c, { notNumber }) => {
    const f = body as F;
    return (lo, hi, shared, ctx, at, aux) => {
      const out = aux.out!;
      const off = aux.start;
      for (let i = lo; i < hi; i++) {
        at.index = i;
        const v = f(i, shared, ctx);
        if (typeof v !== 'number' && typeof v !== 'bigint') notNumber(v, true);
        out[i - off] = v;
      }
    };
  },
});

const REDUCE = kind({
  fn: 'parallelReduce',
  summary: "combine `body(i)` over [start, end) with `op` (OpenMP's `reduction`)",
  signature: '(i, shared, ctx) => number',
  options: ['op', 'identity', 'ordered', 'deterministic', 'init', 'merge'],
  result: 'reduce',
  params: ['identity'],
  partial: true,
  chunkLoop:
    'let acc = aux.acc, i = lo;\n' +
    '  try { for (; i < hi; i++) { const v = body(i, shared, ctx); if (typeof v !== "number") notNumber(v, false); acc = COMBINE; } }\n' +
    '  catch (e) { at.index = i; throw e; }\n' +
    '  aux.acc = acc;',
  chunkClosure: (body: Body, combine, { notNumber }) => {
    const f = body as F;
    return (lo, hi, shared, ctx, at, aux) => {
      let acc = aux.acc;
      let i = lo;
      try {
        for (; i < hi; i++) {
          const v = f(i, shared, ctx);
          if (typeof v !== 'number') notNumber(v, false);
          acc = combine(acc, v as number);
        }
      } catch (e) {
        at.index = i;
        throw e;
      }
      aux.acc = acc;
    };
  },
});

const SCAN = kind({
  fn: 'parallelScan',
  summary: '`out[i - start]` = `body(start)` op … op `body(i)`: an inclusive prefix scan (two passes over static blocks)',
  signature: '(i, shared, ctx) => number',
  options: ['out', 'op', 'identity'],
  result: 'out',
  params: ['identity'],
  partial: true,
  secondPass: true,
  schedules: 'static',
  // Pass 1 scans the thread's block from the identity; pass 2 combines the partials of the
  // threads before it into the block's offset and applies it: out = offset op out.
  chunkLoop:
    'const out = aux.out, off = aux.start;\n' +
    '  if (aux.pass === 2) { let i = NaN; try { let acc = aux.acc; const p = aux.prefix; for (let t = 0; t < p.length; t++) { const v = p[t]; acc = COMBINE; }\n' +
    '    for (i = lo; i < hi; i++) { const v = out[i - off]; out[i - off] = COMBINE; } } catch (e) { at.index = i; at.hi = -1; throw e; } return; }\n' +
    '  let acc = aux.acc, i = lo;\n' +
    '  try { for (; i < hi; i++) { const v = body(i, shared, ctx); if (typeof v !== "number") notNumber(v, false); acc = COMBINE; out[i - off] = acc; } }\n' +
    '  catch (e) { at.index = i; throw e; }\n' +
    '  aux.acc = acc;',
  chunkClosure: (body: Body, combine, { notNumber }) => {
    const f = body as F;
    return (lo, hi, shared, ctx, at, aux) => {
      const out = aux.out as number[];
      const off = aux.start;
      if (aux.pass === 2) {
        let i = NaN;
        try {
          let offset = aux.acc;
          for (const p of aux.prefix) offset = combine(offset, p);
          for (i = lo; i < hi; i++) out[i - off] = combine(offset, out[i - off]!);
        } catch (e) {
          at.index = i; // NaN: while combining the blocks' totals into the offset
          at.hi = COMBINING;
          throw e;
        }
        return;
      }
      let acc = aux.acc;
      let i = lo;
      try {
        for (; i < hi; i++) {
          const v = f(i, shared, ctx);
          if (typeof v !== 'number') notNumber(v, false);
          acc = combine(acc, v as number);
          out[i - off] = acc;
        }
      } catch (e) {
        at.index = i;
        throw e;
      }
      aux.acc = acc;
    };
  },
});

const FOR2D = kind({
  fn: 'parallelFor2D',
  summary: "`body(i, j)` for every cell of rows × cols (OpenMP's `collapse(2)`)",
  signature: '(i, j, shared, ctx) => void',
  shape: 'cells',
  params: ['cols', 'row0', 'col0'],
  options: ['ordered', 'init', 'merge'],
  wasmCall: 'cell',
  chunkLoop:
    'const cols = aux.cols, c0 = aux.col0, cEnd = c0 + cols;\n' +
    '  let i = aux.row0 + math.floor(lo / cols), j = c0 + (lo % cols);\n' +
    '  for (let k = lo; k < hi; k++) { at.index = k; const r = body(i, j, shared, ctx); if (r !== undefined) noPromise(r); if (++j === cEnd) { j = c0; i++; } }',
  chunkClosure: (body: Body, _c, { noPromise }) => {
    const f = body as F;
    return (lo, hi, shared, ctx, at, aux) => {
      const { cols, col0: c0 } = aux;
      const cEnd = c0 + cols;
      let i = aux.row0 + math.floor(lo / cols);
      let j = c0 + (lo % cols);
      for (let k = lo; k < hi; k++) {
        at.index = k;
        const r = f(i, j, shared, ctx);
        if (r !== undefined) noPromise(r);
        if (++j === cEnd) {
          j = c0;
          i++;
        }
      }
    };
  },
});

const REGION = kind({
  fn: 'parallel',
  summary:
    "`region(ctx)` once on every thread (OpenMP's `parallel`), with barrier, critical, single, master, loop; with `{ tasks }`, spawn, wait, taskloop",
  signature: '(ctx, shared) => void',
  shape: 'threads',
  params: ["OMP_SCHEDULE's schedule", 'its chunk'],
  options: ['tasks'],
  regionContext: true,
  schedules: 'none',
  wasmCall: 'thread',
  chunkLoop: 'for (let i = lo; i < hi; i++) { at.index = i; const r = body(ctx, shared); if (r !== undefined) noPromise(r); }',
  chunkClosure: (body: Body, _c, { noPromise }) => {
    const f = body as F;
    return (lo, hi, shared, ctx, at) => {
      for (let i = lo; i < hi; i++) {
        at.index = i;
        const r = f(ctx, shared);
        if (r !== undefined) noPromise(r);
      }
    };
  },
});

const FOREACH = kind({
  fn: 'parallelForEach',
  summary: '`body(array[i], i)` for every element of a shared typed array',
  signature: '(value, i, shared, ctx) => void',
  shape: 'array',
  options: ['trace', 'ordered', 'init', 'merge'],
  chunkLoop:
    'const a = aux.out;\n' +
    '  for (let i = lo; i < hi; i++) { at.index = i; const r = body(a[i], i, shared, ctx); if (r !== undefined) noPromise(r); }',
  chunkClosure: (body: Body, _c, { noPromise }) => {
    const f = body as F;
    return (lo, hi, shared, ctx, at, aux) => {
      const a = aux.out!;
      for (let i = lo; i < hi; i++) {
        at.index = i;
        const r = f(a[i], i, shared, ctx);
        if (r !== undefined) noPromise(r);
      }
    };
  },
});

const TASKS = kind({
  fn: 'parallelTasks',
  summary:
    "run task `root(ctx, shared, ...args)`, whose tasks `ctx.spawn` more on any thread (OpenMP's `task`/`taskwait`): per-thread deques with stealing",
  signature: '(ctx, shared, ...args) => number | undefined',
  shape: 'tasks',
  result: 'root',
  tasks: true,
  wholeChunks: true,
  schedules: 'none',
  wasmCall: 'thread',
  // `body` is the task table and `ctx` the thread's scheduler: each thread runs the call once.
  chunkLoop: 'for (let i = lo; i < hi; i++) ctx.run(body, shared, at);',
  chunkClosure: (body: Body) => (lo, hi, shared, ctx, at) => {
    const s = ctx as { run(b: unknown, sh: unknown, at: unknown): void };
    for (let i = lo; i < hi; i++) s.run(body, shared, at);
  },
});

/**
 * The searches: each thread's first hit (a truthy body value; for `all`, a
 * falsy one) goes in its partial, and ctx.cancel() stops every thread's
 * claims. Their chunks are claimed in increasing order and never cut into
 * pieces, so when a hit stops the loop every chunk below it has been claimed
 * and runs to its end: the lowest hit is among the partials.
 */
function search<const Fn extends string>(fn: Fn, summary: string, result: 'find' | 'any' | 'all') {
  const hit = result === 'all' ? '!v' : 'v';
  return kind({
    fn,
    summary,
    signature: '(i, shared, ctx) => boolean',
    result,
    params: ['Infinity'],
    partial: true,
    schedules: 'monotonic',
    pieces: false,
    chunkLoop:
      'for (let i = lo; i < hi; i++) {\n' +
      '    at.index = i; const v = body(i, shared, ctx);\n' +
      '    if (typeof v === "object" && v !== null) noPromise(v);\n' +
      `    if (${hit}) { if (i < aux.acc) aux.acc = i; ctx.cancel(); return; }\n` +
      '  }',
    chunkClosure: (body: Body, _c, { noPromise }) => {
      const f = body as F;
      const wanted = result !== 'all';
      return (lo, hi, shared, ctx, at, aux) => {
        for (let i = lo; i < hi; i++) {
          at.index = i;
          const v = f(i, shared, ctx);
          if (typeof v === 'object' && v !== null) noPromise(v);
          if (!v !== wanted) {
            if (i < aux.acc) aux.acc = i;
            (ctx as { cancel(): void }).cancel();
            return;
          }
        }
      };
    },
  });
}

const FIND = search('parallelFind', 'the lowest i in [start, end) whose `body(i)` is truthy, or -1; threads stop soon after a hit', 'find');
const ANY = search('parallelAny', 'whether `body(i)` is truthy for some i; threads stop at the first hit', 'any');
const ALL = search('parallelAll', 'whether `body(i)` is truthy for every i; threads stop at the first falsy one', 'all');

/** Every loop kind, by id. The id travels with a body to the workers. */
export const KINDS = {
  for: FOR,
  range: RANGE,
  map: MAP,
  reduce: REDUCE,
  scan: SCAN,
  for2d: FOR2D,
  region: REGION,
  forEach: FOREACH,
  tasks: TASKS,
  find: FIND,
  any: ANY,
  all: ALL,
} as const satisfies Record<string, LoopKind>;

export type KindId = keyof typeof KINDS;
/** The top-level function of each kind (its sync twin is `${name}Sync`). */
export type KindFunctionName = (typeof KINDS)[KindId]['fn'];
export const KIND_IDS = Object.keys(KINDS) as KindId[];

/** The record of `id`; an unknown id (a message from another version of parfor) is an error, never a default. */
export function kindOf(id: string): LoopKind {
  if (!Object.hasOwn(KINDS, id)) throw new RangeError(`Unknown loop kind: received ${JSON.stringify(id)}`);
  return KINDS[id as KindId];
}
