import { type BodyDef, type Runner } from './compile.js';
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
    private readonly byFunction;
    /** Runners for the calling thread of synchronous loops. */
    private readonly local;
    /** Validate a body and return its registration. */
    register(body: unknown): RegisteredBody;
    private lookup;
    /** The runner the calling thread uses for `reg` (synchronous loops). */
    localRunner(reg: RegisteredBody, importSync: (url: string) => Record<string, unknown>): Runner;
}
