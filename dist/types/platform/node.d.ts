import type { Platform } from './types.js';
export declare const nodePlatform: Platform;
