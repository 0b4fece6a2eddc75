/**
 * The team's threads: one slot per worker plus the watcher. Spawns in
 * parallel, replaces dead workers, keeps the process alive only while loops
 * are pending, and posts a body or shared values to a worker only when that
 * worker does not have them yet.
 */
import type { ControlBlock } from '../core/control.js';
import type { Platform } from '../platform/types.js';
import { type RegisteredBody } from './bodies.js';
import type { Encoded } from './shared-values.js';
/** How long a thread waits for a new worker to start before giving up. */
export declare const BOOT_TIMEOUT_MS = 30000;
export interface WorkerSetOptions {
    size: number;
    spins: number;
    resourceLimits?: Record<string, number>;
}
export declare class WorkerSet {
    private readonly ctl;
    private readonly platform;
    private readonly opts;
    readonly size: number;
    /** postMessage calls made to workers (definitions); 0 per loop in the steady state. */
    messages: number;
    private readonly slots;
    private watcher;
    /** Lifelines of workers spawned before the watcher existed. */
    private readonly pendingWatch;
    private refs;
    private watcherReady;
    private closing;
    constructor(ctl: ControlBlock, platform: Platform, opts: WorkerSetOptions);
    private startWatcher;
    private watch;
    private spawn;
    /** Generation of the worker now in slot w. */
    generation(w: number): number;
    /** Resolve once every worker has started; reject if one failed to. */
    ready(): Promise<void>;
    /** Make sure workers 0…count-1 are IDLE, replacing dead ones (async). */
    readyFor(count: number): Promise<void>;
    /** Make sure workers 0…count-1 are IDLE, blocking this thread while they start. */
    readyForSync(count: number): void;
    private replace;
    private awaitSlot;
    private check;
    /** Post body `reg` to worker w unless it has it. */
    ensureBody(w: number, reg: RegisteredBody): void;
    /** Post shared values `id` to worker w unless it has them (id 0, "none", needs no message). */
    ensureShared(w: number, id: number, value: Encoded | null, extra: ArrayBufferView | undefined): void;
    /** Post the trace buffer to worker w unless it has it. */
    ensureTrace(w: number, buffer: SharedArrayBuffer): void;
    /** Wait for worker w's next report (platforms without a synchronous receive). */
    nextReport(w: number, ms: number): Promise<unknown>;
    /** Take worker w's queued error report, if any. */
    takeReport(w: number): unknown;
    /** Exit code of generation `gen` of worker w, waiting at most `ms` for it. */
    exitCode(w: number, gen: number, ms: number): Promise<number | undefined>;
    /** Ask worker w's thread to stop (a stuck body past its timeout). */
    terminate(w: number): void;
    /** Replace workers among 0…count-1 that died (after a synchronous loop). */
    replaceDead(count: number): void;
    /** While at least one ref is held, the workers keep the process alive. */
    ref(): void;
    unref(): void;
    close(): Promise<void>;
}
