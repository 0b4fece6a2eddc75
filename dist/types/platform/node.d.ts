import type { Platform } from './types.js';
export declare const nodePlatform: Platform;
/** True on the process's main thread (not inside any worker). */
export declare const onMainThread: boolean;
