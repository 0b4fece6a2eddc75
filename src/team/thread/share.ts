/**
 * One thread's part of a region (step W3), the same on a worker and on the
 * calling thread of a synchronous loop: build the thread's context and
 * per-region values, walk its chunks (recording progress and trace when
 * asked), and leave a reduction's partial in its slot. What to do with a
 * body's error differs (a worker reports it, the caller keeps it), so it is
 * thrown to the caller; REGION_STOPPED, which only unwinds a region thread
 * after another thread's error was recorded, is not.
 */
import type { ControlBlock, Descriptor } from '../../core/block.js';
import { DETERMINISTIC, ORDERED, RECORD_PROGRESS, RECORD_STATS, RECORD_TRACE, REGION_ORDER } from '../../core/layout.js';
import { REGION_STOPPED, type RegionSync } from '../../core/region-sync.js';
import { newSample, type StatSample, type StatsLedger } from '../../core/stats-ledger.js';
import type { TaskArena } from '../../core/tasks.js';
import { type TraceBuffer, wallClock } from '../../core/trace-buffer.js';
import { now } from '../../intrinsics.js';
import { blockIterations, runBlocks } from '../../kinds/blocks.js';
import { type Aux, IN_INIT, IN_MERGE, type LocalFns, type LoopKind, type Runner, type ThrowSite } from '../../kinds/kind.js';
import type { Pacer } from '../../schedule/pace.js';
import { runtimeFromParams } from '../../schedule/parse.js';
import { type ChunkRunner, runShare } from '../../schedule/registry.js';
import { fillAux } from '../bodies/compile.js';
import type { TaskTable } from '../bodies/tasks.js';
import type { SharedValues } from '../shared/cache.js';
import { beginRegion, makeContext, type RegionState, regionState } from './context.js';
import { type TaskRegion, TaskScheduler } from './tasks.js';
import { beginLoopOrdered, cancelTarget, endLoopOrdered } from './worksharing.js';

/** What a thread keeps between regions for running its shares: made once per thread, so a region allocates nothing. */
export interface ShareState {
  ctl: ControlBlock;
  regionSync: RegionSync;
  trace: TraceBuffer | undefined;
  /** Reused per region: the loop kind's per-thread values. */
  aux: Aux;
  /** Where the iteration that threw is reported. */
  readonly at: ThrowSite;
  /** Cuts long chunks into pieces, so a stop is seen within about a millisecond (schedule/pace.ts). */
  pacer: Pacer;
  /**
   * The calling thread of a sync loop with a timeout: the now() past which it
   * stops the region with `onDeadline` (no timer can fire while it runs its
   * own chunks; checked between pieces). Infinity on workers.
   */
  deadline: number;
  onDeadline: () => void;
  /** What the thread does before an idle task wait sleeps: on the calling thread, look for dead workers where no watcher does. */
  onSleep: () => void;
  /** The team's task arena, once a parallelTasks call has sent it (core/tasks.ts). */
  taskArena: TaskArena | undefined;
  /** This thread's task scheduler per thread id it has run as (thread/tasks.ts), made on first use. */
  readonly schedulers: TaskScheduler[];
  /** What a scheduler asks of the region: STOP, this thread's deadline, the spin budget. */
  readonly taskRegion: TaskRegion;
  /** This thread's region ctx, kept while its thread id and team size stay the same. */
  region: RegionState | undefined;
  // The region being run, as the runners below read it (set by runThreadShare).
  runner: Runner;
  /** A deterministic reduction's chunk runner, which `blocks` runs block by block (kinds/blocks.ts). */
  blockRunner: Runner;
  /** Whether the schedule hands out blocks (DETERMINISTIC): progress then counts their iterations. */
  inBlocks: boolean;
  /** runBlocks over `blockRunner`: one closure per thread. */
  readonly blocks: Runner;
  value: unknown;
  ctx: unknown;
  tid: number;
  /** The walk a traced region wraps. */
  inner: ChunkRunner;
  /** runner(lo, hi, value, ctx, at, aux): one closure per thread, not one per region. */
  readonly piece: ChunkRunner;
  /** The same, counting the iterations for verbose/onProgress. */
  readonly counted: ChunkRunner;
  /** `inner`, recording each chunk in the trace. */
  readonly traced: ChunkRunner;
  /** The team's stats ledger (a team with `{ stats: true }`), and this thread's slot in it. */
  stats: StatsLedger | undefined;
  statsSlot: number;
  /** This region's figures so far, added to the ledger as the share ends. */
  readonly sample: StatSample;
  /** The walk `measured` wraps. */
  measuredInner: ChunkRunner;
  /** `measuredInner`, timing and counting each chunk. */
  readonly measured: ChunkRunner;
}

const NO_RUNNER: Runner = () => {};
/** Thread 0 of a sync loop without a timeout, and every worker: no deadline to enforce on this thread. */
export const NO_DEADLINE = (): void => {};
const NO_CHUNK: ChunkRunner = () => {};

export function newShareState(ctl: ControlBlock, regionSync: RegionSync, aux: Aux, pacer: Pacer, caller = false): ShareState {
  const st = {
    ctl,
    regionSync,
    trace: undefined,
    aux,
    at: { index: NaN, hi: NaN },
    pacer,
    deadline: Infinity,
    onDeadline: NO_DEADLINE,
    onSleep: NO_DEADLINE,
    region: undefined,
    taskArena: undefined,
    schedulers: [],
    runner: NO_RUNNER,
    blockRunner: NO_RUNNER,
    inBlocks: false,
    value: undefined,
    ctx: undefined,
    tid: 0,
    inner: NO_CHUNK,
    stats: undefined,
    statsSlot: 0,
    sample: newSample(),
    measuredInner: NO_CHUNK,
  } as Omit<ShareState, 'piece' | 'counted' | 'traced' | 'taskRegion' | 'blocks' | 'measured'> as ShareState;
  (st as { taskRegion: TaskRegion }).taskRegion = {
    stopped: () => st.ctl.stopped(),
    get deadline() {
      return st.deadline;
    },
    onDeadline: () => st.onDeadline(),
    onSleep: () => st.onSleep(),
    get spins() {
      return st.regionSync.spin.current();
    },
    caller,
  };
  const w = st as { piece: ChunkRunner; counted: ChunkRunner; traced: ChunkRunner; blocks: Runner; measured: ChunkRunner };
  w.measured = (lo, hi) => {
    const sync = st.regionSync;
    const w0 = sync.waitedMs;
    const t0 = now();
    st.measuredInner(lo, hi);
    const s = st.sample;
    // The chunk's time less its barrier waits (a region body's): only waits inside the body are
    // taken out, not parfor's own barriers between a scan's passes, which no chunk contains.
    s.busyMs += now() - t0 - (sync.waitedMs - w0);
    s.chunks++;
    s.iterations += hi - lo;
  };
  w.blocks = (lo, hi, shared, ctx, at, aux) => runBlocks(st.blockRunner, lo, hi, shared, ctx, at, aux);
  w.piece = (lo, hi) => st.runner(lo, hi, st.value, st.ctx, st.at, st.aux);
  // Progress is counted per piece (so a long static block reports as it goes).
  w.counted = (lo, hi) => {
    st.runner(lo, hi, st.value, st.ctx, st.at, st.aux);
    st.ctl.addProgress(st.tid, st.inBlocks ? blockIterations(lo, hi, st.aux) : hi - lo);
  };
  // A trace records whole chunks (what the schedule handed out).
  w.traced = (lo, hi) => {
    const t0 = wallClock();
    st.inner(lo, hi);
    st.trace!.record(st.tid, lo, hi, t0, wallClock());
  };
  return st;
}

/**
 * Run thread `tid`'s share of region `d` (with `st.deadline`, when the thread
 * has one). `table`: the task table of a region with tasks (parallel(region,
 * { tasks })), whose region code then runs as this thread's implicit task.
 */
export function runThreadShare(
  st: ShareState,
  d: Descriptor,
  tid: number,
  kind: LoopKind,
  runner: Runner,
  shared: SharedValues,
  table?: TaskTable,
): void {
  const { ctl, at } = st;
  let ctx: unknown;
  let tasks: TaskScheduler | undefined;
  if (kind.tasks) {
    ctx = taskScheduler(st, tid).prepare(d.threads);
  } else if (kind.regionContext) {
    let rs = st.region;
    if (rs === undefined || rs.threadId !== tid || rs.numThreads !== d.threads) {
      rs = st.region = regionState(st.regionSync, tid, d.threads);
    }
    if (table !== undefined) {
      tasks = taskScheduler(st, tid).prepare(d.threads);
      tasks.beginRegion(table, shared.value, at);
    }
    ctx = beginRegion(rs, shared.value, runtimeFromParams(d), tasks);
  } else {
    ctx = makeContext(tid, d.threads);
  }
  st.inBlocks = (d.flags & DETERMINISTIC) !== 0;
  const aux = fillAux(st.aux, st.inBlocks ? ctl.blocks : shared.out, d);
  at.index = NaN; // set by the runner before each call (see kinds/table.ts); nothing stale survives a region
  at.hi = NaN;
  if (st.inBlocks) st.blockRunner = runner;
  st.runner = st.inBlocks ? st.blocks : runner;
  st.value = shared.value;
  st.ctx = ctx;
  st.tid = tid;
  const piece = (d.flags & RECORD_PROGRESS) !== 0 ? st.counted : st.piece;
  let walk = st.pacer.begin(piece, !d.slice, ctl, st);
  if ((d.flags & RECORD_TRACE) !== 0 && st.trace !== undefined) {
    st.inner = walk;
    walk = st.traced;
  }
  // A team with stats: time each chunk, the barriers and the whole share (added to the ledger below).
  const measuring = (d.flags & RECORD_STATS) !== 0 && st.stats !== undefined;
  const r0 = measuring ? now() : 0;
  if (measuring) {
    st.measuredInner = walk;
    walk = st.measured;
    st.regionSync.timing = true;
  }
  cancelTarget(ctl); // ctx.cancel() of this loop's bodies
  const ordered = (d.flags & ORDERED) !== 0;
  if (ordered) walk = beginLoopOrdered(st.regionSync, REGION_ORDER, d.start, walk);
  const local = runner.local;
  try {
    if (local !== undefined) {
      // Per-thread state: made before the thread's first chunk, handed to every body call after it.
      at.hi = IN_INIT;
      aux.local = local.init(ctx, shared.value);
      at.hi = NaN;
    }
    runShare(ctl, d, tid, walk);
    if (local?.merge !== undefined) merge(st, local.merge, shared.value, ctx);
    if (tasks !== undefined) tasks.endRegion(); // the region's end is a task barrier
    if (kind.partial) ctl.setPartial(tid, aux.acc); // published by the thread's leave (or the barrier below)
    if (kind.secondPass) {
      st.regionSync.barrier(d.threads); // every thread's partial is written
      if (tid === 0) return; // nothing comes before thread 0: its pass 2 would change nothing
      aux.pass = 2;
      aux.acc = d.param0;
      aux.prefix = ctl.partials(tid);
      // Not counted again in the progress; the pacer keeps the first pass's estimate.
      runShare(ctl, d, tid, st.pacer.begin(st.piece, false, ctl, st, false));
    }
  } catch (e) {
    // A task's error unwound the region code: report the task (its record, in at.index), not the region.
    const error = tasks === undefined ? e : tasks.regionError(e);
    if (error === REGION_STOPPED) return;
    throw error;
  } finally {
    if (ordered) endLoopOrdered();
    aux.local = undefined; // the state lives for this loop only
    cancelTarget(undefined);
    if (st.region !== undefined) st.region.tasks = undefined;
    st.runner = st.blockRunner = NO_RUNNER;
    st.value = undefined; // the region's shared values are not kept alive by the thread
    st.ctx = undefined;
    if (measuring) endMeasure(st, r0);
  }
}

/** Add this region's figures to the thread's slot of the ledger (before it leaves the region: see core/stats-ledger.ts). */
function endMeasure(st: ShareState, r0: number): void {
  const s = st.sample;
  s.regionMs += now() - r0;
  s.barrierMs += st.regionSync.waitedMs;
  st.regionSync.waitedMs = 0;
  st.regionSync.timing = false;
  for (const t of st.schedulers) {
    if (t === undefined) continue;
    s.steals += t.steals;
    s.wakeups += t.sleeps;
    t.steals = t.sleeps = 0;
  }
  st.stats!.add(st.statsSlot, s);
}

/**
 * A thread's `merge(local, shared, ctx)`, after its last chunk, under the
 * team's critical lock: one thread at a time, in the order they finish, so a
 * merge into shared memory needs no atomics.
 */
function merge(st: ShareState, fn: NonNullable<LocalFns['merge']>, shared: unknown, ctx: unknown): void {
  st.at.index = NaN;
  st.at.hi = IN_MERGE;
  st.regionSync.lockForMerge();
  try {
    fn(st.aux.local, shared, ctx);
  } finally {
    st.regionSync.unlock();
  }
  st.at.hi = NaN;
}

/** Thread `tid`'s task scheduler over the team's arena (which the team sent before the call). */
function taskScheduler(st: ShareState, tid: number): TaskScheduler {
  const arena = st.taskArena;
  if (arena === undefined) throw new Error('The task arena never reached this thread (internal error)');
  let s = st.schedulers[tid];
  if (s === undefined) {
    s = new TaskScheduler(arena, tid, st.taskRegion);
    st.schedulers[tid] = s;
  }
  return s;
}

// ---- the in-a-loop flag --------------------------------------------------------------------

/**
 * Whether the current thread is running loop iterations. A body that calls
 * parallelFor again (from a kernel module) then runs that inner loop serially
 * on its own thread, as OpenMP does with nesting disabled. The counter lives
 * on one object stored under a global symbol, so every copy of parfor loaded
 * in a thread (ESM and CJS builds, the worker bundle) shares it, and the hot
 * path only touches a plain object.
 */
const KEY = Symbol.for('parfor.inLoop');

type Flag = { depth: number };
const g = globalThis as { [KEY]?: Flag };
g[KEY] ??= { depth: 0 };
const flag: Flag = g[KEY];

export function inLoopThread(): boolean {
  return flag.depth > 0;
}

export function enterLoopThread(): void {
  flag.depth++;
}

export function leaveLoopThread(): void {
  flag.depth--;
}
