import type { Platform } from '../platform/types.js';
import type { ScheduleSpec } from '../schedule/kinds.js';
import { type WaitPolicy } from '../team/policy.js';
export declare const platform: Platform;
export declare function defaultThreadCount(): number;
/** The schedule `runtime` stands for, from OMP_SCHEDULE (undefined when unset). */
export declare function runtimeSchedule(): ScheduleSpec | {
    kind: 'auto';
    chunk: undefined;
} | undefined;
export declare function defaultWaitPolicy(): WaitPolicy;
