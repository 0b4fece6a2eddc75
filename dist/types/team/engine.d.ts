import type { Platform } from '../platform/types.js';
import { BodyRegistry } from './bodies.js';
import { type WaitPolicy } from './policy.js';
import { type LoopRequest, type LoopResult } from './region.js';
import { SharedCache } from './shared-cache.js';
/** After a timeout, how long threads get to reach a chunk boundary before they are terminated. */
export declare const TIMEOUT_GRACE_MS = 100;
/** How often an async loop's progress is read while it runs. */
export declare const PROGRESS_MS = 100;
export type { LoopRequest, LoopResult } from './region.js';
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
    close(): Promise<void>;
}
