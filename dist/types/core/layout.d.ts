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
export declare const SLOT_BYTES = 128;
/** Int32 words per slot. */
export declare const SLOT_WORDS: number;
/** Region counter; bumped once per dispatched region. */
export declare const EPOCH = 0;
/** Non-zero once the team is closing: woken workers exit their loop. */
export declare const SHUTDOWN = 1;
/** Schedule kind code (see `schedule/kinds.ts`). */
export declare const D_KIND: number;
/** Number of threads taking part. */
export declare const D_THREADS: number;
/** Body id (see `team/bodies.ts`). */
export declare const D_BODY: number;
/** Shared-data id (see `team/shared-values.ts`). */
export declare const D_SHARED: number;
/** Polls a worker spends on its wake word after this region before it sleeps. */
export declare const D_SPINS: number;
/** 1 when plain static blocks may be run in slices (0 for bodies that receive whole chunks). */
export declare const D_SLICE: number;
/** What threads record per chunk: RECORD_PROGRESS | RECORD_TRACE (0: nothing). */
export declare const D_FLAGS: number;
export declare const RECORD_PROGRESS = 1;
export declare const RECORD_TRACE = 2;
/** First iteration, as a double (safe integers are exact). */
export declare const D_START_F64: number;
/** Trip count n: iterations are start … start+n-1. */
export declare const D_N_F64: number;
/** Chunk size (0 for plain static). */
export declare const D_CHUNK_F64: number;
/** Number of chunks, ceil(n / chunk). */
export declare const D_NCHUNKS_F64: number;
/** Mode parameters: the reduction's identity, or a 2-D loop's column count… */
export declare const D_AUX0_F64: number;
/** …first row… */
export declare const D_AUX1_F64: number;
/** …and first column. */
export declare const D_AUX2_F64: number;
/** Next chunk index for `dynamic` while chunk indices fit in int32. */
export declare const CLAIM32: number;
/** Next chunk index (dynamic, large spaces) or next iteration (guided). */
export declare const CLAIM_I64: number;
/** Threads (and dead workers not yet accounted for) still inside the region. */
export declare const PENDING: number;
/** Epoch of the last region every thread has left. The joiner waits on it. */
export declare const DONE: number;
/** 1 while the joiner sleeps (or awaits) on DONE, so leavers know to notify. */
export declare const JOINER_SLEEPING: number;
/** Non-zero: stop claiming chunks. Checked at every chunk boundary. */
export declare const STOP: number;
/** Kind of the first error (see FaultKind); 0 while none. First CAS wins. */
export declare const ERR_KIND: number;
/** Loop thread id the first error belongs to. */
export declare const ERR_THREAD: number;
/** Worker slot the first error belongs to (-1 for the calling thread). */
export declare const ERR_WORKER: number;
/** Exit code of a dead worker, when known. */
export declare const ERR_EXIT_CODE: number;
/** Iteration index that threw. */
export declare const ERR_INDEX_F64: number;
/** 1 once the watcher thread listens for worker deaths. */
export declare const WATCHER_READY: number;
/** Barrier: threads arrived at the current barrier. */
export declare const BAR_COUNT: number;
/** Barrier: generation, bumped when the last thread arrives (and when the region is stopped). */
export declare const BAR_GEN: number;
/** critical(): 0 free, 1 held, 2 held with waiters. */
export declare const LOCK: number;
/** single(): number of single constructs claimed so far in this region. */
export declare const SINGLE: number;
/** ctx.loop(): chunk counters (int32), two so one can be reset while the other is in use. */
export declare const LOOP_CLAIM: number;
/** ctx.loop() guided: next-iteration counters (int64 index), likewise two. */
export declare const LOOP_NEXT_I64: number;
/** Index of the first per-worker slot. Each worker has two: a state slot at
 * (FIRST_WORKER_SLOT + 2w) and a wake slot right after it, so the line a
 * worker polls while idle is written once per region (by the wake store) and
 * not also by the state transitions. */
export declare const FIRST_WORKER_SLOT = 10;
/** Slots per worker. */
export declare const WORKER_SLOTS = 2;
/** Worker w's generation and state, packed: (generation << STATE_BITS) | WorkerState.
 * The generation grows each time the slot gets a replacement worker, so an
 * observer holding a stale generation (a late exit notice) cannot touch the
 * new worker: every transition is a compare-exchange on the packed word. */
export declare const W_STATE = 0;
/** Bits of W_STATE that hold the WorkerState. */
export declare const STATE_BITS = 3;
export declare const STATE_MASK: number;
/** Loop thread id worker w runs as in the current region. */
export declare const W_TID = 1;
/** Wake word: the dispatcher stores the epoch here to start worker w. */
export declare const W_WAKE: number;
/** 1 while worker w sleeps (or is about to sleep) on its wake word. */
export declare const W_SLEEPING: number;
/** Last epoch worker w has left (or was accounted for, if it died in it). Worker w takes
 * part in region e exactly when W_WAKE = e; it is still inside while W_LEFT ≠ e. */
export declare const W_LEFT: number;
/** After the worker slots: one slot per loop thread (up to workers + 1) holding its
 * reduction partial (a double at the start of the slot) and its progress count (an int64
 * right after it), written by that thread only. */
export declare function partialSlot(workers: number, tid: number): number;
/** Bytes needed for a team of `workers` workers. */
export declare function controlBytes(workers: number): number;
/** The worker count a control block of `bytes` bytes was made for. */
export declare function workersFor(bytes: number): number;
/** Worker life cycle, stored in W_STATE. */
export declare const WorkerState: {
    /** Spawned, not yet running its loop. */
    readonly BOOTING: 0;
    /** Alive: waiting for a region or running one (W_WAKE / W_LEFT tell which). */
    readonly IDLE: 1;
    /** Gone (exited, crashed or terminated); its slot awaits a replacement. */
    readonly DEAD: 3;
    /** Failed before it ever became IDLE: not replaced automatically. */
    readonly FAILED: 4;
};
/** What the first error of a region was, stored in ERR_KIND. */
export declare const FaultKind: {
    readonly NONE: 0;
    /** A body threw; ERR_INDEX_F64 and ERR_THREAD say where. */
    readonly BODY: 1;
    /** A thread could not compile or import the body. */
    readonly SETUP: 2;
    /** The caller's AbortSignal fired. */
    readonly ABORT: 3;
    /** The region ran past its timeout. */
    readonly TIMEOUT: 4;
    /** A worker died inside the region; ERR_WORKER says which. */
    readonly WORKER_EXIT: 5;
};
