/**
 * The team's threads: one slot per worker, and the watcher where it is needed.
 * Spawns in parallel, replaces dead workers, keeps the process alive only while
 * loops are pending. What each worker has been sent is its inbox's (inbox.ts).
 *
 * A thread blocked in a synchronous loop cannot run its event loop, so it
 * cannot see a worker's 'exit' event. Where the platform can say whether a
 * worker's thread has ended without that event loop (`WorkerLike.gone`, Node),
 * the blocked thread asks in its sleep slices (`sweep`) and no watcher thread
 * is started: a team is then as many isolates as workers. Elsewhere (Bun, Deno),
 * and where a synchronous loop must wait for a worker that is still starting,
 * the watcher holds each worker's lifeline and says when it closes.
 */

import type { DispatcherBlock } from '../../core/dispatcher.js';
import { WorkerState } from '../../core/layout.js';
import { messageOf } from '../../describe.js';
import { WorkerExitError } from '../../errors.js';
import type { Platform, PortLike, WorkerLike } from '../../platform/types.js';
import type { RegisteredBody } from '../bodies/registry.js';
import type { Watch, WorkerInit } from '../messages.js';
import type { Encoded } from '../shared/values.js';
import { WorkerInbox } from './inbox.js';

/** How long a thread waits for a new worker to start before giving up. */
export const BOOT_TIMEOUT_MS = 30_000;

interface Slot {
  index: number;
  gen: number;
  handle: WorkerLike | null;
  /** Team side of the worker's inbox (definitions go out here), with what it was sent. */
  inbox: WorkerInbox | null;
  /** Team side of the worker's outbox (error reports come in here). */
  outbox: PortLike | null;
  /** Resolves with the exit code once this generation's thread has gone. */
  exited: Promise<number>;
  /** `exited` of the current and the previous generation (a loop may ask after a replacement). */
  exitsByGen: Map<number, Promise<number>>;
  /** The last uncaught error the thread reported, for boot failures. */
  lastError: unknown;
  /** This generation's handle has answered gone() (it came online): a blocked caller can ask it. */
  answers: boolean;
}

export interface WorkerSetOptions {
  size: number;
  spins: number;
  resourceLimits?: Record<string, number>;
  /** The stats ledger's buffer (a team with `{ stats: true }`): each worker adds to its slot. */
  stats?: SharedArrayBuffer;
}

export class WorkerSet {
  readonly size: number;
  /** postMessage calls made to workers (definitions); 0 per loop in the steady state. */
  messages = 0;
  private readonly countPosted = () => {
    this.messages++;
  };
  private readonly slots: Slot[] = [];
  private watcher: WorkerLike | null = null;
  /** Lifelines of workers spawned before the watcher existed. */
  private readonly pendingWatch: Watch[] = [];
  private refs = 0;
  private watcherReady = false;
  private closing = false;
  /** Whether the workers' handles answer `gone()` (Node): then a blocked caller sweeps instead of a watcher. */
  private readonly probes: boolean;

  constructor(
    private readonly ctl: DispatcherBlock,
    private readonly platform: Platform,
    private readonly opts: WorkerSetOptions,
  ) {
    this.size = opts.size;
    for (let w = 0; w < opts.size; w++) {
      this.slots.push({
        index: w,
        gen: 0,
        handle: null,
        inbox: null,
        outbox: null,
        exited: Promise.resolve(0),
        exitsByGen: new Map(),
        lastError: undefined,
        answers: false,
      });
    }
    for (const slot of this.slots) this.spawn(slot);
    this.probes = typeof this.slots[0]?.handle?.gone === 'function';
    // Where a blocked caller cannot ask the workers' handles, the watcher starts with the workers.
    // Only synchronous loops need it, so only platforms where the caller may block. Started after
    // the workers had booted, it made ready() (which waits for it) take 114-118 ms on 2 cores;
    // started with them, 87-90 ms, though the three compete for the cores. Before ready() waited
    // for it, ready() took 56-59 ms and the first sync loop then waited 47-53 ms for the watcher.
    if (platform.canBlock() && !this.probes) this.startWatcher();
  }

  /** Whether a thread blocked in a sync loop must look for dead workers itself (sweep()): no watcher does. */
  get watching(): boolean {
    return this.probes && !this.watcherReady;
  }

  /**
   * Mark every worker whose thread has ended dead, as the watcher would (markDead: the region is
   * stopped and the worker is accounted for). Called by a blocked calling thread between sleeps;
   * the 'exit' event that follows on its event loop finds the worker already dead and replaces it.
   */
  sweep(): void {
    for (const slot of this.slots) {
      if (slot.handle?.gone?.() === true) this.ctl.markDead(slot.index, slot.gen);
    }
  }

  private startWatcher(): void {
    if (this.watcher !== null || this.closing) return;
    const watcher = this.platform.spawn('watcher', { control: this.ctl.buffer }, []);
    this.watcher = watcher; // recorded first: close() must end it whatever happens next
    watcher.unref();
    watcher.onError(() => {
      /* nothing to surface: sync loops time out on boot if it never starts */
    });
    for (const m of this.pendingWatch.splice(0)) this.watch(m);
  }

  /**
   * Hand worker `m.index`'s lifeline to the watcher. A lifeline whose worker
   * has already ended can no longer be sent: its worker is then dead (or
   * never started), which is what the watcher would have said.
   */
  private watch(m: Watch): void {
    if (this.slots[m.index]!.gen !== m.gen) return; // a replaced generation: its exit is handled
    if (this.watcher === null) {
      // Only the latest generation's lifeline matters: a team that never starts the watcher (Node,
      // async loops only) would otherwise keep one port per replaced worker.
      const old = this.pendingWatch.findIndex((p) => p.index === m.index);
      if (old >= 0) (this.pendingWatch.splice(old, 1)[0]!.lifeline as PortLike).close();
      this.pendingWatch.push(m);
      return;
    }
    try {
      this.watcher.postMessage(m, [m.lifeline]);
    } catch {
      this.ctl.markDead(m.index, m.gen);
    }
  }

  private spawn(slot: Slot): void {
    const { platform, ctl } = this;
    const gen = ctl.rearm(slot.index);
    const inbox = platform.channel();
    const outbox = platform.channel();
    // The lifeline's far end goes to the watcher, on platforms that have one.
    const lifeline = platform.canBlock() ? platform.channel() : undefined;
    const init: WorkerInit = {
      control: ctl.buffer,
      index: slot.index,
      gen,
      spins: this.opts.spins,
      inbox: inbox.port2,
      outbox: outbox.port2,
      lifeline: lifeline?.port1,
      stats: this.opts.stats,
    };
    const transfer = lifeline ? [inbox.port2, outbox.port2, lifeline.port1] : [inbox.port2, outbox.port2];
    const handle = platform.spawn('worker', init, transfer, this.opts.resourceLimits);
    slot.gen = gen;
    if (lifeline) this.watch({ index: slot.index, gen, lifeline: lifeline.port2 });
    slot.handle = handle;
    slot.inbox = new WorkerInbox(inbox.port1, this.countPosted);
    slot.outbox = outbox.port1;
    slot.lastError = undefined;
    slot.answers = false;
    if (this.refs === 0) handle.unref();
    handle.onError((e) => {
      slot.lastError = e;
    });
    slot.exited = new Promise((resolve) => {
      handle.onExit((code) => {
        resolve(code);
        if (slot.handle !== handle) return; // a replaced generation
        ctl.markDead(slot.index, gen, code);
        slot.handle = null;
        inbox.port1.close();
        outbox.port1.close();
        // Replace a worker that died after starting; one that never started is
        // retried only when a loop needs it, so a broken install cannot spin.
        if (!this.closing && ctl.state(slot.index) === WorkerState.DEAD) this.spawn(slot);
      });
    });
    slot.exitsByGen.set(gen, slot.exited);
    slot.exitsByGen.delete(gen - 2);
  }

  /** Generation of the worker now in slot w. */
  generation(w: number): number {
    return this.slots[w]!.gen;
  }

  /**
   * Resolve once every worker has started, and the watcher too where sync loops
   * can run and need one, so that the first sync loop does not pay for the
   * watcher's start (~50 ms); reject if a worker failed to start.
   */
  async ready(): Promise<void> {
    this.ref(); // a pending Atomics.waitAsync alone does not keep the process alive
    try {
      // A worker that died or retired since it started (a loop's timeout terminated it, a body ended
      // it) is replaced and waited for, as the next loop would; one that never started is reported.
      if (!this.closing) {
        for (const slot of this.slots) {
          const s = this.ctl.state(slot.index);
          if (s === WorkerState.DEAD || s === WorkerState.RETIRED) this.replace(slot);
        }
      }
      // Every worker settles (started or failed) before the first failure is reported.
      const all = await Promise.allSettled(this.slots.map((s) => this.awaitSlot(s)));
      const failed = all.find((r) => r.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
      if (this.platform.canBlock() && !this.probes && !this.watcherReady && !this.closing) {
        this.startWatcher();
        // A watcher that never starts is reported by the first sync loop (its boot timeout), not here.
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), BOOT_TIMEOUT_MS);
        });
        const started = await Promise.race([this.ctl.awaitWatcher().then(() => true), late]);
        clearTimeout(timer);
        if (started) this.watcherReady = true;
      }
    } finally {
      this.unref();
    }
  }

  /**
   * Before this thread blocks: make sure the death of any of workers 0…count-1 will be seen and
   * will wake it. Either every one of them is running and its handle answers (this thread then
   * asks between its sleeps), or the watcher is started here and awaited: a worker still starting,
   * or one whose handle cannot answer yet, can end in ways only an event loop hears.
   */
  ensureDeathsSeen(count: number): void {
    if (this.watcherReady || (this.probes && this.allAnswering(count))) return;
    this.startWatcher();
    if (!this.ctl.awaitWatcherSync(BOOT_TIMEOUT_MS)) {
      throw new WorkerExitError(`The team's watcher thread did not start within ${BOOT_TIMEOUT_MS} ms`, -1, -1);
    }
    this.watcherReady = true;
  }

  /**
   * True when workers 0…count-1 are all ALIVE and their handles can say whether they have ended.
   * A handle is asked once per generation (the answer allocates): every sync loop comes here.
   */
  private allAnswering(count: number): boolean {
    for (let w = 0; w < count; w++) {
      const slot = this.slots[w]!;
      if (this.ctl.state(w) !== WorkerState.ALIVE) return false;
      if (!slot.answers) slot.answers = slot.handle?.gone?.() === false;
      if (!slot.answers) return false;
    }
    return true;
  }

  /** True when workers 0…count-1 are all alive and started. */
  allAlive(count: number): boolean {
    for (let w = 0; w < count; w++) if (this.ctl.state(w) !== WorkerState.ALIVE) return false;
    return true;
  }

  /** Make sure workers 0…count-1 are ALIVE, replacing dead ones (async). */
  async readyFor(count: number): Promise<void> {
    for (let w = 0; w < count; w++) {
      const slot = this.slots[w]!;
      const s = this.ctl.state(w);
      if (s === WorkerState.ALIVE) continue;
      if (s === WorkerState.DEAD || s === WorkerState.FAILED || s === WorkerState.RETIRED) this.replace(slot);
      await this.awaitSlot(slot);
    }
  }

  /** Make sure workers 0…count-1 are ALIVE, blocking this thread while they start. */
  readyForSync(count: number): void {
    if (count === 0) return;
    this.ensureDeathsSeen(count);
    for (let w = 0; w < count; w++) {
      const slot = this.slots[w]!;
      let s = this.ctl.state(w);
      if (s === WorkerState.ALIVE) continue;
      if (s === WorkerState.FAILED) {
        // The last start failed. A worker that fails while starting is seen only by this
        // thread's event loop (Node reports it there), which cannot run while this thread
        // blocks: waiting for a retry could take the whole boot timeout. Fail now with the
        // reason, and let the retry start in the background for later loops.
        const failed = { ...slot };
        this.replace(slot);
        this.failUnlessAlive(failed, WorkerState.FAILED);
      }
      if (s === WorkerState.DEAD || s === WorkerState.RETIRED) this.replace(slot);
      s = this.ctl.awaitBootSync(w, BOOT_TIMEOUT_MS);
      this.failUnlessAlive(slot, s);
    }
  }

  private replace(slot: Slot): void {
    const old = slot.handle;
    slot.handle = null;
    if (old !== null) void old.terminate();
    this.spawn(slot);
  }

  private async awaitSlot(slot: Slot): Promise<void> {
    this.failUnlessAlive(slot, await this.ctl.awaitBoot(slot.index));
  }

  private failUnlessAlive(slot: Slot, state: number): void {
    if (state === WorkerState.ALIVE) return;
    const why =
      state === WorkerState.BOOTING
        ? `did not start within ${BOOT_TIMEOUT_MS} ms`
        : `failed to start${slot.lastError !== undefined ? ` (${messageOf(slot.lastError)})` : ''}`;
    const err = new WorkerExitError(`Worker ${slot.index} ${why}`, slot.index, -1);
    if (slot.lastError !== undefined) Object.defineProperty(err, 'cause', { value: slot.lastError, configurable: true, writable: true });
    throw err;
  }

  /** Post body `reg` to worker w unless it has it. */
  ensureBody(w: number, reg: RegisteredBody): void {
    this.slots[w]!.inbox!.ensureBody(reg);
  }

  /** Post shared values `id` to worker w unless it has them. */
  ensureShared(w: number, id: number, value: Encoded | null, extra: ArrayBufferView | undefined): void {
    this.slots[w]!.inbox!.ensureShared(id, value, extra);
  }

  /** Post the task arena to worker w unless it has it. */
  ensureTasks(w: number, buffer: SharedArrayBuffer, threads: number): void {
    this.slots[w]!.inbox!.ensureTasks(buffer, threads);
  }

  /** Post the trace buffer to worker w unless it has it. */
  ensureTrace(w: number, buffer: SharedArrayBuffer): void {
    this.slots[w]!.inbox!.ensureTrace(buffer);
  }

  /** Wait for worker w's next report (platforms without a synchronous receive). */
  nextReport(w: number, ms: number): Promise<unknown> {
    const port = this.slots[w]?.outbox;
    if (!port || !this.platform.receiveAsync) return Promise.resolve(undefined);
    return this.platform.receiveAsync(port, ms);
  }

  /** Take worker w's queued error report, if any. */
  takeReport(w: number): unknown {
    const port = this.slots[w]?.outbox;
    return port ? this.platform.receive(port) : undefined;
  }

  /** Exit code of generation `gen` of worker w, waiting at most `ms` for it. */
  exitCode(w: number, gen: number, ms: number): Promise<number | undefined> {
    const exited = this.slots[w]!.exitsByGen.get(gen);
    return exited === undefined ? Promise.resolve(undefined) : within(exited, ms);
  }

  /** Ask worker w's thread to stop (a stuck body past its timeout). */
  terminate(w: number): void {
    void this.slots[w]!.handle?.terminate();
  }

  /** Replace workers among 0…count-1 that died or retired (after a synchronous loop). */
  replaceDead(count: number): void {
    for (let w = 0; w < count; w++) {
      const s = this.ctl.state(w);
      if ((s === WorkerState.DEAD || s === WorkerState.RETIRED) && !this.closing) this.replace(this.slots[w]!);
    }
  }

  /** While at least one ref is held, the workers keep the process alive. */
  ref(): void {
    if (this.refs++ === 0) for (const s of this.slots) s.handle?.ref();
  }

  unref(): void {
    if (--this.refs === 0) for (const s of this.slots) s.handle?.unref();
  }

  async close(): Promise<void> {
    this.closing = true;
    this.ctl.shutdown(this.size);
    const exits = this.slots.map((s) => s.exited);
    for (const s of this.slots) {
      const h = s.handle;
      s.handle = null;
      if (h) void h.terminate();
      s.inbox?.port.close();
      s.outbox?.close();
    }
    await Promise.all([...exits, this.watcher?.terminate()]);
  }
}

/** `p`'s value, or undefined if it takes longer than `ms`. */
async function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((r) => {
    timer = setTimeout(r, ms, undefined);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}
