/**
 * Why a kernel module did not load, where the platform does not say. A
 * browser's `import()` rejects with "Failed to fetch dynamically imported
 * module: <the kernel's URL>" whether the kernel itself or one of the files
 * it imports is missing, and a bundler that inlined the kernel as a `data:`
 * URL leaves relative imports with nothing to resolve against. Node and Deno
 * name the missing file themselves, so only http(s), `data:` and `blob:`
 * kernels are looked into.
 *
 * The look is one level deep: the kernel's text is fetched, its static
 * imports read with a regular expression (a diagnosis, not a loader), and
 * each resolved and fetched. The first that fails is named.
 */

/** `import … from '…'`, `import '…'`, `export … from '…'`: the specifier is group 2. */
const STATIC_IMPORT = /(?:^|[^\w$.])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?(["'])([^"'\r\n]+)\1/g;
const LOOKED_INTO = /^(https?|data|blob):/;
const BARE = /^(?![./]|[a-z][a-z0-9+.-]*:)/i;

/**
 * The error to report for a kernel module that did not load: `error`
 * itself, or (a TypeError from the import, for a URL worth looking into) a
 * TypeError whose message adds what was found, with `error` as its cause.
 */
export async function importFailure(url: string, error: unknown): Promise<unknown> {
  if (!(error instanceof TypeError) || !LOOKED_INTO.test(url) || typeof fetch !== 'function') return error;
  let note: string | undefined;
  try {
    note = await findFailure(url);
  } catch {
    return error; // the look itself failed: report what the import said
  }
  return note === undefined ? error : new TypeError(`${error.message} (${note})`, { cause: error });
}

/** What failed among the kernel at `url` and its static imports, or undefined if all of them answer. */
async function findFailure(url: string): Promise<string | undefined> {
  const own = await fetch(url);
  if (!own.ok) return `the kernel module answered ${own.status} ${own.statusText}`.trim();
  const text = await own.text();
  const inlined = !/^https?:/.test(url);
  for (const m of text.matchAll(STATIC_IMPORT)) {
    const spec = m[2]!;
    if (BARE.test(spec)) {
      return (
        `its import '${spec}' is a bare specifier, which a worker cannot resolve (workers have no import map): ` +
        'bundle the kernel module with its imports (docs/bundlers.md, "Kernel modules that import other files")'
      );
    }
    if (inlined && /^\.{0,2}\//.test(spec)) {
      return (
        `its import '${spec}' is relative, and the kernel is a ${url.slice(0, url.indexOf(':'))}: URL, which nothing can be ` +
        'resolved against (a bundler inlined it): bundle the kernel module with its imports (docs/bundlers.md, "Kernel modules that import other files")'
      );
    }
    const target = new URL(spec, url).href;
    const answer = await fetch(target, { method: 'HEAD' }).catch(() => undefined);
    if (answer === undefined) return `its import '${spec}' (${target}) could not be fetched`;
    if (!answer.ok) return `its import '${spec}' (${target}) answered ${answer.status} ${answer.statusText}`.trim();
  }
  return undefined;
}
