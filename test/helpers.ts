import { createTeam, type Team, type TeamOptions } from 'parfor';
import { afterAll } from 'vitest';

const teams: Team[] = [];

/** A team closed after the file's tests. */
export function team(options: TeamOptions = {}): Team {
  const t = createTeam(options);
  teams.push(t);
  return t;
}

afterAll(async () => {
  await Promise.all(teams.splice(0).map((t) => t.close()));
});

/** Resolve once `flags[i]` is non-zero (an Atomics handshake, no timers). */
export async function waitFlag(flags: Int32Array, i: number): Promise<void> {
  for (;;) {
    if (Atomics.load(flags, i) !== 0) return;
    const r = Atomics.waitAsync(flags, i, 0);
    if (r.async) await r.value;
  }
}

/** `p`, or a rejection naming `what` if it has not settled within `ms` (a hang detector, not an ordering). */
export function settlesWithin<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([p, hang]).finally(() => clearTimeout(timer));
}

/**
 * What parallelScan computes on T threads, in the order docs/functions.md documents: each thread
 * scans its static block from the identity; each later thread with a non-empty block folds the
 * earlier blocks' totals into an offset and combines it with each of its values. The oracle for a
 * combiner that need not be associative (the serial fold on one thread).
 */
export function blockScan(values: number[], T: number, op: (a: number, b: number) => number, id: number): number[] {
  const n = values.length;
  const out: number[] = [];
  const totals: number[] = [];
  for (let tid = 0; tid < T; tid++) {
    const lo = Math.floor(n / T) * tid + Math.min(tid, n % T);
    const len = Math.floor(n / T) + (tid < n % T ? 1 : 0);
    let acc = id;
    const mine: number[] = [];
    for (let i = lo; i < lo + len; i++) {
      acc = op(acc, values[i]!);
      mine.push(acc);
    }
    if (tid > 0 && len > 0) {
      let offset = id;
      for (const total of totals) offset = op(offset, total);
      for (let k = 0; k < mine.length; k++) mine[k] = op(offset, mine[k]!);
    }
    out.push(...mine);
    totals.push(acc);
  }
  return out;
}

/**
 * A limiter: `slot(fn)` runs `fn` once fewer than `max` others are running. For tests that spawn
 * child processes (each a team or a compiler of its own) and keep both cores busy, not more.
 */
export function limiter(max: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (fn) => {
    if (running >= max) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await fn();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
