/**
 * Argument shapes: how a loop function's leading arguments give its
 * iteration space. One record per shape; a loop kind names its shape
 * (kinds/table.ts), and everything that depends on where arguments sit (where
 * the body and the options are, how the space is validated, what an error
 * learns of its position) reads the record, so a new shape is one record
 * here and the compiler points at nothing else.
 */
import { isSharedView } from '../data/typed.js';
import { describe } from '../describe.js';
import type { LoopBodyError } from '../errors.js';
import { isFiniteNumber, isSafeInteger, math } from '../intrinsics.js';

/** A loop's iteration space: iterations start … start + n − 1. */
export interface IterationSpace {
  start: number;
  n: number;
  /** The shape's descriptor parameters (a 2-D loop's cols, row0, col0), named by the kind's `params`; undefined for none. */
  params: [number, number, number] | undefined;
  /** A shared array the body reads by index, passed beside `shared` (parallelForEach's array). */
  array: ArrayBufferView | undefined;
  /** The tuple `params` points at when a shape has parameters: a call's space is reused, and so is this. */
  readonly tuple: [number, number, number];
}

/** A space to fill (Shape.space). */
export function newSpace(): IterationSpace {
  return { start: 0, n: 0, params: undefined, array: undefined, tuple: [0, 0, 0] };
}

/** Write a space into `out` and return it. */
function fill(out: IterationSpace, start: number, n: number, array?: ArrayBufferView): IterationSpace {
  out.start = start;
  out.n = n;
  out.params = undefined;
  out.array = array;
  return out;
}

export interface Shape {
  /** How many arguments come before the body: the body is argument `leading`, the options `leading + 1`, unless `options` says otherwise. */
  leading: number;
  /** Where the options are, when arguments follow the body (parallelTasks: tasks, root, args, options). */
  options?: number;
  /** The call as the docs write it, e.g. `(start, end, body, options)`. */
  args: string;
  /** One iteration per thread: run inline (a team of one), the space is one iteration. */
  perThread: boolean;
  /**
   * The iteration space from the leading arguments `a` and `b` (validated:
   * TypeError for a wrong type, RangeError for a value out of range, naming
   * `fn`). `threads` is the loop's thread count, which the threads shape
   * iterates over. Written into `out` (a call's space, reused), and returned.
   */
  space(fn: string, a: unknown, b: unknown, threads: number, out: IterationSpace): IterationSpace;
  /** Adds what the shape knows about where a LoopBodyError happened (2-D: `row` and `col`). */
  locate?(error: LoopBodyError, space: IterationSpace): void;
}

/** A bound of a range, checked: a safe integer. */
export function checkBound(fn: string, name: string, v: unknown): number {
  if (typeof v !== 'number') throw new TypeError(`Cannot run ${fn} as '${name}' must be a number: received ${describe(v)}`);
  if (!isSafeInteger(v)) throw new RangeError(`Cannot run ${fn} as '${name}' must be a safe integer: received ${v}`);
  return v;
}

/** A [start, end) pair of safe integers (a 2-D loop's rows or cols). */
function pair(fn: string, name: string, v: unknown): [number, number] {
  if (!Array.isArray(v) || v.length !== 2) {
    throw new TypeError(`Cannot run ${fn} as '${name}' must be a [start, end) pair of integers: received ${describe(v)}`);
  }
  return [checkBound(fn, `${name}[0]`, v[0]), checkBound(fn, `${name}[1]`, v[1])];
}

const RANGE: Shape = {
  leading: 2,
  args: '(start, end, body, options)',
  perThread: false,
  space(fn, a, b, _threads, out) {
    const start = checkBound(fn, 'start', a);
    const end = checkBound(fn, 'end', b);
    return fill(out, start, end > start ? end - start : 0);
  },
};

const CELLS: Shape = {
  leading: 2,
  args: '(rows, cols, body, options)',
  perThread: false,
  space(fn, a, b, _threads, out) {
    const [r0, r1] = pair(fn, 'rows', a);
    const [c0, c1] = pair(fn, 'cols', b);
    const rows = math.max(0, r1 - r0);
    const cols = math.max(0, c1 - c0);
    if (!isSafeInteger(rows * cols)) {
      throw new RangeError(`Cannot run ${fn} as rows × cols is not a safe integer: received ${rows} × ${cols}`);
    }
    fill(out, 0, rows * cols);
    const p = out.tuple;
    p[0] = cols;
    p[1] = r0;
    p[2] = c0;
    out.params = p;
    return out;
  },
  // The error's index is the row-major position k in the space: add the cell it stands for.
  locate(e, { params }) {
    if (!isFiniteNumber(e.index)) return;
    const [cols, r0, c0] = params!;
    Object.defineProperty(e, 'row', { value: r0 + math.floor(e.index / cols), enumerable: true });
    Object.defineProperty(e, 'col', { value: c0 + (e.index % cols), enumerable: true });
  },
};

const THREADS: Shape = {
  leading: 0,
  args: '(region, options)',
  perThread: true,
  space: (_fn, _a, _b, threads, out) => fill(out, 0, threads),
};

const ARRAY: Shape = {
  leading: 1,
  args: '(array, body, options)',
  perThread: false,
  space(fn, a, _b, _threads, out) {
    if (!isSharedView(a) || a instanceof DataView) {
      throw new TypeError(
        `Cannot run ${fn} as 'array' must be a typed array over a SharedArrayBuffer (see sharedArray()): received ${describe(a)}`,
      );
    }
    return fill(out, 0, (a as unknown as { length: number }).length, a);
  },
};

/** parallelTasks(tasks, root, args, options): one iteration per thread; root and args are read by the call (api/call.ts). */
const TASKS: Shape = {
  leading: 0,
  options: 3,
  args: '(tasks, root, args, options)',
  perThread: true,
  space: (_fn, _a, _b, threads, out) => fill(out, 0, threads),
};

/** Every argument shape, by name. */
export const SHAPES = { range: RANGE, cells: CELLS, threads: THREADS, array: ARRAY, tasks: TASKS } as const satisfies Record<string, Shape>;
export type ShapeName = keyof typeof SHAPES;
