/**
 * What a finished loop gives its caller, from what its threads left behind:
 * nothing, its trace, its output array, or its threads' partials combined in
 * thread order (the loop kind's `result`). The same for a loop run on the
 * team and one run inline in a body.
 */

import type { TraceRecord } from '../../core/trace-buffer.js';
import type { TypedArray } from '../../data/typed.js';
import { messageOf } from '../../describe.js';
import { LoopBodyError } from '../../errors.js';
import type { Combiner, LoopKind } from '../../kinds/kind.js';
import { NO_HIT, unreachable } from '../../kinds/kind.js';
import { type Plan, planLabel } from '../../schedule/registry.js';
import { rebuild } from '../error-wire.js';

export type { TraceRecord };

/** What `trace: true` resolves with. */
export interface Trace {
  /** The schedule the loop ran with, e.g. `dynamic,16`. */
  schedule: string;
  threads: number;
  start: number;
  end: number;
  /** One entry per chunk: thread, [lo, hi), and start/end in ms from the dispatch. */
  chunks: TraceRecord[];
  /** Chunks not recorded because the trace buffer was full. */
  dropped: number;
}

/** What the threads of a finished loop left behind: their partials (thread order) and the trace. */
export interface LoopResult {
  partials: number[];
  /** A deterministic reduction's block values (kinds/blocks.ts), as many as its plan has units. */
  blocks?: Float64Array | undefined;
  /** parallelTasks: what the root task returned. */
  root?: number | undefined;
  trace?: { chunks: TraceRecord[]; dropped: number };
}

const NO_BLOCKS = new Float64Array(0);

/** The caller's value for a loop of `kind` that ran `plan`. */
export function finish(
  kind: LoopKind,
  plan: Plan,
  traced: boolean,
  out: TypedArray | undefined,
  reduction: { identity: number; combiner: Combiner; deterministic: boolean } | undefined,
  r: LoopResult,
): unknown {
  switch (kind.result) {
    case 'nothing':
      return traced ? toTrace(plan, r) : undefined;
    case 'out':
      return out;
    case 'reduce':
      // A deterministic reduction: its blocks' values, one per unit of its plan (kinds/blocks.ts).
      return reduction!.deterministic
        ? combineInOrder(r.blocks ?? NO_BLOCKS, plan.n, reduction!.identity, reduction!.combiner, 'block')
        : combineInOrder(r.partials, r.partials.length, reduction!.identity, reduction!.combiner, 'thread');
    case 'root':
      return r.root;
    case 'find':
    case 'any':
    case 'all': {
      let hit = NO_HIT;
      // Indexed: an iterator that escapes is an allocation per call.
      for (let t = 0; t < r.partials.length; t++) if (r.partials[t]! < hit) hit = r.partials[t]!;
      return kind.result === 'find' ? (hit === NO_HIT ? -1 : hit) : kind.result === 'any' ? hit !== NO_HIT : hit === NO_HIT;
    }
    default:
      return unreachable(kind.result, 'result');
  }
}

function toTrace(plan: Plan, r: LoopResult): Trace {
  const t = r.trace ?? { chunks: [], dropped: 0 };
  return {
    schedule: planLabel(plan),
    threads: plan.threads,
    start: plan.start,
    end: plan.start + plan.n,
    chunks: t.chunks,
    dropped: t.dropped,
  };
}

/**
 * A reduction's result: the first `count` partials (the threads', or a
 * deterministic reduction's blocks) combined in order (the identity for
 * none). A combiner that throws here fails the loop with a LoopBodyError that
 * says which partials it was combining (threadId -1: the calling thread does
 * this, after the join).
 */
function combineInOrder(
  partials: ArrayLike<number>,
  count: number,
  identity: number,
  combiner: Combiner,
  what: 'thread' | 'block',
): number {
  if (count === 0) return identity;
  let acc = partials[0]!;
  for (let t = 1; t < count; t++) {
    try {
      acc = combiner(acc, partials[t]!);
    } catch (e) {
      const before = t === 1 ? `${what} 0` : `${what}s 0-${t - 1}`;
      throw new LoopBodyError(
        `The combiner threw while combining the partial result of ${what} ${t} with that of ${before}, on the calling thread: ${messageOf(e)}`,
        NaN,
        -1,
        rebuild(e),
      );
    }
  }
  return acc;
}
