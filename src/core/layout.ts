/**
 * Control-block layout: data only. Every offset is an index into the
 * `Int32Array` view unless its name ends in `_F64` (index into the
 * `Float64Array` view) or `_I64` (index into the `BigInt64Array` view).
 *
 * The block is a row of 128-byte slots so that words written by different
 * threads never share a cache line (or an adjacent-line prefetch pair).
 * Who writes which word, and in what order, is in `core/README.md`.
 */

/** Bytes per slot. */
export const SLOT_BYTES = 128;
/** Int32 words per slot. */
export const SLOT_WORDS = SLOT_BYTES / 4;

// Slot 0: dispatch. Written by the dispatcher (the thread that starts regions).
/** Region counter; bumped once per dispatched region. */
export const EPOCH = 0;
/** Non-zero once the team is closing: woken workers exit their loop. */
export const SHUTDOWN = 1;
/** 1 when the team's workers sleep on WAKE_GEN and one notify wakes them all; 0 when each sleeps
 * on its own wake word and is woken by its own notify. Set once, before any worker starts. */
export const WAKE_TOGETHER = 2;
/** What sleeping workers wait on when WAKE_TOGETHER is 1: bumped (and notified once, for every
 * sleeper) after the wake stores of a region that found one of its workers asleep, and at shutdown. */
export const WAKE_GEN = 3;

// Slot 1: region descriptor. Written by the dispatcher before it wakes anyone;
// read-only while the region runs.
const DESC = 1 * SLOT_WORDS;
/** Schedule code (the index in `schedule/registry.ts`). */
export const D_SCHEDULE = DESC + 0;
/** Number of threads taking part. */
export const D_THREADS = DESC + 1;
/** Body id (see `team/bodies/registry.ts`). */
export const D_BODY = DESC + 2;
/** Shared-data id (see `team/shared/cache.ts`). */
export const D_SHARED = DESC + 3;
/** Polls a worker spends on its wake word after this region before it sleeps. */
export const D_SPINS = DESC + 4;
/** 1 when long chunks may be run in pieces (schedule/pace.ts; 0 for bodies that receive whole chunks). */
export const D_SLICE = DESC + 5;
/** What threads record per chunk: RECORD_PROGRESS | RECORD_TRACE (0: nothing). */
export const D_FLAGS = DESC + 6;
export const RECORD_PROGRESS = 1;
export const RECORD_TRACE = 2;
/** Not a record: the loop has `ordered`, and each thread passes the ordered turn (REGION_ORDER) after each chunk. */
export const ORDERED = 4;
/** Not a record: a deterministic reduction, whose schedule hands out fixed blocks (params 1-2: block size, end; kinds/blocks.ts). */
export const DETERMINISTIC = 8;
/** Threads time their chunks and barrier waits and add them to the team's stats ledger (core/stats-ledger.ts). */
export const RECORD_STATS = 16;
/** A parallel region with tasks: the body id of its task table (0: none; see `team/thread/tasks.ts`). */
export const D_TASKS = DESC + 7;
/** First iteration, as a double (safe integers are exact). */
export const D_START_F64 = (DESC + 8) / 2;
/** Trip count n: iterations are start … start+n-1. */
export const D_N_F64 = (DESC + 10) / 2;
/** Chunk size (0 for plain static). */
export const D_CHUNK_F64 = (DESC + 12) / 2;
/** Number of chunks, ceil(n / chunk). */
export const D_NCHUNKS_F64 = (DESC + 14) / 2;
/** The loop kind's three parameters, named by its record in kinds/table.ts (e.g. a reduction's
 * identity; a 2-D loop's column count, first row and first column). */
export const D_PARAM0_F64 = (DESC + 16) / 2;
export const D_PARAM1_F64 = (DESC + 18) / 2;
export const D_PARAM2_F64 = (DESC + 20) / 2;
/** Polls a thread spends on a wait inside this region (barrier, ordered turn, lock) before it sleeps; negative: at most that many, adapting (core/spin-limit.ts). */
export const D_REGION_SPINS = DESC + 22;

// Slot 2: the claim counter of dynamic and guided schedules. Every thread
// writes it; it has the slot to itself.
const CLAIM = 2 * SLOT_WORDS;
/** Next chunk index for `dynamic` while chunk indices fit in int32. */
export const CLAIM32 = CLAIM;
/** Next chunk index (dynamic, large spaces) or next iteration (guided). */
export const CLAIM_I64 = (CLAIM + 2) / 2;

// Slot 3: join. Written by each thread as it leaves the region.
const JOIN = 3 * SLOT_WORDS;
/** Threads (and dead workers not yet accounted for) still inside the region. */
export const PENDING = JOIN + 0;
/** Epoch of the last region every thread has left. The joiner waits on it. */
export const DONE = JOIN + 1;
/** Joiners sleeping (or awaiting) on DONE, counted; leavers notify when it is not 0. */
export const JOINER_SLEEPING = JOIN + 2;

// Slot 4: faults. Written rarely, by whoever raises the first error.
const FAULT = 4 * SLOT_WORDS;
/** Non-zero: stop claiming chunks. Checked at every chunk boundary. */
export const STOP = FAULT + 0;
/** Kind of the first error (see FaultKind); 0 while none. First CAS wins. */
export const ERR_KIND = FAULT + 1;
/** Loop thread id the first error belongs to. */
export const ERR_THREAD = FAULT + 2;
/** Worker slot the first error belongs to (-1 for the calling thread). */
export const ERR_WORKER = FAULT + 3;
/** Exit code of a dead worker, when known. */
export const ERR_EXIT_CODE = FAULT + 4;
/** Iteration index that threw (for a body that receives whole chunks: the chunk's first iteration). */
export const ERR_INDEX_F64 = (FAULT + 8) / 2;
/** End of the chunk that threw, for bodies that receive whole chunks (parallelForRange); NaN otherwise. */
export const ERR_HI_F64 = (FAULT + 10) / 2;

// Slot 5: the watcher thread.
const WATCH = 5 * SLOT_WORDS;
/** 1 once the watcher thread listens for worker deaths. */
export const WATCHER_READY = WATCH + 0;

// Slots 6-9: synchronisation inside a parallel region (see core/region-sync.ts).
/** Barrier: threads arrived at the current barrier. */
export const BAR_COUNT = 6 * SLOT_WORDS;
/** Barrier: generation, bumped when the last thread arrives (and when the region is stopped). */
export const BAR_GEN = 6 * SLOT_WORDS + 1;
/** single()'s broadcast (copyprivate): the value's type tag for single k at SINGLE_TAG + (k & 1) …
 * (on the barrier's line, which every reader has just fetched to see the barrier open) */
export const SINGLE_TAG = BAR_COUNT + 2;
/** … and its number at SINGLE_VALUE_F64 + (k & 1). Two of each: single k+2 cannot write before every thread read k. */
export const SINGLE_VALUE_F64 = (BAR_COUNT + 4) / 2;
/** critical(): 0 free, 1 held, 2 held with waiters. */
export const LOCK = 7 * SLOT_WORDS;
/** single(): number of single constructs claimed so far in this region. */
export const SINGLE = 8 * SLOT_WORDS;
/** ctx.loop(): chunk counters (int32), two so one can be reset while the other is in use. */
export const LOOP_CLAIM = 9 * SLOT_WORDS;
/** ctx.loop() guided: next-iteration counters (int64 index), likewise two. */
export const LOOP_NEXT_I64 = (9 * SLOT_WORDS + 4) / 2;
/** ctx.loop(): which loop owns each counter pair, as seq >> 1 (pair seq & 1); the last thread out of loop seq sets seq/2 + 1. */
export const LOOP_OWNER = 9 * SLOT_WORDS + 8;
/** ctx.loop(): threads that have run their last chunk of the pair's loop. */
export const LOOP_LEFT = 9 * SLOT_WORDS + 10;
/** ctx.loop() with `ordered`: the offset from the loop's start of the next chunk whose ordered code may run, per pair. */
export const LOOP_ORDER = 9 * SLOT_WORDS + 12;
/** A top-level loop with `ordered` (the region's own loop): the same turn, in a word of its own. */
export const REGION_ORDER = 9 * SLOT_WORDS + 14;
/** The ordered turn is an int32 offset from the loop's start: an ordered loop has at most this many iterations. */
export const MAX_ORDERED = 0x7fffffff;
/** Threads asleep (or about to sleep) on LOOP_OWNER, LOOP_ORDER or REGION_ORDER: a thread that moves one notifies only when this is not 0. */
export const LOOP_SLEEPERS = 9 * SLOT_WORDS + 15;

/** Index of the first per-worker slot. Each worker has two: a state slot at
 * (FIRST_WORKER_SLOT + 2w) and a wake slot right after it, so the line a
 * worker polls while idle is written once per region (by the wake store) and
 * not also by the state transitions. */
export const FIRST_WORKER_SLOT = 10;
/** Slots per worker. */
export const WORKER_SLOTS = 2;
// State slot words:
/** Worker w's generation and state, packed: (generation << STATE_BITS) | WorkerState.
 * The generation grows each time the slot gets a replacement worker, so an
 * observer holding a stale generation (a late exit notice) cannot touch the
 * new worker: every transition is a compare-exchange on the packed word. */
export const W_STATE = 0;
/** Bits of W_STATE that hold the WorkerState. */
export const STATE_BITS = 3;
export const STATE_MASK = (1 << STATE_BITS) - 1;
/** Loop thread id worker w runs as in the current region. */
export const W_TID = 1;
/** Worker w's exit code + 1, stored by the worker itself as its thread ends (0: not known). */
export const W_EXIT = 2;
// Wake slot words (offsets from the state slot's first word):
/** Wake word: the dispatcher stores the epoch here to start worker w. */
export const W_WAKE = SLOT_WORDS;
/** Non-zero while worker w sleeps (or is about to sleep) until its wake word changes: SLEEP_OWN on
 * that word, SLEEP_GEN on WAKE_GEN. */
export const W_SLEEPING = SLOT_WORDS + 1;
/** W_SLEEPING: the worker waits on its own wake word (every team that does not wake together, and in
 * one that does, a worker that a bump of WAKE_GEN found outside the region). */
export const SLEEP_OWN = 1;
/** W_SLEEPING: the worker waits on WAKE_GEN (a team that wakes together). */
export const SLEEP_GEN = 2;
/** Last epoch worker w has left (or was accounted for, if it died in it). Worker w takes
 * part in region e exactly when W_WAKE = e; it is still inside while W_LEFT ≠ e. */
export const W_LEFT = SLOT_WORDS + 2;

/** After the worker slots: one slot per loop thread (up to workers + 1) holding its
 * reduction partial (a double at the start of the slot) and its progress count (an int64
 * right after it), written by that thread only. */
export function partialSlot(workers: number, tid: number): number {
  return FIRST_WORKER_SLOT + WORKER_SLOTS * workers + tid;
}

/** The second half of each loop thread's partial slot holds its range of an `adaptive` loop
 * (core/ranges.ts, A1-A5): int32 word offsets from the slot's first word. */
/** The range's lock: 0 free, 1 held, 2 held with waiters. */
export const R_LOCK = SLOT_WORDS / 2;
/** The loop the range belongs to: the region's epoch … */
export const R_EPOCH = R_LOCK + 1;
/** … and 0 for the region's own loop, k + 1 for its k-th ctx.loop(). */
export const R_SEQ = R_LOCK + 2;
/** The range's first iteration and its end, as doubles (even int32 offsets: slot words / 2 are Float64 indices). */
export const R_LO = R_LOCK + 4;
export const R_HI = R_LOCK + 6;

/**
 * After the partial slots, the block values of a deterministic reduction
 * (kinds/blocks.ts): one double per block, at most BLOCK_SLOTS blocks. The
 * dispatcher sets the region's first n to the identity before it publishes
 * the region; each is then written by the one thread that runs its block, and
 * read by the caller at the harvest, before the next region (B1 in README.md).
 */
export const BLOCK_SLOTS = 1024;

/** Float64 index of the first block value in a block laid out for `workers` workers. */
export function blocksIndex(workers: number): number {
  return (partialSlot(workers, workers + 1) * SLOT_BYTES) / 8;
}

/** Bytes needed for a team of `workers` workers. */
export function controlBytes(workers: number): number {
  return partialSlot(workers, workers + 1) * SLOT_BYTES + BLOCK_SLOTS * 8;
}

/** The worker count a control block of `bytes` bytes was made for. */
export function workersFor(bytes: number): number {
  return ((bytes - BLOCK_SLOTS * 8) / SLOT_BYTES - FIRST_WORKER_SLOT - 1) / (WORKER_SLOTS + 1);
}

/** Worker life cycle, stored in W_STATE. */
export const WorkerState = {
  /** Spawned, not yet running its loop. */
  BOOTING: 0,
  /** Booted and alive: waiting for a region or running one (W_WAKE / W_LEFT tell which). */
  ALIVE: 1,
  /** Gone (exited, crashed or terminated); its slot awaits a replacement. */
  DEAD: 2,
  /** Failed before it ever became ALIVE: not replaced automatically. */
  FAILED: 3,
  /**
   * A body changed a built-in of its realm (team/thread/realm.ts): it set this
   * itself before leaving its last region, takes part in no more regions, and
   * is replaced (its thread ends by itself in Node; the team terminates it).
   */
  RETIRED: 4,
} as const;

/** What the first error of a region was, stored in ERR_KIND. */
export const FaultKind = {
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
  WORKER_EXIT: 5,
  /** A body changed a built-in of its worker's realm; ERR_INDEX_F64 holds its index in team/thread/realm.ts's WATCHED. */
  REALM: 6,
} as const;
