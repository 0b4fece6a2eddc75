/**
 * Turn a schedule request into a Plan: resolve `auto` and `runtime`, apply
 * OpenMP's chunk defaults, count chunks. Validation of user input happens in
 * api/; this module assumes well-typed values.
 */
import { type Plan, type ScheduleName, type ScheduleSpec } from './kinds.js';
/** Chunks per thread that `auto` aims for. */
export declare const AUTO_CHUNKS_PER_THREAD = 16;
/**
 * Parse an OpenMP schedule string, `[monotonic:|nonmonotonic:]kind[,chunk]`,
 * as `OMP_SCHEDULE` takes it (case-insensitive). `source` names where the text
 * came from, for the error message. `runtime` is not a valid kind here.
 */
export declare function parseScheduleText(text: string, source: string): ScheduleSpec | {
    kind: 'auto';
    chunk: undefined;
};
/** What `runtime` means when OMP_SCHEDULE is unset: libgomp's default. */
export declare const RUNTIME_DEFAULT: ScheduleSpec;
/**
 * Resolve a schedule for n iterations on `threads` threads.
 * `runtime` is the parsed OMP_SCHEDULE (or undefined when unset).
 */
export declare function resolvePlan(name: ScheduleName, chunk: number | undefined, start: number, n: number, threads: number, runtime: ScheduleSpec | {
    kind: 'auto';
    chunk: undefined;
} | undefined): Plan;
