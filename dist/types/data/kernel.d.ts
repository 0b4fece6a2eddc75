/** A loop body that workers import: export `name` of the ES module at `url`. */
export interface Kernel {
    readonly url: string;
    readonly name: string;
}
/**
 * Name a loop body by module and export. Workers `import()` the module (once)
 * and call the export as the body `(i, shared, ctx) => void`. Use a kernel when
 * the body imports libraries, or where a page's CSP forbids `eval`.
 *
 * @param moduleUrl absolute URL of the module: a `URL`, or a string such as
 *   `new URL('./kernels.js', import.meta.url).href`
 * @param exportName the export to call
 * @example
 * ```ts
 * const fill = kernel(new URL('./fill.js', import.meta.url), 'fillRow');
 * await parallelFor(0, n, fill, { shared: { M } });
 * ```
 */
export declare function kernel(moduleUrl: URL | string, exportName: string): Kernel;
export declare function isKernel(v: unknown): v is Kernel;
