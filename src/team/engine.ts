/**
 * The engine behind a Team: starts regions through the control block, joins
 * them (blocking or not), enforces timeouts and aborts, and turns the
 * region's first error into the error the caller sees. Protocol steps D1…D4
 * and J1…J3 (with J2b) are described in core/README.md.
 */
import { ControlBlock } from '../core/control.js';
import { FaultKind, RECORD_TRACE } from '../core/layout.js';
import { RegionSync } from '../core/region-sync.js';
import { TraceBuffer, wallClock } from '../core/trace-buffer.js';
import { BodySetupError, TeamClosedError, UnsupportedEnvironmentError } from '../errors.js';
import type { Runner, ThrowSite } from '../kinds/kind.js';
import { kindOf } from '../kinds/table.js';
import type { Platform } from '../platform/types.js';
import type { ChunkRunner } from '../schedule/registry.js';
import { BodyRegistry } from './bodies.js';
import { newAux } from './compile.js';
import { fromWire, messageOf, rebuild } from './error-wire.js';
import type { Report } from './messages.js';
import { errorFor } from './outcome.js';
import { type SpinBudget, spinBudget, type WaitPolicy } from './policy.js';
import { RegionQueue } from './queue.js';
import { descriptorOf, type LoopRequest, type LoopResult, type Region } from './region.js';
import { SharedCache } from './shared-cache.js';
import { enterLoopThread, leaveLoopThread } from './thread-flag.js';
import { runThreadShare } from './thread-share.js';
import { WorkerSet } from './workers.js';

/** After a timeout, how long threads get to reach a chunk boundary before they are terminated. */
export const TIMEOUT_GRACE_MS = 100;
/** How long the joiner sleeps at a time while no deadline applies. */
const JOIN_SLICE_MS = 1000;

const NO_ERROR = Object.freeze({ error: null });
const NO_GENS: number[] = [];
const NO_PARTIALS: number[] = [];
const EMPTY_RESULT: LoopResult = Object.freeze({ partials: NO_PARTIALS }) as LoopResult;
/** How often an async loop's progress is read while it runs. */
export const PROGRESS_MS = 100;

export type { LoopRequest, LoopResult } from './region.js';

export interface EngineOptions {
  threads: number;
  waitPolicy: WaitPolicy;
  resourceLimits?: Record<string, number>;
}

export class Engine {
  readonly size: number;
  readonly waitPolicy: WaitPolicy;
  readonly bodies = new BodyRegistry();
  readonly shared = new SharedCache();
  /** Regions dispatched so far. */
  regions = 0;
  private readonly ctl: ControlBlock;
  private readonly regionSync: RegionSync;
  private readonly workers: WorkerSet;
  private readonly spins: SpinBudget;
  private closed = false;
  private closing: Promise<void> | undefined;
  private active: Region | null = null;
  private readonly queue = new RegionQueue();
  /** The buffer traced loops record into; created on first use. */
  private trace: TraceBuffer | undefined;
  /** Thread 0's per-region values in sync loops (a sync loop never nests on this thread). */
  private readonly aux = newAux();

  constructor(
    private readonly platform: Platform,
    opts: EngineOptions,
  ) {
    if (typeof SharedArrayBuffer === 'undefined') {
      throw new UnsupportedEnvironmentError(
        'Cannot create a team as SharedArrayBuffer is not available: a page must be cross-origin isolated ' +
          '(send Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)',
      );
    }
    this.size = opts.threads;
    this.waitPolicy = opts.waitPolicy;
    this.spins = spinBudget(opts.waitPolicy, opts.threads, platform.availableParallelism());
    this.ctl = ControlBlock.create(opts.threads);
    this.regionSync = new RegionSync(this.ctl.i32, this.ctl.i64, this.spins.join, () => {
      this.ctl.raise(FaultKind.TIMEOUT, -1, -1);
    });
    this.workers = new WorkerSet(this.ctl, platform, {
      size: opts.threads,
      spins: this.spins.worker,
      resourceLimits: opts.resourceLimits,
    });
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
        } while (!this.workers.allIdle(req.plan.threads));
        const region = this.dispatch(req, false);
        await this.joinAsync(region);
        const { error } = region.outcome!;
        if (error !== null) throw error;
        return { partials: region.partials!, trace: region.trace };
      } finally {
        this.queue.release();
      }
    } finally {
      this.workers.unref();
    }
  }

  private async joinAsync(region: Region): Promise<void> {
    const { req, epoch } = region;
    const ctl = this.ctl;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let grace: ReturnType<typeof setTimeout> | undefined;
    const { signal, onProgress } = req;
    const onAbort = () => this.stop(region, FaultKind.ABORT, signal!.reason);
    const T = req.plan.threads;
    // A callback that throws fails its loop (with that error), never the process.
    const ticker =
      onProgress === undefined
        ? undefined
        : setInterval(() => {
            if (this.active !== region) return;
            try {
              onProgress(ctl.progress(T));
            } catch (e) {
              this.stop(region, FaultKind.ABORT, e);
            }
          }, PROGRESS_MS);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (req.timeout !== undefined) {
      timer = setTimeout(() => {
        if (!this.stop(region, FaultKind.TIMEOUT)) return;
        grace = setTimeout(() => this.terminateStuck(region), TIMEOUT_GRACE_MS);
      }, req.timeout);
    }
    try {
      await ctl.joinAsync(epoch, this.spins.asyncJoin); // J1-J2
    } finally {
      clearInterval(ticker);
      clearTimeout(timer);
      clearTimeout(grace);
      signal?.removeEventListener('abort', onAbort);
    }
    if (region.outcome === undefined) {
      const f = ctl.fault();
      const exitCode =
        f.kind === FaultKind.WORKER_EXIT
          ? (ctl.exitCode(f.worker) ?? (await this.workers.exitCode(f.worker, region.gens[f.worker]!, 1000)))
          : undefined;
      // Where reports cannot be taken synchronously (browsers), wait for the one the winner posted.
      const report =
        (f.kind === FaultKind.BODY || f.kind === FaultKind.SETUP) && f.worker >= 0 && this.platform.receiveAsync
          ? ((await this.workers.nextReport(f.worker, 5000)) as Report | undefined)
          : undefined;
      if (region.outcome === undefined) this.harvest(region, exitCode, report);
    }
  }

  /**
   * Stop `region` from this thread (abort, timeout, a callback's error), if it
   * is still the one in flight: a timer or listener of a region that another
   * call already joined must not touch the next region. Returns whether it did.
   */
  private stop(region: Region, kind: number, reason?: unknown): boolean {
    if (this.active !== region || region.outcome !== undefined) return false;
    if (this.ctl.raise(kind, -1, -1) && kind === FaultKind.ABORT) region.stop = { reason };
    return true;
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
    if (this.active !== null) this.settleActiveSync();
    const T = req.plan.threads;
    this.workers.readyForSync(T - 1);
    let runner: Runner;
    try {
      runner = this.bodies.localRunner(req.body, this.platform.importSync);
    } catch (e) {
      const cause = rebuild(e);
      throw new BodySetupError(`Cannot prepare the loop body on thread 0: ${messageOf(cause)}`, 0, cause);
    }
    const shared = this.shared.local(req.shared);
    const region = this.dispatch(req, true);
    const deadline = region.deadline;
    const ctl = this.ctl;
    const at: ThrowSite = { index: NaN, hi: NaN };
    // The caller cannot be interrupted inside its own chunks; it checks the deadline between
    // them, and while it waits inside a parallel region (barrier, critical).
    const guard =
      deadline === Infinity
        ? undefined
        : (run: ChunkRunner): ChunkRunner =>
            (lo, hi) => {
              if (performance.now() > deadline) ctl.raise(FaultKind.TIMEOUT, -1, -1);
              else run(lo, hi);
            };
    const kind = kindOf(req.body.def.loop);
    enterLoopThread();
    this.regionSync.deadline = deadline;
    try {
      const st = { ctl, regionSync: this.regionSync, trace: this.trace, aux: this.aux, at };
      runThreadShare(st, descriptorOf(req), 0, kind, runner, shared, guard);
    } catch (e) {
      if (ctl.raise(FaultKind.BODY, 0, -1, at.index, 0, kind.wholeChunks ? at.hi : NaN)) region.localError = e;
    } finally {
      this.regionSync.deadline = Infinity;
      leaveLoopThread();
    }
    ctl.leave(); // thread 0 has no worker state: it just leaves
    this.joinSync(region, deadline);
    this.harvest(region, undefined);
    if (region.outcome!.error !== null) this.workers.replaceDead(T - 1);
    const { error } = region.outcome!;
    if (error !== null) throw error;
    return { partials: region.partials!, trace: region.trace };
  }

  /** J1-J2 for a blocked caller, with the timeout's stop, grace and kill phases. */
  private joinSync(region: Region, deadline: number): void {
    const ctl = this.ctl;
    let phase: 'run' | 'grace' | 'kill' = 'run';
    let until = deadline;
    for (;;) {
      const left = until === Infinity ? JOIN_SLICE_MS : Math.max(0, until - performance.now());
      if (ctl.joinSync(region.epoch, this.spins.join, left) === 'ok') return;
      if (performance.now() < until) continue;
      if (phase === 'run') {
        ctl.raise(FaultKind.TIMEOUT, -1, -1);
        phase = 'grace';
        until = performance.now() + TIMEOUT_GRACE_MS;
      } else if (phase === 'grace') {
        this.terminateStuck(region); // the watcher accounts for them as they go
        phase = 'kill';
        until = Infinity;
      }
    }
  }

  /**
   * A synchronous loop found an asynchronous region in flight: wait for it,
   * enforcing that region's own timeout (its timer cannot fire while this
   * thread blocks), and keep its outcome for its caller.
   */
  private settleActiveSync(): void {
    const region = this.active!;
    this.joinSync(region, region.deadline);
    this.harvest(region, undefined);
    // The region's own caller awaits DONE: wake it again from here, so it never depends on a
    // wake-up that reached this thread while it was blocked in this call.
    this.ctl.wakeJoiners();
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
    for (let w = 0; w < count; w++) {
      this.workers.ensureBody(w, body);
      this.workers.ensureShared(w, shared.id, shared.posted, shared.extra);
      if (tracing) this.workers.ensureTrace(w, this.trace!.buffer);
    }
    const ctl = this.ctl;
    const desc = descriptorOf(req);
    desc.spins = sync ? this.spins.worker : this.spins.asyncWorker;
    const epoch = ctl.prepare(desc, T);
    // Async loops may ask for a dead worker's exit code after it was replaced.
    const gens: number[] = sync ? NO_GENS : [];
    if (!sync) for (let w = 0; w < count; w++) gens.push(this.workers.generation(w));
    const deadline = req.timeout === undefined ? Infinity : performance.now() + req.timeout;
    const region: Region = { epoch, req, workers: count, gens, origin: tracing ? wallClock() : 0, deadline };
    for (let w = 0; w < count; w++) ctl.assign(w, w + first);
    for (let w = 0; w < count; w++) ctl.wake(w, epoch);
    this.active = region;
    this.regions++;
    return region;
  }

  /** J3: turn the fault slot into the caller's error, drop stale reports. Never throws. */
  private harvest(region: Region, exitCode: number | undefined, awaited?: Report): void {
    try {
      if (!this.ctl.faulted()) {
        region.partials = kindOf(region.req.body.def.loop).partial ? this.ctl.partials(region.req.plan.threads) : NO_PARTIALS;
        if (((region.req.flags ?? 0) & RECORD_TRACE) !== 0) region.trace = this.trace!.read(region.origin);
        region.outcome = NO_ERROR;
        return;
      }
      const f = this.ctl.fault();
      let report: Report | undefined = awaited?.epoch === region.epoch ? awaited : undefined;
      // Only the thread that raised the first error posts a report, so there is
      // nothing to drain after a region without one.
      for (let w = 0; w < region.workers; w++) {
        for (let m = this.workers.takeReport(w); m !== undefined; m = this.workers.takeReport(w)) {
          if (w === f.worker && (m as Report).epoch === region.epoch) report = m as Report;
        }
      }
      const cause = f.worker === -1 ? rebuild(region.localError) : report ? fromWire(report.error) : undefined;
      // A worker that ended through process.exit() stored its code itself (the exit event may not have run yet).
      const code = exitCode ?? (f.kind === FaultKind.WORKER_EXIT ? this.ctl.exitCode(f.worker) : undefined);
      region.outcome = { error: errorFor(f, { cause, stop: region.stop, timeout: region.req.timeout, exitCode: code }) };
    } catch (e) {
      // Reading a report or building the error failed: the loop still fails, with that error.
      region.outcome = { error: e };
    } finally {
      if (this.active === region) this.active = null;
    }
  }

  private terminateStuck(region: Region): void {
    for (let w = 0; w < region.workers; w++) {
      if (this.ctl.inRegion(w, region.epoch)) this.workers.terminate(w);
    }
  }

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
