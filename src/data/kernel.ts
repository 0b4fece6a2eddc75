/** kernel(): name a loop body by module URL and export name. */
import { describe } from '../describe.js';

const BRAND = Symbol.for('parfor.Kernel');

/** Declared, never defined: the key of Kernel's type-only record of its export's type. */
declare const KERNEL_FUNCTION: unique symbol;

/**
 * A loop body that workers import: export `name` of the ES module at `url`.
 * `F` is the export's type when `kernel()` was given the module's type and
 * the export's name (`kernel<typeof import('./k.js'), 'fill'>(…)`); the loop
 * functions then check it against the body they expect. Otherwise it is
 * `any`, and the export is checked when a worker imports it.
 */
// biome-ignore lint/suspicious/noExplicitAny: an untyped kernel must fit every loop, as it did before kernels had types
export interface Kernel<F = any> {
  readonly url: string;
  readonly name: string;
  /** For TypeScript only: the object has no such property. */
  readonly [KERNEL_FUNCTION]?: F;
}

/** The default of kernel()'s second type parameter: the export's name was not given as a type. */
declare const NAME_NOT_GIVEN: unique symbol;
type NameNotGiven = typeof NAME_NOT_GIVEN;

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
 * renamed export fails to compile instead of failing on the workers. Given the
 * export's name too (`kernel<typeof import('./fill.mjs'), 'fillRow'>(…, 'fillRow')`),
 * the kernel carries the export's type, and the loop that runs it checks its
 * parameters against the body it calls (`shared`'s type included). TypeScript
 * cannot infer the name while the module's type is given, hence the repetition.
 * Without the module's type any string is accepted and checked when a worker
 * imports the module.
 *
 * @param moduleUrl absolute URL of the module: a `URL`, or a string such as
 *   `new URL('./kernels.js', import.meta.url).href`
 * @param exportName the export to call
 * @example
 * ```ts
 * const fill = kernel<typeof import('./fill.mjs'), 'fillRow'>(new URL('./fill.mjs', import.meta.url), 'fillRow');
 * await parallelFor(0, n, fill, { shared: { M } }); // fillRow's parameters checked against (i, shared, ctx)
 * ```
 */
export function kernel<M = never, N extends KernelExportName<M> | NameNotGiven = NameNotGiven>(
  moduleUrl: URL | string,
  exportName: [M] extends [never] ? string : [N] extends [NameNotGiven] ? KernelExportName<M> : N,
): [M] extends [never] ? Kernel : [N] extends [KernelExportName<M>] ? Kernel<M[N]> : Kernel;
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
