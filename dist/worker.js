import {
  compileSource,
  decodeShared,
  enterLoopThread,
  kernelExport,
  runShare,
  runnerFor,
  toWire
} from "./chunk-5IHDT6Z7.js";
import {
  receive,
  threadData
} from "./chunk-B7O5FBW3.js";
import {
  ControlBlock,
  FaultKind
} from "./chunk-EYYA34DE.js";

// src/team/worker-main.ts
var init = threadData();
var ctl = new ControlBlock(init.control);
var w = init.index;
var gen = init.gen;
var inbox = init.inbox;
var outbox = init.outbox;
var defs = /* @__PURE__ */ new Map();
var runners = /* @__PURE__ */ new Map();
var modules = /* @__PURE__ */ new Map();
var sharedById = /* @__PURE__ */ new Map([[0, {}]]);
var at = { index: NaN };
enterLoopThread();
function drain() {
  for (; ; ) {
    const m = receive(inbox);
    if (m === void 0) return;
    if (m.type === "body") {
      defs.set(m.id, m.def);
      for (const id of m.evict) {
        defs.delete(id);
        runners.delete(id);
      }
    } else {
      sharedById.clear();
      sharedById.set(0, {});
      sharedById.set(m.id, decodeShared(m.value));
    }
  }
}
function prepare(id) {
  const def = defs.get(id);
  if (def === void 0) throw new Error(`Body ${id} was never sent to worker ${w} (internal error)`);
  if (def.kind === "fn") {
    const r = runnerFor(compileSource(def.source));
    runners.set(id, r);
    return r;
  }
  let mod = modules.get(def.url);
  if (mod === void 0) {
    mod = import(def.url);
    modules.set(def.url, mod);
    mod.catch(() => modules.delete(def.url));
  }
  return mod.then((ns) => {
    const r = runnerFor(kernelExport(ns, def.url, def.name));
    runners.set(id, r);
    return r;
  });
}
function report(kind, tid, index, error) {
  if (ctl.raise(kind, tid, w, index)) {
    const msg = { type: "error", epoch: ctl.epoch(), error: toWire(error) };
    outbox.postMessage(msg);
  }
}
async function main() {
  let seen = ctl.wakeValue(w);
  let spins = init.spins;
  ctl.markReady(w, gen);
  for (; ; ) {
    seen = ctl.awaitWake(w, seen, spins);
    if (ctl.shuttingDown()) return;
    const d = ctl.descriptor();
    spins = d.spins;
    const tid = ctl.threadIdOf(w);
    let runner = runners.get(d.bodyId);
    if (runner === void 0 || !sharedById.has(d.sharedId)) drain();
    const shared = sharedById.get(d.sharedId);
    try {
      if (shared === void 0) throw new Error(`Shared values ${d.sharedId} never reached worker ${w} (internal error)`);
      if (runner === void 0) {
        const r = prepare(d.bodyId);
        runner = r instanceof Promise ? await r : r;
      }
    } catch (e) {
      report(FaultKind.SETUP, tid, NaN, e);
      ctl.workerLeave(w, gen);
      continue;
    }
    const ctx = { threadId: tid, numThreads: d.threads };
    const run = runner;
    try {
      runShare(ctl, d, tid, (lo, hi) => run(lo, hi, shared, ctx, at));
    } catch (e) {
      report(FaultKind.BODY, tid, at.index, e);
    }
    ctl.workerLeave(w, gen);
  }
}
void main();
//# sourceMappingURL=worker.js.map
