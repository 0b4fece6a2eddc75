/**
 * Turn a body definition into a chunk runner:
 * `(lo, hi, shared, ctx, at) => { for (i = lo; i < hi; i++) body(i, shared, ctx) }`.
 *
 * Each body gets its own runner, compiled from its own source text, so V8
 * sees one monomorphic call site per body and can inline the body into the
 * loop. Used by workers and by the calling thread of a synchronous loop, so
 * every thread runs the same code the same way.
 */
/** How a body reaches the threads (data only, posted to workers). */
export type BodyDef = {
    kind: 'fn';
    source: string;
} | {
    kind: 'kernel';
    url: string;
    name: string;
};
/** Where the iteration that threw is reported. */
export interface ThrowSite {
    index: number;
}
export type Runner = (lo: number, hi: number, shared: unknown, ctx: unknown, at: ThrowSite) => void;
type Body = (i: number, shared: unknown, ctx: unknown) => void;
/** Wrap a body function in a runner of its own (falls back to a shared closure where eval is forbidden). */
export declare function runnerFor(body: Body): Runner;
/**
 * Compile a function body from its source text. The text is evaluated at
 * global scope: the body sees globals, never the variables around the place
 * it was written. Method shorthand (`f(i) { … }`) is accepted too.
 */
export declare function compileSource(source: string): Body;
/** The export `name` of a kernel module, checked to be a function. */
export declare function kernelExport(ns: Record<string, unknown>, url: string, name: string): Body;
export {};
