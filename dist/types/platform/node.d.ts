import type { Platform } from './types.js';
export declare const platform: Platform;
