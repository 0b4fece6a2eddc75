/**
 * The engine behind a Team: queues loops, dispatches each region through the
 * control block (D1…D4), runs thread 0's share of a synchronous loop, and
 * hands the region to the Joiner (join.ts: J1…J3, with J2b, timeouts, aborts
 * and the caller's error). The steps are described in core/README.md.
 */

import { DispatcherBlock } from '../../core/dispatcher.js';
import { JoinerBlock } from '../../core/joiner.js';
import { DETERMINISTIC, FaultKind, RECORD_STATS, RECORD_TRACE } from '../../core/layout.js';
import { RegionSync } from '../../core/region-sync.js';
import { StatsLedger } from '../../core/stats-ledger.js';
import { TaskArena } from '../../core/tasks.js';
import { TraceBuffer, wallClock } from '../../core/trace-buffer.js';
import { messageOf } from '../../describe.js';
import { BodySetupError, sharedMemoryMissing, TeamClosedError, UnsupportedEnvironmentError } from '../../errors.js';
import { now } from '../../intrinsics.js';
import type { Runner } from '../../kinds/kind.js';
import type { Platform } from '../../platform/types.js';
import { Pacer } from '../../schedule/pace.js';
import { newAux } from '../bodies/compile.js';
import { BodyRegistry } from '../bodies/registry.js';
import type { TaskTable } from '../bodies/tasks.js';
import { rebuild } from '../error-wire.js';
import { SharedCache } from '../shared/cache.js';
import { enterLoopThread, leaveLoopThread, NO_DEADLINE, newShareState, runThreadShare, type ShareState } from '../thread/share.js';
import { WorkerSet } from '../workers/set.js';
import { type Call, CallPool, runCall } from './call.js';
import { Joiner, NO_PARTIALS } from './join.js';
import { SpinGovernor, spinBudget, type WaitPolicy, type Wake, wakeTogether } from './policy.js';
import { fillDescriptor, type LoopRequest, type Region, RegionQueue, type TaskSite } from './region.js';
import type { LoopResult } from './result.js';

const EMPTY_RESULT: LoopResult = Object.freeze({ partials: NO_PARTIALS }) as LoopResult;

export { MAX_TASK_ARGS } from '../../core/tasks.js';
// What the API layer needs of the team beyond the engine: a function body's source as it is
// shipped (checked for captured variables), and a wasm kernel's import object and instance on the calling thread (api/wasm.ts).
export { check as checkCaptures } from '../bodies/captures.js';
export { functionSource, type LocalFunctions } from '../bodies/registry.js';
export { keepInstance, wasmImports } from '../bodies/wasm.js';
export { type Call, type Observer, type OptionsRecord, QUIET, type Reduction } from './call.js';
export { WAIT_POLICIES, WAKES, type WaitPolicy, type Wake } from './policy.js';
export type { LoopRequest, TaskRoot } from './region.js';
export type { LoopResult, Trace, TraceRecord } from './result.js';

export interface EngineOptions {
  threads: number;
  waitPolicy: WaitPolicy;
  /** How sleeping workers are woken (policy.ts, wakeTogether); 'auto' when not given. */
  wake?: Wake;
  resourceLimits?: Record<string, number>;
  /** Keep per-thread figures (core/stats-ledger.ts): chunks and barriers are timed. */
  stats?: boolean;
}

export class Engine {
  readonly size: number;
  readonly waitPolicy: WaitPolicy;
  /** Finished calls, lent to the next ones (call.ts). */
  readonly calls = new CallPool();
  readonly bodies = new BodyRegistry();
  readonly shared = new SharedCache();
  /** Regions dispatched so far. */
  regions = 0;
  /** The control block, as the dispatcher (and thread 0 of a sync loop) uses it. */
  private readonly ctl: DispatcherBlock;
  private readonly regionSync: RegionSync;
  private readonly workers: WorkerSet;
  /** The wait policy's budgets, throttled while the machine is short of cores (policy.ts). */
  private readonly spins: SpinGovernor;
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly join: Joiner;
  private readonly queue = new RegionQueue();
  /** The task arena (parallelTasks); created on first use. */
  private tasks: TaskArena | undefined;
  /** Per-thread figures, when the team was created with `{ stats: true }`. */
  readonly stats: StatsLedger | undefined;
  /** The buffer traced loops record into; created on first use. */
  private trace: TraceBuffer | undefined;
  /** Thread 0's share state in sync loops: its per-region values, pacer and throw site (thread/share.ts). */
  private readonly share: ShareState;
  /** The sync caller past its deadline: stop the region as timed out. */
  private readonly raiseTimeout = () => {
    this.ctl.raise(FaultKind.TIMEOUT, -1, -1);
  };
  /** Between the sleeps of a sync loop's waits: where no watcher runs, see which workers have ended. */
  private readonly sweepIfWatching = () => {
    if (this.workers.watching) this.workers.sweep();
  };

  constructor(
    readonly platform: Platform,
    opts: EngineOptions,
  ) {
    if (typeof SharedArrayBuffer === 'undefined') throw sharedMemoryMissing('create a team');
    this.size = opts.threads;
    this.waitPolicy = opts.waitPolicy;
    const cores = platform.availableParallelism();
    // Only 'auto' adapts to the machine: 'spin' and 'block' are the caller's explicit choice.
    const runnable = opts.waitPolicy === 'auto' ? platform.runnable : () => -1;
    this.spins = new SpinGovernor(spinBudget(opts.waitPolicy, opts.threads, cores), cores, runnable);
    this.ctl = DispatcherBlock.create(opts.threads);
    this.ctl.setWakeTogether(wakeTogether(opts.threads, cores, opts.wake));
    this.stats = opts.stats === true ? new StatsLedger(opts.threads) : undefined;
    this.regionSync = new RegionSync(
      this.ctl.i32,
      this.ctl.i64,
      this.spins.current.region,
      () => {
        this.ctl.raise(FaultKind.TIMEOUT, -1, -1);
      },
      this.sweepIfWatching,
    );
    this.workers = new WorkerSet(this.ctl, platform, {
      size: opts.threads,
      spins: this.spins.current.worker,
      resourceLimits: opts.resourceLimits,
      stats: this.stats?.buffer,
    });
    this.join = new Joiner(new JoinerBlock(this.ctl.buffer), this.workers, platform, this.spins);
    this.share = newShareState(this.ctl, this.regionSync, newAux(), new Pacer(), true);
    this.share.stats = this.stats;
    this.share.onSleep = this.sweepIfWatching;
    this.share.statsSlot = opts.threads; // the last slot: the calling thread's
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** postMessage calls made to workers so far (definitions only). */
  get messages(): number {
    return this.workers.messages;
  }

  ready(): Promise<void> {
    if (this.closed) return Promise.reject(new TeamClosedError());
    return this.workers.ready();
  }

  /**
   * Run a loop call (api/call.ts parsed it): inline when this thread is inside
   * a loop's body already, else on the team, synchronously (`sync`: the value)
   * or not (a promise of it). See call.ts.
   */
  call(call: Call, sync: boolean): unknown {
    return runCall(this, call, sync);
  }

  /** A Call to parse a loop's arguments into: from the pool, and back to it once the loop settles (runCall), or at once if parsing fails. */
  takeCall(): Call {
    return this.calls.take();
  }

  giveCall(call: Call): void {
    this.calls.give(call);
  }

  // ---- asynchronous loops ---------------------------------------------------------

  async runAsync(req: LoopRequest): Promise<LoopResult> {
    if (this.closed) throw new TeamClosedError();
    const { signal } = req;
    if (signal?.aborted) throw signal.reason;
    if (req.plan.n === 0) return EMPTY_RESULT;
    this.workers.ref(); // a loop in flight keeps the process alive
    try {
      // An abort while the loop waits for its turn or for workers to start settles it at once.
      const turn = this.queue.acquire();
      try {
        await abortable(turn, signal);
      } catch (e) {
        void turn.then(() => this.queue.release()); // pass the turn on when it comes
        throw e;
      }
      try {
        // A loop called before close() still runs: close() queues behind it.
        if (signal?.aborted) throw signal.reason;
        // Checked again right before the dispatch (nothing can run in between): a sync loop
        // may have run while this one waited, and lost a worker that was ready before.
        do {
          await abortable(this.workers.readyFor(req.plan.threads), signal);
          if (signal?.aborted) throw signal.reason;
        } while (!this.workers.allAlive(req.plan.threads));
        const t0 = this.stats === undefined ? 0 : now();
        const region = this.dispatch(req, false);
        await this.join.joinAsync(region);
        this.stats?.addWall(now() - t0, 0);
        const outcome = region.outcome!;
        if (!outcome.ok) throw outcome.error;
        if (req.tasks !== undefined) region.root = this.tasks!.result(0);
        return region;
      } finally {
        this.queue.release();
      }
    } finally {
      this.workers.unref();
    }
  }

  // ---- synchronous loops ----------------------------------------------------------

  runSync(req: LoopRequest): LoopResult {
    if (this.closed) throw new TeamClosedError();
    if (!this.platform.canBlock()) {
      throw new UnsupportedEnvironmentError(
        'Cannot run a synchronous loop on this thread as it may not block (a browser main thread): use parallelFor() and await it',
      );
    }
    if (req.signal?.aborted) throw req.signal.reason;
    if (req.plan.n === 0) return EMPTY_RESULT;
    if (this.join.active !== null) {
      // The region in flight may have any worker in it: each one's death must be seen while this thread waits.
      this.workers.ensureDeathsSeen(this.size);
      this.join.settleActive();
    }
    const T = req.plan.threads;
    this.workers.readyForSync(T - 1);
    let runner: Runner;
    let table: TaskTable | undefined;
    try {
      runner = this.bodies.localRunner(req.body, this.platform.importSync);
      if (req.taskBody !== undefined) table = this.bodies.localTable(req.taskBody, this.platform.importSync);
    } catch (e) {
      const cause = rebuild(e);
      throw new BodySetupError(`Cannot prepare the loop body on thread 0: ${messageOf(cause)}`, 0, cause);
    }
    const shared = this.shared.local(req.shared);
    const t0 = this.stats === undefined ? 0 : now();
    const region = this.dispatch(req, true);
    const deadline = region.deadline;
    const ctl = this.ctl;
    const st = this.share;
    st.trace = this.trace;
    // No timer can fire while the caller runs its own chunks, so it checks the deadline itself:
    // between the pieces of its chunks (schedule/pace.ts; a body that gets whole chunks is checked
    // between chunks), and while it waits inside a parallel region (barrier, critical).
    enterLoopThread();
    const timed = deadline !== Infinity;
    if (timed) {
      this.regionSync.deadline = deadline;
      st.deadline = deadline;
      st.onDeadline = this.raiseTimeout;
    }
    try {
      runThreadShare(st, req.desc, 0, req.body.kind, runner, shared, table);
    } catch (e) {
      if (ctl.raise(FaultKind.BODY, 0, -1, st.at.index, 0, st.at.hi ?? NaN)) region.localError = e;
    } finally {
      if (timed) {
        this.regionSync.deadline = Infinity;
        st.deadline = Infinity;
        st.onDeadline = NO_DEADLINE;
      }
      leaveLoopThread();
    }
    ctl.leave(); // thread 0 has no worker state: it just leaves
    const t1 = this.stats === undefined ? 0 : now();
    this.join.joinSync(region);
    if (this.stats !== undefined) {
      const t2 = now();
      this.stats.addWall(t2 - t0, t2 - t1);
    }
    this.join.harvest(region, undefined);
    const outcome = region.outcome!;
    if (!outcome.ok) {
      this.workers.replaceDead(T - 1);
      throw outcome.error;
    }
    if (req.tasks !== undefined) region.root = this.tasks!.result(0);
    return region;
  }

  // ---- shared steps ---------------------------------------------------------------

  /** D1-D4: post what workers lack, write the descriptor, enlist and wake the workers. */
  private dispatch(req: LoopRequest, sync: boolean): Region {
    const T = req.plan.threads;
    const first = sync ? 1 : 0; // thread id of worker 0
    const count = T - first;
    const { body, shared } = req;
    const tracing = ((req.flags ?? 0) & RECORD_TRACE) !== 0;
    if (tracing) {
      this.trace ??= new TraceBuffer();
      this.trace.reset();
    }
    const root = req.tasks;
    const taskBody = req.taskBody;
    if (root !== undefined || taskBody !== undefined) {
      const arena = this.taskArena();
      // T1: the arena goes to each worker once, before the body that needs it; then the root is written
      // (parallelTasks), or the deques are emptied (a region with tasks: each thread writes its own implicit task).
      for (let w = 0; w < count; w++) this.workers.ensureTasks(w, arena.buffer, arena.threads);
      if (root !== undefined) arena.reset(root.fn, root.argc, root.args);
      else arena.resetRegion();
    }
    for (let w = 0; w < count; w++) {
      if (taskBody !== undefined) this.workers.ensureBody(w, taskBody);
      this.workers.ensureBody(w, body);
      this.workers.ensureShared(w, shared.id, shared.posted, shared.extra);
      if (tracing) this.workers.ensureTrace(w, this.trace!.buffer);
    }
    const ctl = this.ctl;
    const desc = fillDescriptor(req);
    if ((desc.flags & DETERMINISTIC) !== 0) ctl.resetBlocks(desc.param0, desc.n);
    // The budgets for this region: throttled while the machine has more runnable threads than cores.
    // Only sync regions move the governor: an async join sleeps by design (its caller
    // yields to its event loop), so its sleeping says nothing about the machine.
    const budget = sync ? this.spins.update(ctl, count, this.join.slept) : this.spins.current;
    desc.spins = sync ? budget.worker : budget.asyncWorker;
    // Negative: adapt (core/spin-limit.ts). The calling thread takes part in sync regions only.
    const regionSpins = sync ? budget.region : budget.asyncRegion;
    desc.regionSpins = budget.adaptRegion ? -regionSpins : regionSpins;
    if (sync) this.regionSync.spin.set(desc.regionSpins);
    if (this.stats !== undefined) desc.flags |= RECORD_STATS;
    const epoch = ctl.publish(desc, T);
    // The call's own region record, refilled (call.ts): every field is written here.
    const region = req.region;
    region.epoch = epoch;
    region.workers = count;
    // Async loops may ask for a dead worker's exit code after it was replaced.
    const gens = region.gens;
    if (!sync) {
      if (gens.length !== count) gens.length = count; // the same length from loop to loop: no new backing store
      for (let w = 0; w < count; w++) gens[w] = this.workers.generation(w);
    }
    region.outcome = undefined;
    region.localError = undefined;
    region.deadline = req.timeout === undefined ? Infinity : now() + req.timeout;
    region.stop = undefined;
    region.root = undefined;
    region.describeTask = root === undefined && taskBody === undefined ? undefined : this.describeTask;
    region.origin = tracing ? wallClock() : 0;
    region.trace = undefined;
    region.buffer = tracing ? this.trace : undefined;
    for (let w = 0; w < count; w++) ctl.assign(w, w + first);
    ctl.wakeAll(count, epoch);
    this.join.active = region;
    this.regions++;
    return region;
  }

  /** The task arena, made on the team's first parallelTasks call (about 1.5 MB a thread: core/tasks.ts). */
  private taskArena(): TaskArena {
    if (this.tasks === undefined) {
      this.tasks = TaskArena.create(this.size);
      this.share.taskArena = this.tasks;
    }
    return this.tasks;
  }

  /** A failed task, as its error names it: `'fib'(12)`, read from its record (the next call has not reset the arena yet). */
  private readonly describeTask = (r: number, names: readonly string[]): TaskSite => {
    const arena = this.tasks!;
    const args: number[] = [];
    for (let k = 0; k < arena.argc(r); k++) args.push(arena.arg(r, k));
    return { name: names[arena.fn(r)] ?? `#${arena.fn(r)}`, args };
  };

  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closed = true;
    this.closing = (async () => {
      // Loops called before close() are ahead in the queue and finish first.
      await this.queue.acquire();
      try {
        await this.workers.close();
      } finally {
        this.queue.release();
      }
    })();
    return this.closing;
  }
}

/** `p`, or a rejection with the signal's reason as soon as it aborts. */
function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
