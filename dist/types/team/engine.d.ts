/**
 * The engine behind a Team: starts regions through the control block, joins
 * them (blocking or not), enforces timeouts and aborts, and turns the
 * region's first error into the error the caller sees. Protocol steps D1…D5
 * and J1…J3 are described in core/README.md.
 */
import { type Descriptor } from '../core/control.js';
import type { Platform } from '../platform/types.js';
import type { Plan } from '../schedule/kinds.js';
import { BodyRegistry, type RegisteredBody } from './bodies.js';
import { type TraceRecord } from '../core/trace-buffer.js';
import { type WaitPolicy } from './policy.js';
import { SharedCache, type SharedSnapshot } from './shared-cache.js';
/** After a timeout, how long threads get to reach a chunk boundary before they are terminated. */
export declare const TIMEOUT_GRACE_MS = 100;
/** One loop, validated and resolved, as the engine receives it. */
export interface LoopRequest {
    plan: Plan;
    /** The descriptor this loop writes (derived from plan, body and shared). */
    desc?: Descriptor;
    body: RegisteredBody;
    shared: SharedSnapshot;
    signal: AbortSignal | undefined;
    timeout: number | undefined;
    /** Mode parameters for the descriptor: reduce: [identity]; 2-D: [cols, row0, col0]. */
    aux?: [number, number, number];
    /** RECORD_PROGRESS | RECORD_TRACE, or 0. */
    flags?: number;
    /** Async loops: called with the iterations done so far, every PROGRESS_MS while the loop runs. */
    onProgress?: (done: number) => void;
}
/** What a finished loop hands back: the threads' reduction partials (thread order) and its trace. */
export interface LoopResult {
    partials: number[];
    trace?: {
        chunks: TraceRecord[];
        dropped: number;
    };
}
/** How often an async loop's progress is read while it runs. */
export declare const PROGRESS_MS = 100;
export interface EngineOptions {
    threads: number;
    waitPolicy: WaitPolicy;
    resourceLimits?: Record<string, number>;
}
export declare class Engine {
    private readonly platform;
    readonly size: number;
    readonly waitPolicy: WaitPolicy;
    readonly bodies: BodyRegistry;
    readonly shared: SharedCache;
    /** Regions dispatched so far. */
    regions: number;
    private readonly ctl;
    private readonly regionSync;
    private readonly workers;
    private readonly spins;
    private closed;
    private closing;
    private active;
    private busy;
    private readonly queue;
    /** The buffer traced loops record into; created on first use. */
    private trace;
    /** Thread 0's per-region values in sync loops (a sync loop never nests on this thread). */
    private readonly aux;
    constructor(platform: Platform, opts: EngineOptions);
    get isClosed(): boolean;
    /** postMessage calls made to workers so far (definitions only). */
    get messages(): number;
    ready(): Promise<void>;
    runAsync(req: LoopRequest): Promise<LoopResult>;
    private joinAsync;
    runSync(req: LoopRequest): LoopResult;
    /** J1-J2 for a blocked caller, with the timeout's stop, grace and kill phases. */
    private joinSync;
    /** A synchronous loop found an asynchronous region in flight: wait for it and keep its outcome for its caller. */
    private settleActiveSync;
    /** D1-D4: post what workers lack, write the descriptor, enlist and wake the workers. */
    private dispatch;
    /** J3: turn the fault slot into the caller's error, drop stale reports. */
    private harvest;
    private terminateStuck;
    private acquire;
    private release;
    close(): Promise<void>;
}
