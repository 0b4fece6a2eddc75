/** kernel(): name a loop body by module URL and export name. */
import { describe } from '../describe.js';

const BRAND = Symbol.for('parfor.Kernel');

/** A loop body that workers import: export `name` of the ES module at `url`. */
export interface Kernel {
  readonly url: string;
  readonly name: string;
}

/** The names of a module type's function exports. */
export type KernelExportName<M> = {
  [K in keyof M]: M[K] extends (...args: never[]) => unknown ? K : never;
}[keyof M] &
  string;

/**
 * Name a loop body by module and export. Workers `import()` the module (once)
 * and call the export as the body `(i, shared, ctx) => void`. Use a kernel when
 * the body imports libraries, or where a page's CSP forbids `eval`.
 *
 * Given the module's type (`kernel<typeof import('./fill.mjs')>(…)`), TypeScript
 * checks that `exportName` names one of its function exports: a misspelt or
 * renamed export fails to compile instead of failing on the workers. Without
 * it any string is accepted and checked when a worker imports the module. (The
 * export's parameters are not checked against the loop's body type.)
 *
 * @param moduleUrl absolute URL of the module: a `URL`, or a string such as
 *   `new URL('./kernels.js', import.meta.url).href`
 * @param exportName the export to call
 * @example
 * ```ts
 * const fill = kernel<typeof import('./fill.mjs')>(new URL('./fill.mjs', import.meta.url), 'fillRow');
 * await parallelFor(0, n, fill, { shared: { M } });
 * ```
 */
export function kernel<M = never>(moduleUrl: URL | string, exportName: [M] extends [never] ? string : KernelExportName<M>): Kernel;
export function kernel(moduleUrl: URL | string, exportName: string): Kernel {
  let url: string;
  if (moduleUrl instanceof URL) {
    url = moduleUrl.href;
  } else if (typeof moduleUrl === 'string') {
    try {
      url = new URL(moduleUrl).href;
    } catch {
      throw new TypeError(
        `Cannot use ${JSON.stringify(moduleUrl)} as a kernel module URL as it is not absolute: ` +
          `resolve it first, e.g. new URL('./kernels.js', import.meta.url)`,
      );
    }
  } else {
    throw new TypeError(`Cannot create a kernel as the module URL must be a URL or a string: received ${describe(moduleUrl)}`);
  }
  if (typeof exportName !== 'string' || exportName.length === 0) {
    throw new TypeError(`Cannot create a kernel as the export name must be a non-empty string: received ${describe(exportName)}`);
  }
  const k = { url, name: exportName };
  Object.defineProperty(k, BRAND, { value: true });
  return Object.freeze(k);
}

export function isKernel(v: unknown): v is Kernel {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[BRAND] === true;
}
