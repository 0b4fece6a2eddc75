// For tests that run one module's real code on worker threads: bundle a TypeScript module (and
// what it imports) into one ES module file that a Worker can load.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Bundle `entry` (a URL of a .ts file) into `outfile`; returns `outfile`. */
export async function bundleModule(entry: URL, outfile: string): Promise<string> {
  await build({ entryPoints: [fileURLToPath(entry)], bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'silent' });
  return outfile;
}
