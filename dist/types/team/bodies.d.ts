import { type BodyDef, type Combine, type Mode, type Runner } from './compile.js';
/** Bodies the team remembers (source → id). */
export declare const MAX_BODIES = 1024;
/** Bodies each worker keeps compiled. */
export declare const MAX_BODIES_PER_WORKER = 256;
export interface RegisteredBody {
    id: number;
    def: BodyDef;
    /** Set once the registry forgot this body; a later use registers it anew. */
    evicted?: boolean;
}
export declare class BodyRegistry {
    private nextId;
    private readonly byKey;
    /** Per mode: function object → registration (a fast path that skips reading the source). */
    private readonly byFunction;
    /** Runners for the calling thread of synchronous loops. */
    private readonly local;
    /**
     * Validate a body and return its registration. `mode` says how the loop
     * calls it; `combine` is the reduction's operator or combiner (reduce only).
     * `shape` describes the expected signature for error messages.
     */
    register(body: unknown, mode?: Mode, combine?: Combine, shape?: string): RegisteredBody;
    /** The source of a reduction's combiner function, validated like a body. */
    combinerSource(fn: unknown): string;
    private lookup;
    /** The runner the calling thread uses for `reg` (synchronous loops). */
    localRunner(reg: RegisteredBody, importSync: (url: string) => Record<string, unknown>): Runner;
}
/** The runner for a definition, given a way to load kernel modules (synchronously). */
export declare function compileDef(def: BodyDef, load: (url: string) => Record<string, unknown>): Runner;
