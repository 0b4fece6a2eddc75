// src/data/typed.ts
var TYPED_ARRAY_CONSTRUCTORS = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array
];
function isSharedBuffer(v) {
  return typeof SharedArrayBuffer !== "undefined" && v instanceof SharedArrayBuffer;
}
function isSharedView(v) {
  return ArrayBuffer.isView(v) && isSharedBuffer(v.buffer);
}
function describe(v) {
  if (v === null) return "null";
  if (v === void 0) return "undefined";
  switch (typeof v) {
    case "number":
      return `number ${Object.is(v, -0) ? "-0" : String(v)}`;
    case "bigint":
      return `bigint ${v}n`;
    case "string":
      return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}\u2026` : v)}`;
    case "boolean":
      return `boolean ${v}`;
    case "symbol":
      return `symbol ${String(v)}`;
    case "function":
      return `function ${v.name || "(anonymous)"}`;
    default: {
      if (ArrayBuffer.isView(v)) {
        const shared = isSharedBuffer(v.buffer) ? "shared " : "non-shared ";
        return `${shared}${v.constructor.name}(${"length" in v ? v.length : v.byteLength})`;
      }
      const proto = Object.getPrototypeOf(v);
      const name = proto === null ? "null-prototype object" : proto.constructor?.name ?? "object";
      return name === "Object" ? "object" : `${name === "Array" ? "array" : `instance of ${name}`}`;
    }
  }
}

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
var D_SLICE = DESC + 5;
var D_FLAGS = DESC + 6;
var RECORD_PROGRESS = 1;
var RECORD_TRACE = 2;
var D_START_F64 = (DESC + 8) / 2;
var D_N_F64 = (DESC + 10) / 2;
var D_CHUNK_F64 = (DESC + 12) / 2;
var D_NCHUNKS_F64 = (DESC + 14) / 2;
var D_AUX0_F64 = (DESC + 16) / 2;
var D_AUX1_F64 = (DESC + 18) / 2;
var D_AUX2_F64 = (DESC + 20) / 2;
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
var BAR_COUNT = 6 * SLOT_WORDS;
var BAR_GEN = 6 * SLOT_WORDS + 1;
var LOCK = 7 * SLOT_WORDS;
var SINGLE = 8 * SLOT_WORDS;
var LOOP_CLAIM = 9 * SLOT_WORDS;
var LOOP_NEXT_I64 = (9 * SLOT_WORDS + 4) / 2;
var FIRST_WORKER_SLOT = 10;
var WORKER_SLOTS = 2;
var W_STATE = 0;
var STATE_BITS = 3;
var STATE_MASK = (1 << STATE_BITS) - 1;
var W_TID = 1;
var W_WAKE = SLOT_WORDS;
var W_SLEEPING = SLOT_WORDS + 1;
var W_LEFT = SLOT_WORDS + 2;
function partialSlot(workers, tid) {
  return FIRST_WORKER_SLOT + WORKER_SLOTS * workers + tid;
}
function controlBytes(workers) {
  return partialSlot(workers, workers + 1) * SLOT_BYTES;
}
function workersFor(bytes) {
  return (bytes / SLOT_BYTES - FIRST_WORKER_SLOT - 1) / (WORKER_SLOTS + 1);
}
var WorkerState = {
  /** Spawned, not yet running its loop. */
  BOOTING: 0,
  /** Alive: waiting for a region or running one (W_WAKE / W_LEFT tell which). */
  IDLE: 1,
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
function claimChunkAt(i32, at32, i64, at64, numChunks, threads) {
  const c = numChunks + threads < INT32_CLAIM_LIMIT ? Atomics.add(i32, at32, 1) : Number(Atomics.add(i64, at64, 1n));
  return c < numChunks ? c : -1;
}
function claimRangeAt(i64, at, n, end, out) {
  for (; ; ) {
    const seen = Atomics.load(i64, at);
    const lo = Number(seen);
    if (lo >= n) return -1;
    const hi = end(lo);
    if (Atomics.compareExchange(i64, at, seen, BigInt(hi)) === seen) {
      out[0] = hi;
      return lo;
    }
  }
}
var ControlBlock = class _ControlBlock {
  buffer;
  i32;
  f64;
  i64;
  /** Workers this block was laid out for. */
  workers;
  constructor(buffer) {
    this.buffer = buffer;
    this.workers = workersFor(buffer.byteLength);
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
    const { i32, f64: f642 } = this;
    if (i32[D_KIND] !== d.kind) i32[D_KIND] = d.kind;
    if (i32[D_THREADS] !== d.threads) i32[D_THREADS] = d.threads;
    if (i32[D_BODY] !== d.bodyId) i32[D_BODY] = d.bodyId;
    if (i32[D_SHARED] !== d.sharedId) i32[D_SHARED] = d.sharedId;
    if (i32[D_SPINS] !== d.spins) i32[D_SPINS] = d.spins;
    if (f642[D_START_F64] !== d.start) f642[D_START_F64] = d.start;
    if (f642[D_N_F64] !== d.n) f642[D_N_F64] = d.n;
    if (f642[D_CHUNK_F64] !== d.chunk) f642[D_CHUNK_F64] = d.chunk;
    if (f642[D_NCHUNKS_F64] !== d.numChunks) f642[D_NCHUNKS_F64] = d.numChunks;
    if (i32[D_FLAGS] !== d.flags) i32[D_FLAGS] = d.flags;
    if (d.flags !== 0) for (let t = 0; t < d.threads; t++) this.i64[this.progressIndex(t)] = 0n;
    const slice = d.slice ? 1 : 0;
    if (i32[D_SLICE] !== slice) i32[D_SLICE] = slice;
    if (!Object.is(f642[D_AUX0_F64], d.aux0)) f642[D_AUX0_F64] = d.aux0;
    if (f642[D_AUX1_F64] !== d.aux1) f642[D_AUX1_F64] = d.aux1;
    if (f642[D_AUX2_F64] !== d.aux2) f642[D_AUX2_F64] = d.aux2;
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
    if (i32[BAR_COUNT] !== 0) i32[BAR_COUNT] = 0;
    if (i32[LOCK] !== 0) i32[LOCK] = 0;
    if (i32[SINGLE] !== 0) i32[SINGLE] = 0;
    if (i32[LOOP_CLAIM] !== 0) i32[LOOP_CLAIM] = 0;
    if (i32[LOOP_CLAIM + 1] !== 0) i32[LOOP_CLAIM + 1] = 0;
    if (this.i64[LOOP_NEXT_I64] !== 0n) this.i64[LOOP_NEXT_I64] = 0n;
    if (this.i64[LOOP_NEXT_I64 + 1] !== 0n) this.i64[LOOP_NEXT_I64 + 1] = 0n;
    Atomics.store(i32, PENDING, participants);
    return Atomics.add(i32, EPOCH, 1) + 1;
  }
  /** Step D3: worker w will run as loop thread `tid` (written only when it changes). */
  assign(w, tid) {
    const at = this.slot(w) + W_TID;
    if (this.i32[at] !== tid) this.i32[at] = tid;
  }
  /**
   * Step D4: start worker w in region `epoch`; a futex wake only if it sleeps.
   * Then re-read its state: if it died meanwhile, its death may have been
   * observed before this wake store, by someone who then saw no region to
   * account for, so account for it here (the W_LEFT CAS keeps that to once).
   */
  wake(w, epoch) {
    const s = this.slot(w);
    Atomics.store(this.i32, s + W_WAKE, epoch);
    if (Atomics.load(this.i32, s + W_SLEEPING) !== 0) Atomics.notify(this.i32, s + W_WAKE);
    if ((Atomics.load(this.i32, s + W_STATE) & STATE_MASK) !== WorkerState.IDLE) this.accountDead(w, epoch);
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
    const { i32, f64: f642 } = this;
    return {
      kind: i32[D_KIND],
      threads: i32[D_THREADS],
      bodyId: i32[D_BODY],
      sharedId: i32[D_SHARED],
      spins: i32[D_SPINS],
      start: f642[D_START_F64],
      n: f642[D_N_F64],
      chunk: f642[D_CHUNK_F64],
      numChunks: f642[D_NCHUNKS_F64],
      slice: i32[D_SLICE] !== 0,
      flags: i32[D_FLAGS],
      aux0: f642[D_AUX0_F64],
      aux1: f642[D_AUX1_F64],
      aux2: f642[D_AUX2_F64]
    };
  }
  /** A thread's reduction partial: written by that thread before it leaves (published by the leave). */
  setPartial(tid, value) {
    this.f64[partialSlot(this.workers, tid) * SLOT_BYTES / 8] = value;
  }
  progressIndex(tid) {
    return partialSlot(this.workers, tid) * SLOT_BYTES / 8 + 1;
  }
  /** Thread `tid` finished `count` more iterations (its own word: no contention). */
  addProgress(tid, count) {
    Atomics.add(this.i64, this.progressIndex(tid), BigInt(count));
  }
  /** Iterations finished so far by threads 0…threads-1 (read while they run). */
  progress(threads) {
    let sum = 0;
    for (let t = 0; t < threads; t++) sum += Number(Atomics.load(this.i64, this.progressIndex(t)));
    return sum;
  }
  /** The partials of threads 0…threads-1, read by the joiner after the join. */
  partials(threads) {
    const out = [];
    for (let t = 0; t < threads; t++) out.push(this.f64[partialSlot(this.workers, t) * SLOT_BYTES / 8]);
    return out;
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
   * Step W5 for a worker: mark region `epoch` left (CAS on W_LEFT), then leave.
   * If the CAS fails the worker was already accounted for and must not leave twice.
   */
  workerLeave(w, epoch) {
    const at = this.slot(w) + W_LEFT;
    const v = Atomics.load(this.i32, at);
    if (v !== epoch && Atomics.compareExchange(this.i32, at, v, epoch) === v) this.leave();
  }
  /** True while worker w is inside region `epoch` (woken for it, not yet left or accounted for). */
  inRegion(w, epoch) {
    const s = this.slot(w);
    return Atomics.load(this.i32, s + W_WAKE) === epoch && Atomics.load(this.i32, s + W_LEFT) !== epoch;
  }
  /**
   * Worker w is gone: if it was inside region `epoch`, win the W_LEFT CAS for
   * it, record WORKER_EXIT and leave on its behalf.
   */
  accountDead(w, epoch, exitCode = 0) {
    const s = this.slot(w);
    if (Atomics.load(this.i32, s + W_WAKE) !== epoch) return;
    const v = Atomics.load(this.i32, s + W_LEFT);
    if (v === epoch || Atomics.compareExchange(this.i32, s + W_LEFT, v, epoch) !== v) return;
    this.raise(FaultKind.WORKER_EXIT, this.threadIdOf(w), w, NaN, exitCode);
    this.leave();
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
  /** The region's dynamic claim (see claimChunkAt). */
  claimChunk(numChunks, threads) {
    return claimChunkAt(this.i32, CLAIM32, this.i64, CLAIM_I64, numChunks, threads);
  }
  /** The region's guided claim (see claimRangeAt). */
  claimRange(n, end, out) {
    return claimRangeAt(this.i64, CLAIM_I64, n, end, out);
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
    Atomics.add(i32, BAR_GEN, 1);
    Atomics.notify(i32, BAR_GEN);
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
   * inside the current region, record WORKER_EXIT and leave on its behalf.
   * Returns the state it had, or -1 if it was already dead.
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
      if (s === WorkerState.IDLE) this.accountDead(w, Atomics.load(i32, EPOCH), exitCode);
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

// src/core/region-sync.ts
var REGION_STOPPED = Object.freeze({ parforRegionStopped: true });
var SLICE_MS = 20;
var RegionSync = class {
  constructor(i32, i64, spins) {
    this.i32 = i32;
    this.i64 = i64;
    this.spins = spins;
    const claims = (p) => ({
      stopped: () => this.stopped(),
      claimChunk: (numChunks, threads) => claimChunkAt(i32, LOOP_CLAIM + p, i64, LOOP_NEXT_I64 + p, numChunks, threads),
      claimRange: (n, end, out) => claimRangeAt(i64, LOOP_NEXT_I64 + p, n, end, out)
    });
    this.loops = [claims(0), claims(1)];
  }
  i32;
  i64;
  spins;
  /** The claims of ctx.loop() number k use counter pair k mod 2 (see resetLoop). */
  loops;
  checkStop() {
    if (Atomics.load(this.i32, STOP) !== 0) throw REGION_STOPPED;
  }
  /**
   * Wait until all `threads` threads have arrived. The generation is read
   * before arriving, so the last thread's bump (after it resets the count)
   * releases exactly this barrier's waiters.
   */
  barrier(threads) {
    const i32 = this.i32;
    this.checkStop();
    const gen = Atomics.load(i32, BAR_GEN);
    if (Atomics.add(i32, BAR_COUNT, 1) === threads - 1) {
      Atomics.store(i32, BAR_COUNT, 0);
      Atomics.add(i32, BAR_GEN, 1);
      Atomics.notify(i32, BAR_GEN);
      return;
    }
    for (let k = 0; k < this.spins; k++) if (Atomics.load(i32, BAR_GEN) !== gen) return this.checkStop();
    while (Atomics.load(i32, BAR_GEN) === gen) Atomics.wait(i32, BAR_GEN, gen, SLICE_MS);
    this.checkStop();
  }
  /** Take the region's lock (a three-state futex mutex: 0 free, 1 held, 2 held with waiters). */
  lock() {
    const i32 = this.i32;
    let c = Atomics.compareExchange(i32, LOCK, 0, 1);
    if (c === 0) return;
    for (let k = 0; k < this.spins && c !== 0; k++) c = Atomics.compareExchange(i32, LOCK, 0, 1);
    if (c === 0) return;
    if (c !== 2) c = Atomics.exchange(i32, LOCK, 2);
    while (c !== 0) {
      this.checkStop();
      Atomics.wait(i32, LOCK, 2, SLICE_MS);
      c = Atomics.exchange(i32, LOCK, 2);
    }
  }
  unlock() {
    if (Atomics.sub(this.i32, LOCK, 1) !== 1) {
      Atomics.store(this.i32, LOCK, 0);
      Atomics.notify(this.i32, LOCK, 1);
    }
  }
  /** True for the one thread that claims the k-th (1-based) single construct of the region. */
  claimSingle(k) {
    return Atomics.compareExchange(this.i32, SINGLE, k - 1, k) === k - 1;
  }
  /** Where ctx.loop() number `seq` claims its chunks (the two counter pairs alternate). */
  loopClaims(seq) {
    return this.loops[seq & 1];
  }
  /** Zero the counters of loop `seq` for reuse by loop seq+2 (called by one thread, after the loop's barrier). */
  resetLoop(seq) {
    Atomics.store(this.i32, LOOP_CLAIM + (seq & 1), 0);
    Atomics.store(this.i64, LOOP_NEXT_I64 + (seq & 1), 0n);
  }
  stopped() {
    return Atomics.load(this.i32, STOP) !== 0;
  }
};

// src/core/trace-buffer.ts
var HEADER_BYTES = 128;
var FIELDS = 5;
var TRACE_CAPACITY = 1 << 16;
var TraceBuffer = class {
  buffer;
  head;
  rec;
  constructor(buffer = new SharedArrayBuffer(HEADER_BYTES + TRACE_CAPACITY * FIELDS * 8)) {
    this.buffer = buffer;
    this.head = new Int32Array(buffer, 0, 2);
    this.rec = new Float64Array(buffer, HEADER_BYTES);
  }
  reset() {
    Atomics.store(this.head, 0, 0);
    Atomics.store(this.head, 1, 0);
  }
  /** Append one record (any thread). */
  record(threadId, lo, hi, start, end) {
    const k = Atomics.add(this.head, 0, 1);
    if (k >= TRACE_CAPACITY) {
      Atomics.add(this.head, 1, 1);
      return;
    }
    const r = this.rec;
    const at = k * FIELDS;
    r[at] = threadId;
    r[at + 1] = lo;
    r[at + 2] = hi;
    r[at + 3] = start;
    r[at + 4] = end;
  }
  /** The records of the loop just joined, times made relative to `origin`, sorted by start. */
  read(origin) {
    const n = Math.min(Atomics.load(this.head, 0), TRACE_CAPACITY);
    const chunks = [];
    for (let k = 0; k < n; k++) {
      const at = k * FIELDS;
      const r = this.rec;
      chunks.push({ threadId: r[at], lo: r[at + 1], hi: r[at + 2], start: r[at + 3] - origin, end: r[at + 4] - origin });
    }
    chunks.sort((a, b) => a.start - b.start || a.threadId - b.threadId);
    return { chunks, dropped: Atomics.load(this.head, 1) };
  }
};
function wallClock() {
  return performance.timeOrigin + performance.now();
}

// src/errors.ts
var ParforError = class extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = "ParforError";
  }
};
var LoopBodyError = class extends ParforError {
  index;
  threadId;
  constructor(message, index, threadId, cause) {
    super(message, { cause });
    this.name = "LoopBodyError";
    this.index = index;
    this.threadId = threadId;
  }
};
var WorkerExitError = class extends ParforError {
  workerIndex;
  threadId;
  exitCode;
  constructor(message, workerIndex, threadId, exitCode) {
    super(message);
    this.name = "WorkerExitError";
    this.workerIndex = workerIndex;
    this.threadId = threadId;
    this.exitCode = exitCode;
  }
};
var TeamClosedError = class extends ParforError {
  constructor(message = "Cannot run the loop as the team is closed") {
    super(message);
    this.name = "TeamClosedError";
  }
};
var UnsupportedEnvironmentError = class extends ParforError {
  constructor(message) {
    super(message);
    this.name = "UnsupportedEnvironmentError";
  }
};
var TimeoutError = class extends ParforError {
  timeout;
  constructor(timeout) {
    super(`The loop did not finish within its timeout of ${timeout} ms`);
    this.name = "TimeoutError";
    this.timeout = timeout;
  }
};
var BodySetupError = class extends ParforError {
  threadId;
  constructor(message, threadId, cause) {
    super(message, { cause });
    this.name = "BodySetupError";
    this.threadId = threadId;
  }
};

// src/data/kernel.ts
var BRAND = /* @__PURE__ */ Symbol.for("parfor.Kernel");
function kernel(moduleUrl, exportName) {
  let url;
  if (moduleUrl instanceof URL) {
    url = moduleUrl.href;
  } else if (typeof moduleUrl === "string") {
    try {
      url = new URL(moduleUrl).href;
    } catch {
      throw new TypeError(
        `Cannot use ${JSON.stringify(moduleUrl)} as a kernel module URL as it is not absolute: resolve it first, e.g. new URL('./kernels.js', import.meta.url)`
      );
    }
  } else {
    throw new TypeError(`Cannot create a kernel as the module URL must be a URL or a string: received ${describe(moduleUrl)}`);
  }
  if (typeof exportName !== "string" || exportName.length === 0) {
    throw new TypeError(`Cannot create a kernel as the export name must be a non-empty string: received ${describe(exportName)}`);
  }
  const k = { url, name: exportName };
  Object.defineProperty(k, BRAND, { value: true });
  return Object.freeze(k);
}
function isKernel(v) {
  return typeof v === "object" && v !== null && v[BRAND] === true;
}

// src/team/compile.ts
function newAux() {
  return { out: void 0, start: 0, acc: 0, cols: 0, row0: 0, col0: 0 };
}
function fillAux(aux, out, start, aux0, aux1, aux2) {
  aux.out = out;
  aux.start = start;
  aux.acc = aux0;
  aux.cols = aux0;
  aux.row0 = aux1;
  aux.col0 = aux2;
  return aux;
}
var LOOPS = {
  for: "let i = lo; try { for (; i < hi; i++) body(i, shared, ctx); } catch (e) { at.index = i; throw e; }",
  range: "at.index = lo; body(lo, hi, shared, ctx);",
  map: "const out = aux.out, off = aux.start; let i = lo;\n  try { for (; i < hi; i++) out[i - off] = body(i, shared, ctx); } catch (e) { at.index = i; throw e; }",
  reduce: "let acc = aux.acc, i = lo;\n  try { for (; i < hi; i++) acc = COMBINE; } catch (e) { at.index = i; throw e; } finally { aux.acc = acc; }",
  region: "let i = lo; try { for (; i < hi; i++) body(ctx, shared); } catch (e) { at.index = i; throw e; }",
  for2d: "const cols = aux.cols, c0 = aux.col0, cEnd = c0 + cols;\n  let k = lo, i = aux.row0 + Math.floor(lo / cols), j = c0 + (lo % cols);\n  try { for (; k < hi; k++) { body(i, j, shared, ctx); if (++j === cEnd) { j = c0; i++; } } }\n  catch (e) { at.index = k; throw e; }"
};
var COMBINE = {
  "+": "acc + body(i, shared, ctx)",
  "*": "acc * body(i, shared, ctx)",
  min: "Math.min(acc, body(i, shared, ctx))",
  max: "Math.max(acc, body(i, shared, ctx))",
  fn: "combine(acc, body(i, shared, ctx))"
};
var IDENTITY = { "+": 0, "*": 1, min: Infinity, max: -Infinity };
function runnerFor(body, mode = "for", combine, combiner) {
  const loop = LOOPS[mode].replace("COMBINE", COMBINE[combine === void 0 ? "+" : "op" in combine ? combine.op : "fn"]);
  try {
    return new Function("body", "combine", `return function parforChunk(lo, hi, shared, ctx, at, aux) {
  ${loop}
};`)(body, combiner);
  } catch {
    return closureRunner(body, mode, combine, combiner);
  }
}
function closureRunner(body, mode, combine, combiner) {
  const op = combine === void 0 || !("op" in combine) ? combiner ?? ((a, b) => a + b) : combine.op === "+" ? (a, b) => a + b : combine.op === "*" ? (a, b) => a * b : combine.op === "min" ? Math.min : Math.max;
  return (lo, hi, shared, ctx, at, aux) => {
    if (mode === "range") {
      at.index = lo;
      body(lo, hi, shared, ctx);
      return;
    }
    if (mode === "region") {
      at.index = lo;
      body(ctx, shared);
      return;
    }
    let k = lo;
    try {
      for (; k < hi; k++) {
        if (mode === "for") body(k, shared, ctx);
        else if (mode === "map") aux.out[k - aux.start] = body(k, shared, ctx);
        else if (mode === "reduce") aux.acc = op(aux.acc, body(k, shared, ctx));
        else body(aux.row0 + Math.floor(k / aux.cols), aux.col0 + k % aux.cols, shared, ctx);
      }
    } catch (e) {
      at.index = k;
      throw e;
    }
  };
}
function compileSource(source) {
  let fn;
  try {
    fn = new Function(`return (${source}
);`)();
  } catch (first) {
    try {
      fn = new Function(`return Object.values({ ${source}
 })[0];`)();
    } catch {
      throw first;
    }
  }
  if (typeof fn !== "function") throw new TypeError(`The body source did not evaluate to a function: received ${typeof fn}`);
  return fn;
}
function kernelExport(ns, url, name) {
  const fn = ns[name];
  if (typeof fn !== "function") {
    const names = Object.keys(ns).filter((k) => typeof ns[k] === "function");
    throw new TypeError(
      `Kernel module ${url} has no function export '${name}': received ${fn === void 0 ? "undefined" : typeof fn} (function exports: ${names.length ? names.join(", ") : "none"})`
    );
  }
  return fn;
}

// src/team/lru.ts
var Lru = class {
  constructor(capacity, onEvict) {
    this.capacity = capacity;
    this.onEvict = onEvict;
  }
  capacity;
  onEvict;
  map = /* @__PURE__ */ new Map();
  /** The most recently used key: refreshing it again is a no-op, so the hot path skips it. */
  newest;
  get(key) {
    const v = this.map.get(key);
    if (v !== void 0 && key !== this.newest) {
      this.map.delete(key);
      this.map.set(key, v);
      this.newest = key;
    }
    return v;
  }
  /** Insert or refresh; returns the keys evicted to stay within capacity. */
  set(key, value) {
    this.map.delete(key);
    this.map.set(key, value);
    this.newest = key;
    const evicted = [];
    while (this.map.size > this.capacity) {
      const [oldest, value2] = this.map.entries().next().value;
      this.map.delete(oldest);
      evicted.push(oldest);
      this.onEvict?.(oldest, value2);
    }
    return evicted;
  }
};

// src/team/bodies.ts
var MAX_BODIES = 1024;
var MAX_BODIES_PER_WORKER = 256;
var BodyRegistry = class {
  nextId = 1;
  // An evicted body is marked so that a function object still in byFunction registers anew.
  byKey = new Lru(MAX_BODIES, (_, reg) => {
    reg.evicted = true;
  });
  /** Per mode: function object → registration (a fast path that skips reading the source). */
  byFunction = /* @__PURE__ */ new Map();
  /** Runners for the calling thread of synchronous loops. */
  local = new Lru(MAX_BODIES_PER_WORKER);
  /**
   * Validate a body and return its registration. `mode` says how the loop
   * calls it; `combine` is the reduction's operator or combiner (reduce only).
   * `shape` describes the expected signature for error messages.
   */
  register(body, mode = "for", combine, shape = "(i, shared, ctx) => void") {
    const plain = combine === void 0 || "op" in combine;
    if (typeof body === "function") {
      const cacheKey = !plain ? void 0 : combine === void 0 ? mode : mode + combine.op;
      const cache2 = cacheKey === void 0 ? void 0 : this.byFunction.get(cacheKey);
      const known = cache2?.get(body);
      if (known !== void 0 && known.evicted !== true) return known;
      const reg = this.lookup({ kind: "fn", source: functionSource(body), mode, combine });
      if (cacheKey !== void 0) {
        if (cache2 === void 0) this.byFunction.set(cacheKey, new WeakMap([[body, reg]]));
        else cache2.set(body, reg);
      }
      return reg;
    }
    if (isKernel(body)) return this.lookup({ kind: "kernel", url: body.url, name: body.name, mode, combine });
    throw new TypeError(
      `Cannot use the loop body as it must be a function ${shape} or a kernel(url, name): received ${describe(body)}`
    );
  }
  /** The source of a reduction's combiner function, validated like a body. */
  combinerSource(fn) {
    if (typeof fn !== "function") {
      throw new TypeError(`Cannot reduce as 'op' must be '+', '*', 'min', 'max' or a function (a, b) => value: received ${describe(fn)}`);
    }
    return functionSource(fn);
  }
  lookup(def) {
    const key = keyOf(def);
    let reg = this.byKey.get(key);
    if (reg === void 0) {
      reg = { id: this.nextId++, def };
      this.byKey.set(key, reg);
    }
    return reg;
  }
  /** The runner the calling thread uses for `reg` (synchronous loops). */
  localRunner(reg, importSync) {
    let r = this.local.get(reg.id);
    if (r === void 0) {
      r = compileDef(reg.def, (url) => importSync(url));
      this.local.set(reg.id, r);
    }
    return r;
  }
};
function compileDef(def, load) {
  const body = def.kind === "fn" ? compileSource(def.source) : kernelExport(load(def.url), def.url, def.name);
  const combiner = def.combine !== void 0 && "source" in def.combine ? compileSource(def.combine.source) : void 0;
  return runnerFor(body, def.mode, def.combine, combiner);
}
function keyOf(def) {
  const how = `${def.mode}|${def.combine === void 0 ? "" : "op" in def.combine ? def.combine.op : def.combine.source}|`;
  return def.kind === "fn" ? `f:${how}${def.source}` : `k:${how}${def.url}#${def.name}`;
}
var NATIVE = /\{\s*\[native code\]\s*\}\s*$/;
function functionSource(fn) {
  const source = Function.prototype.toString.call(fn);
  if (NATIVE.test(source)) {
    throw new TypeError(
      `Cannot use ${describe(fn)} as a loop body as its source is not available (a built-in or bound function): write the body as a function expression, or use kernel()`
    );
  }
  const ctor = fn.constructor?.name;
  if (ctor === "AsyncFunction" || ctor === "GeneratorFunction" || ctor === "AsyncGeneratorFunction") {
    throw new TypeError(`Cannot use ${describe(fn)} as a loop body as it is an ${ctor}: loop bodies must be plain synchronous functions`);
  }
  if (/^class[\s{]/.test(source)) {
    throw new TypeError(`Cannot use ${describe(fn)} as a loop body as it is a class: loop bodies must be plain functions`);
  }
  return source;
}

// src/team/error-wire.ts
var BUILTINS = {
  Error,
  TypeError,
  RangeError,
  ReferenceError,
  SyntaxError,
  EvalError,
  URIError
};
function fromWire(w) {
  if (!w.isError) return w.thrown;
  const Ctor = BUILTINS[w.name] ?? Error;
  const e = new Ctor(w.message);
  if (e.name !== w.name) Object.defineProperty(e, "name", { value: w.name, configurable: true, writable: true });
  if (w.stack !== void 0) Object.defineProperty(e, "stack", { value: w.stack, configurable: true, writable: true });
  return e;
}

// src/team/outcome.ts
function errorFor(f, c) {
  switch (f.kind) {
    case FaultKind.BODY:
      return bodyError(f.index, f.threadId, c.cause);
    case FaultKind.SETUP:
      return new BodySetupError(`Cannot prepare the loop body on thread ${f.threadId}: ${messageOf(c.cause)}`, f.threadId, c.cause);
    case FaultKind.ABORT:
      return c.signal?.reason ?? new DOMException("The loop was aborted", "AbortError");
    case FaultKind.TIMEOUT:
      return new TimeoutError(c.timeout ?? 0);
    case FaultKind.WORKER_EXIT:
      return new WorkerExitError(
        `Worker ${f.worker} (thread ${f.threadId}) exited during the loop` + (c.exitCode !== void 0 ? ` with code ${c.exitCode}` : "") + "; it has been replaced",
        f.worker,
        f.threadId,
        c.exitCode
      );
    default:
      return null;
  }
}
function messageOf(e) {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
function bodyError(index, threadId, cause) {
  let msg = `The loop body threw at iteration ${index} on thread ${threadId}: ${messageOf(cause)}`;
  if (cause instanceof ReferenceError) {
    msg += " (loop bodies run on other threads and cannot see variables from the scope around them: pass values through the 'shared' option, or import them in a kernel module)";
  }
  return new LoopBodyError(msg, index, threadId, cause);
}

// src/team/policy.ts
var WAIT_POLICIES = ["auto", "spin", "block"];
var AUTO_SPINS = 5e4;
var THROTTLED_SPINS = 100;
var ACTIVE_SPINS = 2e7;
function spinBudget(policy, teamSize, cores) {
  switch (policy) {
    case "block":
      return { worker: 0, join: 0, asyncWorker: 0, asyncJoin: 0 };
    case "spin":
      return { worker: ACTIVE_SPINS, join: ACTIVE_SPINS, asyncWorker: ACTIVE_SPINS, asyncJoin: 0 };
    case "auto": {
      const throttled = teamSize > cores;
      const asyncThrottled = teamSize + 1 > cores;
      return {
        worker: throttled ? THROTTLED_SPINS : AUTO_SPINS,
        join: throttled ? THROTTLED_SPINS : AUTO_SPINS,
        asyncWorker: asyncThrottled ? THROTTLED_SPINS : AUTO_SPINS,
        asyncJoin: ASYNC_JOIN_SPINS
      };
    }
  }
}
var ASYNC_JOIN_SPINS = 1e4;

// src/team/queue.ts
var RegionQueue = class {
  busy = false;
  waiting = [];
  /** Resolves when it is the caller's turn. */
  acquire() {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  /** Hands the turn to the next waiter. */
  release() {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy = false;
  }
};

// src/team/region.ts
function descriptorOf(req) {
  if (req.desc !== void 0) return req.desc;
  const p = req.plan;
  return req.desc = {
    kind: p.kind,
    threads: p.threads,
    bodyId: req.body.id,
    sharedId: req.shared.id,
    spins: 0,
    start: p.start,
    n: p.n,
    chunk: p.chunk,
    numChunks: p.numChunks,
    slice: req.body.def.mode !== "range",
    flags: req.flags ?? 0,
    aux0: req.aux?.[0] ?? 0,
    aux1: req.aux?.[1] ?? 0,
    aux2: req.aux?.[2] ?? 0
  };
}

// src/data/matrix.ts
var BRAND2 = /* @__PURE__ */ Symbol.for("parfor.SharedMatrix");
var SharedMatrix = class {
  rows;
  cols;
  /** The shared typed array, row-major: element (i, j) is `data[i * cols + j]`. */
  data;
  /**
   * @param rows number of rows (non-negative safe integer)
   * @param cols number of columns (non-negative safe integer)
   * @param Ctor element type (default Float64Array), or an existing shared typed
   *   array of length rows·cols to view as a matrix
   */
  constructor(rows, cols, Ctor = Float64Array) {
    checkDim("rows", rows);
    checkDim("cols", cols);
    const length = rows * cols;
    if (!Number.isSafeInteger(length)) {
      throw new RangeError(`Cannot create a SharedMatrix as rows \xD7 cols is not a safe integer: received ${rows} \xD7 ${cols}`);
    }
    if (typeof Ctor === "function") {
      if (!TYPED_ARRAY_CONSTRUCTORS.includes(Ctor) || Ctor.name.startsWith("Big")) {
        throw new TypeError(`Cannot create a SharedMatrix as its element type must be a numeric typed array constructor: received ${describe(Ctor)}`);
      }
      this.data = new Ctor(new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT));
    } else {
      if (!isSharedView(Ctor) || Ctor instanceof DataView || Ctor instanceof BigInt64Array || Ctor instanceof BigUint64Array) {
        throw new TypeError(`Cannot create a SharedMatrix over this data as it must be a numeric typed array over a SharedArrayBuffer: received ${describe(Ctor)}`);
      }
      if (Ctor.length !== length) {
        throw new RangeError(`Cannot create a ${rows} \xD7 ${cols} SharedMatrix over this data as its length must be ${length}: received length ${Ctor.length}`);
      }
      this.data = Ctor;
    }
    this.rows = rows;
    this.cols = cols;
  }
  /** Element (i, j). No bounds check, like typed-array indexing. */
  get(i, j) {
    return this.data[i * this.cols + j];
  }
  /** Set element (i, j). No bounds check, like typed-array indexing. */
  set(i, j, v) {
    this.data[i * this.cols + j] = v;
  }
  /** Row i as a view (no copy) over the shared memory. */
  row(i) {
    if (!Number.isInteger(i) || i < 0 || i >= this.rows) {
      throw new RangeError(`Cannot take row ${i} of a matrix with ${this.rows} rows: expected an integer in [0, ${this.rows})`);
    }
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }
  /** `instanceof` works across copies of parfor (ESM/CJS builds, worker bundles). */
  static [Symbol.hasInstance](v) {
    return typeof v === "object" && v !== null && v[BRAND2] === true;
  }
};
Object.defineProperty(SharedMatrix.prototype, BRAND2, { value: true });
function checkDim(name, v) {
  if (typeof v !== "number") throw new TypeError(`Cannot create a SharedMatrix as '${name}' must be a number: received ${describe(v)}`);
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new RangeError(`Cannot create a SharedMatrix as '${name}' must be a non-negative safe integer: received ${v}`);
  }
}

// src/team/shared-values.ts
function encodeShared(shared) {
  if (!isPlainObject(shared)) {
    throw new TypeError(`Cannot use the 'shared' option as it must be a plain object of values: received ${describe(shared)}`);
  }
  return encode(shared, "shared", /* @__PURE__ */ new Set());
}
function encode(v, path, ancestors) {
  switch (typeof v) {
    case "number":
    case "string":
    case "boolean":
    case "bigint":
    case "undefined":
      return { t: "p", v };
    case "function":
      throw new TypeError(`Cannot pass ${path} to other threads as functions cannot be shared: received ${describe(v)}; use a kernel module for code`);
    case "symbol":
      throw new TypeError(`Cannot pass ${path} to other threads as symbols cannot be shared: received ${describe(v)}`);
  }
  if (v === null) return { t: "p", v: null };
  const o = v;
  if (o instanceof SharedMatrix) {
    const m = o;
    return { t: "m", rows: m.rows, cols: m.cols, v: m.data };
  }
  if (isSharedView(o) || isSharedBuffer(o)) return { t: "s", v: o };
  if (ArrayBuffer.isView(o) || o instanceof ArrayBuffer) {
    throw new TypeError(
      `Cannot pass ${path} to other threads as its memory is not shared, so writes made by workers would be lost: received ${describe(o)}; create it with sharedArray() or over a SharedArrayBuffer`
    );
  }
  if (ancestors.has(o)) throw new TypeError(`Cannot pass ${path} to other threads as it refers back to itself (a cycle)`);
  if (Array.isArray(o)) {
    ancestors.add(o);
    const out = new Array(o.length);
    for (let i = 0; i < o.length; i++) out[i] = encode(o[i], `${path}[${i}]`, ancestors);
    ancestors.delete(o);
    return { t: "a", v: out };
  }
  if (isPlainObject(o)) {
    if (Object.getOwnPropertySymbols(o).length > 0) {
      throw new TypeError(`Cannot pass ${path} to other threads as it has symbol keys, which are not sent`);
    }
    ancestors.add(o);
    const keys = Object.keys(o);
    const vals = keys.map((k) => encode(o[k], `${path}.${k}`, ancestors));
    ancestors.delete(o);
    return { t: "o", k: keys, v: vals };
  }
  throw new TypeError(
    `Cannot pass ${path} to other threads as only shared memory, SharedMatrix and plain data can be sent: received ${describe(o)}`
  );
}
function sameAsEncoded(v, enc) {
  switch (enc.t) {
    case "p":
      return Object.is(v, enc.v);
    case "s":
      return v === enc.v;
    case "m":
      return v instanceof SharedMatrix && v.data === enc.v && v.rows === enc.rows && v.cols === enc.cols;
    case "a": {
      if (!Array.isArray(v) || v.length !== enc.v.length) return false;
      for (let i = 0; i < v.length; i++) if (!sameAsEncoded(v[i], enc.v[i])) return false;
      return true;
    }
    case "o": {
      if (!isPlainObject(v)) return false;
      const keys = Object.keys(v);
      if (keys.length !== enc.k.length) return false;
      for (let i = 0; i < keys.length; i++) {
        if (keys[i] !== enc.k[i] || !sameAsEncoded(v[keys[i]], enc.v[i])) return false;
      }
      return Object.getOwnPropertySymbols(v).length === 0;
    }
  }
}
function decodeShared(enc) {
  switch (enc.t) {
    case "p":
    case "s":
      return enc.v;
    case "m":
      return new SharedMatrix(enc.rows, enc.cols, enc.v);
    case "a":
      return enc.v.map(decodeShared);
    case "o": {
      const out = {};
      for (let i = 0; i < enc.k.length; i++) {
        Object.defineProperty(out, enc.k[i], {
          value: decodeShared(enc.v[i]),
          enumerable: true,
          writable: true,
          configurable: true
        });
      }
      return out;
    }
  }
}
function isPlainObject(v) {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

// src/team/shared-cache.ts
var NONE = { id: 0, value: null, extra: void 0 };
var SharedCache = class {
  last = NONE;
  nextId = 1;
  decodedId = -1;
  decoded = { s: {}, x: void 0 };
  /** Validate and snapshot `shared` (undefined means none). Throws TypeError on bad values. */
  snapshot(shared, extra) {
    if (shared === void 0 && extra === void 0) return NONE;
    const last = this.last;
    if (last.extra === extra && (shared === void 0 ? last.value === null : last.value !== null && sameAsEncoded(shared, last.value))) {
      return last;
    }
    this.last = { id: this.nextId++, value: shared === void 0 ? null : encodeShared(shared), extra };
    return this.last;
  }
  /** The values as the calling thread of a synchronous loop receives them. */
  local(snap) {
    if (this.decodedId !== snap.id) {
      this.decoded = decodeValues(snap.value, snap.extra);
      this.decodedId = snap.id;
    }
    return this.decoded;
  }
};
function decodeValues(value, extra) {
  return { s: value === null ? {} : decodeShared(value), x: extra };
}

// src/team/thread-flag.ts
var KEY = /* @__PURE__ */ Symbol.for("parfor.inLoop");
var g = globalThis;
var flag = g[KEY] ?? (g[KEY] = { depth: 0 });
function inLoopThread() {
  return flag.depth > 0;
}
function enterLoopThread() {
  flag.depth++;
}
function leaveLoopThread() {
  flag.depth--;
}

// src/schedule/kinds.ts
var SCHEDULE_NAMES = ["static", "dynamic", "guided", "auto", "runtime"];
var Kind = {
  /** `static` without chunk: one contiguous block per thread (libgomp split). */
  STATIC: 0,
  /** `static,c`: chunk k goes to thread k mod T. */
  STATIC_CHUNKED: 1,
  /** `dynamic,c`: chunks of c claimed first come, first served. */
  DYNAMIC: 2,
  /** `guided,c`: chunks of max(ceil(remaining/T), c), claimed by CAS. */
  GUIDED: 3
};
function planLabel(p) {
  switch (p.kind) {
    case Kind.STATIC:
      return "static";
    case Kind.STATIC_CHUNKED:
      return `static,${p.chunk}`;
    case Kind.DYNAMIC:
      return `dynamic,${p.chunk}`;
    default:
      return `guided,${p.chunk}`;
  }
}

// src/schedule/math.ts
function staticBlockSize(n, threads, tid) {
  return Math.floor(n / threads) + (tid < n % threads ? 1 : 0);
}
function staticBlockStart(n, threads, tid) {
  return Math.floor(n / threads) * tid + Math.min(tid, n % threads);
}
function chunkCount(n, chunk) {
  return Math.ceil(n / chunk);
}
function guidedEnd(lo, n, threads, chunk) {
  const remaining = n - lo;
  let q = Math.ceil(remaining / threads);
  if (q < chunk) q = chunk;
  return q <= remaining ? lo + q : n;
}

// src/schedule/share.ts
var STATIC_SLICES = 64;
function runShare(ctl, d, tid, run) {
  const { start, n, chunk, threads: T, numChunks } = d;
  switch (d.kind) {
    case Kind.STATIC: {
      const lo = staticBlockStart(n, T, tid);
      const len = staticBlockSize(n, T, tid);
      const hi = lo + len;
      if (len <= 0) return;
      const step = d.slice ? Math.max(1, Math.ceil(len / STATIC_SLICES)) : len;
      for (let a = lo; a < hi; a += step) {
        if (ctl.stopped()) return;
        run(start + a, start + Math.min(a + step, hi));
      }
      return;
    }
    case Kind.STATIC_CHUNKED: {
      for (let k = tid; k < numChunks; k += T) {
        if (ctl.stopped()) return;
        const lo = k * chunk;
        run(start + lo, start + Math.min(lo + chunk, n));
      }
      return;
    }
    case Kind.DYNAMIC: {
      for (; ; ) {
        if (ctl.stopped()) return;
        const k = ctl.claimChunk(numChunks, T);
        if (k < 0) return;
        const lo = k * chunk;
        run(start + lo, start + Math.min(lo + chunk, n));
      }
    }
    case Kind.GUIDED: {
      const out = new Float64Array(1);
      const end = (lo) => guidedEnd(lo, n, T, chunk);
      for (; ; ) {
        if (ctl.stopped()) return;
        const lo = ctl.claimRange(n, end, out);
        if (lo < 0) return;
        run(start + lo, start + out[0]);
      }
    }
    default:
      throw new RangeError(`Unknown schedule kind code: received ${d.kind}`);
  }
}

// src/core/atomic-add.ts
var f64 = new Float64Array(1);
var f64bits = new BigInt64Array(f64.buffer);
var f32 = new Float32Array(1);
var f32bits = new Int32Array(f32.buffer);
var bitViews = /* @__PURE__ */ new WeakMap();
function bitsOf(a) {
  let v = bitViews.get(a);
  if (v === void 0) {
    v = a instanceof Float64Array ? new BigInt64Array(a.buffer, a.byteOffset, a.length) : new Int32Array(a.buffer, a.byteOffset, a.length);
    bitViews.set(a, v);
  }
  return v;
}
function atomicAdd(array, index, value) {
  if (array instanceof Float64Array) {
    const bits = bitsOf(array);
    for (; ; ) {
      const old = Atomics.load(bits, index);
      f64bits[0] = old;
      const prev = f64[0];
      f64[0] = prev + value;
      if (Atomics.compareExchange(bits, index, old, f64bits[0]) === old) return prev;
    }
  }
  if (array instanceof Float32Array) {
    const bits = bitsOf(array);
    for (; ; ) {
      const old = Atomics.load(bits, index);
      f32bits[0] = old;
      const prev = f32[0];
      f32[0] = prev + value;
      if (Atomics.compareExchange(bits, index, old, f32bits[0]) === old) return prev;
    }
  }
  return Atomics.add(array, index, value);
}

// src/team/context.ts
var cache = [];
function makeContext(threadId, numThreads) {
  const row = cache[numThreads] ?? (cache[numThreads] = []);
  return row[threadId] ?? (row[threadId] = Object.freeze({ threadId, numThreads, atomicAdd }));
}

// src/team/recording.ts
function recording(run, flags, ctl, trace, tid) {
  if (flags === 0) return run;
  const progress = (flags & RECORD_PROGRESS) !== 0;
  const tracing = (flags & RECORD_TRACE) !== 0 && trace !== void 0;
  return (lo, hi) => {
    const t0 = tracing ? wallClock() : 0;
    run(lo, hi);
    if (tracing) trace.record(tid, lo, hi, t0, wallClock());
    if (progress) ctl.addProgress(tid, hi - lo);
  };
}

// src/schedule/resolve.ts
var AUTO_CHUNKS_PER_THREAD = 16;
function parseScheduleText(text, source) {
  const m = /^\s*(?:(?:no(?:n)?monotonic|monotonic)\s*:\s*)?(static|dynamic|guided|auto)\s*(?:,\s*(\d+)\s*)?$/i.exec(text);
  if (!m) {
    throw new RangeError(
      `Cannot parse ${source} as a schedule: expected "static", "dynamic", "guided" or "auto", optionally followed by ",chunk": received ${JSON.stringify(text)}`
    );
  }
  const kind = m[1].toLowerCase();
  let chunk = m[2] === void 0 ? void 0 : Number(m[2]);
  if (chunk !== void 0 && !Number.isSafeInteger(chunk)) {
    throw new RangeError(`Cannot use ${source} as its chunk is not a safe integer: received ${JSON.stringify(text)}`);
  }
  if (kind === "auto") return { kind, chunk: void 0 };
  if (chunk === 0) chunk = kind === "static" ? void 0 : 1;
  return { kind, chunk };
}
var RUNTIME_DEFAULT = { kind: "dynamic", chunk: 1 };
function resolvePlan(name, chunk, start, n, threads, runtime) {
  let spec;
  if (name === "runtime") {
    const r = runtime ?? RUNTIME_DEFAULT;
    spec = r.kind === "auto" ? autoSpec(n, threads) : r;
  } else if (name === "auto") {
    spec = autoSpec(n, threads);
  } else {
    spec = { kind: name, chunk: name === "static" ? chunk : chunk ?? 1 };
  }
  return planFor(spec, start, n, threads);
}
function autoSpec(n, threads) {
  return { kind: "dynamic", chunk: Math.max(1, Math.ceil(n / (threads * AUTO_CHUNKS_PER_THREAD))) };
}
function planFor(spec, start, n, threads) {
  if (spec.kind === "static" && spec.chunk === void 0) {
    return { kind: Kind.STATIC, start, n, chunk: 0, numChunks: threads, threads };
  }
  const c = spec.chunk ?? 1;
  const kind = spec.kind === "static" ? Kind.STATIC_CHUNKED : spec.kind === "dynamic" ? Kind.DYNAMIC : Kind.GUIDED;
  return { kind, start, n, chunk: c, numChunks: chunkCount(n, c), threads };
}

// src/team/region-context.ts
function makeRegionContext(sync, threadId, numThreads) {
  let singles = 0;
  let loops = 0;
  return {
    threadId,
    numThreads,
    atomicAdd,
    barrier: () => sync.barrier(numThreads),
    critical(fn) {
      sync.lock();
      try {
        return fn();
      } finally {
        sync.unlock();
      }
    },
    single(fn) {
      let value;
      if (sync.claimSingle(++singles)) value = fn();
      sync.barrier(numThreads);
      return value;
    },
    master(fn) {
      return threadId === 0 ? fn() : void 0;
    },
    loop(start, end, fn, schedule = "static") {
      const seq = loops++;
      const { name, chunk } = readSchedule(start, end, schedule);
      const n = end > start ? end - start : 0;
      const plan = resolvePlan(name, chunk, start, n, numThreads, void 0);
      runShare(sync.loopClaims(seq), { ...plan, slice: false }, threadId, (lo, hi) => {
        for (let i = lo; i < hi; i++) fn(i);
      });
      sync.barrier(numThreads);
      if (threadId === 0) sync.resetLoop(seq);
    }
  };
}
function readSchedule(start, end, s) {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) {
    throw new RangeError(`Cannot run ctx.loop as start and end must be safe integers: received ${start}, ${end}`);
  }
  if (typeof s === "string") {
    const [kind, chunkText] = s.split(",");
    const chunk = chunkText === void 0 ? void 0 : Number(chunkText);
    return check(kind, chunk);
  }
  if (typeof s === "object" && s !== null) return check(s.schedule ?? "static", s.chunk);
  throw new TypeError(`Cannot run ctx.loop as its schedule must be a name or { schedule, chunk }: received ${String(s)}`);
}
function check(kind, chunk) {
  if (!["static", "dynamic", "guided", "auto"].includes(kind)) {
    throw new RangeError(`Cannot run ctx.loop as the schedule must be static, dynamic, guided or auto: received ${JSON.stringify(kind)}`);
  }
  if (chunk !== void 0 && (!Number.isSafeInteger(chunk) || chunk < 1)) {
    throw new RangeError(`Cannot run ctx.loop as the chunk must be a positive safe integer: received ${chunk}`);
  }
  return { name: kind, chunk };
}

// src/team/thread-share.ts
function runThreadShare(st, d, tid, mode, runner, shared, guard) {
  const ctx = mode === "region" ? makeRegionContext(st.regionSync, tid, d.threads) : makeContext(tid, d.threads);
  const aux = fillAux(st.aux, shared.x, d.start, d.aux0, d.aux1, d.aux2);
  const { at } = st;
  const s = shared.s;
  const run = (lo, hi) => runner(lo, hi, s, ctx, at, aux);
  try {
    runShare(st.ctl, d, tid, recording(guard ? guard(run) : run, d.flags, st.ctl, st.trace, tid));
  } catch (e) {
    if (e === REGION_STOPPED) return;
    throw e;
  }
  if (mode === "reduce") st.ctl.setPartial(tid, aux.acc);
}

// src/team/workers.ts
var BOOT_TIMEOUT_MS = 3e4;
var WorkerSet = class {
  constructor(ctl, platform3, opts) {
    this.ctl = ctl;
    this.platform = platform3;
    this.opts = opts;
    this.size = opts.size;
    for (let w = 0; w < opts.size; w++) {
      this.slots.push({
        index: w,
        gen: 0,
        handle: null,
        inbox: null,
        outbox: null,
        bodies: new Lru(MAX_BODIES_PER_WORKER),
        sharedId: -1,
        hasTrace: false,
        exited: Promise.resolve(0),
        exitsByGen: /* @__PURE__ */ new Map(),
        lastError: void 0
      });
    }
    for (const slot of this.slots) this.spawn(slot);
    if (platform3.canBlock()) void Promise.all(this.slots.map((s) => this.ctl.awaitBoot(s.index))).then(() => this.startWatcher());
  }
  ctl;
  platform;
  opts;
  size;
  /** postMessage calls made to workers (definitions); 0 per loop in the steady state. */
  messages = 0;
  slots = [];
  watcher = null;
  /** Lifelines of workers spawned before the watcher existed. */
  pendingWatch = [];
  refs = 0;
  watcherReady = false;
  closing = false;
  startWatcher() {
    if (this.watcher !== null || this.closing) return;
    const watcher = this.platform.spawn("watcher", { control: this.ctl.buffer }, []);
    watcher.unref();
    watcher.onError(() => {
    });
    for (const m of this.pendingWatch.splice(0)) watcher.postMessage(m, [m.lifeline]);
    this.watcher = watcher;
  }
  watch(m) {
    if (this.watcher === null) this.pendingWatch.push(m);
    else this.watcher.postMessage(m, [m.lifeline]);
  }
  spawn(slot) {
    const { platform: platform3, ctl } = this;
    const gen = ctl.rearm(slot.index);
    const inbox = platform3.channel();
    const outbox = platform3.channel();
    const lifeline = platform3.canBlock() ? platform3.channel() : void 0;
    const init = {
      control: ctl.buffer,
      index: slot.index,
      gen,
      spins: this.opts.spins,
      inbox: inbox.port2,
      outbox: outbox.port2,
      lifeline: lifeline?.port1
    };
    const transfer = lifeline ? [inbox.port2, outbox.port2, lifeline.port1] : [inbox.port2, outbox.port2];
    const handle = platform3.spawn("worker", init, transfer, this.opts.resourceLimits);
    if (lifeline) this.watch({ index: slot.index, gen, lifeline: lifeline.port2 });
    slot.gen = gen;
    slot.handle = handle;
    slot.inbox = inbox.port1;
    slot.outbox = outbox.port1;
    slot.bodies = new Lru(MAX_BODIES_PER_WORKER);
    slot.sharedId = -1;
    slot.hasTrace = false;
    slot.lastError = void 0;
    if (this.refs === 0) handle.unref();
    handle.onError((e) => {
      slot.lastError = e;
    });
    slot.exited = new Promise((resolve) => {
      handle.onExit((code) => {
        resolve(code);
        if (slot.handle !== handle) return;
        ctl.markDead(slot.index, gen, code);
        slot.handle = null;
        inbox.port1.close();
        outbox.port1.close();
        if (!this.closing && ctl.state(slot.index) === WorkerState.DEAD) this.spawn(slot);
      });
    });
    slot.exitsByGen.set(gen, slot.exited);
    slot.exitsByGen.delete(gen - 2);
  }
  /** Generation of the worker now in slot w. */
  generation(w) {
    return this.slots[w].gen;
  }
  /** Resolve once every worker has started; reject if one failed to. */
  async ready() {
    this.ref();
    try {
      await Promise.all(this.slots.map((s) => this.awaitSlot(s)));
    } finally {
      this.unref();
    }
  }
  /** Make sure workers 0…count-1 are IDLE, replacing dead ones (async). */
  async readyFor(count) {
    for (let w = 0; w < count; w++) {
      const slot = this.slots[w];
      const s = this.ctl.state(w);
      if (s === WorkerState.IDLE) continue;
      if (s === WorkerState.DEAD || s === WorkerState.FAILED) this.replace(slot);
      await this.awaitSlot(slot);
    }
  }
  /** Make sure workers 0…count-1 are IDLE, blocking this thread while they start. */
  readyForSync(count) {
    for (let w = 0; w < count; w++) {
      const slot = this.slots[w];
      let s = this.ctl.state(w);
      if (s === WorkerState.IDLE) continue;
      if (s === WorkerState.DEAD || s === WorkerState.FAILED) this.replace(slot);
      s = this.ctl.awaitBootSync(w, BOOT_TIMEOUT_MS);
      this.check(slot, s);
    }
    if (count > 0 && !this.watcherReady) {
      this.startWatcher();
      if (!this.ctl.awaitWatcherSync(BOOT_TIMEOUT_MS)) {
        throw new WorkerExitError(`The team's watcher thread did not start within ${BOOT_TIMEOUT_MS} ms`, -1, -1);
      }
      this.watcherReady = true;
    }
  }
  replace(slot) {
    const old = slot.handle;
    slot.handle = null;
    if (old !== null) void old.terminate();
    this.spawn(slot);
  }
  async awaitSlot(slot) {
    this.check(slot, await this.ctl.awaitBoot(slot.index));
  }
  check(slot, state) {
    if (state === WorkerState.IDLE) return;
    const why = state === WorkerState.BOOTING ? `did not start within ${BOOT_TIMEOUT_MS} ms` : "failed to start";
    const err = new WorkerExitError(`Worker ${slot.index} ${why}`, slot.index, -1);
    if (slot.lastError !== void 0) Object.defineProperty(err, "cause", { value: slot.lastError, configurable: true, writable: true });
    throw err;
  }
  /** Post body `reg` to worker w unless it has it. */
  ensureBody(w, reg) {
    const slot = this.slots[w];
    if (slot.bodies.get(reg.id) !== void 0) return;
    const evict = slot.bodies.set(reg.id, true);
    const msg = { type: "body", id: reg.id, def: reg.def, evict };
    slot.inbox.postMessage(msg);
    this.messages++;
  }
  /** Post shared values `id` to worker w unless it has them (id 0, "none", needs no message). */
  ensureShared(w, id, value, extra) {
    const slot = this.slots[w];
    if (slot.sharedId === id || id === 0) return;
    const msg = { type: "shared", id, value, extra };
    slot.inbox.postMessage(msg);
    slot.sharedId = id;
    this.messages++;
  }
  /** Post the trace buffer to worker w unless it has it. */
  ensureTrace(w, buffer) {
    const slot = this.slots[w];
    if (slot.hasTrace) return;
    const msg = { type: "trace", buffer };
    slot.inbox.postMessage(msg);
    slot.hasTrace = true;
    this.messages++;
  }
  /** Wait for worker w's next report (platforms without a synchronous receive). */
  nextReport(w, ms) {
    const port = this.slots[w]?.outbox;
    if (!port || !this.platform.receiveAsync) return Promise.resolve(void 0);
    return within(this.platform.receiveAsync(port), ms);
  }
  /** Take worker w's queued error report, if any. */
  takeReport(w) {
    const port = this.slots[w]?.outbox;
    return port ? this.platform.receive(port) : void 0;
  }
  /** Exit code of generation `gen` of worker w, waiting at most `ms` for it. */
  exitCode(w, gen, ms) {
    const exited = this.slots[w].exitsByGen.get(gen);
    return exited === void 0 ? Promise.resolve(void 0) : within(exited, ms);
  }
  /** Ask worker w's thread to stop (a stuck body past its timeout). */
  terminate(w) {
    void this.slots[w].handle?.terminate();
  }
  /** Replace workers among 0…count-1 that died (after a synchronous loop). */
  replaceDead(count) {
    for (let w = 0; w < count; w++) {
      if (this.ctl.state(w) === WorkerState.DEAD && !this.closing) this.replace(this.slots[w]);
    }
  }
  /** While at least one ref is held, the workers keep the process alive. */
  ref() {
    if (this.refs++ === 0) for (const s of this.slots) s.handle?.ref();
  }
  unref() {
    if (--this.refs === 0) for (const s of this.slots) s.handle?.unref();
  }
  async close() {
    this.closing = true;
    this.ctl.shutdown(this.size);
    const exits = this.slots.map((s) => s.exited);
    for (const s of this.slots) {
      const h = s.handle;
      s.handle = null;
      if (h) void h.terminate();
      s.inbox?.close();
      s.outbox?.close();
    }
    await Promise.all([...exits, this.watcher?.terminate()]);
  }
};
async function within(p, ms) {
  let timer;
  const late = new Promise((r) => {
    timer = setTimeout(r, ms, void 0);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

// src/team/engine.ts
var TIMEOUT_GRACE_MS = 100;
var JOIN_SLICE_MS = 1e3;
var NO_ERROR = Object.freeze({ error: null });
var NO_GENS = [];
var NO_PARTIALS = [];
var EMPTY_RESULT = Object.freeze({ partials: NO_PARTIALS });
var PROGRESS_MS = 100;
var Engine = class {
  constructor(platform3, opts) {
    this.platform = platform3;
    if (typeof SharedArrayBuffer === "undefined") {
      throw new UnsupportedEnvironmentError(
        "Cannot create a team as SharedArrayBuffer is not available: a page must be cross-origin isolated (send Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)"
      );
    }
    this.size = opts.threads;
    this.waitPolicy = opts.waitPolicy;
    this.spins = spinBudget(opts.waitPolicy, opts.threads, platform3.availableParallelism());
    this.ctl = ControlBlock.create(opts.threads);
    this.regionSync = new RegionSync(this.ctl.i32, this.ctl.i64, this.spins.join);
    this.workers = new WorkerSet(this.ctl, platform3, {
      size: opts.threads,
      spins: this.spins.worker,
      resourceLimits: opts.resourceLimits
    });
  }
  platform;
  size;
  waitPolicy;
  bodies = new BodyRegistry();
  shared = new SharedCache();
  /** Regions dispatched so far. */
  regions = 0;
  ctl;
  regionSync;
  workers;
  spins;
  closed = false;
  closing;
  active = null;
  queue = new RegionQueue();
  /** The buffer traced loops record into; created on first use. */
  trace;
  /** Thread 0's per-region values in sync loops (a sync loop never nests on this thread). */
  aux = newAux();
  get isClosed() {
    return this.closed;
  }
  /** postMessage calls made to workers so far (definitions only). */
  get messages() {
    return this.workers.messages;
  }
  ready() {
    if (this.closed) return Promise.reject(new TeamClosedError());
    return this.workers.ready();
  }
  // ---- asynchronous loops ---------------------------------------------------------
  async runAsync(req) {
    if (this.closed) throw new TeamClosedError();
    if (req.signal?.aborted) throw req.signal.reason;
    if (req.plan.n === 0) return EMPTY_RESULT;
    this.workers.ref();
    try {
      await this.queue.acquire();
      try {
        if (req.signal?.aborted) throw req.signal.reason;
        await this.workers.readyFor(req.plan.threads);
        const region = this.dispatch(req, false);
        await this.joinAsync(region);
        const { error } = region.outcome;
        if (error !== null) throw error;
        return { partials: region.partials, trace: region.trace };
      } finally {
        this.queue.release();
      }
    } finally {
      this.workers.unref();
    }
  }
  async joinAsync(region) {
    const { req, epoch } = region;
    const ctl = this.ctl;
    let timer;
    let grace;
    const onAbort = () => {
      ctl.raise(FaultKind.ABORT, -1, -1);
    };
    const { onProgress } = req;
    const T = req.plan.threads;
    const ticker = onProgress === void 0 ? void 0 : setInterval(() => onProgress(ctl.progress(T)), PROGRESS_MS);
    req.signal?.addEventListener("abort", onAbort, { once: true });
    if (req.timeout !== void 0) {
      timer = setTimeout(() => {
        ctl.raise(FaultKind.TIMEOUT, -1, -1);
        grace = setTimeout(() => this.terminateStuck(region), TIMEOUT_GRACE_MS);
      }, req.timeout);
    }
    try {
      await ctl.joinAsync(epoch, this.spins.asyncJoin);
    } finally {
      clearInterval(ticker);
      clearTimeout(timer);
      clearTimeout(grace);
      req.signal?.removeEventListener("abort", onAbort);
    }
    if (region.outcome === void 0) {
      const f = ctl.fault();
      const exitCode = f.kind === FaultKind.WORKER_EXIT ? await this.workers.exitCode(f.worker, region.gens[f.worker], 1e3) : void 0;
      const report = (f.kind === FaultKind.BODY || f.kind === FaultKind.SETUP) && f.worker >= 0 && this.platform.receiveAsync ? await this.workers.nextReport(f.worker, 5e3) : void 0;
      if (region.outcome === void 0) this.harvest(region, exitCode, report);
    }
  }
  // ---- synchronous loops ----------------------------------------------------------
  runSync(req) {
    if (this.closed) throw new TeamClosedError();
    if (!this.platform.canBlock()) {
      throw new UnsupportedEnvironmentError(
        "Cannot run a synchronous loop on this thread as it may not block (a browser main thread): use parallelFor() and await it"
      );
    }
    if (req.signal?.aborted) throw req.signal.reason;
    if (req.plan.n === 0) return EMPTY_RESULT;
    if (this.active !== null) this.settleActiveSync();
    const T = req.plan.threads;
    this.workers.readyForSync(T - 1);
    let runner;
    try {
      runner = this.bodies.localRunner(req.body, this.platform.importSync);
    } catch (e) {
      throw new BodySetupError(`Cannot prepare the loop body on thread 0: ${messageOf(e)}`, 0, e);
    }
    const shared = this.shared.local(req.shared);
    const region = this.dispatch(req, true);
    const deadline = req.timeout === void 0 ? Infinity : performance.now() + req.timeout;
    const ctl = this.ctl;
    const at = { index: NaN };
    const guard = deadline === Infinity ? void 0 : (run) => (lo, hi) => {
      if (performance.now() > deadline) ctl.raise(FaultKind.TIMEOUT, -1, -1);
      else run(lo, hi);
    };
    enterLoopThread();
    try {
      const st = { ctl, regionSync: this.regionSync, trace: this.trace, aux: this.aux, at };
      runThreadShare(st, descriptorOf(req), 0, req.body.def.mode, runner, shared, guard);
    } catch (e) {
      if (ctl.raise(FaultKind.BODY, 0, -1, at.index)) region.localError = e;
    } finally {
      leaveLoopThread();
    }
    ctl.leave();
    this.joinSync(region, deadline);
    this.harvest(region, void 0);
    if (region.outcome.error !== null) this.workers.replaceDead(T - 1);
    const { error } = region.outcome;
    if (error !== null) throw error;
    return { partials: region.partials, trace: region.trace };
  }
  /** J1-J2 for a blocked caller, with the timeout's stop, grace and kill phases. */
  joinSync(region, deadline) {
    const ctl = this.ctl;
    let phase = "run";
    let until = deadline;
    for (; ; ) {
      const left = until === Infinity ? JOIN_SLICE_MS : Math.max(0, until - performance.now());
      if (ctl.joinSync(region.epoch, this.spins.join, left) === "ok") return;
      if (performance.now() < until) continue;
      if (phase === "run") {
        ctl.raise(FaultKind.TIMEOUT, -1, -1);
        phase = "grace";
        until = performance.now() + TIMEOUT_GRACE_MS;
      } else if (phase === "grace") {
        this.terminateStuck(region);
        phase = "kill";
        until = Infinity;
      }
    }
  }
  /** A synchronous loop found an asynchronous region in flight: wait for it and keep its outcome for its caller. */
  settleActiveSync() {
    const region = this.active;
    while (this.ctl.joinSync(region.epoch, this.spins.join, JOIN_SLICE_MS) !== "ok") {
    }
    this.harvest(region, void 0);
  }
  // ---- shared steps ---------------------------------------------------------------
  /** D1-D4: post what workers lack, write the descriptor, enlist and wake the workers. */
  dispatch(req, sync) {
    const T = req.plan.threads;
    const first = sync ? 1 : 0;
    const count = T - first;
    const { body, shared } = req;
    const tracing = ((req.flags ?? 0) & RECORD_TRACE) !== 0;
    if (tracing) {
      this.trace ??= new TraceBuffer();
      this.trace.reset();
    }
    for (let w = 0; w < count; w++) {
      this.workers.ensureBody(w, body);
      this.workers.ensureShared(w, shared.id, shared.value, shared.extra);
      if (tracing) this.workers.ensureTrace(w, this.trace.buffer);
    }
    const ctl = this.ctl;
    const desc = descriptorOf(req);
    desc.spins = sync ? this.spins.worker : this.spins.asyncWorker;
    const epoch = ctl.prepare(desc, T);
    const gens = sync ? NO_GENS : [];
    if (!sync) for (let w = 0; w < count; w++) gens.push(this.workers.generation(w));
    const region = { epoch, req, workers: count, gens, origin: tracing ? wallClock() : 0 };
    for (let w = 0; w < count; w++) ctl.assign(w, w + first);
    for (let w = 0; w < count; w++) ctl.wake(w, epoch);
    this.active = region;
    this.regions++;
    return region;
  }
  /** J3: turn the fault slot into the caller's error, drop stale reports. */
  harvest(region, exitCode, awaited) {
    if (!this.ctl.faulted()) {
      region.outcome = NO_ERROR;
      region.partials = region.req.body.def.mode === "reduce" ? this.ctl.partials(region.req.plan.threads) : NO_PARTIALS;
      if (((region.req.flags ?? 0) & RECORD_TRACE) !== 0) region.trace = this.trace.read(region.origin);
      if (this.active === region) this.active = null;
      return;
    }
    const f = this.ctl.fault();
    let report = awaited?.epoch === region.epoch ? awaited : void 0;
    for (let w = 0; w < region.workers; w++) {
      let m;
      while ((m = this.workers.takeReport(w)) !== void 0) {
        if (w === f.worker && m.epoch === region.epoch) report = m;
      }
    }
    const cause = f.worker === -1 ? region.localError : report ? fromWire(report.error) : void 0;
    const { signal, timeout } = region.req;
    const error = errorFor(f, { cause, signal, timeout, exitCode });
    region.outcome = { error };
    if (this.active === region) this.active = null;
  }
  terminateStuck(region) {
    for (let w = 0; w < region.workers; w++) {
      if (this.ctl.inRegion(w, region.epoch)) this.workers.terminate(w);
    }
  }
  close() {
    if (this.closing) return this.closing;
    this.closed = true;
    this.closing = (async () => {
      await this.queue.acquire();
      try {
        await this.workers.close();
      } finally {
        this.queue.release();
      }
    })();
    return this.closing;
  }
};

// src/platform/node.ts
import { availableParallelism } from "node:os";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
var here = import.meta.url;
var NOT_FOR_WORKERS = /^--(input-type|eval|print|test|watch|check|interactive)\b|^-[epic]$/;
function workerExecArgv() {
  return process.execArgv.filter((a) => !NOT_FOR_WORKERS.test(a));
}
function wrap(worker) {
  return {
    postMessage: (m, t) => worker.postMessage(m, t),
    terminate: () => worker.terminate(),
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    onExit: (cb) => {
      worker.once("exit", cb);
    },
    onError: (cb) => {
      worker.on("error", cb);
    }
  };
}
var platform = {
  name: "node",
  availableParallelism: () => availableParallelism(),
  env: (name) => process.env[name],
  // Node lets every thread block; the main thread blocking is the point of sync loops.
  canBlock: () => true,
  spawn(entry, data, transfer, resourceLimits) {
    const url = new URL(`./${entry}.js`, here);
    const worker = new Worker(url, {
      workerData: data,
      transferList: transfer,
      resourceLimits,
      execArgv: workerExecArgv(),
      // Workers share the process's stdio; do not make them wait on a pipe.
      stdout: false,
      stderr: false,
      name: `parfor-${entry}`
    });
    return wrap(worker);
  },
  channel() {
    const { port1, port2 } = new MessageChannel();
    return { port1, port2 };
  },
  receive(port) {
    const m = receiveMessageOnPort(port);
    return m === void 0 ? void 0 : m.message;
  },
  importSync(url) {
    const path = url.startsWith("file:") ? fileURLToPath(url) : url;
    return createRequire(here)(path);
  }
};

// src/api/defaults.ts
var platform2 = platform;
function defaultThreadCount() {
  for (const name of ["PARFOR_NUM_THREADS", "OMP_NUM_THREADS"]) {
    const raw = platform2.env(name);
    if (raw === void 0 || raw.trim() === "") continue;
    const first = raw.split(",")[0].trim();
    const n = Number(first);
    if (!/^\d+$/.test(first) || !Number.isSafeInteger(n) || n < 1) {
      throw new RangeError(`Cannot size the default team from ${name} as it must be a positive integer: received ${JSON.stringify(raw)}`);
    }
    return n;
  }
  return Math.max(1, platform2.availableParallelism());
}
var runtimeCache;
function runtimeSchedule() {
  const raw = platform2.env("OMP_SCHEDULE");
  if (runtimeCache === void 0 || runtimeCache.raw !== raw) {
    const spec = raw === void 0 || raw.trim() === "" ? void 0 : parseScheduleText(raw, "OMP_SCHEDULE");
    runtimeCache = { raw, spec };
  }
  return runtimeCache.spec;
}
function defaultWaitPolicy() {
  const own = platform2.env("PARFOR_WAIT_POLICY");
  if (own !== void 0 && own !== "") {
    const p = own.toLowerCase();
    if (!WAIT_POLICIES.includes(p)) {
      throw new RangeError(`Cannot use PARFOR_WAIT_POLICY as it must be one of ${WAIT_POLICIES.join(", ")}: received ${JSON.stringify(own)}`);
    }
    return p;
  }
  const omp = platform2.env("OMP_WAIT_POLICY")?.toUpperCase();
  return omp === "ACTIVE" ? "spin" : omp === "PASSIVE" ? "block" : "auto";
}

// src/data/shared-array.ts
function sharedArray(Ctor, lengthOrValues) {
  if (typeof Ctor !== "function" || !TYPED_ARRAY_CONSTRUCTORS.includes(Ctor)) {
    throw new TypeError(`Cannot create a shared array as the first argument must be a typed array constructor such as Float64Array: received ${describe(Ctor)}`);
  }
  if (typeof lengthOrValues === "number") {
    if (!Number.isSafeInteger(lengthOrValues) || lengthOrValues < 0) {
      throw new RangeError(`Cannot create a shared array as its length must be a non-negative safe integer: received ${lengthOrValues}`);
    }
    return over(Ctor, lengthOrValues);
  }
  if (lengthOrValues === null || typeof lengthOrValues !== "object") {
    throw new TypeError(`Cannot create a shared array as the second argument must be a length or an array-like of values: received ${describe(lengthOrValues)}`);
  }
  const values = Array.isArray(lengthOrValues) || ArrayBuffer.isView(lengthOrValues) ? lengthOrValues : Symbol.iterator in lengthOrValues ? Array.from(lengthOrValues) : Array.from(lengthOrValues);
  const out = over(Ctor, values.length);
  out.set(values);
  return out;
}
function over(Ctor, length) {
  const make = Ctor;
  return new make(new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT));
}

// src/api/verbose.ts
var SILENT = { flags: 0, begin() {
}, end() {
} };
function reporter(fn, plan, verbose, onProgress) {
  if (verbose === 0 && onProgress === void 0) return SILENT;
  const total = plan.n;
  let t0 = 0;
  let lastDecile = 0;
  const say = (line2) => console.error(`[parfor] ${line2}`);
  const secs = (ms) => `${(ms / 1e3).toFixed(1)}s`;
  const line = (done) => {
    const elapsed = performance.now() - t0;
    const remaining = done > 0 && done < total ? ` remaining: ${secs(elapsed * (total - done) / done)}` : "";
    return `Done ${done} of ${total} iterations | elapsed: ${secs(elapsed)}${remaining}`;
  };
  const wantsTicks = verbose >= 5 || onProgress !== void 0;
  return {
    flags: wantsTicks ? RECORD_PROGRESS : 0,
    tick: wantsTicks ? (done) => {
      onProgress?.(done, total);
      const decile = Math.floor(10 * done / Math.max(1, total));
      if (verbose >= 10 || verbose >= 5 && decile > lastDecile && done < total) say(line(done));
      lastDecile = Math.max(lastDecile, decile);
    } : void 0,
    begin() {
      t0 = performance.now();
      if (verbose > 0) {
        const chunks = plan.kind === Kind.STATIC ? `${plan.threads} blocks` : plan.kind === Kind.GUIDED ? `shrinking chunks of at least ${plan.chunk}` : `${plan.numChunks} chunks`;
        say(`${fn}: ${plan.threads} threads, schedule ${planLabel(plan)}, ${total} iterations in ${chunks}`);
      }
    },
    end(error) {
      if (error === void 0) onProgress?.(total, total);
      if (verbose === 0) return;
      if (error === void 0) say(line(total));
      else say(`Failed after ${secs(performance.now() - t0)}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
  };
}

// src/api/validate.ts
var OPTION_KEYS = /* @__PURE__ */ new Set(["schedule", "chunk", "shared", "threads", "signal", "timeout", "team"]);
var NO_OPTIONS = Object.freeze({});
function readOptions(fn, options, extra = []) {
  if (options === void 0) return NO_OPTIONS;
  if (typeof options === "string") return { schedule: options };
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`Cannot run ${fn} as its options must be an object or a schedule name: received ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key) && !extra.includes(key)) {
      throw new TypeError(`Cannot run ${fn} as '${key}' is not an option: expected one of ${[...OPTION_KEYS, ...extra].join(", ")}`);
    }
  }
  return options;
}
function checkBound(fn, name, v) {
  if (typeof v !== "number") throw new TypeError(`Cannot run ${fn} as '${name}' must be a number: received ${describe(v)}`);
  if (!Number.isSafeInteger(v)) throw new RangeError(`Cannot run ${fn} as '${name}' must be a safe integer: received ${v}`);
  return v;
}
function planLoop(fn, start, end, o, teamSize) {
  const s = checkBound(fn, "start", start);
  const e = checkBound(fn, "end", end);
  const threads = resolveThreads(fn, o.threads, teamSize);
  const n = e > s ? e - s : 0;
  let name = "static";
  let chunk;
  if (o.schedule !== void 0) {
    if (typeof o.schedule !== "string") {
      throw new TypeError(`Cannot run ${fn} as 'schedule' must be a string: received ${describe(o.schedule)}`);
    }
    if (SCHEDULE_NAMES.includes(o.schedule)) {
      name = o.schedule;
    } else if (/^\s*(static|dynamic|guided)\s*,/i.test(o.schedule)) {
      const spec = parseScheduleText(o.schedule, "the 'schedule' option");
      name = spec.kind;
      chunk = spec.chunk;
    } else {
      throw new RangeError(
        `Cannot run ${fn} as 'schedule' must be one of ${SCHEDULE_NAMES.join(", ")} (or 'kind,chunk'): received ${JSON.stringify(o.schedule)}`
      );
    }
  }
  if (o.chunk !== void 0) {
    if (typeof o.chunk !== "number") throw new TypeError(`Cannot run ${fn} as 'chunk' must be a number: received ${describe(o.chunk)}`);
    if (!Number.isSafeInteger(o.chunk) || o.chunk < 1) {
      throw new RangeError(`Cannot run ${fn} as 'chunk' must be a positive safe integer: received ${o.chunk}`);
    }
    if (name === "auto" || name === "runtime") {
      throw new RangeError(`Cannot run ${fn} as 'chunk' cannot be given with schedule '${name}' (as in OpenMP): received chunk ${o.chunk}`);
    }
    if (chunk !== void 0 && chunk !== o.chunk) {
      throw new RangeError(`Cannot run ${fn} as the schedule '${o.schedule}' and 'chunk' ${o.chunk} disagree`);
    }
    chunk = o.chunk;
  }
  return resolvePlan(name, chunk, s, n, threads, name === "runtime" ? runtimeSchedule() : void 0);
}
function resolveThreads(fn, v, teamSize) {
  if (v === void 0) return teamSize;
  if (typeof v !== "number") throw new TypeError(`Cannot run ${fn} as 'threads' must be a number: received ${describe(v)}`);
  const t = v < 0 ? teamSize + 1 + v : v;
  if (!Number.isSafeInteger(v) || v === 0 || t < 1 || t > teamSize) {
    throw new RangeError(
      `Cannot run ${fn} as 'threads' must be an integer from 1 to the team size ${teamSize}, or from -1 to -${teamSize} counting back from it: received ${v}`
    );
  }
  return t;
}
function checkSignal(fn, v) {
  if (v === void 0) return void 0;
  if (typeof AbortSignal === "undefined" || !(v instanceof AbortSignal)) {
    throw new TypeError(`Cannot run ${fn} as 'signal' must be an AbortSignal: received ${describe(v)}`);
  }
  return v;
}
function checkTimeout(fn, v) {
  if (v === void 0) return void 0;
  if (typeof v !== "number") throw new TypeError(`Cannot run ${fn} as 'timeout' must be a number of milliseconds: received ${describe(v)}`);
  if (!(v > 0)) throw new RangeError(`Cannot run ${fn} as 'timeout' must be a positive number of milliseconds: received ${v}`);
  return v >= 2147483647 ? void 0 : v;
}

// src/api/requests.ts
var COMMON = ["verbose", "onProgress"];
var EXTRA_KEYS = {
  for: [...COMMON, "trace"],
  range: COMMON,
  map: [...COMMON, "out"],
  reduce: [...COMMON, "op", "identity"],
  for2d: COMMON,
  region: COMMON
};
var SHAPES = {
  region: "(ctx, shared) => void",
  for: "(i, shared, ctx) => void",
  range: "(lo, hi, shared, ctx) => void",
  map: "(i, shared, ctx) => value",
  reduce: "(i, shared, ctx) => number",
  for2d: "(i, j, shared, ctx) => void"
};
var OPS = ["+", "*", "min", "max"];
function prepare(engine, fn, kind, a, b, body, options) {
  const o = readOptions(fn, options, EXTRA_KEYS[kind]);
  let start = a;
  let end = b;
  let aux;
  if (kind === "region") {
    if (o.schedule !== void 0 || o.chunk !== void 0) {
      throw new TypeError(`Cannot run ${fn} with 'schedule' or 'chunk': every thread runs the region once (use ctx.loop() inside it)`);
    }
    start = 0;
    end = resolveThreads(fn, o.threads, engine.size);
  } else if (kind === "for2d") {
    const [r0, r1] = pair(fn, "rows", a);
    const [c0, c1] = pair(fn, "cols", b);
    const rows = Math.max(0, r1 - r0);
    const cols = Math.max(0, c1 - c0);
    if (!Number.isSafeInteger(rows * cols)) {
      throw new RangeError(`Cannot run ${fn} as rows \xD7 cols is not a safe integer: received ${rows} \xD7 ${cols}`);
    }
    start = 0;
    end = rows * cols;
    aux = [cols, r0, c0];
  }
  const plan = planLoop(fn, start, end, o, engine.size);
  let combine;
  let identity = 0;
  let combiner;
  if (kind === "reduce") {
    ({ combine, identity, combiner } = reduction(fn, engine, o));
    aux = [identity, 0, 0];
  }
  let out;
  if (kind === "map") out = mapOutput(fn, o.out, plan.n);
  const reg = engine.bodies.register(body, kind, combine, SHAPES[kind]);
  const signal = checkSignal(fn, o.signal);
  const timeout = checkTimeout(fn, o.timeout);
  const traced = readTrace(fn, o.trace);
  const finish = kind === "map" ? () => out : kind === "reduce" ? (r) => combinePartials(r.partials, identity, combiner) : traced ? (r) => toTrace(plan, r) : returnNothing;
  const report = reporter(fn, plan, readVerbose(fn, o.verbose), readProgress(fn, o.onProgress));
  if (inLoopThread()) {
    if (signal?.aborted) throw signal.reason;
    const locate = kind === "for2d" ? (e) => locateCell(e, aux) : (e) => e;
    let acc;
    try {
      acc = runSerial(kind, body, plan.start, plan.n, o.shared ?? {}, out, aux, combine, combiner);
    } catch (e) {
      throw locate(e);
    }
    return { value: finish({ partials: plan.n === 0 ? [] : [acc] }) };
  }
  const shared = engine.shared.snapshot(o.shared, out);
  const flags = report.flags | (traced ? RECORD_TRACE : 0);
  const req = { plan, body: reg, shared, signal, timeout, aux, flags, onProgress: report.tick };
  if (kind === "for2d") return { req, report, finish, locate: (e) => locateCell(e, aux) };
  return { req, report, finish };
}
function toTrace(plan, r) {
  const t = r.trace ?? { chunks: [], dropped: 0 };
  return { schedule: planLabel(plan), threads: plan.threads, start: plan.start, end: plan.start + plan.n, chunks: t.chunks, dropped: t.dropped };
}
function readTrace(fn, v) {
  if (v === void 0 || v === false) return false;
  if (v === true) return true;
  throw new TypeError(`Cannot run ${fn} as 'trace' must be a boolean: received ${describe(v)}`);
}
function readVerbose(fn, v) {
  if (v === void 0 || v === false) return 0;
  if (v === true) return 1;
  if (typeof v !== "number") throw new TypeError(`Cannot run ${fn} as 'verbose' must be a level (a number): received ${describe(v)}`);
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`Cannot run ${fn} as 'verbose' must be a non-negative integer: received ${v}`);
  return v;
}
function readProgress(fn, v) {
  if (v === void 0) return void 0;
  if (typeof v !== "function") throw new TypeError(`Cannot run ${fn} as 'onProgress' must be a function (done, total) => void: received ${describe(v)}`);
  return v;
}
function returnNothing() {
  return void 0;
}
function combinePartials(partials, identity, combiner) {
  if (partials.length === 0) return identity;
  let acc = partials[0];
  for (let t = 1; t < partials.length; t++) acc = combiner(acc, partials[t]);
  return acc;
}
function pair(fn, name, v) {
  if (!Array.isArray(v) || v.length !== 2) {
    throw new TypeError(`Cannot run ${fn} as '${name}' must be a [start, end) pair of integers: received ${describe(v)}`);
  }
  return [checkBound(fn, `${name}[0]`, v[0]), checkBound(fn, `${name}[1]`, v[1])];
}
function reduction(fn, engine, o) {
  const op = o.op ?? "+";
  if (typeof op === "function") {
    if (typeof o.identity !== "number") {
      throw new TypeError(`Cannot run ${fn} with a combiner function as 'identity' must then be given as a number: received ${describe(o.identity)}`);
    }
    const source = engine.bodies.combinerSource(op);
    return { combine: { source }, identity: o.identity, combiner: op };
  }
  if (!OPS.includes(op)) {
    throw new RangeError(`Cannot run ${fn} as 'op' must be '+', '*', 'min', 'max' or a function: received ${describe(op)}`);
  }
  const identity = IDENTITY[op];
  if (o.identity !== void 0 && !Object.is(o.identity, identity)) {
    throw new RangeError(`Cannot run ${fn} as the identity of '${op}' is ${identity} (OpenMP's): received ${describe(o.identity)}`);
  }
  const combiner = op === "+" ? (x, y) => x + y : op === "*" ? (x, y) => x * y : op === "min" ? Math.min : Math.max;
  return { combine: { op }, identity, combiner };
}
function mapOutput(fn, out, n) {
  if (out === void 0) return sharedArray(Float64Array, n);
  if (!isSharedView(out) || out instanceof DataView) {
    throw new TypeError(`Cannot run ${fn} as 'out' must be a typed array over a SharedArrayBuffer (see sharedArray()): received ${describe(out)}`);
  }
  if (out.length < n) {
    throw new RangeError(`Cannot run ${fn} as 'out' must hold the ${n} results: received length ${out.length}`);
  }
  return out;
}
function locateCell(e, [cols, r0, c0]) {
  if (e instanceof LoopBodyError && Number.isFinite(e.index)) {
    Object.defineProperty(e, "row", { value: r0 + Math.floor(e.index / cols), enumerable: true });
    Object.defineProperty(e, "col", { value: c0 + e.index % cols, enumerable: true });
  }
  return e;
}
function runSerial(kind, body, start, n, shared, out, aux, combine, combiner) {
  const fn = isKernel(body) ? kernelExport(platform2.importSync(body.url), body.url, body.name) : body;
  const run = runnerFor(fn, kind, combine, combiner);
  const at = { index: NaN };
  const a = { out, start, acc: aux?.[0] ?? 0, cols: aux?.[0] ?? 0, row0: aux?.[1] ?? 0, col0: aux?.[2] ?? 0 };
  try {
    run(start, start + n, shared, makeContext(0, 1), at, a);
  } catch (e) {
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new LoopBodyError(`The loop body threw at iteration ${at.index} on thread 0: ${msg}`, at.index, 0, e);
  }
  return a.acc;
}

// src/api/team.ts
var TEAM_KEYS = /* @__PURE__ */ new Set(["threads", "waitPolicy", "resourceLimits"]);
var MAX_TEAM_THREADS = 1024;
var Team = class {
  #engine;
  constructor(options = {}) {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(`Cannot create a team as its options must be an object: received ${describe(options)}`);
    }
    for (const key of Object.keys(options)) {
      if (!TEAM_KEYS.has(key)) throw new TypeError(`Cannot create a team as '${key}' is not an option: expected one of ${[...TEAM_KEYS].join(", ")}`);
    }
    const threads = options.threads ?? defaultThreadCount();
    if (typeof threads !== "number") throw new TypeError(`Cannot create a team as 'threads' must be a number: received ${describe(threads)}`);
    if (!Number.isSafeInteger(threads) || threads < 1 || threads > MAX_TEAM_THREADS) {
      throw new RangeError(`Cannot create a team as 'threads' must be an integer from 1 to ${MAX_TEAM_THREADS}: received ${threads}`);
    }
    const waitPolicy = options.waitPolicy ?? defaultWaitPolicy();
    if (!WAIT_POLICIES.includes(waitPolicy)) {
      throw new RangeError(`Cannot create a team as 'waitPolicy' must be one of ${WAIT_POLICIES.join(", ")}: received ${describe(waitPolicy)}`);
    }
    this.#engine = new Engine(platform2, { threads, waitPolicy, resourceLimits: options.resourceLimits });
  }
  /** Threads in the team. */
  get size() {
    return this.#engine.size;
  }
  get waitPolicy() {
    return this.#engine.waitPolicy;
  }
  /** True once `close()` was called. */
  get closed() {
    return this.#engine.isClosed;
  }
  get stats() {
    return { regions: this.#engine.regions, messages: this.#engine.messages };
  }
  /** Resolves when every worker has started (rejects with WorkerExitError if one cannot). */
  ready() {
    return this.#engine.ready();
  }
  parallelFor(start, end, body, options) {
    return this.#async("parallelFor", "for", start, end, body, options);
  }
  parallelForSync(start, end, body, options) {
    return this.#sync("parallelForSync", "for", start, end, body, options);
  }
  /**
   * Like parallelFor, but the body receives whole chunks, `body(lo, hi, shared, ctx)`,
   * and runs the inner loop itself (TBB's blocked_range): for bodies with per-chunk state.
   * Under plain `static` each thread gets its whole block in one call.
   */
  parallelForRange(start, end, body, options) {
    return this.#async("parallelForRange", "range", start, end, body, options);
  }
  parallelForRangeSync(start, end, body, options) {
    this.#sync("parallelForRangeSync", "range", start, end, body, options);
  }
  /**
   * Reduce `body(i, shared, ctx)` (a number) over [start, end) with `op`. Each
   * thread accumulates privately; partials are combined in thread order, so a
   * `static` loop gives the same answer every run.
   */
  parallelReduce(start, end, body, options) {
    return this.#async("parallelReduce", "reduce", start, end, body, options);
  }
  parallelReduceSync(start, end, body, options) {
    return this.#sync("parallelReduceSync", "reduce", start, end, body, options);
  }
  /**
   * `out[i - start] = fn(i, shared, ctx)` for every i in [start, end), into `options.out`
   * or a new shared Float64Array; resolves with that array. Results are written in place.
   */
  parallelMap(start, end, fn, options) {
    return this.#async("parallelMap", "map", start, end, fn, options);
  }
  parallelMapSync(start, end, fn, options) {
    return this.#sync("parallelMapSync", "map", start, end, fn, options);
  }
  /**
   * `body(i, j, shared, ctx)` for every cell of [rows[0], rows[1]) × [cols[0], cols[1]):
   * OpenMP's `collapse(2)`. The schedule divides the flattened row-major space.
   */
  parallelFor2D(rows, cols, body, options) {
    return this.#async("parallelFor2D", "for2d", rows, cols, body, options);
  }
  parallelFor2DSync(rows, cols, body, options) {
    this.#sync("parallelFor2DSync", "for2d", rows, cols, body, options);
  }
  /**
   * OpenMP's `#pragma omp parallel`: every thread runs `region(ctx, shared)` once.
   * Inside, `ctx` adds barrier(), critical(fn), single(fn), master(fn) and
   * loop(start, end, fn, schedule), so an iterative algorithm runs many
   * worksharing loops per dispatch.
   */
  parallel(region, options) {
    return this.#async("parallel", "region", void 0, void 0, region, options);
  }
  parallelSync(region, options) {
    this.#sync("parallelSync", "region", void 0, void 0, region, options);
  }
  #async(fn, kind, a, b, body, options) {
    let p;
    try {
      p = prepare(this.#engine, fn, kind, a, b, body, options);
    } catch (e) {
      return Promise.reject(e);
    }
    if ("value" in p) return Promise.resolve(p.value);
    const { req, finish, locate, report } = p;
    report.begin();
    return this.#engine.runAsync(req).then((r) => {
      report.end();
      return finish(r);
    }, (e) => {
      report.end(e);
      throw locate ? locate(e) : e;
    });
  }
  #sync(fn, kind, a, b, body, options) {
    const p = prepare(this.#engine, fn, kind, a, b, body, options);
    if ("value" in p) return p.value;
    p.report.begin();
    let r;
    try {
      r = this.#engine.runSync(p.req);
    } catch (e) {
      p.report.end(e);
      throw p.locate ? p.locate(e) : e;
    }
    p.report.end();
    return p.finish(r);
  }
  /**
   * Stop the workers. Loops called before `close()` finish first; later calls
   * reject with TeamClosedError.
   */
  close() {
    return this.#engine.close();
  }
};
function createTeam(options) {
  return new Team(options);
}

// src/api/loops.ts
var defaultTeam;
function getDefaultTeam() {
  if (defaultTeam === void 0 || defaultTeam.closed) defaultTeam = new Team();
  return defaultTeam;
}
function teamOf(fn, options) {
  if (typeof options === "object" && options !== null && "team" in options) {
    const t = options.team;
    if (t !== void 0) {
      if (!(t instanceof Team)) throw new TypeError(`Cannot run ${fn} as 'team' must be a Team from createTeam(): received ${describe(t)}`);
      return t;
    }
  }
  return getDefaultTeam();
}
function parallelFor(start, end, body, options) {
  return viaTeam("parallelFor", options, (t) => t.parallelFor(start, end, body, options));
}
function parallelForSync(start, end, body, options) {
  return teamOf("parallelForSync", options).parallelForSync(start, end, body, options);
}
function parallelForRange(start, end, body, options) {
  return viaTeam("parallelForRange", options, (t) => t.parallelForRange(start, end, body, options));
}
function parallelForRangeSync(start, end, body, options) {
  teamOf("parallelForRangeSync", options).parallelForRangeSync(start, end, body, options);
}
function parallelReduce(start, end, body, options) {
  return viaTeam("parallelReduce", options, (t) => t.parallelReduce(start, end, body, options));
}
function parallelReduceSync(start, end, body, options) {
  return teamOf("parallelReduceSync", options).parallelReduceSync(start, end, body, options);
}
function parallelMap(start, end, fn, options) {
  return viaTeam("parallelMap", options, (t) => t.parallelMap(start, end, fn, options));
}
function parallelMapSync(start, end, fn, options) {
  return teamOf("parallelMapSync", options).parallelMapSync(start, end, fn, options);
}
function parallelFor2D(rows, cols, body, options) {
  return viaTeam("parallelFor2D", options, (t) => t.parallelFor2D(rows, cols, body, options));
}
function parallelFor2DSync(rows, cols, body, options) {
  teamOf("parallelFor2DSync", options).parallelFor2DSync(rows, cols, body, options);
}
function parallel(region, options) {
  return viaTeam("parallel", options, (t) => t.parallel(region, options));
}
function parallelSync(region, options) {
  teamOf("parallelSync", options).parallelSync(region, options);
}
function viaTeam(fn, options, run) {
  try {
    return run(teamOf(fn, options));
  } catch (e) {
    return Promise.reject(e);
  }
}
async function shutdown() {
  const t = defaultTeam;
  defaultTeam = void 0;
  if (t !== void 0) await t.close();
}

// src/data/trace-svg.ts
var COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7"];
var esc = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
function traceToSVG(trace, options = {}) {
  const width = options.width ?? 800;
  const lane = options.laneHeight ?? 28;
  const left = 70;
  const top = 34;
  const plot = width - left - 20;
  const total = Math.max(1e-9, ...trace.chunks.map((c) => c.end));
  const height = top + trace.threads * lane + 34;
  const x = (t) => left + plot * t / total;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${left}" y="20" font-size="14">${esc(options.title ?? `schedule ${trace.schedule}`)} \xB7 ${trace.end - trace.start} iterations \xB7 ${trace.chunks.length} chunks \xB7 ${total.toFixed(2)} ms</text>`
  ];
  for (let t = 0; t < trace.threads; t++) {
    const y = top + t * lane;
    parts.push(`<text x="8" y="${y + lane / 2 + 4}">thread ${t}</text>`);
    parts.push(`<line x1="${left}" x2="${left + plot}" y1="${y + lane - 2}" y2="${y + lane - 2}" stroke="#ddd"/>`);
  }
  for (const c of trace.chunks) {
    const y = top + c.threadId * lane + 3;
    const w = Math.max(0.5, x(c.end) - x(c.start));
    parts.push(`<rect x="${x(c.start).toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${lane - 8}" fill="${COLORS[c.threadId % COLORS.length]}" stroke="white" stroke-width="0.5"><title>thread ${c.threadId}: [${c.lo}, ${c.hi}) ${(c.end - c.start).toFixed(3)} ms</title></rect>`);
  }
  const axisY = top + trace.threads * lane + 16;
  for (let k = 0; k <= 4; k++) {
    const t = total * k / 4;
    parts.push(`<text x="${x(t).toFixed(1)}" y="${axisY}" text-anchor="middle" fill="#555">${t.toFixed(1)} ms</text>`);
  }
  parts.push("</svg>");
  return parts.join("\n");
}
export {
  BodySetupError,
  LoopBodyError,
  MAX_TEAM_THREADS,
  ParforError,
  SharedMatrix,
  Team,
  TeamClosedError,
  TimeoutError,
  UnsupportedEnvironmentError,
  WorkerExitError,
  createTeam,
  getDefaultTeam,
  kernel,
  parallel,
  parallelFor,
  parallelFor2D,
  parallelFor2DSync,
  parallelForRange,
  parallelForRangeSync,
  parallelForSync,
  parallelMap,
  parallelMapSync,
  parallelReduce,
  parallelReduceSync,
  parallelSync,
  sharedArray,
  shutdown,
  traceToSVG
};
//# sourceMappingURL=index.js.map
