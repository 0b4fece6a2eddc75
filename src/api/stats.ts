/**
 * `team.stats` and `team.statsReport()`: what a team did, per thread, read
 * from its stats ledger (core/stats-ledger.ts) when it was created with
 * `{ stats: true }`. Without it, only the two counters every team keeps.
 */

import type { StatsLedger } from '../core/stats-ledger.js';
import { isNaNNumber, math } from '../intrinsics.js';

/** What one thread did, summed over the regions since the team started. */
export interface ThreadStats {
  /** `'caller'`: the thread that calls the loops (thread 0 of sync loops); a number: that worker. */
  thread: 'caller' | number;
  /** Regions it took part in. */
  loops: number;
  /** Chunks it ran, as the schedule handed them out (a region body's run counts as one chunk of one iteration). */
  chunks: number;
  /** Iterations it ran. */
  iterations: number;
  /** Milliseconds running the body, its waits at barriers left out. */
  busyMs: number;
  /** Milliseconds inside regions: busy, claiming chunks, waiting at barriers and ordered turns. */
  regionMs: number;
  /** Milliseconds at barriers: a region body's (`ctx.barrier()`, the end of a `ctx.loop`), and a scan's between its passes. */
  barrierMs: number;
  /** Times it slept waiting for a region or a task and was woken (a worker; the caller's own waits are `joinMs`). */
  wakeups: number;
  /** Tasks it took from other threads' deques. */
  steals: number;
  /** `busyMs` as a share of the team's `wallMs` (0 to 1). */
  utilization: number;
}

export interface TeamStats {
  /** Loops dispatched to workers. */
  regions: number;
  /** Messages posted to workers (new bodies or shared values); a repeated loop posts none. */
  messages: number;
  /**
   * Per thread: the workers in team order, then the calling thread. Only on
   * a team created with `{ stats: true }`, which times every chunk.
   */
  threads?: ThreadStats[];
  /** Milliseconds from each region's dispatch to its end, summed (`{ stats: true }` only). */
  wallMs?: number;
  /** Milliseconds the calling thread of sync loops waited at the join for the others (`{ stats: true }` only). */
  joinMs?: number;
  /**
   * The busiest thread's `busyMs` over the mean of the threads that took
   * part: 1 is a perfect balance (`{ stats: true }` only; NaN before any loop).
   */
  imbalance?: number;
}

/** The team's figures now: the counters, and the ledger's when there is one. */
export function readStats(ledger: StatsLedger | undefined, regions: number, messages: number): TeamStats {
  if (ledger === undefined) return { regions, messages };
  const caller = ledger.slots - 1;
  const wallMs = ledger.get(caller, 'wallMs');
  const threads: ThreadStats[] = [];
  for (let slot = 0; slot <= caller; slot++) {
    const figures = ledger.figures(slot);
    threads.push({ thread: slot === caller ? 'caller' : slot, ...figures, utilization: wallMs > 0 ? figures.busyMs / wallMs : 0 });
  }
  const busy = threads.filter((t) => t.loops > 0).map((t) => t.busyMs);
  const mean = busy.reduce((a, b) => a + b, 0) / busy.length;
  const imbalance = busy.length === 0 ? NaN : mean > 0 ? math.max(...busy) / mean : 1;
  return { regions, messages, threads, wallMs, joinMs: ledger.get(caller, 'joinMs'), imbalance };
}

const COLUMNS = ['thread', 'loops', 'chunks', 'iterations', 'busy ms', 'util', 'region ms', 'barrier ms', 'wake-ups', 'steals'];

/** A small table of `stats`, one line per thread that took part, and the imbalance. */
export function formatStats(stats: TeamStats): string {
  if (stats.threads === undefined) {
    return `${stats.regions} regions, ${stats.messages} messages (create the team with { stats: true } for per-thread figures)`;
  }
  const ms = (v: number) => v.toFixed(v < 10 ? 2 : 1);
  const rows = stats.threads
    .filter((t) => t.loops > 0)
    .map((t) => [
      t.thread === 'caller' ? 'caller' : `worker ${t.thread}`,
      String(t.loops),
      String(t.chunks),
      String(t.iterations),
      ms(t.busyMs),
      `${(t.utilization * 100).toFixed(0)}%`,
      ms(t.regionMs),
      ms(t.barrierMs),
      String(t.wakeups),
      String(t.steals),
    ]);
  const widths = COLUMNS.map((c, k) => math.max(c.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join('  ');
  const imbalance = isNaNNumber(stats.imbalance) ? 'no loops yet' : stats.imbalance!.toFixed(2);
  return [
    line(COLUMNS),
    ...rows.map(line),
    `${stats.regions} regions, ${ms(stats.wallMs!)} ms in them; the caller waited ${ms(stats.joinMs!)} ms at joins; imbalance (max busy / mean busy) ${imbalance}`,
  ].join('\n');
}
