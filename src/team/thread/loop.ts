/**
 * A worker's loop, the same on every platform: wait for a region, make sure
 * the body and the shared values are known, run this thread's share, leave.
 * Protocol steps (W1…W5) are described in core/README.md. The platform's
 * entry file (thread/main.ts for Node, thread/main-browser.ts) passes in the
 * start data and how this thread takes messages off a port.
 */

import { FaultKind, RECORD_TRACE } from '../../core/layout.js';
import { RegionSync } from '../../core/region-sync.js';
import { StatsLedger } from '../../core/stats-ledger.js';
import { TaskArena } from '../../core/tasks.js';
import { TraceBuffer } from '../../core/trace-buffer.js';
import { WorkerBlock } from '../../core/worker.js';
import { messageOf } from '../../describe.js';
import type { LoopKind, Runner } from '../../kinds/kind.js';
import { kindOf } from '../../kinds/table.js';
import type { PortLike, ThreadIO } from '../../platform/types.js';
import { Pacer } from '../../schedule/pace.js';
import { type BodyDef, newAux } from '../bodies/compile.js';
import { compileDef } from '../bodies/registry.js';
import { compileTasks, type TasksDef, type TaskTable, tasksUrls } from '../bodies/tasks.js';
import { toWire } from '../error-wire.js';
import type { InboxMessage, Report, WorkerInit } from '../messages.js';
import { decodeValues, type SharedValues } from '../shared/cache.js';
import { importFailure } from './kernel-import.js';
import { IN_LOOP_FLAG, RealmGuard } from './realm.js';
import { enterLoopThread, inLoopThread, newShareState, runThreadShare } from './share.js';

export async function runWorker(init: WorkerInit, io: ThreadIO): Promise<void> {
  const ctl = new WorkerBlock(init.control);
  const w = init.index;
  const gen = init.gen;
  const inbox = init.inbox as PortLike;
  const outbox = init.outbox as PortLike;

  const defs = new Map<number, BodyDef>();
  const runners = new Map<number, Runner>();
  /** Task tables of regions with tasks, by body id (the region's descriptor names one in param2). */
  const tables = new Map<number, TaskTable>();
  const modules = new Map<string, Promise<Record<string, unknown>>>();
  const NO_SHARED: SharedValues = { value: {}, out: undefined };
  const sharedById = new Map<number, SharedValues>([[0, NO_SHARED]]);
  const regionSync = new RegionSync(ctl.i32, ctl.i64, init.spins);
  /** This thread's share state, kept from region to region (thread/share.ts). */
  const st = newShareState(ctl, regionSync, newAux(), new Pacer());
  if (init.stats !== undefined) {
    st.stats = new StatsLedger(init.stats);
    st.statsSlot = w;
  }
  const at = st.at;
  const d = ctl.newDescriptor();
  /** The built-ins as they were before any body ran here. */
  const realm = new RealmGuard();
  let trace: TraceBuffer | undefined;

  // Everything that runs on this thread runs inside loops: nested calls go serial.
  enterLoopThread();

  /** Take every queued definition off the inbox without waiting (where the platform can). */
  function drain(): void {
    for (;;) {
      const m = io.receive(inbox) as InboxMessage | undefined;
      if (m === undefined) return;
      apply(m);
    }
  }

  /**
   * Make sure body `bodyId`, shared values `sharedId` and (if asked) the trace
   * buffer are here. The team posts them before it wakes this thread, so on a
   * platform without a synchronous receive they are a few awaited messages away.
   */
  async function awaitDefinitions(bodyId: number, sharedId: number, tracing: boolean, tasksId: number): Promise<void> {
    const needs = () =>
      (!defs.has(bodyId) && !runners.has(bodyId)) ||
      (tasksId !== 0 && !defs.has(tasksId) && !tables.has(tasksId)) ||
      !sharedById.has(sharedId) ||
      (tracing && trace === undefined);
    // A task call's arena is posted before its body: once the body is here, so is the arena.
    while (needs() || ((tasksId !== 0 || defs.get(bodyId)?.kind === 'tasks') && st.taskArena === undefined)) {
      apply((await io.next!(inbox)) as InboxMessage);
    }
  }

  function apply(m: InboxMessage): void {
    if (m.type === 'body') {
      defs.set(m.id, m.def);
      for (const id of m.evict) {
        defs.delete(id);
        runners.delete(id);
        tables.delete(id);
      }
    } else if (m.type === 'trace') {
      trace = new TraceBuffer(m.buffer);
    } else if (m.type === 'tasks') {
      st.taskArena = new TaskArena(m.buffer, m.threads);
      st.schedulers.length = 0;
    } else {
      sharedById.clear();
      sharedById.set(0, NO_SHARED);
      sharedById.set(m.id, decodeValues(m.value, m.extra));
    }
  }

  /** Compile (or import) body `id`. Returns a promise only when a module must be imported. */
  function loadRunner(id: number): Runner | Promise<Runner> {
    const def = defs.get(id);
    if (def === undefined) throw new Error(`Body ${id} was never sent to worker ${w} (internal error)`);
    const urls = def.from === 'kernel' ? [def.url] : def.from === 'tasks' ? tasksUrls(def) : [];
    if (urls.length === 0) {
      const r = compileDef(def, () => ({}));
      runners.set(id, r);
      return r;
    }
    return Promise.all(urls.map(importModule)).then((namespaces) => {
      realm.snapshot(); // what the module's import installed (a polyfill) is this thread's realm from now on
      const r = compileDef(def, (url) => namespaces[urls.indexOf(url)]!);
      runners.set(id, r);
      return r;
    });
  }

  /** The task table of body `id` (a region with tasks). Returns a promise only when a module must be imported. */
  function loadTable(id: number): TaskTable | Promise<TaskTable> {
    const def = defs.get(id);
    if (def === undefined || def.from !== 'tasks') throw new Error(`Task table ${id} was never sent to worker ${w} (internal error)`);
    const urls = tasksUrls(def);
    const make = (load: (url: string) => Record<string, unknown>) => {
      const t = compileTasks(def as TasksDef, load);
      tables.set(id, t);
      return t;
    };
    if (urls.length === 0) return make(() => ({}));
    return Promise.all(urls.map(importModule)).then((namespaces) => {
      realm.snapshot();
      return make((url) => namespaces[urls.indexOf(url)]!);
    });
  }

  /** A kernel module, imported once per URL (a failed import is tried again next time). */
  function importModule(url: string): Promise<Record<string, unknown>> {
    let mod = modules.get(url);
    if (mod === undefined) {
      // The URL is the user's, known only at run time: bundlers must leave this import alone.
      mod = (import(/* webpackIgnore: true */ /* @vite-ignore */ url) as Promise<Record<string, unknown>>).catch(async (e: unknown) => {
        throw await importFailure(url, e); // which file failed, where the platform does not say (kernel-import.ts)
      });
      modules.set(url, mod);
      mod.catch(() => modules.delete(url));
    }
    return mod;
  }

  function report(kind: number, tid: number, index: number, error: unknown, hi = NaN): void {
    if (ctl.raise(kind, tid, w, index, 0, hi)) {
      const msg: Report = { type: 'error', epoch: ctl.epoch(), error: toWire(error) };
      try {
        outbox.postMessage(msg);
      } catch {
        // Something in the copy could not be posted after all: send what can always be sent.
        outbox.postMessage({ ...msg, error: { kind: 'opaque', text: messageOf(error) } });
      }
    }
  }

  async function main(): Promise<void> {
    let seen = ctl.wakeValue(w);
    let spins = init.spins;
    ctl.markReady(w, gen);
    for (;;) {
      seen = ctl.awaitWake(w, seen, spins); // W1
      if (ctl.shuttingDown()) return;
      ctl.readDescriptor(d); // W2
      spins = d.spins;
      regionSync.spin.set(d.regionSpins); // this region's barrier, turn and lock waits spin as its dispatcher said
      const tid = ctl.threadIdOf(w);
      let runner = runners.get(d.bodyId);
      // Only traced loops need the trace buffer (progress is counted in the control block).
      const tracing = (d.flags & RECORD_TRACE) !== 0;
      const tasksId = d.tasksId;
      let table = tasksId === 0 ? undefined : tables.get(tasksId);
      if (
        runner === undefined ||
        !sharedById.has(d.sharedId) ||
        (tracing && trace === undefined) ||
        (tasksId !== 0 && table === undefined)
      ) {
        drain();
        if (io.next !== undefined) await awaitDefinitions(d.bodyId, d.sharedId, tracing, tasksId);
      }
      const shared = sharedById.get(d.sharedId);
      let kind: LoopKind | undefined;
      try {
        if (shared === undefined) throw new Error(`Shared values ${d.sharedId} never reached worker ${w} (internal error)`);
        if (runner === undefined) {
          const r = loadRunner(d.bodyId);
          runner = r instanceof Promise ? await r : r;
        }
        if (tasksId !== 0 && table === undefined) {
          const t = loadTable(tasksId);
          table = t instanceof Promise ? await t : t;
        }
        kind = kindOf(defs.get(d.bodyId)!.kind);
      } catch (e) {
        report(FaultKind.SETUP, tid, NaN, e);
      }
      if (kind !== undefined) {
        if (st.stats !== undefined) {
          st.sample.wakeups += ctl.sleeps; // W1's sleeps before this region
          ctl.sleeps = 0;
        }
        try {
          st.trace = trace;
          runThreadShare(st, d, tid, kind, runner!, shared!, table); // W3
        } catch (e) {
          report(FaultKind.BODY, tid, at.index, e, at.hi ?? NaN);
        }
      }
      // W4b: a body that changed a built-in fails its loop, and this worker retires before it
      // leaves, so that no later loop runs in the changed realm (team/thread/realm.ts).
      const changed = inLoopThread() ? realm.changed() : IN_LOOP_FLAG;
      if (changed >= 0) {
        ctl.retire(w, gen);
        ctl.raise(FaultKind.REALM, tid, w, changed);
        ctl.workerLeave(w, seen);
        return; // the thread ends (Node) or is terminated when the team replaces it
      }
      ctl.workerLeave(w, seen); // W5: the wake value is the region's epoch
    }
  }

  await main();
}
