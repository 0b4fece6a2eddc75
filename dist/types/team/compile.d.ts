/**
 * Turn a body definition into a chunk runner:
 * `(lo, hi, shared, ctx, at) => { for (i = lo; i < hi; i++) body(i, shared, ctx) }`.
 *
 * Each body gets its own runner, compiled from its own source text, so V8
 * sees one monomorphic call site per body and can inline the body into the
 * loop. Used by workers and by the calling thread of a synchronous loop, so
 * every thread runs the same code the same way.
 */
/** How a loop calls its body; each mode has a chunk runner of its own. */
export type Mode = 'for' | 'range' | 'map' | 'reduce' | 'for2d' | 'region';
/** Reduction operators with OpenMP's identities. */
export type ReduceOp = '+' | '*' | 'min' | 'max';
/** How a reduction combines: a built-in operator, or a combiner function's source. */
export type Combine = {
    op: ReduceOp;
} | {
    source: string;
};
/** How a body reaches the threads (data only, posted to workers). */
export type BodyDef = ({
    kind: 'fn';
    source: string;
} | {
    kind: 'kernel';
    url: string;
    name: string;
}) & {
    mode: Mode;
    combine?: Combine;
};
/** Where the iteration that threw is reported. */
export interface ThrowSite {
    index: number;
}
/**
 * Per-thread, per-region values a runner needs beyond the body's arguments:
 * `out` and `start` (map), `acc` (reduce, starts at the identity; the runner
 * leaves the thread's partial in it), `cols`, `row0`, `col0` (2-D loops).
 */
export interface Aux {
    out: {
        [i: number]: unknown;
    } | undefined;
    start: number;
    acc: number;
    cols: number;
    row0: number;
    col0: number;
}
export type Runner = (lo: number, hi: number, shared: unknown, ctx: unknown, at: ThrowSite, aux: Aux) => void;
/** A fresh Aux; each thread keeps one and refills it per region with `fillAux`. */
export declare function newAux(): Aux;
/** Set `aux` for a region: its output, first index, and mode parameters from the descriptor. */
export declare function fillAux(aux: Aux, out: unknown, start: number, aux0: number, aux1: number, aux2: number): Aux;
type Body = (...args: never[]) => unknown;
type Fn2 = (a: number, b: number) => number;
/** OpenMP's identity of each built-in reduction operator. */
export declare const IDENTITY: Record<ReduceOp, number>;
/**
 * Wrap a body in a runner of its own, compiled from its own source text so
 * V8 sees one monomorphic call per body (and per mode). Where eval is
 * forbidden (a strict CSP) a shared closure does the same work, slower.
 */
export declare function runnerFor(body: Body, mode?: Mode, combine?: Combine, combiner?: Fn2): Runner;
/**
 * Compile a function body from its source text. The text is evaluated at
 * global scope: the body sees globals, never the variables around the place
 * it was written. Method shorthand (`f(i) { … }`) is accepted too.
 */
export declare function compileSource(source: string): Body;
/** The export `name` of a kernel module, checked to be a function. */
export declare function kernelExport(ns: Record<string, unknown>, url: string, name: string): Body;
export {};
