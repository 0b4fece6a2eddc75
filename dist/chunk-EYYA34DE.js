// src/core/layout.ts
var SLOT_BYTES = 128;
var SLOT_WORDS = SLOT_BYTES / 4;
var EPOCH = 0;
var SHUTDOWN = 1;
var DESC = 1 * SLOT_WORDS;
var D_KIND = DESC + 0;
var D_THREADS = DESC + 1;
var D_BODY = DESC + 2;
var D_SHARED = DESC + 3;
var D_SPINS = DESC + 4;
var D_START_F64 = (DESC + 8) / 2;
var D_N_F64 = (DESC + 10) / 2;
var D_CHUNK_F64 = (DESC + 12) / 2;
var D_NCHUNKS_F64 = (DESC + 14) / 2;
var CLAIM = 2 * SLOT_WORDS;
var CLAIM32 = CLAIM;
var CLAIM_I64 = (CLAIM + 2) / 2;
var JOIN = 3 * SLOT_WORDS;
var PENDING = JOIN + 0;
var DONE = JOIN + 1;
var JOINER_SLEEPING = JOIN + 2;
var FAULT = 4 * SLOT_WORDS;
var STOP = FAULT + 0;
var ERR_KIND = FAULT + 1;
var ERR_THREAD = FAULT + 2;
var ERR_WORKER = FAULT + 3;
var ERR_EXIT_CODE = FAULT + 4;
var ERR_INDEX_F64 = (FAULT + 8) / 2;
var WATCH = 5 * SLOT_WORDS;
var WATCHER_READY = WATCH + 0;
var FIRST_WORKER_SLOT = 6;
var WORKER_SLOTS = 2;
var W_STATE = 0;
var STATE_BITS = 3;
var STATE_MASK = (1 << STATE_BITS) - 1;
var W_TID = 1;
var W_WAKE = SLOT_WORDS;
var W_SLEEPING = SLOT_WORDS + 1;
function controlBytes(workers) {
  return (FIRST_WORKER_SLOT + WORKER_SLOTS * workers) * SLOT_BYTES;
}
var WorkerState = {
  /** Spawned, not yet running its loop. */
  BOOTING: 0,
  /** Waiting for a region. */
  IDLE: 1,
  /** Assigned to the current region and not yet left it. */
  IN_REGION: 2,
  /** Gone (exited, crashed or terminated); its slot awaits a replacement. */
  DEAD: 3,
  /** Failed before it ever became IDLE: not replaced automatically. */
  FAILED: 4
};
var FaultKind = {
  NONE: 0,
  /** A body threw; ERR_INDEX_F64 and ERR_THREAD say where. */
  BODY: 1,
  /** A thread could not compile or import the body. */
  SETUP: 2,
  /** The caller's AbortSignal fired. */
  ABORT: 3,
  /** The region ran past its timeout. */
  TIMEOUT: 4,
  /** A worker died inside the region; ERR_WORKER says which. */
  WORKER_EXIT: 5
};

// src/core/control.ts
var INT32_CLAIM_LIMIT = 2147483647;
var ControlBlock = class _ControlBlock {
  buffer;
  i32;
  f64;
  i64;
  constructor(buffer) {
    this.buffer = buffer;
    this.i32 = new Int32Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.i64 = new BigInt64Array(buffer);
  }
  static create(workers) {
    return new _ControlBlock(new SharedArrayBuffer(controlBytes(workers)));
  }
  slot(w) {
    return (FIRST_WORKER_SLOT + WORKER_SLOTS * w) * SLOT_WORDS;
  }
  // ---- dispatcher side -------------------------------------------------------
  /**
   * Step D1-D2: write the descriptor and reset the per-region words. Only
   * legal while no region is in flight (PENDING is 0).
   */
  prepare(d, participants) {
    const { i32, f64 } = this;
    if (i32[D_KIND] !== d.kind) i32[D_KIND] = d.kind;
    if (i32[D_THREADS] !== d.threads) i32[D_THREADS] = d.threads;
    if (i32[D_BODY] !== d.bodyId) i32[D_BODY] = d.bodyId;
    if (i32[D_SHARED] !== d.sharedId) i32[D_SHARED] = d.sharedId;
    if (i32[D_SPINS] !== d.spins) i32[D_SPINS] = d.spins;
    if (f64[D_START_F64] !== d.start) f64[D_START_F64] = d.start;
    if (f64[D_N_F64] !== d.n) f64[D_N_F64] = d.n;
    if (f64[D_CHUNK_F64] !== d.chunk) f64[D_CHUNK_F64] = d.chunk;
    if (f64[D_NCHUNKS_F64] !== d.numChunks) f64[D_NCHUNKS_F64] = d.numChunks;
    if (i32[CLAIM32] !== 0) i32[CLAIM32] = 0;
    if (this.i64[CLAIM_I64] !== 0n) this.i64[CLAIM_I64] = 0n;
    if (i32[ERR_KIND] !== FaultKind.NONE) {
      i32[STOP] = 0;
      i32[ERR_KIND] = FaultKind.NONE;
      i32[ERR_WORKER] = -1;
      i32[ERR_EXIT_CODE] = 0;
    } else if (i32[STOP] !== 0) {
      i32[STOP] = 0;
    }
    Atomics.store(i32, PENDING, participants);
    return Atomics.add(i32, EPOCH, 1) + 1;
  }
  /**
   * Step D3: claim worker w for the region as loop thread `tid`. Fails (false)
   * if the worker is not IDLE, e.g. it died since it was last seen.
   */
  enlist(w, tid) {
    const s = this.slot(w);
    if (this.i32[s + W_TID] !== tid) this.i32[s + W_TID] = tid;
    const v = Atomics.load(this.i32, s + W_STATE);
    if ((v & STATE_MASK) !== WorkerState.IDLE) return false;
    const next = v & ~STATE_MASK | WorkerState.IN_REGION;
    return Atomics.compareExchange(this.i32, s + W_STATE, v, next) === v;
  }
  /** Step D4: start worker w; a futex wake only if it has gone to sleep. */
  wake(w, epoch) {
    const s = this.slot(w);
    Atomics.store(this.i32, s + W_WAKE, epoch);
    if (Atomics.load(this.i32, s + W_SLEEPING) !== 0) Atomics.notify(this.i32, s + W_WAKE);
  }
  /** Tell every worker to leave its loop (team closing). */
  shutdown(workers) {
    Atomics.store(this.i32, SHUTDOWN, 1);
    for (let w = 0; w < workers; w++) {
      const s = this.slot(w);
      Atomics.add(this.i32, s + W_WAKE, 1);
      Atomics.notify(this.i32, s + W_WAKE);
    }
  }
  epoch() {
    return Atomics.load(this.i32, EPOCH);
  }
  // ---- worker side ------------------------------------------------------------
  /**
   * Step W1: wait until worker w's wake word differs from `seen`. Spins for
   * `spins` polls, then announces itself as sleeping and blocks. Returns the
   * new wake value. The SLEEPING store comes before the re-check inside
   * `Atomics.wait`, and the dispatcher's WAKE store before its SLEEPING load,
   * so one of the two always sees the other (no lost wake-up).
   */
  awaitWake(w, seen, spins) {
    const i32 = this.i32;
    const at = this.slot(w) + W_WAKE;
    for (let k = 0; k < spins; k++) {
      const v2 = Atomics.load(i32, at);
      if (v2 !== seen) return v2;
    }
    const sleeping = this.slot(w) + W_SLEEPING;
    Atomics.store(i32, sleeping, 1);
    let v = Atomics.load(i32, at);
    while (v === seen) {
      Atomics.wait(i32, at, seen);
      v = Atomics.load(i32, at);
    }
    Atomics.store(i32, sleeping, 0);
    return v;
  }
  /** The wake value worker w must treat as already seen when it (re)starts. */
  wakeValue(w) {
    return Atomics.load(this.i32, this.slot(w) + W_WAKE);
  }
  shuttingDown() {
    return Atomics.load(this.i32, SHUTDOWN) !== 0;
  }
  /** Read the descriptor (after W1 has observed the wake store). */
  descriptor() {
    const { i32, f64 } = this;
    return {
      kind: i32[D_KIND],
      threads: i32[D_THREADS],
      bodyId: i32[D_BODY],
      sharedId: i32[D_SHARED],
      spins: i32[D_SPINS],
      start: f64[D_START_F64],
      n: f64[D_N_F64],
      chunk: f64[D_CHUNK_F64],
      numChunks: f64[D_NCHUNKS_F64]
    };
  }
  threadIdOf(w) {
    return this.i32[this.slot(w) + W_TID];
  }
  /** Worker boot: BOOTING → IDLE, waking anyone waiting for it to be ready. */
  markReady(w, gen) {
    const at = this.slot(w) + W_STATE;
    const from = gen << STATE_BITS | WorkerState.BOOTING;
    const ok = Atomics.compareExchange(this.i32, at, from, gen << STATE_BITS | WorkerState.IDLE) === from;
    Atomics.notify(this.i32, at);
    return ok;
  }
  /**
   * Step W4 for a worker: IN_REGION → IDLE, then leave. If the CAS fails the
   * worker was already accounted for (declared dead) and must not leave twice.
   */
  workerLeave(w, gen) {
    const at = this.slot(w) + W_STATE;
    const from = gen << STATE_BITS | WorkerState.IN_REGION;
    if (Atomics.compareExchange(this.i32, at, from, gen << STATE_BITS | WorkerState.IDLE) === from) {
      this.leave();
    }
  }
  /**
   * Step W5: one participant leaves the region. The last one out publishes
   * DONE and wakes the joiner if it sleeps. After this call the thread must not
   * touch the region's memory (the joiner may already report completion).
   */
  leave() {
    const i32 = this.i32;
    if (Atomics.sub(i32, PENDING, 1) === 1) {
      Atomics.store(i32, DONE, Atomics.load(i32, EPOCH));
      if (Atomics.load(i32, JOINER_SLEEPING) !== 0) Atomics.notify(i32, DONE);
    }
  }
  // ---- claims -----------------------------------------------------------------
  /**
   * Claim the next chunk index of a `dynamic` schedule: one fetch-add. While
   * `numChunks` leaves head-room below 2^31 for every thread's final overshoot
   * the int32 counter is used; beyond that a 64-bit counter. Returns -1 when
   * no chunk is left.
   */
  claimChunk(numChunks, threads) {
    if (numChunks + threads < INT32_CLAIM_LIMIT) {
      const c2 = Atomics.add(this.i32, CLAIM32, 1);
      return c2 < numChunks ? c2 : -1;
    }
    const c = Number(Atomics.add(this.i64, CLAIM_I64, 1n));
    return c < numChunks ? c : -1;
  }
  /**
   * Claim iterations [lo, end(lo)) by compare-exchange on the next-iteration
   * counter (guided). `end(lo)` computes the chunk end from the remaining
   * count; returns lo, or -1 when nothing is left. `out[0]` receives the end.
   */
  claimRange(n, end, out) {
    const i64 = this.i64;
    for (; ; ) {
      const seen = Atomics.load(i64, CLAIM_I64);
      const lo = Number(seen);
      if (lo >= n) return -1;
      const hi = end(lo);
      if (Atomics.compareExchange(i64, CLAIM_I64, seen, BigInt(hi)) === seen) {
        out[0] = hi;
        return lo;
      }
    }
  }
  /** Set the claim counter directly (tests drive overflow paths with it). */
  setClaimCounter(value) {
    Atomics.store(this.i64, CLAIM_I64, value);
    Atomics.store(this.i32, CLAIM32, Number(BigInt.asIntN(32, value)));
  }
  // ---- faults -----------------------------------------------------------------
  /** True once someone asked the region to stop claiming. */
  stopped() {
    return Atomics.load(this.i32, STOP) !== 0;
  }
  /**
   * Record the region's first error. Only the first caller wins (returns true)
   * and writes the details; everyone sets STOP so the others stop claiming.
   */
  raise(kind, threadId, worker, index = NaN, exitCode = 0) {
    const i32 = this.i32;
    const won = Atomics.compareExchange(i32, ERR_KIND, FaultKind.NONE, kind) === FaultKind.NONE;
    if (won) {
      i32[ERR_THREAD] = threadId;
      i32[ERR_WORKER] = worker;
      i32[ERR_EXIT_CODE] = exitCode;
      this.f64[ERR_INDEX_F64] = index;
    }
    Atomics.store(i32, STOP, 1);
    return won;
  }
  /** True when the region just joined recorded an error. */
  faulted() {
    return Atomics.load(this.i32, ERR_KIND) !== FaultKind.NONE;
  }
  /** The first error of the region just joined (read after the join). */
  fault() {
    const i32 = this.i32;
    return {
      kind: Atomics.load(i32, ERR_KIND),
      threadId: i32[ERR_THREAD],
      worker: i32[ERR_WORKER],
      exitCode: i32[ERR_EXIT_CODE],
      index: this.f64[ERR_INDEX_F64]
    };
  }
  /**
   * Declare worker w gone (called by whoever observes the exit: the watcher
   * thread or the team's exit handler; both may, only one wins). If it was
   * inside a region, record WORKER_EXIT and leave on its behalf. Returns the
   * state it had, or -1 if it was already dead.
   */
  markDead(w, gen, exitCode = 0) {
    const i32 = this.i32;
    const at = this.slot(w) + W_STATE;
    for (; ; ) {
      const v = Atomics.load(i32, at);
      if (v >>> STATE_BITS !== gen) return -1;
      const s = v & STATE_MASK;
      if (s === WorkerState.DEAD || s === WorkerState.FAILED) return -1;
      const next = gen << STATE_BITS | (s === WorkerState.BOOTING ? WorkerState.FAILED : WorkerState.DEAD);
      if (Atomics.compareExchange(i32, at, v, next) !== v) continue;
      Atomics.notify(i32, at);
      if (s === WorkerState.IN_REGION) {
        this.raise(FaultKind.WORKER_EXIT, this.threadIdOf(w), w, NaN, exitCode);
        this.leave();
      }
      return s;
    }
  }
  /**
   * Give slot w to a replacement worker: next generation, BOOTING. Only the
   * dispatcher calls this, and only when the slot is DEAD or FAILED (or new).
   * Returns the new generation.
   */
  rearm(w) {
    const s = this.slot(w);
    const gen = (Atomics.load(this.i32, s + W_STATE) >>> STATE_BITS) + 1;
    Atomics.store(this.i32, s + W_SLEEPING, 0);
    Atomics.store(this.i32, s + W_STATE, gen << STATE_BITS | WorkerState.BOOTING);
    return gen;
  }
  /** Worker w's WorkerState (without the generation). */
  state(w) {
    return Atomics.load(this.i32, this.slot(w) + W_STATE) & STATE_MASK;
  }
  // ---- the joiner (the thread that started the region) ------------------------
  /** True once every participant has left region `epoch`. */
  joined(epoch) {
    return Atomics.load(this.i32, DONE) === epoch;
  }
  /**
   * Block until region `epoch` is joined or `timeoutMs` passes: spin `spins`
   * polls, then sleep on DONE with JOINER_SLEEPING set.
   */
  joinSync(epoch, spins, timeoutMs) {
    const i32 = this.i32;
    for (let k = 0; k < spins; k++) if (Atomics.load(i32, DONE) === epoch) return "ok";
    Atomics.store(i32, JOINER_SLEEPING, 1);
    const deadline = performance.now() + timeoutMs;
    let result = "ok";
    for (; ; ) {
      const done = Atomics.load(i32, DONE);
      if (done === epoch) break;
      const left = deadline - performance.now();
      if (left <= 0) {
        result = "timed-out";
        break;
      }
      Atomics.wait(i32, DONE, done, left);
    }
    Atomics.store(i32, JOINER_SLEEPING, 0);
    return result;
  }
  /**
   * Resolve once region `epoch` is joined, without blocking the thread
   * (`Atomics.waitAsync`). The caller must keep the process alive meanwhile:
   * a pending waitAsync does not.
   */
  async joinAsync(epoch, spins) {
    const i32 = this.i32;
    for (let k = 0; k < spins; k++) if (Atomics.load(i32, DONE) === epoch) return;
    Atomics.store(i32, JOINER_SLEEPING, 1);
    for (; ; ) {
      const done = Atomics.load(i32, DONE);
      if (done === epoch) break;
      const r = Atomics.waitAsync(i32, DONE, done);
      if (r.async) await r.value;
    }
    Atomics.store(i32, JOINER_SLEEPING, 0);
  }
  /** Block until worker w is no longer BOOTING, or the time runs out. */
  awaitBootSync(w, timeoutMs) {
    const at = this.slot(w) + W_STATE;
    const deadline = performance.now() + timeoutMs;
    for (; ; ) {
      const v = Atomics.load(this.i32, at);
      const left = deadline - performance.now();
      if ((v & STATE_MASK) !== WorkerState.BOOTING || left <= 0) return v & STATE_MASK;
      Atomics.wait(this.i32, at, v, left);
    }
  }
  /** Resolve with worker w's state once it is no longer BOOTING. */
  async awaitBoot(w) {
    const at = this.slot(w) + W_STATE;
    for (; ; ) {
      const v = Atomics.load(this.i32, at);
      if ((v & STATE_MASK) !== WorkerState.BOOTING) return v & STATE_MASK;
      const r = Atomics.waitAsync(this.i32, at, v);
      if (r.async) await r.value;
    }
  }
  // ---- watcher ----------------------------------------------------------------
  markWatcherReady() {
    Atomics.store(this.i32, WATCHER_READY, 1);
    Atomics.notify(this.i32, WATCHER_READY);
  }
  awaitWatcherSync(timeoutMs) {
    const r = Atomics.wait(this.i32, WATCHER_READY, 0, timeoutMs);
    return r !== "timed-out";
  }
};

export {
  WorkerState,
  FaultKind,
  ControlBlock
};
//# sourceMappingURL=chunk-EYYA34DE.js.map
