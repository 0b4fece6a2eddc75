/**
 * Schedule names (public) and kind codes (what the descriptor carries).
 * Data only.
 */

/** The `schedule` option's names, as in OpenMP's `schedule` clause. */
export type ScheduleName = 'static' | 'dynamic' | 'guided' | 'auto' | 'runtime';

export const SCHEDULE_NAMES: readonly ScheduleName[] = ['static', 'dynamic', 'guided', 'auto', 'runtime'];

/** Kind codes written into the control block. */
export const Kind = {
  /** `static` without chunk: one contiguous block per thread (libgomp split). */
  STATIC: 0,
  /** `static,c`: chunk k goes to thread k mod T. */
  STATIC_CHUNKED: 1,
  /** `dynamic,c`: chunks of c claimed first come, first served. */
  DYNAMIC: 2,
  /** `guided,c`: chunks of max(ceil(remaining/T), c), claimed by CAS. */
  GUIDED: 3,
} as const;

export type KindCode = (typeof Kind)[keyof typeof Kind];

/** A concrete schedule: what `auto` and `runtime` resolve to. */
export interface ScheduleSpec {
  kind: 'static' | 'dynamic' | 'guided';
  /** Chunk size; undefined for plain static. */
  chunk: number | undefined;
}

/** How one loop's iterations are divided, fully resolved. */
export interface Plan {
  kind: KindCode;
  /** First iteration. */
  start: number;
  /** Trip count. */
  n: number;
  /** Chunk size (0 for plain static). */
  chunk: number;
  /** ceil(n / chunk), or the thread count for plain static. */
  numChunks: number;
  /** Threads taking part. */
  threads: number;
}

/** What a plan's schedule was resolved to, e.g. `static`, `dynamic,16`. */
export function planLabel(p: Plan): string {
  switch (p.kind) {
    case Kind.STATIC:
      return 'static';
    case Kind.STATIC_CHUNKED:
      return `static,${p.chunk}`;
    case Kind.DYNAMIC:
      return `dynamic,${p.chunk}`;
    default:
      return `guided,${p.chunk}`;
  }
}
