/** What a region needs written into the descriptor. */
export interface Descriptor {
    kind: number;
    threads: number;
    bodyId: number;
    sharedId: number;
    /** Polls the workers spend waiting for the next region before they sleep. */
    spins: number;
    start: number;
    n: number;
    chunk: number;
    numChunks: number;
    /** Whether plain static blocks may be sliced (false when the body receives whole chunks). */
    slice: boolean;
    /** What threads record per chunk (RECORD_PROGRESS, RECORD_TRACE). */
    flags: number;
    /** Mode parameters (reduce: identity; 2-D: columns, first row, first column). */
    aux0: number;
    aux1: number;
    aux2: number;
}
/** The first error of a region, as recorded in the fault slot. */
export interface Fault {
    kind: number;
    threadId: number;
    worker: number;
    exitCode: number;
    index: number;
}
/**
 * What walking a schedule needs from shared memory: the stop flag and the two
 * claims. The control block provides them for a region; a parallel region's
 * ctx.loop() provides them on counters of its own (core/region-sync.ts).
 */
export interface Claims {
    stopped(): boolean;
    /** Next chunk index of a `dynamic` schedule, or -1 when none is left. */
    claimChunk(numChunks: number, threads: number): number;
    /** Next guided range [lo, end(lo)) (`out[0]` gets the end), or -1 when none is left. */
    claimRange(n: number, end: (lo: number) => number, out: Float64Array): number;
}
/**
 * One fetch-add on a chunk counter: the int32 word at `at32` while chunk
 * indices leave head-room below 2^31 for every thread's final overshoot, the
 * int64 word at `at64` beyond. Returns the chunk index, or -1 when none is left.
 */
export declare function claimChunkAt(i32: Int32Array, at32: number, i64: BigInt64Array, at64: number, numChunks: number, threads: number): number;
/**
 * Claim [lo, end(lo)) by compare-exchange on the next-iteration counter at
 * `at` (guided). Returns lo, or -1 when nothing is left; `out[0]` gets the end.
 */
export declare function claimRangeAt(i64: BigInt64Array, at: number, n: number, end: (lo: number) => number, out: Float64Array): number;
/** Outcome of a bounded wait. */
export type WaitResult = 'ok' | 'timed-out';
export declare class ControlBlock implements Claims {
    readonly buffer: SharedArrayBuffer;
    readonly i32: Int32Array;
    readonly f64: Float64Array;
    readonly i64: BigInt64Array;
    /** Workers this block was laid out for. */
    readonly workers: number;
    constructor(buffer: SharedArrayBuffer);
    static create(workers: number): ControlBlock;
    private slot;
    /**
     * Step D1-D2: write the descriptor and reset the per-region words. Only
     * legal while no region is in flight (PENDING is 0).
     */
    prepare(d: Descriptor, participants: number): number;
    /** Step D3: worker w will run as loop thread `tid` (written only when it changes). */
    assign(w: number, tid: number): void;
    /**
     * Step D4: start worker w in region `epoch`; a futex wake only if it sleeps.
     * Then re-read its state: if it died meanwhile, its death may have been
     * observed before this wake store, by someone who then saw no region to
     * account for, so account for it here (the W_LEFT CAS keeps that to once).
     */
    wake(w: number, epoch: number): void;
    /** Tell every worker to leave its loop (team closing). */
    shutdown(workers: number): void;
    epoch(): number;
    /**
     * Step W1: wait until worker w's wake word differs from `seen`. Spins for
     * `spins` polls, then announces itself as sleeping and blocks. Returns the
     * new wake value. The SLEEPING store comes before the re-check inside
     * `Atomics.wait`, and the dispatcher's WAKE store before its SLEEPING load,
     * so one of the two always sees the other (no lost wake-up).
     */
    awaitWake(w: number, seen: number, spins: number): number;
    /** The wake value worker w must treat as already seen when it (re)starts. */
    wakeValue(w: number): number;
    shuttingDown(): boolean;
    /** Read the descriptor (after W1 has observed the wake store). */
    descriptor(): Descriptor;
    /** A thread's reduction partial: written by that thread before it leaves (published by the leave). */
    setPartial(tid: number, value: number): void;
    private progressIndex;
    /** Thread `tid` finished `count` more iterations (its own word: no contention). */
    addProgress(tid: number, count: number): void;
    /** Iterations finished so far by threads 0…threads-1 (read while they run). */
    progress(threads: number): number;
    /** The partials of threads 0…threads-1, read by the joiner after the join. */
    partials(threads: number): number[];
    threadIdOf(w: number): number;
    /** Worker boot: BOOTING → IDLE, waking anyone waiting for it to be ready. */
    markReady(w: number, gen: number): boolean;
    /**
     * Step W5 for a worker: mark region `epoch` left (CAS on W_LEFT), then leave.
     * If the CAS fails the worker was already accounted for and must not leave twice.
     */
    workerLeave(w: number, epoch: number): void;
    /** True while worker w is inside region `epoch` (woken for it, not yet left or accounted for). */
    inRegion(w: number, epoch: number): boolean;
    /**
     * Worker w is gone: if it was inside region `epoch`, win the W_LEFT CAS for
     * it, record WORKER_EXIT and leave on its behalf.
     */
    private accountDead;
    /**
     * Step W5: one participant leaves the region. The last one out publishes
     * DONE and wakes the joiner if it sleeps. After this call the thread must not
     * touch the region's memory (the joiner may already report completion).
     */
    leave(): void;
    /** The region's dynamic claim (see claimChunkAt). */
    claimChunk(numChunks: number, threads: number): number;
    /** The region's guided claim (see claimRangeAt). */
    claimRange(n: number, end: (lo: number) => number, out: Float64Array): number;
    /** Set the claim counter directly (tests drive overflow paths with it). */
    setClaimCounter(value: bigint): void;
    /** True once someone asked the region to stop claiming. */
    stopped(): boolean;
    /**
     * Record the region's first error. Only the first caller wins (returns true)
     * and writes the details; everyone sets STOP so the others stop claiming.
     */
    raise(kind: number, threadId: number, worker: number, index?: number, exitCode?: number): boolean;
    /** True when the region just joined recorded an error. */
    faulted(): boolean;
    /** The first error of the region just joined (read after the join). */
    fault(): Fault;
    /**
     * Declare worker w gone (called by whoever observes the exit: the watcher
     * thread or the team's exit handler; both may, only one wins). If it was
     * inside the current region, record WORKER_EXIT and leave on its behalf.
     * Returns the state it had, or -1 if it was already dead.
     */
    markDead(w: number, gen: number, exitCode?: number): number;
    /**
     * Give slot w to a replacement worker: next generation, BOOTING. Only the
     * dispatcher calls this, and only when the slot is DEAD or FAILED (or new).
     * Returns the new generation.
     */
    rearm(w: number): number;
    /** Worker w's WorkerState (without the generation). */
    state(w: number): number;
    /** True once every participant has left region `epoch`. */
    joined(epoch: number): boolean;
    /**
     * Block until region `epoch` is joined or `timeoutMs` passes: spin `spins`
     * polls, then sleep on DONE with JOINER_SLEEPING set.
     */
    joinSync(epoch: number, spins: number, timeoutMs: number): WaitResult;
    /**
     * Resolve once region `epoch` is joined, without blocking the thread
     * (`Atomics.waitAsync`). The caller must keep the process alive meanwhile:
     * a pending waitAsync does not.
     */
    joinAsync(epoch: number, spins: number): Promise<void>;
    /** Block until worker w is no longer BOOTING, or the time runs out. */
    awaitBootSync(w: number, timeoutMs: number): number;
    /** Resolve with worker w's state once it is no longer BOOTING. */
    awaitBoot(w: number): Promise<number>;
    markWatcherReady(): void;
    awaitWatcherSync(timeoutMs: number): boolean;
}
