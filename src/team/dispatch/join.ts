/**
 * Joining a region (steps J1-J3 of core/README.md): waiting for its threads
 * to leave, blocking or not, with the caller's abort signal, timeout (stop,
 * grace, terminate) and progress callbacks, and turning the fault slot into
 * the error the caller sees. The engine dispatches; this owns the region in
 * flight from the dispatch until its outcome is known.
 */

import type { JoinerBlock } from '../../core/joiner.js';
import { DETERMINISTIC, FaultKind, RECORD_TRACE } from '../../core/layout.js';
import { math, now } from '../../intrinsics.js';
import type { Platform } from '../../platform/types.js';
import { fromWire, rebuild } from '../error-wire.js';
import type { Report } from '../messages.js';
import type { WorkerSet } from '../workers/set.js';
import type { SpinGovernor } from './policy.js';
import { errorFor, type Outcome, type Region } from './region.js';

/**
 * After a timeout or an abort, how long threads get to see the stop (between
 * two pieces of a chunk, schedule/pace.ts) before those still inside the region
 * are terminated and replaced.
 */
export const STOP_GRACE_MS = 100;
/** How long a terminated thread gets to end before the joiner accounts for it as dead itself (abandonStuck). */
export const ABANDON_MS = 1000;
/** How long a joiner without a synchronous receive (browsers) waits for the first error's report. */
const REPORT_WAIT_MS = 5000;
/** How long the joiner sleeps at a time while no deadline applies. */
const JOIN_SLICE_MS = 1000;
/** With no watcher, the calling thread looks for dead workers itself this often while it waits (WorkerSet.sweep). */
const SWEEP_SLICE_MS = 10;
/** How often an async loop's progress is read while it runs. */
export const PROGRESS_MS = 100;

const OK: Outcome = Object.freeze({ ok: true });
export const NO_PARTIALS: number[] = [];

export class Joiner {
  /** The region dispatched and not yet harvested. */
  active: Region | null = null;

  constructor(
    private readonly ctl: JoinerBlock,
    private readonly workers: WorkerSet,
    private readonly platform: Platform,
    private readonly spins: SpinGovernor,
  ) {}

  /** Whether the last join (of either kind) ran out of spins and slept (core/joiner.ts). */
  get slept(): boolean {
    return this.ctl.slept;
  }

  /** J1-J2 for an awaiting caller, with its abort, timeout and progress callbacks; then J3. */
  async joinAsync(region: Region): Promise<void> {
    const { req, epoch } = region;
    const ctl = this.ctl;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let grace: ReturnType<typeof setTimeout> | undefined;
    let abandon: ReturnType<typeof setTimeout> | undefined;
    const { signal, onProgress } = req;
    // Whatever stops the region from here (an abort, the timeout, a callback's error), threads still
    // inside it STOP_GRACE_MS later are terminated: one iteration that runs long, or a body that
    // never returns, cannot hold the caller past that.
    const stopHere = (kind: number, reason?: unknown) => {
      if (!this.stop(region, kind, reason) || grace !== undefined) return;
      grace = setTimeout(() => {
        this.terminateStuck(region);
        abandon = setTimeout(() => this.abandonStuck(region), ABANDON_MS);
      }, STOP_GRACE_MS);
    };
    const onAbort = () => stopHere(FaultKind.ABORT, signal!.reason);
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
              stopHere(FaultKind.ABORT, e);
            }
          }, PROGRESS_MS);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (req.timeout !== undefined) {
      timer = setTimeout(() => stopHere(FaultKind.TIMEOUT), req.timeout);
    }
    try {
      await ctl.joinAsync(epoch, this.spins.current.asyncJoin); // J1-J2
    } finally {
      clearInterval(ticker);
      clearTimeout(timer);
      clearTimeout(grace);
      clearTimeout(abandon);
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
          ? await this.awaitReport(f.worker, region.epoch)
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

  /** J1-J2 for a blocked caller, with the timeout's stop, grace and kill phases (the timeout is `region.deadline`). */
  joinSync(region: Region): void {
    const ctl = this.ctl;
    let phase: 'run' | 'grace' | 'kill' | 'abandoned' = 'run';
    let until = region.deadline;
    for (;;) {
      const watching = this.workers.watching;
      const slice = watching ? SWEEP_SLICE_MS : JOIN_SLICE_MS;
      const left = until === Infinity ? slice : math.min(slice, math.max(0, until - now()));
      if (ctl.joinSync(region.epoch, this.spins.current.join, left) === 'ok') return;
      if (watching) this.workers.sweep();
      if (now() < until) continue;
      if (phase === 'run') {
        ctl.raise(FaultKind.TIMEOUT, -1, -1);
        phase = 'grace';
        until = now() + STOP_GRACE_MS;
      } else if (phase === 'grace') {
        this.terminateStuck(region); // the watcher accounts for them as their threads end
        phase = 'kill';
        until = now() + ABANDON_MS;
      } else if (phase === 'kill') {
        this.abandonStuck(region);
        phase = 'abandoned';
        until = Infinity;
      }
    }
  }

  /**
   * A synchronous loop found an asynchronous region in flight: wait for it,
   * enforcing that region's own timeout (its timer cannot fire while this
   * thread blocks), and keep its outcome for its caller.
   */
  settleActive(): void {
    const region = this.active!;
    this.joinSync(region);
    this.harvest(region, undefined);
    // The region's own caller awaits DONE: wake it again from here, so it never depends on a
    // wake-up that reached this thread while it was blocked in this call.
    this.ctl.wakeJoiners();
  }

  /**
   * Worker w's report for region `epoch`, waiting at most REPORT_WAIT_MS in
   * all (browsers). A report of an earlier region (one that came after its
   * joiner stopped waiting, and stayed queued) is skipped.
   */
  private async awaitReport(w: number, epoch: number): Promise<Report | undefined> {
    const until = now() + REPORT_WAIT_MS;
    for (let left = REPORT_WAIT_MS; left > 0; left = until - now()) {
      const m = (await this.workers.nextReport(w, left)) as Report | undefined;
      if (m === undefined || m.epoch === epoch) return m;
    }
    return undefined;
  }

  /** J3: turn the fault slot into the caller's error, drop stale reports. Never throws. */
  harvest(region: Region, exitCode: number | undefined, awaited?: Report): void {
    try {
      if (!this.ctl.faulted()) {
        if (region.req.body.kind.partial) this.ctl.readPartials(region.partials, region.req.plan.threads);
        if (((region.req.flags ?? 0) & DETERMINISTIC) !== 0) region.blocks = this.ctl.readBlocks(region.blocks, region.req.plan.n);
        if (((region.req.flags ?? 0) & RECORD_TRACE) !== 0) region.trace = region.buffer!.read(region.origin);
        region.outcome = OK;
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
      const describeTask = region.describeTask;
      const tableDef = (region.req.taskBody ?? region.req.body).def as { names?: string[] };
      const names = describeTask === undefined ? [] : (tableDef.names ?? []);
      const task = describeTask === undefined ? undefined : (r: number) => describeTask(r, names);
      region.outcome = { ok: false, error: errorFor(f, { cause, stop: region.stop, timeout: region.req.timeout, exitCode: code, task }) };
    } catch (e) {
      // Reading a report or building the error failed: the loop still fails, with that error.
      region.outcome = { ok: false, error: e };
    } finally {
      if (this.active === region) this.active = null;
    }
  }

  /**
   * A thread terminated ABANDON_MS ago that has still not ended is blocked in
   * a native call (a body's `execSync`): its end, and so its exit notice,
   * waits for that call. Account for it as dead now, so the caller's wait stays
   * bounded. Termination is pending on that thread: it runs no more JavaScript
   * of the body once the call returns, and then ends.
   */
  private abandonStuck(region: Region): void {
    for (let w = 0; w < region.workers; w++) {
      if (this.ctl.inRegion(w, region.epoch)) this.ctl.markDead(w, this.workers.generation(w));
    }
  }

  private terminateStuck(region: Region): void {
    for (let w = 0; w < region.workers; w++) {
      if (this.ctl.inRegion(w, region.epoch)) this.workers.terminate(w);
    }
  }
}
