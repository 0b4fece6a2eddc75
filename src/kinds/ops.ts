/**
 * The reduction operators, once: OpenMP's identity, the expression a
 * compiled runner inlines, and the function the caller combines partials
 * (and the CSP fallback combines values) with.
 */
import { math } from '../intrinsics.js';
import type { Combiner } from './kind.js';

export interface ReduceOperator {
  /** OpenMP's initial value for the operator. */
  identity: number;
  /** The step over the accumulator `acc` and a value `v`, as runner source text. */
  expr: string;
  fn: Combiner;
}

export const OPS = {
  '+': { identity: 0, expr: 'acc + v', fn: (a, b) => a + b },
  '*': { identity: 1, expr: 'acc * v', fn: (a, b) => a * b },
  min: { identity: Infinity, expr: 'math.min(acc, v)', fn: math.min },
  max: { identity: -Infinity, expr: 'math.max(acc, v)', fn: math.max },
} as const satisfies Record<string, ReduceOperator>;

/** The built-in reduction operators. */
export type ReduceOp = keyof typeof OPS;
export const OP_NAMES = Object.keys(OPS) as ReduceOp[];

/** How a reduction combines: a built-in operator, or a combiner function's source. */
export type Combine = { op: ReduceOp } | { source: string };

export function isOp(v: unknown): v is ReduceOp {
  return typeof v === 'string' && Object.hasOwn(OPS, v);
}
