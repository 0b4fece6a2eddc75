import { type Plan, type ScheduleName } from '../schedule/kinds.js';
/** Options every loop function accepts. */
export interface LoopOptions {
    /** How iterations are divided: 'static' (default), 'dynamic', 'guided', 'auto' or 'runtime';
     * also 'dynamic,16' style, as OMP_SCHEDULE takes it. */
    schedule?: ScheduleName | `${'static' | 'dynamic' | 'guided'},${number}`;
    /** Chunk size in OpenMP's sense (positive safe integer). Not with 'auto' or 'runtime'. */
    chunk?: number;
    /** Values every body receives as its second argument: shared arrays, SharedMatrix, plain data. */
    shared?: Record<string, unknown>;
    /** Threads to use, 1 … team size (default: the whole team). */
    threads?: number;
    /** Abort the loop at the next chunk boundary; it rejects with `signal.reason`. */
    signal?: AbortSignal;
    /** Milliseconds before the loop rejects with TimeoutError. */
    timeout?: number;
    /** Run on this team instead of the default one. */
    team?: unknown;
    /** joblib-style progress lines on stderr: 1 start and end, 5 a line per tenth, 10 every 100 ms. */
    verbose?: number | boolean;
    /** Called with (done, total) about every 100 ms while an async loop runs, and once at the end. */
    onProgress?: (done: number, total: number) => void;
}
/** Normalise `options` (undefined, a schedule string, or an object); `extra` are the function's own keys. */
export declare function readOptions(fn: string, options: unknown, extra?: readonly string[]): LoopOptions;
export declare function checkBound(fn: string, name: string, v: unknown): number;
/** Validate start, end and the schedule options; resolve them into a Plan. */
export declare function planLoop(fn: string, start: unknown, end: unknown, o: LoopOptions, teamSize: number): Plan;
/** `threads`: 1 … team size, or joblib's negative form (-1 = the whole team, -2 = all but one, …). */
export declare function resolveThreads(fn: string, v: unknown, teamSize: number): number;
export declare function checkSignal(fn: string, v: unknown): AbortSignal | undefined;
export declare function checkTimeout(fn: string, v: unknown): number | undefined;
